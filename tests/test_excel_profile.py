"""profile.yaml as sheets and back: every kind of key (single values, lists of entries, lists of
texts inside entries, units, rounding, sources, table numbers) survives the workbook."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from lkjip_nb.data.profile import KEYS, check_profile
from lkjip_nb.excel.profile_sheets import build_profile, profile_sheets, scalar_keys
from lkjip_nb.excel.rawdata import RawDataset
from lkjip_nb.excel.reader import read_workbook
from lkjip_nb.excel.styles import save
from lkjip_nb.excel.template import build_template, data_sheet_names

PROFILE = {
    "slug": "dinkes-kab-contoh",
    "synthetic": True,
    "agency": {"name": "Dinas Kesehatan Kabupaten Contoh", "phone": "(0342) 801243",
               "head": {"name": "dr. NAMA CONTOH, M.Kes.", "nip": "19700101 200001 1 001"}},
    "renstra": {"start_year": 2025, "end_year": 2029, "vision": "SEHAT",
                "missions": [{"text": "Misi tanpa nomor", "supported": True},
                             {"number": 2, "text": "Misi dua"}],
                "regional_targets": ["Sasaran daerah satu", "Sasaran daerah dua"],
                "goals": [{"text": "Tujuan tanpa kode", "indicators": ["Indikator A"]},
                          {"id": "T2", "text": "Tujuan dua",
                           "indicators": ["Indikator B", "Indikator C"]}]},
    "sasaran": [{"id": "S1", "text": "Menurunnya angka kematian ibu"}],
    "iku": [{"id": "AKI", "sasaran_id": "S1", "text": "Angka Kematian Ibu",
             "unit": "per 100.000 kelahiran hidup", "direction": "lower",
             "capaian_rule": "inverse_ratio", "formula": "= kematian ibu / kelahiran x 100.000"}],
    "units": {"per 100.000 kelahiran hidup": "rate", "ekor": "count"},
    "capaian_lower": "inverse_gap",
    "capaian_categories": {"source": "Permendagri 86/2017",
                           "scale": [{"category": "Sangat Baik", "above": 90},
                                     {"category": "Baik", "above": 75.5},
                                     {"category": "Kurang"}]},
    "rounding": {"capaian": {"method": "truncate", "decimals": 1}, "porsi": {"decimals": 3}},
    "efficiency_capaian": "exact",
    "sources": {"default": "Dinas Kesehatan, 2025", "3.10": "Renstra 2025-2029"},
    "tables": {"belanja": {"reported_in": "3.10"}},
}


def roundtrip(profile: dict, tmp_path: Path) -> dict:
    path = save(build_template(RawDataset(tmp_path, profile=profile), "dinkes-kab-contoh"),
                tmp_path / "profil.xlsx")
    wb = read_workbook(path, data_sheet_names())
    assert wb.problems == []
    build = build_profile(wb.sheets)
    assert build.problems == []
    return build.profile


def test_every_kind_of_key_survives_the_workbook(tmp_path):
    assert check_profile(PROFILE, "profile.yaml") == []
    again = roundtrip(PROFILE, tmp_path)
    assert again == PROFILE
    assert list(again) == [k for k in (key.path for key in KEYS) if k in PROFILE]
    assert list(again["renstra"]["goals"][1]) == ["id", "text", "indicators"]


def test_texts_stay_texts_and_numbers_numbers(tmp_path):
    again = roundtrip(PROFILE, tmp_path)
    assert again["sources"]["3.10"] == "Renstra 2025-2029"  # not 3.1
    assert again["tables"]["belanja"]["reported_in"] == "3.10"
    assert again["capaian_categories"]["scale"][1]["above"] == 75.5
    assert again["iku"][0]["formula"].startswith("= kematian")  # text, not a formula
    wb = load_workbook(tmp_path / "profil.xlsx")
    assert all(c.data_type != "f" for ws in wb.worksheets for row in ws.iter_rows()
               for c in row)


def test_every_key_has_a_place(tmp_path):
    """Single values in 'profil', each list and mapping a sheet of its own."""
    places = {k.path for k in scalar_keys()} | {s.path for s in profile_sheets()}
    containers = {k.path for k in KEYS if k.kind == "mapping"}
    for key in KEYS:
        inside = any(key.path.startswith(p + "[].") for p in places)
        assert key.path in places or key.path in containers or inside, key.path


def test_values_typed_in_another_way_are_read_as_meant(tmp_path):
    path = save(build_template(RawDataset(tmp_path, profile=PROFILE), "x"), tmp_path / "p.xlsx")
    wb = load_workbook(path)
    rows = {r[0].value: r[1] for r in wb["profil"].iter_rows(min_row=2)}
    rows["renstra.start_year"].value = "2025"  # typed as text
    rows["synthetic"].value = "ya"
    rows["agency.phone"].value = 801243  # a number in a text key
    wb.save(path)
    profile = build_profile(read_workbook(path, data_sheet_names()).sheets).profile
    assert profile["renstra"]["start_year"] == 2025 and profile["synthetic"] is True
    assert profile["agency"]["phone"] == "801243"
