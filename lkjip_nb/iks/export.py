"""IKS estimates as files: tables with Indonesian headers, Excel workbooks, CSV text.

Every export carries what a reader needs to use the figures on their own: the notes, the CI
method, the weights used, and DATA SINTETIS on every sheet (and every CSV row) when the survey
is synthetic. Text cells never start with a formula character (= + - @, tab, CR): such text
gets a leading apostrophe, so a spreadsheet shows it and never evaluates it.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from lkjip_nb.iks.analysis import IksResult

#: Text starting with one of these is read as a formula by spreadsheets.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SYNTHETIC_MARK = "DATA SINTETIS — bukan data survei IKS yang sebenarnya"

#: Column -> Indonesian header of the exported estimate tables.
HEADERS = {
    "rincian": "Karakteristik", "kelompok": "Kelompok", "tingkat": "Tingkat",
    "indeks_nama": "Indeks", "id": "Kode indeks", "nama": "Indeks", "induk": "Induk",
    "bobot": "Bobot", "n": "n", "indeks": "Nilai", "se": "Galat baku", "df": "Derajat bebas",
    "klaster": "Klaster", "ci_low": "SK bawah", "ci_high": "SK atas",
    "se_bootstrap": "Galat baku bootstrap", "ci_low_bootstrap": "SK bawah bootstrap",
    "ci_high_bootstrap": "SK atas bootstrap", "n_kecil": "n kecil",
    "se_tak_terhitung": "Galat baku tak terhitung", "catatan": "Catatan", "data": "Data",
}
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def safe_text(value: object) -> object:
    """``value``, with text that a spreadsheet would take for a formula prefixed by '."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _cell(value: Any) -> Any:
    """A value as a spreadsheet cell: numbers stay numbers, NaN becomes empty, text is safe."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, bool | int | float):
        return value
    return safe_text(str(value))


def estimates_frame(table: pd.DataFrame, synthetic: bool = False) -> pd.DataFrame:
    """An estimate table (overall, breakdown or cross-tabulation) with Indonesian headers and
    a 'Data' column saying DATA SINTETIS on every row when synthetic."""
    drop = [c for c in ("kunci", "kelas") if c in table.columns]
    out = table.drop(columns=drop).copy()
    for flag in ("n_kecil", "se_tak_terhitung"):
        if flag in out.columns:
            out[flag] = out[flag].map({True: "ya", False: ""})
    if synthetic:
        out["data"] = "DATA SINTETIS"
    names = {c: HEADERS.get(c, c) for c in out.columns}
    if "rows" in table.attrs:  # a cross-tabulation: its first two columns are domain keys
        names.update({table.columns[0]: table.attrs["rows"], table.columns[1]: table.attrs["cols"]})
    return out.rename(columns=names)


def to_csv_text(table: pd.DataFrame, synthetic: bool = False) -> str:
    """CSV of :func:`estimates_frame` (comma, dot decimals), text cells neutralised."""
    frame = estimates_frame(table, synthetic)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([safe_text(c) for c in frame.columns])
    for row in frame.itertuples(index=False):
        writer.writerow(["" if (v := _cell(x)) is None else v for x in row])
    return buffer.getvalue()


def method_lines(result: IksResult) -> list[tuple[str, str]]:
    """(label, text) rows of the notes sheet: data kind, method, weights, notes."""
    cb = result.codebook
    weights = ", ".join(f"{k} = {v:g}" for k, v in result.weights_used().items())
    rows = []
    if result.synthetic:
        rows.append(("Data", SYNTHETIC_MARK))
    rows.append(("Survei", Path(result.survey.source).name or "data survei"))
    if result.year is not None:
        rows.append(("Tahun", str(result.year)))
    if result.subpopulation:
        rows.append(("Subpopulasi", result.subpopulation))
    rows.append(("Metode selang kepercayaan", result.ci_method))
    rows.append(("Bobot dimensi yang dipakai", weights + (f". {cb.weights_note}"
                                                           if cb.weights_note else "")))
    rows.append(("Kelompok kecil", f"Kelompok dengan n kurang dari {result.min_n} ditandai "
                 "'n kecil'; kelompok yang galat bakunya tidak dapat diestimasi ditandai dan "
                 "tidak diberi selang kepercayaan."))
    rows += [("Catatan", note) for note in result.notes]
    return rows


def sheet_name(text: str, taken: set[str]) -> str:
    """A valid, unique Excel sheet name (at most 31 characters, no []:*?/\\)."""
    base = _SHEET_BAD.sub(" ", text).strip()[:31] or "Lembar"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def _write_sheet(wb, title: str, heading: str, table: pd.DataFrame, result: IksResult,
                 taken: set[str], extra: Sequence[str] = ()) -> None:
    from openpyxl.styles import Font

    ws = wb.create_sheet(sheet_name(title, taken))
    row = 1
    if result.synthetic:
        ws.cell(row, 1, SYNTHETIC_MARK).font = Font(bold=True, color="C00000")
        row += 1
    ws.cell(row, 1, _cell(heading)).font = Font(bold=True)
    row += 1
    if result.subpopulation:
        ws.cell(row, 1, _cell(f"Subpopulasi: {result.subpopulation}"))
        row += 1
    row += 1
    frame = estimates_frame(table, result.synthetic)
    for j, name in enumerate(frame.columns, 1):
        ws.cell(row, j, _cell(name)).font = Font(bold=True)
    for values in frame.itertuples(index=False):
        row += 1
        for j, value in enumerate(values, 1):
            ws.cell(row, j, _cell(value))
    row += 2
    for line in [*extra, f"Metode: {result.ci_method}"]:
        ws.cell(row, 1, _cell(line))
        row += 1
    ws.freeze_panes = None


def write_excel(result: IksResult, path: Path, by: Sequence[str] | None = None,
                crosstabs: Sequence[tuple[str, str]] = (),
                levels: str | Sequence[str] = ("komposit",)) -> Path:
    """See :meth:`lkjip_nb.iks.analysis.IksResult.to_excel`."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from lkjip_nb.iks.analysis import flag_notes

    keys = [d.key for d in result.codebook.domains if d.breakdown] if by is None else list(by)
    tables = [(key, result.breakdown(key, levels)) for key in keys]  # errors before writing
    crossed = [result.crosstab(r, c) for r, c in crosstabs]
    wb = Workbook()
    taken: set[str] = set()
    wb.remove(wb.active)
    year = f" {result.year}" if result.year is not None else ""
    weights = ", ".join(f"{k} = {v:g}" for k, v in result.weights_used().items())
    _write_sheet(wb, "Ringkasan", f"{result.codebook.name}{year}", result.overall, result,
                 taken, [f"Bobot dimensi: {weights}."])
    for key, table in tables:
        label = result.codebook.domain(key).label
        _write_sheet(wb, f"Rincian {label}", f"IKS menurut {label.lower()}{year}", table,
                     result, taken, flag_notes(table))
    for table in crossed:
        title = f"{table.attrs['rows']} × {table.attrs['cols']}"
        _write_sheet(wb, title, f"{table.attrs['index']} menurut {title.lower()}{year}", table,
                     result, taken, flag_notes(table))
    ws = wb.create_sheet(sheet_name("Catatan", taken))
    ws.cell(1, 1, "Keterangan").font = Font(bold=True)
    ws.cell(1, 2, "Isi").font = Font(bold=True)
    for i, (label, text) in enumerate(method_lines(result), 2):
        ws.cell(i, 1, _cell(label))
        ws.cell(i, 2, _cell(text))
        if label == "Data":
            ws.cell(i, 2).font = Font(bold=True, color="C00000")
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 120
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
