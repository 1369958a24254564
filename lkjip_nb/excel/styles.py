"""Shared look of the workbooks, and the two rules every written cell follows: text stays text
(never a formula), and text that a spreadsheet could run as a formula is neutralised."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook

from lkjip_nb.artifacts.atomic import temp_path_for

REQUIRED_FILL = PatternFill("solid", fgColor="F8CBAD")  # header of a column that must be filled
OPTIONAL_FILL = PatternFill("solid", fgColor="DDEBF7")  # header of a column that may stay empty
TITLE_FONT = Font(bold=True, size=13)
HEADER_FONT = Font(bold=True)
BOLD = Font(bold=True)
SYNTHETIC_FONT = Font(bold=True, color="C00000")
WRAP = Alignment(wrap_text=True, vertical="top")
#: First characters that make a spreadsheet (or a CSV saved from it) read text as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
AUTHOR = "lkjip"


def neutral(text: str) -> str:
    """``text`` that no spreadsheet runs: a leading = + - @ tab or CR gets an apostrophe."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def put_text(cell: Cell, text: str) -> Cell:
    """Write ``text`` exactly, as text (openpyxl would store "=..." as a formula)."""
    cell.value = text
    cell.data_type = "s"
    return cell


def put(cell: Cell, value: Any, *, safe: bool = False) -> Cell:
    """Write a value: text as text (neutralised when ``safe``), numbers as numbers."""
    if isinstance(value, str):
        return put_text(cell, neutral(value) if safe else value)
    cell.value = value
    return cell


def header(cell: Cell, text: str, *, required: bool = False, comment: str = "",
           fill: PatternFill | None = None) -> None:
    """A header cell: bold, coloured by whether its column must be filled, with a comment."""
    put_text(cell, text)
    cell.font = HEADER_FONT
    cell.fill = fill or (REQUIRED_FILL if required else OPTIONAL_FILL)
    cell.alignment = Alignment(vertical="top", wrap_text=True)
    if comment:
        lines = comment.count("\n") + 1 + len(comment) // 40
        cell.comment = Comment(comment, AUTHOR, height=max(80, 18 * lines), width=320)


def widths(ws: Any, wanted: dict[int, int], *, least: int = 8, most: int = 60) -> None:
    """Column widths (in characters) by column number."""
    for col, width in wanted.items():
        ws.column_dimensions[get_column_letter(col)].width = max(least, min(most, width + 2))


def save(wb: Workbook, out: Path) -> Path:
    """Save atomically: a reader never sees half a workbook; an old one stays until replaced."""
    out = Path(out)
    tmp = temp_path_for(out, ".xlsx")
    try:
        wb.save(tmp)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return out
