"""The audit chapter: how many findings of each severity, then every finding grouped by the
chapter and table it concerns, with the printed and recomputed figures side by side.

The findings come from :mod:`lkjip_nb.audit`; this module only shapes them for
:func:`lkjip_nb.present.show_table`. The other chapters take every mark and every "printed
differs" sentence from here: :func:`findings` (computed once per dataset), :func:`mark` and
:func:`on_cells` (the findings on a printed cell), :func:`beside` (a figure with the printed one
beside it, ⚠ for an error only) and :func:`sentences` (:func:`note`: a finding's cause naming a
table the document shows by the document's own reference).

A finding names a table of the agency's printed report as such ("Tabel 3.6 laporan tercetak");
this chapter, a reviewer's document about that report, shows the findings as they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from markupsafe import Markup

from lkjip_nb import registry
from lkjip_nb.audit import (
    CHAPTERS,
    SEVERITIES,
    SEVERITY_LABELS,
    Finding,
    audit,
    counts,
    select,
)
from lkjip_nb.audit.export import check_label, figures
from lkjip_nb.audit.reported import place
from lkjip_nb.data.schemas import TABLES
from lkjip_nb.present import DIFF_MARK, Col, ref

#: What each severity means, for readers.
MEANINGS = {
    "error": "angka tercetak bertentangan dengan data dan tidak dijelaskan oleh pembulatan",
    "warning": "ketidakcocokan yang tidak dapat dipastikan dari data, atau unsur penting "
               "yang tidak ada",
    "info": "perbedaan karena cara pembulatan atau rata-rata, dan unsur pelengkap yang "
            "tidak ada",
}
#: Columns of a findings table.
COLUMNS = [Col("no", "No"), Col("tingkat", "Tingkat"), Col("angka", "Angka yang diperiksa"),
           Col("tercetak", "Tercetak", True), Col("hitung", "Hitung ulang", True),
           Col("selisih", "Selisih", True), Col("sebab", "Sebab"), Col("saran", "Saran"),
           Col("letak", "Letak data")]
SUMMARY_COLUMNS = [Col("tingkat", "Tingkat"), Col("jumlah", "Jumlah temuan", True),
                   Col("arti", "Artinya")]
#: Group titles of rows that are not a dataset table.
OTHER_TABLES = {"profile.yaml": "profil OPD"}
#: Group titles of dataset tables whose schema description cites table numbers of a printed
#: report (a group title names the data, never a table number).
DATA_TITLES = {"programs": "program", "kegiatan": "kegiatan", "sub_kegiatan": "sub kegiatan",
               "allocation_sasaran": "alokasi anggaran per sasaran sebagaimana dicetak"}
#: Table numbers a description cites in brackets ('Sub kegiatan (Tabel 3.7-3.10)'), and any
#: left (a description that still names one is replaced by the table's name).
_CITED = re.compile(r"\s*\(Tabel \d[^)]*\)")
_NUMBERED = re.compile(r"\bTabel \d")
#: Checks whose findings are grouped by the check rather than by a table.
CHECK_GROUPS = {"completeness": "kelengkapan unsur Bab III per indikator",
                "unchecked": "angka tercetak yang tidak dapat dikaitkan dengan data"}


#: Findings already computed: (dataset, year, policy, findings), newest last. A notebook's
#: chapters all ask for the findings of one dataset object; a few are kept for tests.
_COMPUTED: list[tuple[object, int, object, list[Finding]]] = []
_KEEP = 4


def findings(ctx) -> list[Finding]:
    """Every finding of the context's agency and year, by the run's rounding policy; computed
    once per dataset (the same object), year and policy, then shared by every caller."""
    for dataset, year, policy, found in _COMPUTED:
        if dataset is ctx.dataset and year == ctx.year and policy == ctx.policy:
            return list(found)
    found = audit(ctx.dataset, ctx.year, policy=ctx.policy)
    _COMPUTED.append((ctx.dataset, ctx.year, ctx.policy, found))
    del _COMPUTED[:-_KEEP]
    return list(found)


def summary(found: Sequence[Finding]) -> pd.DataFrame:
    """One row per severity: how many findings and what the severity means."""
    c = counts(found)
    return pd.DataFrame([{"tingkat": SEVERITY_LABELS[s], "jumlah": str(c[s]),
                          "arti": MEANINGS[s]} for s in SEVERITIES])


def summary_sentence(ctx, found: Sequence[Finding]) -> str:
    c = counts(found)
    if not found:
        return (f"Semua angka tercetak laporan tahun {ctx.year} yang tercatat dalam data sama "
                "dengan hasil hitung ulang; tidak ada temuan.")
    text = (f"Pemeriksaan menemukan {c['error']} kesalahan, {c['warning']} peringatan dan "
            f"{c['info']} catatan pada laporan tahun {ctx.year}.")
    if c["error"]:
        text += (" Kesalahan adalah angka yang perlu diperbaiki sebelum laporan diterbitkan "
                 "atau dijelaskan kepada evaluator.")
    else:
        text += " Tidak ada angka tercetak yang bertentangan dengan data."
    return text


def chapter_title(chapter_id: str) -> str:
    """The title of a chapter from the registry ('Bab III.B Realisasi Anggaran')."""
    if not chapter_id:
        return "Angka lain"
    entry = registry.chapter(chapter_id, Path.cwd())
    title = getattr(entry, "display_title", None) or getattr(entry, "title", "")
    return title or chapter_id


def table_title(f: Finding) -> str:
    """Where a finding sits: the printed table ('Tabel 3.6 laporan tercetak') or the dataset
    table."""
    if f.check in CHECK_GROUPS:
        return CHECK_GROUPS[f.check]
    first = f.rows[0] if f.rows else {}
    table = str(first.get("table", ""))
    if table == "reported_totals" and first.get("report_table"):
        return place(str(first["report_table"]))
    if table in OTHER_TABLES:
        return OTHER_TABLES[table]
    if table in DATA_TITLES:
        return "data " + DATA_TITLES[table]
    if table in TABLES:
        words = _CITED.sub("", TABLES[table].description).strip()
        return "data " + (table.replace("_", " ") if _NUMBERED.search(words) else words)
    return table or "data lain"


def caption(title: str) -> str:
    """The caption of one findings table ('Temuan Audit pada Tabel 3.6 laporan tercetak')."""
    return f"Temuan Audit pada {title}"


def small(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell in a smaller font, so the wide findings tables fit an A4 page."""
    out = frame.copy()
    for column in out.columns:
        out[column] = [Markup('<span style="font-size:80%">{}</span>').format(v)
                       for v in out[column]]
    return out


