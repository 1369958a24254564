"""Reading CSV files as people save them: stray commas, semicolons, ANSI bytes, Indonesian numbers.

Each problem is one clear message naming the file, the line and (where it has one) the column;
never a traceback, never a silently wrong number.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lkjip_nb.data import load_dataset
from lkjip_nb.data.schemas import TABLES
from lkjip_nb.data.tables import parse_table
from tests.conftest import BUNDLED, DATA
from tests.dataset_edits import edit as _edit
from tests.dataset_edits import problems as _problems


@pytest.fixture()
def copy(tmp_path) -> Path:
    """A copy of the bundled dataset (its folder)."""
    shutil.copytree(DATA / BUNDLED, tmp_path / BUNDLED)
    return tmp_path / BUNDLED




def _table(name: str, text: str | bytes) -> list:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return parse_table(data, TABLES[name], f"x/{name}.csv")[1]


# --- 1. a row with more or fewer cells than the header --------------------------------------

def test_unquoted_comma_in_a_note_is_one_problem_naming_the_line(copy):
    path = copy / "iku_realisasi.csv"
    _edit(path, "IKS,2022,2.1,true,84.09,Sangat Tinggi,,,\n",
          "IKS,2022,2.1,true,84.09,Sangat Tinggi,,,KRIMINAL, PENCURIAN\n")
    [problem] = _problems(copy)  # no knock-on problem from the row left out
    assert problem.file == f"{BUNDLED}/iku_realisasi.csv"
    assert problem.row == 2
    assert problem.rule == ("baris ini punya 10 kolom, header punya 9 — ada koma di dalam teks "
                            "yang tidak diberi tanda kutip?")
    assert "KRIMINAL, PENCURIAN" in problem.value


def test_rows_with_more_or_fewer_cells_each_one_problem():
    header = "year,no,type,anggaran,realisasi,percent_reported\n"
    text = (header + "2024,1,Belanja pegawai,10,5,50,extra\n"  # the first row: pandas' index case
            + "2024,2,Belanja barang,10,5\n"
            + "2024,3,Belanja modal,10,5,50\n"
            + "2024,4,Belanja hibah, bansos,10,5,50\n")
    problems = _table("belanja", text)
    assert [(p.row, p.rule.split(" — ")[0]) for p in problems] == [
        (2, "baris ini punya 7 kolom, header punya 6"),
        (3, "baris ini punya 5 kolom, header punya 6"),
        (5, "baris ini punya 7 kolom, header punya 6"),
    ]


def test_cli_names_the_file_without_traceback(copy):
    _edit(copy / "iku_realisasi.csv", "IKS,2022,2.1,true,84.09,Sangat Tinggi,,,\n",
          "IKS,2022,2.1,true,84.09,Sangat Tinggi,,,KRIMINAL, PENCURIAN\n")
    result = subprocess.run([sys.executable, "-m", "lkjip_nb", "validate", "--data",
                             str(copy.parent), "--opd", BUNDLED],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{BUNDLED}/iku_realisasi.csv baris 2" in result.stderr


def test_line_numbers_count_blank_lines_and_quoted_line_breaks(copy):
    path = copy / "kegiatan.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(2, "\n")  # a blank line after the first row
    path.write_text("".join(lines), encoding="utf-8")
    _edit(path, "2024,8.01.06.2.01,derived,8.01.06,", "2024,8.01.06.2.01,derived,8.01.09,")
    konflik = copy / "konflik.csv"
    _edit(konflik, "Nglegok,true,", "Nglegok,maybe,")
    _edit(konflik, '"Penolakan terhadap keberadaan', '"Penolakan\nterhadap keberadaan')
    found = {(Path(p.file).name, p.row, p.column) for p in _problems(copy)}
    assert found == {("kegiatan.csv", 11, "program_code"), ("konflik.csv", 4, "handled")}


# --- 8. how spreadsheets save CSV -----------------------------------------------------------

def test_semicolon_separated_file_is_one_problem(copy):
    path = copy / "belanja.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8")
    [problem] = _problems(copy)
    assert problem.file == f"{BUNDLED}/belanja.csv"
    assert problem.rule.startswith("berkas memakai titik koma (;) sebagai pemisah kolom; "
                                   "simpan ulang sebagai CSV dengan pemisah koma")


def test_one_header_cell_holding_several_column_names_is_one_problem():
    [problem] = _table("belanja", "year|no|type,anggaran,realisasi,percent_reported\n")
    assert "garis tegak (|)" in problem.rule


def test_utf8_byte_order_mark_is_fine(copy):
    path = copy / "belanja.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_dataset(copy.parent, BUNDLED).table("belanja")["year"].notna().all()


def test_windows_1252_bytes_name_line_column_and_how_to_resave(copy):
    path = copy / "konflik.csv"
    text = path.read_text(encoding="utf-8").replace("Nglegok,true,Mediasi",
                                                    "Nglegok,true,Médiasi", 1)
    path.write_bytes(text.encode("cp1252"))
    [problem] = _problems(copy)
    assert (problem.file, problem.row, problem.column) == (f"{BUNDLED}/konflik.csv", 3,
                                                           "handling")
    assert "bukan UTF-8" in problem.rule and "0xE9" in problem.rule
    assert "CSV UTF-8" in problem.rule


def test_windows_1252_profile_is_a_problem_not_a_traceback(copy):
    path = copy / "profile.yaml"
    text = path.read_text(encoding="utf-8").replace("Jalan Dr. Sutomo", "Jalan Dr. Sutomó", 1)
    path.write_bytes(text.encode("cp1252"))
    [problem] = _problems(copy)
    assert problem.file == f"{BUNDLED}/profile.yaml" and problem.row == 10
    assert "bukan UTF-8" in problem.rule


@pytest.mark.parametrize(("column", "text", "says"), [
    ("anggaran", "1.234.567", "tulis tanpa pemisah ribuan, contoh 1234567"),
    ("anggaran", "1.234", "tulis tanpa pemisah ribuan, contoh 1234"),
    ("anggaran", "Rp 2.530.668.865",
     "tanpa 'Rp' atau '%', tanpa pemisah ribuan, contoh 2530668865"),
    ("percent_reported", "94,89", "titik sebagai pemisah desimal, contoh 94.89"),
    ("percent_reported", "1.094,5", "tanpa pemisah ribuan, dengan titik sebagai pemisah desimal,"
     " contoh 1094.5"),
    ("percent_reported", "1,094", "bisa berarti 1094 atau 1.094"),
])
def test_indonesian_numbers_are_one_clear_problem_per_cell(column, text, says):
    row = {"anggaran": "2398607120", "percent_reported": "94.89", column: f'"{text}"'}
    csv_text = ("year,no,type,anggaran,realisasi,percent_reported\n"
                f"2023,1,Belanja pegawai,{row['anggaran']},0,{row['percent_reported']}\n")
    [problem] = _table("belanja", csv_text)
    assert (problem.row, problem.column, problem.value) == (2, column, text)
    assert says in problem.rule


def test_a_dot_in_a_column_using_dots_for_thousands_is_reported_as_ambiguous():
    csv_text = ("iku_id,year,kind,target,target_grade,reported_in\n"
                "A,2024,pk,1.250.000,,\n"
                "B,2024,pk,1.250,,\n"
                "C,2024,pk,12.5,,\n")
    problems = _table("iku_targets", csv_text)
    assert [(p.row, p.value) for p in problems] == [(2, "1.250.000"), (3, "1.250")]
    assert "bisa berarti 1250" in problems[1].rule
    alone = "iku_id,year,kind,target,target_grade,reported_in\nB,2024,pk,1.250,,\n"
    assert _table("iku_targets", alone) == []  # a dot is the decimal separator
