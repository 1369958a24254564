"""Findings as JSON, CSV (safe to open in a spreadsheet) or a plain-text table."""

from __future__ import annotations

import csv
import io
import json
import textwrap
from collections.abc import Sequence

from lkjip_nb.audit.finding import KEYS, SEVERITY_LABELS, Finding, counts
from lkjip_nb.audit.numbers import decimals_of
from lkjip_nb.fmt import number

#: Reader-facing names of the checks.
CHECK_LABELS = {
    "realisation_pct": "Persentase realisasi anggaran",
    "sum": "Jumlah dan total",
    "narrative": "Angka dalam narasi",
    "cross_table": "Angka yang sama di tabel berbeda",
    "capaian": "Capaian kinerja",
    "progress": "Kemajuan terhadap target akhir Renstra",
    "grade": "Predikat dan nilai",
    "share": "Porsi anggaran",
    "absorption": "Penyerapan anggaran",
    "efficiency": "Tingkat efisiensi",
    "sasaran_capaian": "Capaian kinerja sasaran",
    "program_capaian": "Capaian outcome program",
    "party_grant": "Bantuan keuangan partai politik",
    "turnout": "Partisipasi pemilih",
    "average": "Rata-rata",
    "count": "Jumlah yang dinyatakan dan jumlah baris",
    "cumulative": "Total kumulatif dan rincian per tahun",
    "target_pk": "Target Perjanjian Kinerja dan Renstra",
    "formula": "Rumus IKU dan masukannya",
    "numbering": "Penomoran",
    "completeness": "Kelengkapan unsur Bab III",
    "unchecked": "Angka tercetak yang tidak diperiksa",
}
#: Characters that make a spreadsheet read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def check_label(check: str) -> str:
    return CHECK_LABELS.get(check, check)


def to_json(findings: Sequence[Finding]) -> str:
    """One JSON array of finding objects."""
    return json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=1)


def safe_cell(value: object) -> object:
    """A CSV cell: numbers as they are, text starting like a formula prefixed with "'"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(findings: Sequence[Finding]) -> str:
    """One row per finding, the keys of :data:`KEYS` as columns; tables joined by "; " and
    rows as JSON text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(KEYS)
    for f in findings:
        d = f.to_dict()
        d["tables"] = "; ".join(d["tables"])
        d["rows"] = json.dumps(d["rows"], ensure_ascii=False)
        writer.writerow([safe_cell(d[k]) for k in KEYS])
    return buffer.getvalue()


def figure(value: object, decimals: int | None = None) -> str:
    """A number the Indonesian way (66.347.193.865; 80,40); text as it is; '–' for none."""
    if value is None:
        return "–"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return number(value, decimals)


def figures(f: Finding) -> tuple[str, str, str]:
    """Printed, recomputed and difference of a finding, written with the same decimals."""
    values = [f.reported, f.recomputed, f.difference]
    numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    decimals = max((decimals_of(v) for v in numbers), default=0)
    rep, rec, diff = (figure(v, decimals if decimals else None) for v in values)
    if isinstance(f.difference, int | float) and f.difference > 0:
        diff = "+" + diff
    return rep, rec, diff


def summary_line(findings: Sequence[Finding]) -> str:
    c = counts(findings)
    return (f"{c['error']} kesalahan, {c['warning']} peringatan, {c['info']} catatan "
            f"({len(findings)} temuan).")


COLUMNS = (("No", 3), ("Tingkat", 10), ("Angka yang diperiksa", 30), ("Tercetak", 14),
           ("Hitung ulang", 14), ("Selisih", 12), ("Sebab dan saran", 50))


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""]


def to_table(findings: Sequence[Finding], title: str = "") -> str:
    """A plain-text table: one block of wrapped lines per finding."""
    lines = [title] if title else []
    lines.append(summary_line(findings))
    if not findings:
        return "\n".join(lines + ["Tidak ada temuan."])
    head = " | ".join(name.ljust(width) for name, width in COLUMNS)
    lines += ["", head, "-+-".join("-" * width for _, width in COLUMNS)]
    for i, f in enumerate(findings, start=1):
        cells = [str(i), SEVERITY_LABELS[f.severity], f"{check_label(f.check)}: {f.subject}",
                 *figures(f), f"{f.cause} Saran: {f.suggestion}"]
        wrapped = [_wrap(c, w) for c, (_, w) in zip(cells, COLUMNS, strict=True)]
        for n in range(max(len(w) for w in wrapped)):
            parts = [(w[n] if n < len(w) else "").ljust(width)
                     for w, (_, width) in zip(wrapped, COLUMNS, strict=True)]
            lines.append(" | ".join(parts).rstrip())
        lines.append("-+-".join("-" * width for _, width in COLUMNS))
    return "\n".join(lines)