def _ranges(lines: list[int]) -> str:
    """'2–9, 12' of sorted line numbers."""
    out: list[str] = []
    start = prev = None
    for n in sorted(set(lines)):
        if prev is not None and n == prev + 1:
            prev = n
            continue
        if start is not None:
            out.append(str(start) if start == prev else f"{start}–{prev}")
        start = prev = n
    if start is not None:
        out.append(str(start) if start == prev else f"{start}–{prev}")
    return ", ".join(out)


def location(f: Finding) -> str:
    """'sub_kegiatan.csv baris 25; ormas_terdaftar.csv baris 2–9' for whoever corrects the
    data."""
    files: dict[str, list[int]] = {}
    for r in f.rows:
        table = str(r.get("table", ""))
        name = table if table.endswith(".yaml") else f"{table}.csv"
        files.setdefault(name, [])
        if r.get("line"):
            files[name].append(int(r["line"]))
    return "; ".join(f"{name} baris {_ranges(lines)}" if lines else name
                     for name, lines in files.items())


def severity_cell(f: Finding) -> str:
    label = SEVERITY_LABELS[f.severity]
    return f"{DIFF_MARK} {label}" if f.severity == "error" else label


def frame(found: Sequence[Finding], start: int = 1) -> pd.DataFrame:
    """Display rows of some findings: figures side by side, cause, suggestion, data location."""
    rows = []
    for i, f in enumerate(found, start=start):
        rep, rec, diff = figures(f)
        rows.append({"no": str(i), "tingkat": severity_cell(f),
                     "angka": f"{check_label(f.check)}: {f.subject}", "tercetak": rep,
                     "hitung": rec, "selisih": diff, "sebab": f.cause, "saran": f.suggestion,
                     "letak": location(f)})
    return pd.DataFrame(rows, columns=[c.key for c in COLUMNS])


@dataclass
class TableGroup:
    title: str
    findings: list[Finding]
    frame: pd.DataFrame


@dataclass
class ChapterGroup:
    chapter: str
    title: str
    tables: list[TableGroup]


