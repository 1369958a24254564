"""Read a workbook's cell values, and only them: every sheet's header and rows, with what a
person cannot see reported (hidden sheets, merged cells, formulas without a stored value).

Formulas are never evaluated: a formula cell contributes the value Excel stored with it, and one
without (a workbook written by a program, never opened in Excel) is a problem. External links
and macros are not loaded. The workbook is opened twice, once for stored values and once for
formulas, to tell the two apart.
"""

from __future__ import annotations

import zipfile
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from lkjip_nb.excel.problems import ExcelError, SheetProblem

SUFFIXES = (".xlsx", ".xlsm")
MAX_FILE_BYTES = 50 * 2**20
MAX_UNPACKED_BYTES = 500 * 2**20
MAX_ROWS = 100_000
MAX_COLUMNS = 200
NO_STORED_VALUE = ("rumus tanpa nilai tersimpan (rumus tidak dihitung saat impor); buka dan "
                   "simpan buku kerja di Excel atau LibreOffice, atau ganti rumus dengan nilainya")


@dataclass(frozen=True)
class Value:
    """One cell: its stored value and how it is shown; ``problem`` when it cannot be used."""

    value: Any
    number_format: str = "General"
    data_type: str = "n"
    problem: str = ""


@dataclass
class Row:
    row: int  # Excel row
    cells: dict[str, Value]  # header -> cell


@dataclass
class Sheet:
    """A sheet's headers (row 1) and its non-empty rows below."""

    name: str
    position: int
    letters: dict[str, str] = field(default_factory=dict)  # header -> column letter
    rows: list[Row] = field(default_factory=list)


@dataclass
class Workbook:
    """Every readable sheet, the problems found reading them, the sheets left aside."""

    name: str
    sheets: dict[str, Sheet]
    problems: list[SheetProblem]
    ignored: list[str]
    properties: dict[str, str]


def _open(path: Path) -> tuple[Any, Any]:
    if not path.is_file():
        raise ExcelError(f"Berkas tidak ditemukan: {path}")
    if path.suffix.lower() not in SUFFIXES:
        hint = " (format .xls lama: simpan ulang sebagai .xlsx)" if path.suffix.lower() == \
            ".xls" else ""
        raise ExcelError(f"{path.name} bukan buku kerja Excel .xlsx{hint}")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ExcelError(f"{path.name} terlalu besar ({size // 2**20} MB; paling besar "
                         f"{MAX_FILE_BYTES // 2**20} MB)")
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise ExcelError(f"{path.name} bukan berkas .xlsx yang sah (rusak, atau buku kerja "
                         ".xls lama yang diberi nama .xlsx: simpan ulang sebagai .xlsx)") from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise ExcelError(f"{path.name} terlalu besar setelah dibuka ({unpacked // 2**20} MB; "
                         f"paling besar {MAX_UNPACKED_BYTES // 2**20} MB)")
    try:
        values = load_workbook(path, data_only=True, keep_links=False)
        formulas = load_workbook(path, data_only=False, keep_links=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ExcelError(f"{path.name} tidak dapat dibaca sebagai buku kerja Excel: {exc}") \
            from exc
    return values, formulas


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read_sheet(ws: Any, fws: Any, sheet: Sheet) -> list[SheetProblem]:
    problems: list[SheetProblem] = []

    def problem(row: int | None, column: str, header: str, value: str, rule: str) -> None:
        problems.append(SheetProblem(sheet.name, row, column, header, value, rule,
                                     sheet.position))

    for merged in sorted(ws.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col)):
        problem(merged.min_row, get_column_letter(merged.min_col), "", "",
                f"sel digabung ({merged.coord}); pisahkan gabungan sel (Unmerge) dan isi setiap "
                "sel dengan nilainya sendiri")
    width = ws.max_column
    headers: dict[int, str] = {}
    for col in range(1, width + 1):
        value = ws.cell(row=1, column=col).value
        if _blank(value):
            continue
        name = str(value).strip()
        letter = get_column_letter(col)
        if name in sheet.letters:
            problem(1, letter, name, "", "nama kolom ganda di baris judul")
            continue
        headers[col] = name
        sheet.letters[name] = letter
    if ws.max_row < 2:
        return problems
    rows = zip(ws.iter_rows(min_row=2, max_row=ws.max_row, max_col=width),
               fws.iter_rows(min_row=2, max_row=ws.max_row, max_col=width), strict=True)
    stray: set[int] = set()  # columns without a header already reported
    for excel_row, (cells, formula_cells) in enumerate(rows, start=2):
        row = Row(excel_row, {})
        filled = False
        for col, (cell, fcell) in enumerate(zip(cells, formula_cells, strict=True), start=1):
            formula = fcell.data_type == "f"
            if _blank(cell.value) and not formula:
                continue
            filled = True
            name = headers.get(col)
            if name is None:
                if col not in stray:
                    stray.add(col)
                    problem(excel_row, get_column_letter(col), "", str(cell.value or ""),
                            "sel berisi nilai di kolom tanpa judul (sel pertama kolom ini yang "
                            "berisi); beri judul kolom atau hapus isinya")
                continue
            stored = cell.value
            row.cells[name] = Value(stored, cell.number_format or "General", cell.data_type,
                                    NO_STORED_VALUE if formula and stored is None else "")
        if filled:
            sheet.rows.append(row)
    return problems


def read_workbook(path: str | Path, expected: Collection[str]) -> Workbook:
    """The sheets named in ``expected`` (others are left aside), with every problem found.

    Raises :class:`ExcelError` when the file is no readable workbook at all.
    """
    path = Path(path)
    values, formulas = _open(path)
    properties = {prop.name: str(prop.value) for prop in values.custom_doc_props}
    order = {name: i for i, name in enumerate(expected)}
    sheets: dict[str, Sheet] = {}
    problems: list[SheetProblem] = []
    ignored: list[str] = []
    for ws in values.worksheets:
        position = order.get(ws.title, len(order))
        if ws.sheet_state != "visible":
            problems.append(SheetProblem(ws.title, None, "", "", "", (
                "lembar tersembunyi; tampilkan (Unhide) lalu periksa isinya, atau hapus lembar "
                "ini"), position))
        if ws.title not in order:
            ignored.append(ws.title)
            continue
        if ws.max_row > MAX_ROWS or ws.max_column > MAX_COLUMNS:
            problems.append(SheetProblem(ws.title, None, "", "", "", (
                f"lembar terlalu besar ({ws.max_row} baris x {ws.max_column} kolom; paling "
                f"banyak {MAX_ROWS} baris dan {MAX_COLUMNS} kolom): hapus baris dan kolom "
                "kosong yang berformat di bawah atau di kanan data"), position))
            continue
        sheet = Sheet(ws.title, position)
        problems += _read_sheet(ws, formulas[ws.title], sheet)
        sheets[ws.title] = sheet
    return Workbook(path.name, sheets, problems, ignored, properties)
