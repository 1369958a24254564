"""Cells to dataset text (numbers as shown, never guessed) and CSV files in the canonical layout
or the layout of the file they replace."""

from __future__ import annotations

import datetime as dt

import pytest

from lkjip_nb.data.schemas import TABLES
from lkjip_nb.excel.cells import CellText, decimals, is_excel_percent, shown, to_text
from lkjip_nb.excel.csvtext import CANONICAL, CsvStyle, detect_style, read_rows, render
from lkjip_nb.excel.styles import neutral
from tests.conftest import BUNDLED, DATA


@pytest.mark.parametrize(("fmt", "places"), [
    ("General", None), ("@", None), ("0", 0), ("#,##0", 0), ("0.00", 2), ("#,##0.00", 2),
    ('0.0" %"', 1), ('General" %"', None), ("0.0#", 1), ('"Rp "#,##0', 0),
    ("[$-421]#,##0.00;[Red]-#,##0.00", 2),
])
def test_decimals_shown_by_a_format(fmt, places):
    assert decimals(fmt) == places


def test_numbers_become_the_text_their_cell_shows():
    assert shown(100, "0.00") == "100.00"
    assert shown(1.7, '0.00" %"') == "1.70"
    assert shown(12.345, "0.00") == "12.345"  # more digits than shown: nothing is lost
    assert shown(84.61, "General") == "84.61"
    assert shown(0.1 + 0.2, "General") == "0.3"  # 15 significant digits, as Excel shows
    assert shown(82.0, "General") == "82"


@pytest.mark.parametrize(("value", "fmt", "kind", "text"), [
    (2398607120, "#,##0", "money", "2398607120"),
    (2398607120.0, "General", "money", "2398607120"),
    (2398607120.5, "#,##0", "money", "2398607120.5"),  # left to the loader to refuse
    ("Rp 1.000", "General", "money", "Rp 1.000"),
    (True, "General", "bool", "true"),
    (8, "General", "code", "8"),
    ("8.01.02", "@", "code", "8.01.02"),
    (2.1, "General", "str", "2.1"),
    ("  S1 ", "@", "str", "S1"),
    (None, "General", "float", ""),
])
def test_cell_text_by_column_kind(value, fmt, kind, text):
    assert to_text(value, fmt, kind) == CellText(text)


@pytest.mark.parametrize(("value", "fmt", "kind", "data_type", "rule"), [
    (dt.datetime(2024, 2, 14), "yyyy-mm-dd", "int", "d", "tanggal"),
    (0.9834, "0.00%", "float", "n", "format persen Excel"),
    (8.1, "General", "code", "n", "kode terbaca sebagai angka"),
    ("#DIV/0!", "General", "float", "e", "galat Excel"),
])
def test_cells_that_are_never_guessed(value, fmt, kind, data_type, rule):
    cell = to_text(value, fmt, kind, data_type)
    assert cell.text == "" and rule in cell.problem


def test_is_excel_percent_ignores_a_quoted_sign():
    assert is_excel_percent("0.00%") and not is_excel_percent('0.00" %"')


@pytest.mark.parametrize("name", list(TABLES))
def test_every_bundled_file_is_rewritten_byte_for_byte(name):
    spec = TABLES[name]
    data = (DATA / BUNDLED / spec.file).read_bytes()
    header, rows = read_rows(data)
    style = detect_style(data, spec)
    assert CsvStyle.from_dict(style.to_dict()) == style
    out, _ = render(spec, [dict(zip(header, row, strict=True)) for row in rows], style)
    assert out == data


def test_canonical_layout_and_line_numbers():
    spec = TABLES["konflik"]
    rows = [{"year": "2024", "no": "1", "event": "Unjuk rasa, damai", "handled": "true"},
            {"year": "2024", "no": "2", "event": "Baris satu\nbaris dua", "handled": "false"},
            {"year": "2024", "no": "3", "event": 'Kata "kutip"', "handled": "true"}]
    data, lines = render(spec, rows, CANONICAL)
    assert data.decode("utf-8") == (
        "year,no,event,kecamatan,handled,handling\n"
        '2024,1,"Unjuk rasa, damai",,true,\n'
        '2024,2,"Baris satu\nbaris dua",,false,\n'
        '2024,3,"Kata ""kutip""",,true,\n')
    assert lines == [2, 3, 5]


def test_a_replaced_files_layout_is_kept():
    spec = TABLES["konflik"]
    data = '\ufeffyear,no,event,kecamatan,handled,handling\r\n2024,1,"Sidak",,true,"Mediasi"\r\n'
    style = detect_style(data.encode("utf-8"), spec)
    assert style.bom and style.newline == "\r\n"
    assert style.quoted == {"event", "handling"}
    rows = [{"year": "2024", "no": "2", "event": "Demo", "handled": "false",
             "handling": "Dialog"}]
    assert render(spec, rows, style)[0].decode("utf-8") == (
        '\ufeffyear,no,event,kecamatan,handled,handling\r\n2024,2,"Demo",,false,"Dialog"\r\n')


def test_neutral_text_never_starts_a_formula():
    for text in ("=1+1", "+1", "-1", "@A1", "\tx", "\rx"):
        assert neutral(text) == "'" + text
    assert neutral("Jumlah") == "Jumlah" and neutral("") == ""
