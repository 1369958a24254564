"""A malformed workbook yields one readable report of every problem — by sheet, cell, header,
value and rule — and writes nothing."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from lkjip_nb import cli
from lkjip_nb.excel import ExcelError, WorkbookInvalid, import_workbook, write_template
from lkjip_nb.excel.cli import SUBCOMMANDS
from tests.conftest import BUNDLED, DATA


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("book") / "blitar.xlsx"
    write_template(path, DATA / BUNDLED, BUNDLED)
    return path


@pytest.fixture()
def target(tmp_path) -> Path:
    """A copy of the bundled dataset to import into."""
    shutil.copytree(DATA / BUNDLED, tmp_path / "data" / BUNDLED)
    return tmp_path / "data"


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def cell_of(ws, header: str, row: int):
    column = next(c.column for c in ws[1] if c.value == header)
    return ws.cell(row=row, column=column)


def problems_of(path: Path, data: Path) -> list:
    before = snapshot(data)
    with pytest.raises(WorkbookInvalid) as info:
        import_workbook(path, data, BUNDLED)
    assert snapshot(data) == before  # nothing written
    assert [p.name for p in data.iterdir()] == [BUNDLED]  # no staging folder left
    return info.value.problems


def test_every_problem_at_once_and_nothing_written(book, target, tmp_path):
    wb = load_workbook(book)
    cell_of(wb["sub_kegiatan"], "anggaran", 3).value = "Rp 2.459.088.265"  # text in money
    satuan = wb["satuan"]
    satuan["A2"], satuan["B2"] = "ekor", "hewan"  # unknown unit kind
    del wb["konflik"]  # a missing sheet
    cell_of(wb["programs"], "code", 3).value = "8.01.01"  # a duplicate code
    cell_of(wb["belanja"], "anggaran", 2).value = "=SUM(E2:E3)"  # a formula without a value
    bad = tmp_path / "rusak.xlsx"
    wb.save(bad)

    found = problems_of(bad, target)
    where = {(p.sheet, p.cell, p.header): p for p in found}
    money = where[("sub_kegiatan", "G3", "anggaran")]
    assert money.value == "Rp 2.459.088.265"
    assert "harus nilai Rupiah bulat" in money.rule and "contoh 2459088265" in money.rule
    kind = where[("satuan", "B2", "jenis")]
    assert kind.value == "hewan" and "percent, index, score" in kind.rule
    assert ("konflik", "", "") in where and "lembar tidak ada" in where[("konflik", "", "")].rule
    dup = where[("programs", "B3", "code")]
    assert dup.value == "8.01.01" and "duplikat untuk year=2024: sudah ada di baris 2" in dup.rule
    formula = where[("belanja", "D2", "anggaran")]
    assert "rumus tanpa nilai tersimpan" in formula.rule
    # the report reads as sentences, sheet by sheet in template order
    text = WorkbookInvalid("rusak.xlsx", found).report()
    assert text.splitlines()[0] == f"Buku kerja rusak.xlsx tidak dapat diimpor: {len(found)} " \
                                   "masalah ditemukan."
    assert ("- lembar 'sub_kegiatan', sel G3 (kolom anggaran): nilai 'Rp 2.459.088.265' — "
            "harus nilai Rupiah bulat") in text
    order = [line.split("'")[1] for line in text.splitlines()[1:-1]]
    assert order.index("satuan") < order.index("konflik") < order.index("belanja") \
        < order.index("programs") < order.index("sub_kegiatan")
    assert "profile.yaml" not in text and ".csv" not in text


def test_an_unknown_unit_word_and_a_child_without_parent(book, target, tmp_path):
    wb = load_workbook(book)
    cell_of(wb["iku"], "unit", 2).value = "butir"
    cell_of(wb["kegiatan"], "program_code", 2).value = "8.01.99"
    cell_of(wb["iku_targets"], "kind", 2).value = "tahunan"
    bad = tmp_path / "rusak.xlsx"
    wb.save(bad)
    where = {(p.sheet, p.cell): p for p in problems_of(bad, target)}
    assert "daftarkan di lembar satuan" in where[("iku", "D2")].rule
    assert where[("kegiatan", "D2")].rule == "kode induk tidak ada di lembar programs tahun 2024"
    assert "harus salah satu dari: annual, rpjmd, renstra, pk" in where[("iku_targets", "C2")].rule


def test_what_a_person_cannot_see_is_reported(book, target, tmp_path):
    wb = load_workbook(book)
    wb["iku_targets"].merge_cells("A2:A3")
    wb.create_sheet("catatan").sheet_state = "hidden"
    cell_of(wb["pemilu"], "dpt", 2).value = __import__("datetime").date(2024, 2, 14)
    percent = cell_of(wb["programs"], "percent_reported", 2)
    percent.value, percent.number_format = 0.9534, "0.00%"
    code = cell_of(wb["kegiatan"], "code", 2)
    code.value = 8.1
    wb["konflik"]["Z5"] = "catatan lepas"
    bad = tmp_path / "rusak.xlsx"
    wb.save(bad)
    where = {(p.sheet, p.cell): p.rule for p in problems_of(bad, target)}
    assert "sel digabung (A2:A3)" in where[("iku_targets", "A2")]
    assert "lembar tersembunyi" in where[("catatan", "")]
    assert "tanggal" in where[("pemilu", "D2")]
    assert "format persen Excel" in where[("programs", "J2")]
    assert "kode terbaca sebagai angka 8.1" in where[("kegiatan", "B2")]
    assert "kolom tanpa judul" in where[("konflik", "Z5")]


def test_a_workbook_for_another_agency_is_refused(book, tmp_path):
    with pytest.raises(WorkbookInvalid) as info:
        import_workbook(book, tmp_path / "data", "dinas-lain")
    assert any("bukan 'dinas-lain'" in p.rule and p.sheet == "profil"
               for p in info.value.problems)
    assert not (tmp_path / "data" / "dinas-lain").exists()


def test_files_that_are_no_workbook(tmp_path):
    old = tmp_path / "lama.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ExcelError, match="format .xls lama"):
        import_workbook(old, tmp_path, "dinas-x")
    fake = tmp_path / "palsu.xlsx"
    fake.write_text("bukan zip", encoding="utf-8")
    with pytest.raises(ExcelError, match="bukan berkas .xlsx yang sah"):
        import_workbook(fake, tmp_path, "dinas-x")
    with pytest.raises(ExcelError, match="tidak sah"):
        import_workbook(fake, tmp_path, "Dinas X")


def test_an_oversized_sheet_is_refused(book, target, tmp_path, monkeypatch):
    from lkjip_nb.excel import reader

    monkeypatch.setattr(reader, "MAX_ROWS", 20)
    problems = problems_of(book, target)
    big = [p for p in problems if "lembar terlalu besar" in p.rule]
    assert {p.sheet for p in big} == {"profil", "hibah_parpol_reported", "reported_totals",
                                      "iku_realisasi", "sub_kegiatan", "dokumentasi"}
    assert all("lembar tidak ada" not in p.rule for p in problems)


def test_an_archive_that_unpacks_too_large_is_refused(tmp_path, monkeypatch):
    from lkjip_nb.excel import reader

    path = tmp_path / "besar.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", "0" * 200_000)
    monkeypatch.setattr(reader, "MAX_UNPACKED_BYTES", 100_000)
    with pytest.raises(ExcelError, match="terlalu besar setelah dibuka"):
        import_workbook(path, tmp_path, "dinas-x")


def test_the_cli_prints_the_report_and_exits_1(book, target, tmp_path, monkeypatch, capsys):
    for name, entry in SUBCOMMANDS.items():
        monkeypatch.setitem(cli.SUBCOMMANDS, name, entry)
    wb = load_workbook(book)
    cell_of(wb["belanja"], "realisasi", 2).value = "banyak"
    bad = tmp_path / "rusak.xlsx"
    wb.save(bad)
    before = snapshot(target)
    assert cli.main(["import", str(bad), "--opd", BUNDLED, "--data", str(target)]) == 1
    err = capsys.readouterr().err
    assert "lembar 'belanja', sel E2 (kolom realisasi): nilai 'banyak' — harus nilai Rupiah" \
           in err
    assert err.rstrip().endswith("Perbaiki sel di atas lalu impor lagi.")
    assert snapshot(target) == before
    assert cli.main(["import", str(book), "--opd", BUNDLED, "--data", str(target)]) == 0
    assert "tidak ada berkas berubah" in capsys.readouterr().out
