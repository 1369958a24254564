"""Template pre-filled from the bundled dataset -> import -> the same CSV bytes, and a
profile.yaml that loads to the same profile; the template's own look (comments, dropdowns,
formats, frozen headers)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from lkjip_nb.data import load_dataset
from lkjip_nb.data.profile import PROFILE_FILE
from lkjip_nb.data.schemas import TABLES
from lkjip_nb.excel import WorkbookInvalid, import_workbook, write_template
from lkjip_nb.excel.rawdata import read_profile_text
from lkjip_nb.excel.template import data_sheet_names
from tests.conftest import BUNDLED, DATA

SOURCE = DATA / BUNDLED


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("book") / "blitar.xlsx"
    write_template(path, SOURCE, BUNDLED)
    return path


def table_files(folder: Path) -> dict[str, bytes]:
    return {spec.file: (folder / spec.file).read_bytes() for spec in TABLES.values()
            if (folder / spec.file).is_file()}


def test_into_a_fresh_folder_every_csv_is_byte_identical(book, tmp_path):
    result = import_workbook(book, tmp_path, BUNDLED)
    written = tmp_path / BUNDLED
    assert table_files(written) == table_files(SOURCE)
    assert len(table_files(written)) == len(TABLES)
    # profile.yaml is written anew (its comments cannot come through a workbook) and loads to
    # the same profile, keys in the same order
    original = read_profile_text((SOURCE / PROFILE_FILE).read_bytes())
    again = read_profile_text((written / PROFILE_FILE).read_bytes())
    assert again == original and list(again) == list(original)
    assert result.profile_rewritten
    assert load_dataset(tmp_path, BUNDLED).report_years == load_dataset(DATA, BUNDLED).report_years


def test_over_the_dataset_itself_nothing_changes_not_even_profile_comments(book, tmp_path):
    target = tmp_path / BUNDLED
    shutil.copytree(SOURCE, target)
    before = {p.relative_to(target): p.read_bytes() for p in target.rglob("*") if p.is_file()}
    result = import_workbook(book, tmp_path, BUNDLED)
    after = {p.relative_to(target): p.read_bytes() for p in target.rglob("*") if p.is_file()}
    assert after == before  # other files (iks/ survey data) are carried along untouched
    assert result.changed == [] and not result.profile_rewritten
    assert sorted(result.ignored_sheets) == ["daftar_pilihan", "petunjuk"]
    assert not [p for p in tmp_path.iterdir() if p.name != BUNDLED]  # no staging left behind


def test_an_edited_cell_changes_only_its_file(book, tmp_path):
    shutil.copytree(SOURCE, tmp_path / BUNDLED)
    wb = load_workbook(book)
    ws = wb["belanja"]
    column = next(c.column for c in ws[1] if c.value == "anggaran")
    ws.cell(row=2, column=column).value = 2398607121
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    result = import_workbook(edited, tmp_path, BUNDLED)
    assert result.changed == ["belanja.csv"]
    text = (tmp_path / BUNDLED / "belanja.csv").read_text(encoding="utf-8")
    assert "2023,1,Belanja pegawai,2398607121,2276136520,94.89\n" in text


def test_the_template_explains_and_guards_every_column(book):
    wb = load_workbook(book)
    assert wb.sheetnames[0] == "petunjuk"
    assert [n for n in wb.sheetnames if n in data_sheet_names()] == data_sheet_names()
    ws = wb["sub_kegiatan"]
    assert ws.freeze_panes == "A2"
    headers = {c.value: c for c in ws[1]}
    assert list(headers) == [c.name for c in TABLES["sub_kegiatan"].columns]
    assert "Wajib diisi" in headers["anggaran"].comment.text
    assert "Rupiah" in headers["anggaran"].comment.text
    assert "Boleh kosong" in headers["output_unit"].comment.text
    assert headers["anggaran"].fill.fgColor.rgb != headers["output_unit"].fill.fgColor.rgb
    row = {h: ws.cell(row=2, column=c.column) for h, c in headers.items()}
    assert row["anggaran"].value == 15999484 and row["anggaran"].number_format == "#,##0"
    assert row["percent_reported"].value == 100 and \
        row["percent_reported"].number_format == '0.00" %"'  # written 100.00
    assert row["code"].value == "8.01.01.2.01.0007" and row["code"].number_format == "@"
    lists = {str(dv.sqref).split(":")[0]: dv for dv in ws.data_validations.dataValidation}
    letter = {h: c.column_letter for h, c in headers.items()}
    assert lists[letter["code_source"] + "2"].formula1 == '"printed,derived,nomenclature,user"'
    assert lists[letter["kegiatan_code"] + "2"].formula1 == "'kegiatan'!$B$2:$B$5000"
    assert lists[letter["output_unit"] + "2"].formula1.startswith("'daftar_pilihan'!$A$2:")
    assert lists[letter["anggaran"] + "2"].type == "whole"
    iku = wb["iku"]
    iku_lists = {str(dv.sqref).split(":")[0]: dv.formula1
                 for dv in iku.data_validations.dataValidation}
    assert iku_lists["E2"] == '"higher,lower"'  # direction
    profil = {r[0].value: r[1] for r in wb["profil"].iter_rows(min_row=2)}
    assert profil["agency.name"].value == "Badan Kesatuan Bangsa dan Politik Kabupaten Blitar"
    assert profil["renstra.start_year"].value == 2021


def test_a_blank_template_imports_to_one_report_of_what_is_missing(tmp_path):
    blank = tmp_path / "kosong.xlsx"
    write_template(blank)
    with pytest.raises(WorkbookInvalid) as info:
        import_workbook(blank, tmp_path / "data", "dinas-baru")
    report = info.value.report()
    row = next(r[0].row for r in load_workbook(blank)["profil"].iter_rows(min_row=2)
               if r[0].value == "agency.name")
    assert "lembar 'sasaran' — wajib diisi: paling sedikit satu baris" in report
    assert f"lembar 'profil', sel B{row} (kolom nilai untuk agency.name) — wajib diisi" in report
    assert not (tmp_path / "data").exists()  # not even the data folder is left


def _resave(source: Path, folder: Path) -> Path:
    """``source`` opened and saved again by LibreOffice Calc (which also stores formulas'
    values)."""
    folder.mkdir()
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{folder}/profile",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(folder),
                    str(source)], check=True, capture_output=True, timeout=300)
    return folder / source.name


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice (soffice)")
def test_saved_again_by_a_spreadsheet_program_it_still_round_trips(book, tmp_path):
    wb = load_workbook(book)
    ws = wb["belanja"]
    column = next(c.column_letter for c in ws[1] if c.value == "anggaran")
    ws[f"{column}2"] = "=2398607000+120"  # a formula: LibreOffice stores its value
    edited = tmp_path / "rumus.xlsx"
    wb.save(edited)
    with pytest.raises(WorkbookInvalid, match="rumus tanpa nilai tersimpan"):
        import_workbook(edited, tmp_path / "before", BUNDLED)
    resaved = _resave(edited, tmp_path / "lo")
    import_workbook(resaved, tmp_path / "data", BUNDLED)
    assert table_files(tmp_path / "data" / BUNDLED) == table_files(SOURCE)
    assert read_profile_text((tmp_path / "data" / BUNDLED / PROFILE_FILE).read_bytes()) == \
        read_profile_text((SOURCE / PROFILE_FILE).read_bytes())
