"""A table sheet as the rows of its CSV file: each cell's text by its column's kind, and where
every value came from (sheet, Excel row, column letter) to report problems by cell."""

from __future__ import annotations

from dataclasses import dataclass, field

from lkjip_nb.data.schemas import TableSpec
from lkjip_nb.excel.cells import to_text
from lkjip_nb.excel.problems import SheetProblem
from lkjip_nb.excel.reader import Sheet


@dataclass
class TableRows:
    """The text rows of one table and the Excel row each came from."""

    spec: TableSpec
    rows: list[dict[str, str]] = field(default_factory=list)
    excel_rows: list[int] = field(default_factory=list)
    letters: dict[str, str] = field(default_factory=dict)
    blocked: set[tuple[int, str]] = field(default_factory=set)  # (Excel row, column) reported


def table_rows(sheet: Sheet, spec: TableSpec) -> tuple[TableRows, list[SheetProblem]]:
    """The rows of ``spec``'s table held by ``sheet``, and every problem of its cells."""
    out = TableRows(spec, letters=dict(sheet.letters))
    problems: list[SheetProblem] = []

    def problem(row: int | None, column: str, value: str, rule: str) -> None:
        problems.append(SheetProblem(sheet.name, row, sheet.letters.get(column, ""), column,
                                     value, rule, sheet.position))

    known = {c.name for c in spec.columns}
    for name in sheet.letters:
        if name not in known:
            problem(1, name, "", "kolom tidak dikenal (periksa ejaan judul kolom); yang "
                    "dikenal: " + ", ".join(c.name for c in spec.columns))
    missing = [c.name for c in spec.columns if c.name not in sheet.letters and not c.optional]
    for name in missing:
        problems.append(SheetProblem(sheet.name, 1, "", name, "", "kolom wajib tidak ada di "
                                     "baris judul", sheet.position))
    for row in sheet.rows:
        values: dict[str, str] = {}
        for col in spec.columns:
            cell = row.cells.get(col.name)
            if cell is None:
                continue
            if cell.problem:
                problem(row.row, col.name, "", cell.problem)
                out.blocked.add((row.row, col.name))
                continue
            text = to_text(cell.value, cell.number_format, col.kind, cell.data_type)
            if text.problem:
                shown = "" if cell.value is None else str(cell.value)
                problem(row.row, col.name, shown, text.problem)
                out.blocked.add((row.row, col.name))
                continue
            values[col.name] = text.text
        if not any(values.values()) and not any(r == row.row for r, _ in out.blocked):
            continue  # a row with only cells outside the table's columns (reported above)
        out.rows.append(values)
        out.excel_rows.append(row.row)
    return out, problems
