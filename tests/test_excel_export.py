"""lkjip export: every computed table of a year as numbers in one formatted workbook, with
provenance, the audit's findings, DATA SINTETIS where due, and no cell that runs a formula."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from lkjip_nb import __version__, cli
from lkjip_nb.audit import audit
from lkjip_nb.data import load_dataset
from lkjip_nb.excel import export_workbook
from lkjip_nb.excel.cli import SUBCOMMANDS
from lkjip_nb.excel.export import FINDINGS, PROVENANCE, SYNTHETIC
from lkjip_nb.excel.report_tables import report_tables
from lkjip_nb.excel.styles import FORMULA_STARTS
from tests.conftest import BUNDLED, DATA


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "blitar-2024.xlsx"
    export_workbook(load_dataset(DATA, BUNDLED), 2024, path)
    return load_workbook(path)


def rows(ws) -> list[tuple]:
    return list(ws.iter_rows(values_only=True))


def by_first(ws, header_row: int = 2) -> tuple[tuple, dict]:
    data = rows(ws)
    return data[header_row - 1], {r[1]: r for r in data[header_row:] if r[1] is not None}


def test_provenance_first_findings_last(book, dataset):
    assert book.sheetnames[0] == PROVENANCE and book.sheetnames[-1] == FINDINGS
    facts = {r[0]: r[1] for r in rows(book[PROVENANCE]) if r[0]}
    assert facts["Perangkat daerah"] == dataset.name and facts["Tahun laporan"] == 2024
    assert facts["Versi lkjip_nb"] == __version__
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", facts["Dibuat"])
    for file, digest in dataset.files.items():
        assert facts[file] == digest
    assert facts["Data sintetis"] == "tidak"
    assert SYNTHETIC not in {c for r in rows(book[PROVENANCE]) for c in r}


def test_tables_are_numbers_with_rupiah_and_percent_formats(book):
    ws = book["Efisiensi"]
    header, body = by_first(ws)
    assert header == ("No", "Sasaran strategis", "Capaian kinerja (%)", "Penyerapan (%)",
                      "Efisiensi (%)")
    first = body["Meningkatnya indeks kesalehan sosial melalui fasilitasi lembaga kesatuan "
                 "bangsa"]
    assert first[2:] == (98.3, 99.93, -1.66)  # as printed in Tabel 3.5 of the 2024 report
    assert body["Jumlah"][4] == -0.18
    assert ws["C3"].number_format == '0.0" %"' and ws["E3"].number_format == '0.00" %"'
    assert ws.freeze_panes == "A3"
    total = next(r for r in ws.iter_rows() if r[1].value == "Jumlah")
    assert all(c.font.bold for c in total)
    assert any(str(r[0]).startswith("Sumber: ") for r in rows(ws) if r[0])
    tree = book["Pohon Anggaran"]
    total = next(r for r in tree.iter_rows() if r[3].value == "Jumlah")
    assert total[4].value == 66348353265 and total[4].number_format == "#,##0"
    assert total[4].font.bold
    capaian = book["Capaian IKU"]
    sources = [r[0] for r in rows(capaian) if r[0] and str(r[0]).startswith("Sumber")]
    assert sources == ["Sumber: Renstra Perubahan Bakesbangpol Tahun 2021-2026"]


def test_every_table_sheet_has_title_header_and_source(book):
    for name in book.sheetnames[1:-1]:
        ws = book[name]
        first = [r[0] for r in rows(ws)]
        assert isinstance(first[0], str) and first[0], name
        assert any(isinstance(v, str) and v.startswith("Sumber: ") for v in first), name
        assert ws.freeze_panes, name


def test_audit_findings_sheet_lists_every_finding(book, dataset):
    found = audit(dataset, 2024, policy=dataset.rounding())
    data = rows(book[FINDINGS])
    assert data[1][0] == "Tingkat"
    assert len(data) - 2 == len(found)
    ids = {r[-1] for r in data[2:]}
    assert ids == {f.id for f in found}
    numbers = [r[3] for r in data[2:] if r[3] is not None]
    assert numbers and all(isinstance(n, int | float | str) for n in numbers)


def test_no_cell_of_any_sheet_is_a_formula(book):
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_STARTS), (ws.title, cell.coordinate)


@pytest.fixture()
def hostile(tmp_path) -> Path:
    """A copy of the bundled dataset, synthetic, whose texts try to run formulas."""
    folder = tmp_path / BUNDLED
    shutil.copytree(DATA / BUNDLED, folder)
    profile = folder / "profile.yaml"
    text = profile.read_text(encoding="utf-8").replace("slug: bakesbangpol-kab-blitar\n",
                                                       "slug: bakesbangpol-kab-blitar\n"
                                                       "synthetic: true\n", 1)
    text = text.replace("    text: Indeks Kesalehan Sosial\n",
                        "    text: \"=HYPERLINK(\\\"http://x\\\",\\\"klik\\\")\"\n", 1)
    profile.write_text(text, encoding="utf-8")
    konflik = folder / "konflik.csv"
    konflik.write_text(konflik.read_text(encoding="utf-8").replace(
        '"Keracunan Massal di Ponpes Al-Kautsar Srengat"', '"+cmd|\' /C calc\'!A0"', 1)
        .replace("Panggungrejo,true", "@SUM(1+1),true", 1), encoding="utf-8")
    programs = folder / "programs.csv"
    programs.write_text(programs.read_text(encoding="utf-8").replace(
        "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", "-2+3", 1), encoding="utf-8")
    return tmp_path


def test_hostile_text_is_neutralised_and_synthetic_marked(hostile, tmp_path, monkeypatch,
                                                          capsys):
    for name, entry in SUBCOMMANDS.items():
        monkeypatch.setitem(cli.SUBCOMMANDS, name, entry)
    out = tmp_path / "ekspor.xlsx"
    assert cli.main(["export", str(out), "--opd", BUNDLED, "--year", "2024", "--data",
                     str(hostile)]) == 0
    assert "(DATA SINTETIS)" in capsys.readouterr().out
    wb = load_workbook(out)
    seen = set()
    for ws in wb.worksheets:
        values = [c for row in ws.iter_rows() for c in row]
        assert any(c.value == SYNTHETIC for c in values), ws.title
        for cell in values:
            assert cell.data_type != "f", (ws.title, cell.coordinate)
            if isinstance(cell.value, str):
                assert not cell.value.startswith(FORMULA_STARTS), (ws.title, cell.coordinate)
                if cell.value.startswith("'"):
                    seen.add(cell.value)
    assert {"'=HYPERLINK(\"http://x\",\"klik\")", "'+cmd|' /C calc'!A0", "'@SUM(1+1)",
            "'-2+3"} <= seen


def test_a_year_without_realisasi_is_refused(tmp_path, monkeypatch, capsys):
    for name, entry in SUBCOMMANDS.items():
        monkeypatch.setitem(cli.SUBCOMMANDS, name, entry)
    out = tmp_path / "x.xlsx"
    assert cli.main(["export", str(out), "--opd", BUNDLED, "--year", "2019", "--data",
                     str(DATA)]) == 2
    assert "Tahun 2019 tidak ada dalam dataset" in capsys.readouterr().err
    assert not out.exists()


def test_sources_follow_the_profiles_printed_numbers(tmp_path):
    """A Sumber line kept under a printed number applies to the table the profile says was
    printed under it; without that mapping the table gets the agency's generic line."""
    def sources(ds) -> dict[str, str]:
        return {t.key: t.source for t in report_tables(ds, 2024)[0]}
    bundled = load_dataset(DATA, BUNDLED)
    generic = bundled.source("\0")
    with_numbers = sources(bundled)
    assert with_numbers["kinerja"] == "Renstra Perubahan Bakesbangpol Tahun 2021-2026"
    assert with_numbers["iku-daerah"].startswith("RPJMD Kabupaten Blitar")
    target = tmp_path / "data" / BUNDLED
    shutil.copytree(DATA / BUNDLED, target)
    profile = target / "profile.yaml"
    text = profile.read_text(encoding="utf-8")
    assert text.count("\ntables:\n") == 1
    profile.write_text(text.split("\ntables:\n")[0] + "\n", encoding="utf-8")
    without = sources(load_dataset(target.parent, BUNDLED))
    assert without["kinerja"] == without["iku-daerah"] == without["belanja"] == generic
    assert without["pemilu"] == with_numbers["pemilu"]  # kept by its key, not by a number
