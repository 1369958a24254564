"""lkjip new (an empty dataset and params for a new agency) and lkjip new-year (a year started
from the previous one)."""

from __future__ import annotations

import shutil

import pytest

from lkjip_nb import cli
from lkjip_nb.data import load_dataset
from lkjip_nb.data.schemas import TABLES
from lkjip_nb.excel import ExcelError, new_agency, new_year
from lkjip_nb.excel.cli import SUBCOMMANDS
from lkjip_nb.excel.csvtext import read_rows
from lkjip_nb.excel.rawdata import read_profile_text
from tests.conftest import BUNDLED, DATA


@pytest.fixture()
def lkjip(monkeypatch):
    for name, entry in SUBCOMMANDS.items():
        monkeypatch.setitem(cli.SUBCOMMANDS, name, entry)
    return cli.main


def test_new_writes_profile_core_tables_and_params(tmp_path, lkjip, capsys):
    data, params = tmp_path / "data", tmp_path / "params"
    assert lkjip(["new", "dinkes-kab-contoh", "--name", "Dinas Kesehatan Kabupaten Contoh",
                  "--data", str(data), "--params", str(params), "--year", "2025",
                  "--renstra", "2025", "2029"]) == 0
    assert "lkjip template" in capsys.readouterr().out
    folder = data / "dinkes-kab-contoh"
    profile = read_profile_text((folder / "profile.yaml").read_bytes())
    assert profile == {"slug": "dinkes-kab-contoh",
                       "agency": {"name": "Dinas Kesehatan Kabupaten Contoh"},
                       "renstra": {"start_year": 2025, "end_year": 2029}}
    required = {spec.file for spec in TABLES.values() if spec.required}
    assert {p.name for p in folder.iterdir()} == required | {"profile.yaml"}
    for spec in TABLES.values():
        if spec.required:
            assert (folder / spec.file).read_text(encoding="utf-8") == \
                ",".join(c.name for c in spec.columns) + "\n"
    assert "year: 2025\nrounding: {}\n" in (params / "2025.yaml").read_text(encoding="utf-8")


def test_new_keeps_what_exists_and_checks_the_name(tmp_path):
    params = tmp_path / "params"
    params.mkdir()
    (params / "2024.yaml").write_text("year: 2024\nrounding: {capaian: {decimals: 1}}\n",
                                      encoding="utf-8")
    made = new_agency(tmp_path / "data", "dinas-a", "Dinas A", year=2024, params_dir=params)
    assert made.params is None  # shared by every agency: left as it was
    assert "decimals: 1" in (params / "2024.yaml").read_text(encoding="utf-8")
    with pytest.raises(ExcelError, match="sudah ada"):
        new_agency(tmp_path / "data", "dinas-a", "Dinas A", year=2024)
    for bad in ("Dinas-B", "-dinas", "dinas b", "dinas_b", ""):
        with pytest.raises(ExcelError, match="tidak sah"):
            new_agency(tmp_path / "data", bad, "Dinas B", year=2024)
    with pytest.raises(ExcelError, match="tidak boleh kosong"):
        new_agency(tmp_path / "data", "dinas-c", "  ", year=2024)


@pytest.fixture()
def copy(tmp_path):
    shutil.copytree(DATA / BUNDLED, tmp_path / "data" / BUNDLED)
    return tmp_path / "data"


def test_new_year_carries_the_tree_and_renstra_targets_leaving_realisasi_empty(copy, lkjip,
                                                                                capsys):
    before = {spec.file: (copy / BUNDLED / spec.file).read_bytes() for spec in TABLES.values()}
    assert lkjip(["new-year", "2025", "--opd", BUNDLED, "--data", str(copy), "--params",
                  str(copy.parent / "params")]) == 0
    out = capsys.readouterr().out
    assert "dimulai dari tahun 2024" in out and "26 baris sub_kegiatan" in out
    dataset = load_dataset(copy, BUNDLED)  # still valid
    assert dataset.report_years == [2022, 2023, 2024]  # 2025 has no realisasi yet
    tables = dataset.full_tables
    for name in ("programs", "kegiatan", "sub_kegiatan"):
        old, new = (tables[name][tables[name]["year"] == y] for y in (2024, 2025))
        assert list(new["code"]) == list(old["code"]) and list(new["name"]) == list(old["name"])
    progs = tables["programs"][tables["programs"]["year"] == 2025]
    assert progs["realisasi_reported"].isna().all() and progs["outcome_realisasi"].isna().all()
    assert list(progs["outcome_target"]) == [95, 80, 84, 90, 80, 27]
    subs = tables["sub_kegiatan"][tables["sub_kegiatan"]["year"] == 2025]
    assert (subs["realisasi"] == 0).all() and (subs["anggaran"] == 0).all()
    assert subs["output_realisasi"].isna().all()
    assert subs["output_target"].notna().any()
    targets = tables["iku_targets"]
    carried = targets[(targets["year"] == 2025) & (targets["kind"] == "renstra")]
    assert sorted(carried["iku_id"]) == ["DEMOKRASI", "IKS", "KONFLIK", "SAKIP"]
    assert not ((targets["year"] == 2025) & (targets["kind"] == "pk")).any()
    assert not (tables["iku_realisasi"]["year"] == 2025).any()
    # earlier rows untouched, byte for byte, in each file's own layout (CRLF stays CRLF)
    for name in ("programs", "kegiatan", "sub_kegiatan", "iku_targets"):
        data = (copy / BUNDLED / TABLES[name].file).read_bytes()
        assert data.startswith(before[TABLES[name].file])
    assert b"\r\n" in (copy / BUNDLED / "sub_kegiatan.csv").read_bytes()
    for spec in TABLES.values():
        if spec.name not in ("programs", "kegiatan", "sub_kegiatan", "iku_targets"):
            assert (copy / BUNDLED / spec.file).read_bytes() == before[spec.file]
    assert (copy.parent / "params" / "2025.yaml").is_file()


def test_new_year_starts_once_and_needs_an_earlier_year(copy):
    new_year(copy, BUNDLED, 2025)
    with pytest.raises(ExcelError, match="sudah ada"):
        new_year(copy, BUNDLED, 2025)
    with pytest.raises(ExcelError, match="Tidak ada program"):
        new_year(copy, BUNDLED, 2020)
    header, rows = read_rows((copy / BUNDLED / "programs.csv").read_bytes())
    assert header[0] == "year" and len(rows) == 12


def test_new_year_refuses_a_dataset_that_is_not_valid(copy):
    from lkjip_nb.data import DataValidationError

    programs = copy / BUNDLED / "programs.csv"
    programs.write_text(programs.read_text(encoding="utf-8").replace(",S4,", ",S9,", 1),
                        encoding="utf-8")
    before = programs.read_bytes()
    with pytest.raises(DataValidationError):
        new_year(copy, BUNDLED, 2025)
    assert programs.read_bytes() == before
