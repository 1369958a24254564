"""A new agency set up, filled in Excel, imported, run and exported without touching code:
lkjip new -> lkjip template -> cells typed with openpyxl -> lkjip import -> lkjip run (planning,
indicators) -> lkjip export."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from lkjip_nb import cli
from lkjip_nb.data import load_dataset
from lkjip_nb.excel.cli import SUBCOMMANDS

pytestmark = pytest.mark.notebooks
ROOT = Path(__file__).resolve().parents[1]
SLUG = "dinas-uji-kab-contoh"
NAME = "Dinas Uji Mutu Kabupaten Contoh"


@pytest.fixture()
def lkjip(monkeypatch):
    """``lkjip`` with the Excel subcommands registered (as lkjip_nb/cli.py will list them)."""
    for name, entry in SUBCOMMANDS.items():
        monkeypatch.setitem(cli.SUBCOMMANDS, name, entry)
    return cli.main


def fill(ws, rows: list[dict]) -> None:
    """Type ``rows`` (header -> value) below the sheet's header row, as a person would."""
    columns = {c.value: c.column for c in ws[1] if c.value}
    start = ws.max_row + 1 if any(c.value for c in ws[ws.max_row]) and ws.max_row > 1 else 2
    for r, row in enumerate(rows, start=start):
        for name, value in row.items():
            ws.cell(row=r, column=columns[name], value=value)


def set_key(ws, key: str, value) -> None:
    """Sheet ``profil``: the value of one key."""
    for row in ws.iter_rows(min_row=2):
        if row[0].value == key:
            row[1].value = value
            return
    raise AssertionError(f"no key {key}")


def type_in(path: Path) -> None:
    """What finance and planning staff type: sasaran, IKU, targets, realisasi, programs."""
    wb = load_workbook(path)
    profil = wb["profil"]
    set_key(profil, "agency.short_name", "Dinas Uji Mutu")
    set_key(profil, "agency.regency", "Kabupaten Contoh")
    set_key(profil, "renstra.document", "Renstra Dinas Uji Mutu 2021-2026")
    fill(wb["sasaran"], [{"id": "S1", "number": 1, "text": "Meningkatnya mutu layanan uji"},
                         {"id": "S2", "number": 2, "text": "Meningkatnya akuntabilitas kinerja"}])
    fill(wb["iku"], [
        {"id": "TEPAT", "sasaran_id": "S1", "text": "Persentase hasil uji tepat waktu",
         "unit": "persen", "direction": "higher",
         "formula": "Hasil uji tepat waktu / seluruh hasil uji x 100"},
        {"id": "ADUAN", "sasaran_id": "S2", "text": "Jumlah pengaduan layanan",
         "unit": "kasus", "direction": "lower", "capaian_rule": "inverse_ratio"},
    ])
    fill(wb["iku_targets"], [
        {"iku_id": "TEPAT", "year": 2024, "kind": "renstra", "target": 90},
        {"iku_id": "TEPAT", "year": 2024, "kind": "pk", "target": 90},
        {"iku_id": "TEPAT", "year": 2026, "kind": "renstra", "target": 95},
        {"iku_id": "ADUAN", "year": 2024, "kind": "pk", "target": 12},
        {"iku_id": "ADUAN", "year": 2026, "kind": "renstra", "target": 8},
    ])
    fill(wb["iku_realisasi"], [
        {"iku_id": "TEPAT", "year": 2024, "reported_in": "3.1", "primary": "true",
         "realisasi": 92.5},
        {"iku_id": "ADUAN", "year": 2024, "reported_in": "3.1", "primary": "true",
         "realisasi": 10},
    ])
    fill(wb["programs"], [
        {"year": 2024, "code": "2.09.01", "code_source": "user", "order": 1,
         "name": "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", "sasaran_id": "S2",
         "outcome_indicator": "Nilai akuntabilitas kinerja", "outcome_unit": "nilai",
         "outcome_target": 70},
        {"year": 2024, "code": "2.09.02", "code_source": "user", "order": 2,
         "name": "PROGRAM PENGUJIAN MUTU", "sasaran_id": "S1",
         "outcome_indicator": "Persentase hasil uji tepat waktu", "outcome_unit": "persen",
         "outcome_target": 90, "outcome_realisasi": 92.5},
    ])
    fill(wb["kegiatan"], [
        {"year": 2024, "code": "2.09.01.2.01", "code_source": "user",
         "program_code": "2.09.01", "name": "Administrasi Keuangan Perangkat Daerah"},
        {"year": 2024, "code": "2.09.02.2.01", "code_source": "user",
         "program_code": "2.09.02", "name": "Pelaksanaan Pengujian Mutu"},
    ])
    fill(wb["sub_kegiatan"], [
        {"year": 2024, "code": "2.09.01.2.01.0001", "code_source": "user",
         "kegiatan_code": "2.09.01.2.01", "name": "Penyediaan Gaji dan Tunjangan ASN",
         "anggaran": 1_250_000_000, "realisasi": 1_187_500_000},
        {"year": 2024, "code": "2.09.02.2.01.0001", "code_source": "user",
         "kegiatan_code": "2.09.02.2.01", "name": "Pengujian Sampel Laboratorium",
         "anggaran": 480_000_000, "realisasi": 465_120_000, "output_indicator":
         "Jumlah sampel yang diuji", "output_unit": "dokumen", "output_target": 1200,
         "output_realisasi": 1260},
    ])
    wb.save(path)


