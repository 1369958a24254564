"""``lkjip export``: every computed table of a year's report in one formatted workbook.

First sheet: provenance (agency, year, data files and their sha256, package version, date).
Then one sheet per table (title, header, rows, bold totals, the ``Sumber:`` line beneath, frozen
header, Rupiah and percent formats on numbers that stay numbers), and the audit's findings last.
Every sheet of a synthetic dataset says DATA SINTETIS. No cell holds a formula: text that a
spreadsheet would run (= + - @, tab, carriage return first) is neutralised.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from lkjip_nb import __version__
from lkjip_nb.audit import SEVERITY_LABELS, Finding, audit
from lkjip_nb.data.loader import Dataset
from lkjip_nb.excel.report_tables import OutCol, ReportTable, clean, report_tables
from lkjip_nb.excel.styles import (
    BOLD,
    HEADER_FONT,
    OPTIONAL_FILL,
    SYNTHETIC_FONT,
    TITLE_FONT,
    WRAP,
    put,
    save,
    widths,
)
from lkjip_nb.rounding import RoundingPolicy, kind_label

PROVENANCE = "Keterangan"
FINDINGS = "Temuan audit"
SYNTHETIC = "DATA SINTETIS — semua nama dan angka rekaan, bukan data resmi"
MONEY_FORMAT = "#,##0"
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
_BAD_SHEET_CHARS = str.maketrans({c: " " for c in "[]:*?/\\"})


def percent_format(decimals: int | None) -> str:
    """Percent figures are stored as percent numbers (98.3), shown with a '%' sign."""
    places = 2 if decimals is None else decimals
    return ("0." + "0" * places if places else "0") + '" %"'


def _number_format(col: OutCol) -> str:
    if col.kind == "money":
        return MONEY_FORMAT
    if col.kind == "percent":
        return percent_format(col.decimals)
    if col.kind in ("int", "year"):
        return "0"
    return "General"


def _sheet_name(name: str, taken: set[str]) -> str:
    base = name.translate(_BAD_SHEET_CHARS).strip()[:31] or "Tabel"
    candidate, n = base, 2
    while candidate.lower() in taken:
        candidate = f"{base[:28]} {n}"
        n += 1
    taken.add(candidate.lower())
    return candidate


def _banner(ws: Any, row: int, synthetic: bool, width: int) -> int:
    """The DATA SINTETIS line of a sheet built from synthetic data; the next free row."""
    if not synthetic:
        return row
    put(ws.cell(row=row, column=1), SYNTHETIC).font = SYNTHETIC_FONT
    ws.sheet_properties.tabColor = "C00000"
    ws.oddHeader.center.text = "DATA SINTETIS"
    return row + 1


def _value(value: Any, col: OutCol) -> Any:
    value = clean(value)
    if value is None:
        return None
    if col.kind in ("money", "int", "year") and isinstance(value, float) and value.is_integer():
        return int(value)
    if col.kind == "text" and not isinstance(value, str):
        return str(value)
    return value


def _table_sheet(wb: Workbook, table: ReportTable, name: str, synthetic: bool) -> None:
    ws = wb.create_sheet(name)
    width = len(table.columns)
    put(ws.cell(row=1, column=1), table.title, safe=True).font = TITLE_FONT
    row = _banner(ws, 2, synthetic, width)
    head = row
    wanted: dict[int, int] = {}
    for i, col in enumerate(table.columns, start=1):
        cell = put(ws.cell(row=head, column=i), col.header, safe=True)
        cell.font = HEADER_FONT
        cell.fill = OPTIONAL_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        wanted[i] = min(len(col.header), 30)
    for values, total in [*((r, False) for r in table.rows), *((r, True) for r in table.totals)]:
        row += 1
        for i, col in enumerate(table.columns, start=1):
            cell = put(ws.cell(row=row, column=i), _value(values.get(col.name), col), safe=True)
            cell.number_format = _number_format(col)
            if total:
                cell.font = BOLD
                cell.fill = TOTAL_FILL
            shown = cell.value
            wanted[i] = max(wanted[i], min(len(f"{shown:,}" if isinstance(shown, int) else
                                               str(shown if shown is not None else "")), 60))
            if col.kind == "text":
                cell.alignment = WRAP
    row += 2
    put(ws.cell(row=row, column=1), f"Sumber: {table.source}", safe=True).font = \
        Font(italic=True)
    for note in table.notes:
        row += 1
        put(ws.cell(row=row, column=1), f"Catatan: {note}", safe=True).font = Font(italic=True)
    widths(ws, wanted)
    ws.freeze_panes = ws.cell(row=head + 1, column=1).coordinate
    ws.print_title_rows = f"{head}:{head}"


def _provenance(ws: Any, dataset: Dataset, year: int, policy: RoundingPolicy,
                index: Sequence[tuple[str, str]], notes: Sequence[str],
                now: dt.datetime) -> None:
    ws.title = PROVENANCE
    put(ws.cell(row=1, column=1), f"Tabel LKJIP {dataset.name} Tahun {year}",
        safe=True).font = TITLE_FONT
    row = _banner(ws, 2, dataset.synthetic, 2)
    facts = [
        ("Perangkat daerah", dataset.name), ("Dataset", dataset.opd), ("Tahun laporan", year),
        ("Dibuat", now.isoformat(timespec="seconds")), ("Versi lkjip_nb", __version__),
        ("Data sintetis", "ya" if dataset.synthetic else "tidak"),
        ("Angka", "hasil hitung dari data (bukan salinan laporan tercetak); persentase "
                  "dibulatkan menurut aturan pembulatan di bawah; Rupiah bulat"),
    ]
    facts += [(f"Pembulatan {kind_label(kind)}", rule)
              for kind, rule in policy.describe().items()]
    row += 1
    for label, value in facts:
        put(ws.cell(row=row, column=1), label, safe=True).font = BOLD
        put(ws.cell(row=row, column=2), value, safe=True).alignment = WRAP
        row += 1
    row += 1
    put(ws.cell(row=row, column=1), "Berkas data", safe=True).font = TITLE_FONT
    put(ws.cell(row=row, column=2), "sha256", safe=True).font = BOLD
    for file, digest in sorted(dataset.files.items()):
        row += 1
        put(ws.cell(row=row, column=1), file, safe=True)
        put(ws.cell(row=row, column=2), digest, safe=True)
    row += 2
    put(ws.cell(row=row, column=1), "Lembar", safe=True).font = TITLE_FONT
    for sheet, title in index:
        row += 1
        put(ws.cell(row=row, column=1), sheet, safe=True).font = BOLD
        put(ws.cell(row=row, column=2), title, safe=True)
    for note in notes:
        row += 1
        put(ws.cell(row=row, column=1), "Tidak dihitung", safe=True).font = BOLD
        put(ws.cell(row=row, column=2), note, safe=True)
    widths(ws, {1: 30, 2: 90}, most=90)


FINDING_COLUMNS = (
    ("severity", "Tingkat"), ("chapter", "Bab"), ("subject", "Subjek"),
    ("reported", "Tercetak"), ("recomputed", "Hitung ulang"), ("difference", "Selisih"),
    ("cause", "Penyebab"), ("suggestion", "Saran"), ("tables", "Tabel data"),
    ("rows", "Baris data"), ("check", "Pemeriksaan"), ("id", "Kode temuan"),
)


def _finding_value(key: str, data: dict[str, Any]) -> Any:
    value = data.get(key)
    if key == "severity":
        return SEVERITY_LABELS.get(value, value)
    if key == "tables":
        return ", ".join(map(str, value or []))
    if key == "rows":
        return "; ".join(json.dumps(r, ensure_ascii=False, sort_keys=True) for r in value or [])
    return value


def _findings_sheet(wb: Workbook, findings: Sequence[Finding], year: int,
                    synthetic: bool) -> None:
    ws = wb.create_sheet(FINDINGS)
    put(ws.cell(row=1, column=1), f"Temuan audit angka laporan tahun {year}",
        safe=True).font = TITLE_FONT
    head = _banner(ws, 2, synthetic, len(FINDING_COLUMNS))
    for i, (_, title) in enumerate(FINDING_COLUMNS, start=1):
        cell = put(ws.cell(row=head, column=i), title, safe=True)
        cell.font = HEADER_FONT
        cell.fill = OPTIONAL_FILL
    for r, finding in enumerate(findings, start=head + 1):
        data = finding.to_dict()
        for i, (key, _) in enumerate(FINDING_COLUMNS, start=1):
            cell = put(ws.cell(row=r, column=i), _finding_value(key, data), safe=True)
            if key in ("cause", "suggestion", "subject", "rows"):
                cell.alignment = WRAP
    if not findings:
        put(ws.cell(row=head + 1, column=1), "Tidak ada temuan.", safe=True)
    widths(ws, {1: 12, 2: 14, 3: 30, 4: 14, 5: 14, 6: 12, 7: 60, 8: 60, 9: 20, 10: 40,
                11: 20, 12: 30}, most=60)
    ws.freeze_panes = ws.cell(row=head + 1, column=1).coordinate
    ws.auto_filter.ref = f"A{head}:{get_column_letter(len(FINDING_COLUMNS))}{head}"


def build_export(dataset: Dataset, year: int, policy: RoundingPolicy | None = None,
                 now: dt.datetime | None = None) -> Workbook:
    """The workbook of ``dataset``'s tables for ``year`` (a year it reports on)."""
    dataset.for_year(year)  # a year the dataset does not report on stops here
    policy = policy if policy is not None else dataset.rounding()
    tables, notes = report_tables(dataset, year, policy)
    findings = audit(dataset, year, policy=policy)
    wb = Workbook()
    taken = {PROVENANCE.lower(), FINDINGS.lower()}
    names = [_sheet_name(t.sheet, taken) for t in tables]
    _provenance(wb.active, dataset, year, policy,
                [*zip(names, (t.title for t in tables), strict=True),
                 (FINDINGS, "temuan audit: angka tercetak dibandingkan hasil hitung")],
                notes, now or dt.datetime.now().astimezone())
    for table, name in zip(tables, names, strict=True):
        _table_sheet(wb, table, name, dataset.synthetic)
    _findings_sheet(wb, findings, year, dataset.synthetic)
    return wb


def export_workbook(dataset: Dataset, year: int, out: str | Path,
                    policy: RoundingPolicy | None = None) -> Path:
    """Write the export workbook of ``dataset`` and ``year`` to ``out`` (atomically)."""
    return save(build_export(dataset, year, policy), Path(out))
