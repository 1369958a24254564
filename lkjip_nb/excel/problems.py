"""Problems of a workbook: where (sheet, cell, header), what (value) and which rule, all at once."""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.utils import column_index_from_string

from lkjip_nb.errors import LkjipError


class ExcelError(LkjipError):
    """A workbook cannot be written or read at all (missing file, wrong format, bad name)."""


@dataclass(frozen=True)
class SheetProblem:
    """One failing cell, header, row or sheet of a workbook.

    ``row`` is the Excel row (None: the whole sheet), ``column`` the Excel letter ("" when the
    problem is a whole row or sheet), ``header`` the column's header.
    """

    sheet: str
    row: int | None
    column: str
    header: str
    value: str
    rule: str
    position: int = 0  # of the sheet in the template (for sorting)

    @property
    def cell(self) -> str:
        """'D7', 'baris 7', 'kolom D' or ''."""
        if self.row is not None and self.column:
            return f"{self.column}{self.row}"
        if self.row is not None:
            return f"baris {self.row}"
        return f"kolom {self.column}" if self.column else ""

    def __str__(self) -> str:
        where = f"lembar '{self.sheet}'" if self.sheet else "buku kerja"
        cell = self.cell
        if cell:
            where += f", {'sel ' + cell if self.row is not None and self.column else cell}"
        if self.header:
            where += f" (kolom {self.header})"
        value = f": nilai {self.value!r}" if self.value != "" else ""
        return f"{where}{value} — {self.rule}"

    def sort_key(self) -> tuple:
        column = column_index_from_string(self.column) if self.column else 0
        return (self.position, self.sheet, self.row or 0, column, self.rule)


class WorkbookInvalid(LkjipError, ValueError):
    """A workbook failed validation; carries every problem found, not only the first."""

    def __init__(self, workbook: str, problems: list[SheetProblem]):
        self.workbook = workbook
        self.problems = sorted(dict.fromkeys(problems), key=SheetProblem.sort_key)
        super().__init__(self.report())

    def report(self) -> str:
        lines = [f"Buku kerja {self.workbook} tidak dapat diimpor: {len(self.problems)} masalah "
                 "ditemukan."]
        lines += [f"- {p}" for p in self.problems]
        lines.append("Tidak ada berkas yang ditulis; dataset lama tetap seperti semula. Perbaiki "
                     "sel di atas lalu impor lagi.")
        return "\n".join(lines)