def test_a_new_agency_goes_from_nothing_to_report_and_export(tmp_path, lkjip, capsys):
    data, params, out = tmp_path / "data", tmp_path / "params", tmp_path / "outputs"
    book, export = tmp_path / "uji.xlsx", tmp_path / "uji-2024.xlsx"

    assert lkjip(["new", SLUG, "--name", NAME, "--data", str(data), "--params", str(params),
                  "--year", "2024", "--renstra", "2021", "2026"]) == 0
    assert (params / "2024.yaml").read_text(encoding="utf-8").count("year: 2024") == 1
    assert lkjip(["template", str(book), "--opd", SLUG, "--data", str(data)]) == 0
    profil = {r[0].value: r[1].value for r in load_workbook(book)["profil"].iter_rows(min_row=2)}
    assert profil["agency.name"] == NAME and profil["slug"] == SLUG  # pre-filled
    type_in(book)
    capsys.readouterr()

    assert lkjip(["import", str(book), "--opd", SLUG, "--data", str(data)]) == 0, \
        capsys.readouterr().err
    dataset = load_dataset(data, SLUG)
    assert dataset.name == NAME and dataset.report_years == [2024]
    assert list(dataset.iku["iku_id"]) == ["TEPAT", "ADUAN"]
    assert dataset.iku.set_index("iku_id").loc["ADUAN", "capaian_rule"] == "inverse_ratio"

    run = subprocess.run(
        [sys.executable, "-m", "lkjip_nb", "run", "--data", str(data), "--opd", SLUG,
         "--params", str(params), "--out", str(out), "--years", "2024", "--formats", "html",
         "--chapters", "planning", "indicators", "--jobs", "1", "--quiet", "--no-zygote"],
        cwd=tmp_path, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout + run.stderr
    year = out / SLUG / "2024"
    for chapter in ("planning", "indicators"):
        html = (year / f"{chapter}.html").read_text(encoding="utf-8")
        assert NAME in html or "Dinas Uji Mutu" in html
    assert "Persentase hasil uji tepat waktu" in (year / "indicators.html").read_text("utf-8")

    capsys.readouterr()
    assert lkjip(["export", str(export), "--opd", SLUG, "--year", "2024", "--data",
                  str(data)]) == 0
    wb = load_workbook(export)
    assert wb.sheetnames[0] == "Keterangan" and wb.sheetnames[-1] == "Temuan audit"
    facts = {r[0]: r[1] for r in wb["Keterangan"].iter_rows(values_only=True) if r[0]}
    assert facts["Perangkat daerah"] == NAME and facts["Tahun laporan"] == 2024
    assert "profile.yaml" in facts and "sub_kegiatan.csv" in facts  # file hashes
    rows = list(wb["Capaian IKU"].iter_rows(values_only=True))
    header = rows[1]
    tepat = next(r for r in rows if r[1] == "Persentase hasil uji tepat waktu")
    assert tepat[header.index("Capaian (%)")] == pytest.approx(102.78)  # 92.5 / 90, 2 dec.
    aduan = next(r for r in rows if r[1] == "Jumlah pengaduan layanan")
    assert aduan[header.index("Capaian (%)")] == pytest.approx(120.0)  # 12 / 10 (inverse)
    tree = list(wb["Pohon Anggaran"].iter_rows(values_only=True))
    total = next(r for r in tree if r[3] == "Jumlah")
    assert total[4] == 1_730_000_000 and total[5] == 1_652_620_000