def groups(found: Sequence[Finding]) -> list[ChapterGroup]:
    """Findings by chapter (report order), then by table; numbered through."""
    order = [*CHAPTERS, *sorted({f.chapter for f in found} - set(CHAPTERS))]
    out = []
    n = 1
    for chapter_id in order:
        mine = [f for f in found if f.chapter == chapter_id]
        if not mine:
            continue
        tables: dict[str, list[Finding]] = {}
        for f in mine:
            tables.setdefault(table_title(f), []).append(f)
        items = []
        for title, items_found in tables.items():
            items.append(TableGroup(caption(title), items_found,
                                    small(frame(items_found, n))))
            n += len(items_found)
        out.append(ChapterGroup(chapter_id, chapter_title(chapter_id), items))
    return out


def key_figures(found: Sequence[Finding]) -> dict[str, int]:
    """Counts recorded for the index and tests."""
    c = counts(found)
    return {"audit_kesalahan": c["error"], "audit_peringatan": c["warning"],
            "audit_catatan": c["info"]}


# --------------------------------------------------------------------------- for other chapters

def for_chapter(ctx, chapter_id: str | None = None) -> list[Finding]:
    """The findings a chapter shows (its own by default: ``ctx.chapter``)."""
    return select(findings(ctx), chapter=chapter_id or ctx.chapter)


def note(f: Finding) -> Markup:
    """The cause of ``f`` for a chapter (escaped HTML): every table it names that a document
    may show (:attr:`Finding.mentions`) as a reference (:func:`lkjip_nb.present.ref`), so the
    renderer writes the document's own number, or words where the document does not show the
    table; tables of the printed report stay named as such."""
    text = Markup.escape(f.cause)
    for m in f.mentions:
        shown = (Markup("{}{}").format(m.lead, ref(m.key, aside=True)) if m.lead
                 else ref(m.key))
        text = Markup(str(text).replace(str(Markup.escape(m.text)), str(shown)))
    return text


def sentences(found: Sequence[Finding]) -> list[Markup]:
    """One sentence per finding (:func:`note`), errors marked, for a chapter's narrative."""
    return [Markup(f"{DIFF_MARK} " if f.severity == "error" else "") + note(f) for f in found]


def _on(row: Mapping[str, Any], table: str, columns: Collection[str] | None,
        keys: Mapping[str, object]) -> bool:
    return (row.get("table") == table and (columns is None or row.get("column") in columns)
            and all(row.get(k) == v for k, v in keys.items()))


def on_cells(found: Iterable[Finding], table: str, columns: Collection[str] | None = None,
             **keys: object) -> list[Finding]:
    """The findings on cells of one table: a row with the key columns ``keys`` and, when
    given, one of ``columns`` (the same row both)."""
    return [f for f in found if any(_on(r, table, columns, keys) for r in f.rows)]


def mark(found: Sequence[Finding], table: str, column: str, **keys: object) -> Finding | None:
    """The finding on one printed cell (row by its key columns, e.g. ``code=``), for a ⚠ mark
    beside the figure; None when the cell agrees with the data."""
    hits = on_cells(found, table, (column,), **keys)
    return hits[0] if hits else None


def worst(*found: Finding | None) -> Finding | None:
    """The most serious of some findings (None when there is none)."""
    present = [f for f in found if f is not None]
    return min(present, key=lambda f: SEVERITIES.index(f.severity)) if present else None


def unique(*groups: Iterable[Finding]) -> list[Finding]:
    """The findings of several selections, each once, in the order first met."""
    seen: dict[str, Finding] = {}
    for group in groups:
        for f in group:
            seen.setdefault(f.id, f)
    return list(seen.values())


def beside(shown: str, f: Finding | None, fmt: Callable[[Any], str] = str, *,
           printed: str | None = None, what: str = "tercetak") -> Markup | str:
    """A computed figure with the printed one the finding ``f`` names beside it: marked ⚠ when
    the audit calls it an error, in brackets when a warning or a note (a rounding convention,
    a plain mean). ``printed`` is the printed text (default: ``fmt`` of ``f.reported``);
    nothing is added without a finding or when the print reads as the figure shown."""
    if f is None:
        return shown
    if printed is None:
        printed = fmt(f.reported)
    if printed == str(shown):
        return shown
    title = f"{SEVERITY_LABELS[f.severity]}: {f.cause}"
    if f.severity == "error":
        return Markup('{c} <span class="lkjip-diff" title="{t}">{m}&#160;{w} {r}</span>').format(
            c=shown, t=title, m=DIFF_MARK, w=what, r=printed)
    return Markup('{c} <span class="lkjip-note" title="{t}">({w} {r})</span>').format(
        c=shown, t=title, w=what, r=printed)


def flag(f: Finding | None) -> str:
    """' ⚠' after a figure the audit calls an error; '' otherwise."""
    return f" {DIFF_MARK}" if f is not None and f.severity == "error" else ""
