"""The "Catatan teknis" appendix: what a reader of the figures may need to check them, kept out
of the reader's path and put at the end of every document (after the Lampiran).

It holds the display rounding in words (each kind of figure and its rule, the run's overrides
marked), the capaian formulas by the direction of the indicators, and the document's
provenance: one table for the whole document (agency, parameters, data hash, versions) with a
row per chapter only where the chapters differ, and one per chapter for its notebook.

The appendix is built as markdown cells appended to the notebook before the preprocessors run,
so its headings are in the table of contents like any other. What it says of the figures comes
from each chapter's recorded conventions (:data:`lkjip_nb.present.CONVENTIONS`, recorded by
:func:`lkjip_nb.present.header`); what it says of the document from the provenance the runner
gives (:class:`lkjip_nb.render.html.ReportInfo`). Every value is escaped here.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from nbformat import NotebookNode
from nbformat.v4 import new_markdown_cell

from lkjip_nb import registry
from lkjip_nb.chapters.common import FORMULA
from lkjip_nb.present import CONVENTIONS
from lkjip_nb.record import MIME_TYPE
from lkjip_nb.render.text import format_datetime, libraries_text, parameters_text
from lkjip_nb.rounding import KIND_LABELS, RoundingPolicy, Rule, kind_label

#: The appendix's heading (level 1: the table of contents lists it beside the Bab).
TITLE = "Catatan teknis"
#: The number a rounding example shows, and with how many decimals.
EXAMPLE, EXAMPLE_DECIMALS = Decimal("12.345"), 2
#: Indicator directions in words.
DIRECTIONS = {"higher": "makin tinggi makin baik", "lower": "makin rendah makin baik"}
_LETTERS = "ABCDEFGH"


def _e(value: object) -> str:
    """``value`` escaped for HTML inside markdown: no line breaks (they would end the HTML
    block), no ``$`` (the markdown filter would read math)."""
    text = html.escape(" ".join(str(value).split()))
    return text.replace("$", "&#36;")


def _table(rows: Iterable[Sequence[str]], head: Sequence[str] = ()) -> str:
    """An HTML table of already escaped cells; with ``head``, a header row, else the first
    cell of each row is its header. A row of one cell is a sub-heading."""
    parts = ['<table class="lkjip-technical-table">']
    if head:
        parts.append("<thead><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr></thead>")
    parts.append("<tbody>")
    width = len(head) or 2
    for row in rows:
        if len(row) == 1:  # a sub-heading over the rows after it
            parts.append(f'<tr class="lkjip-technical-sub"><th colspan="{width}">{row[0]}</th>'
                         "</tr>")
            continue
        first = "td" if head else "th"
        cells = f"<{first}>{row[0]}</{first}>" + "".join(f"<td>{c}</td>" for c in row[1:])
        parts.append(f"<tr>{cells}</tr>")
    parts.append("</tbody></table>")
    return "\n".join(parts)


def _block(*parts: str) -> str:
    """HTML parts as one block of the appendix (one markdown HTML block: no blank line)."""
    return '<div class="lkjip-technical">\n' + "\n".join(parts) + "\n</div>"


# --- what the chapters recorded ----------------------------------------------------------------

def _order(cell: NotebookNode) -> int:
    try:
        return int(cell.metadata.get("lkjip_chapter", {}).get("order", 0))
    except (TypeError, ValueError):
        return 0


def recorded_conventions(nb: NotebookNode) -> dict[int, dict[str, Any]]:
    """Each chapter's recorded conventions by its place in the document (the last recorded)."""
    found: dict[int, dict[str, Any]] = {}
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        for output in cell.get("outputs", []):
            payload = output.get("data", {}).get(MIME_TYPE)
            if isinstance(payload, str):
                payload = json.loads(payload)
            if isinstance(payload, Mapping) and payload.get("name") == CONVENTIONS \
                    and isinstance(payload.get("value"), Mapping):
                found[_order(cell)] = dict(payload["value"])
    return found


def _groups(items: Mapping[int, dict[str, Any]]) -> list[tuple[list[str], dict[str, Any]]]:
    """Chapters with the same conventions together: (their titles, the conventions)."""
    groups: list[tuple[list[str], dict[str, Any]]] = []
    for _, item in sorted(items.items()):
        body = {k: v for k, v in item.items() if k != "chapter"}
        for titles, seen in groups:
            if seen == body:
                titles.append(str(item.get("chapter", "")))
                break
        else:
            groups.append(([str(item.get("chapter", ""))], body))
    return groups


# --- A. display rounding -------------------------------------------------------------------

def _policy(item: Mapping[str, Any]) -> RoundingPolicy:
    config = dict(item.get("rounding") or {})
    if item.get("default"):
        config["default"] = item["default"]
    return RoundingPolicy.from_config(config)


def _number(value: Decimal) -> str:
    return str(value).replace(".", ",")


def _kinds_in_order(described: Mapping[str, str]) -> list[str]:
    """The kinds of a policy's description: those :data:`KIND_LABELS` knows in its order, then
    any other, the default ("(lainnya)") last."""
    known = [k for k in KIND_LABELS if k in described and k != "(lainnya)"]
    return known + sorted(k for k in described if k not in KIND_LABELS) + ["(lainnya)"]


def rounding_html(item: Mapping[str, Any]) -> str:
    """The rounding of one set of conventions: a table of each kind of figure and its rule
    (with the rules the run's parameters set marked as such), an example of each method."""
    policy = _policy(item)
    described = policy.describe()
    overridden = {"(lainnya)" if str(k) == "default" else str(k)
                  for k in item.get("overrides") or ()}
    rows = []
    for kind in _kinds_in_order(described):
        label = kind_label(kind)
        row = [_e(label[:1].upper() + label[1:]), _e(described[kind])]
        if overridden:
            row.append("parameter run" if kind in overridden else "data OPD")
        rows.append(row)
    head = ["Angka", "Aturan tampilan"] + (["Ditetapkan oleh"] if overridden else [])
    methods = sorted({r.method for r in policy.rules.values()} | {policy.default.method})
    examples = []
    for method in methods:
        rule = Rule(method, EXAMPLE_DECIMALS)
        name = RoundingPolicy(default=rule).describe()["(lainnya)"].split(",", 1)[0]
        examples.append(f"{name}: {_number(EXAMPLE)} menjadi {_number(rule.apply(EXAMPLE))}")
    parts = [_table(rows, head),
             f"<p>Contoh dengan {EXAMPLE_DECIMALS} desimal: " + _e("; ".join(examples)) + ".</p>"]
    if overridden:
        parts.append("<p>Aturan yang ditetapkan oleh parameter run menggantikan aturan dalam "
                     "data OPD untuk dokumen ini (parameter pembulatan; lihat bagian Asal-usul "
                     "dokumen).</p>")
    return "\n".join(parts)


def _exact_sentence(groups: Sequence[tuple[list[str], dict[str, Any]]]) -> str:
    shown = any(body.get("efficiency_capaian", "displayed") == "displayed"
                for _, body in groups)
    exception = (" Satu pengecualian: rumus efisiensi memakai capaian sebagaimana ditampilkan "
                 "(sesudah pembulatan), seperti laporan tercetak." if shown else "")
    return ("<p>Semua perhitungan memakai nilai eksak dari data; pembulatan hanya dilakukan "
            "saat angka ditampilkan, menurut aturan berikut. Jumlah, selisih dan persentase "
            f"dihitung dari nilai eksak, bukan dari angka yang telah dibulatkan.{exception}</p>")


def _applies_to(titles: Sequence[str], many: bool) -> str:
    return f"<p><strong>{_e('; '.join(titles))}</strong></p>" if many else ""


# --- B. capaian formulas -----------------------------------------------------------------

def capaian_html(item: Mapping[str, Any]) -> str | None:
    """The capaian formulas the indicators use, by direction, naming the indicators; None
    without indicators."""
    groups: dict[tuple[str, str], list[str]] = {}
    for iku in item.get("capaian") or ():
        key = (str(iku.get("direction", "higher")), str(iku.get("rule", "ratio")))
        groups.setdefault(key, []).append(str(iku.get("indikator", "")))
    if not groups:
        return None
    lines = []
    for (direction, rule), names in sorted(groups.items()):
        formula = FORMULA.get(rule, rule).format(t="target")
        lines.append(f"<li>Indikator {_e(DIRECTIONS.get(direction, direction))}: capaian = "
                     f"{_e(formula)} (%); berlaku untuk {_e('; '.join(names))}.</li>")
    return "\n".join([
        "<p>Capaian membandingkan realisasi dengan target tahun berjalan, menurut arah "
        "indikatornya:</p>", "<ul>", *lines, "</ul>",
        "<p>Tingkat kemajuan terhadap target akhir periode Renstra memakai rumus yang sama, "
        "dengan target akhir periode sebagai target.</p>"])


# --- C. provenance -----------------------------------------------------------------------

def _title(p: Mapping[str, Any], conventions: Mapping[int, Mapping[str, Any]]) -> str:
    entry = registry.chapter(str(p.get("chapter", ""))) if p.get("chapter") else None
    if entry is not None:
        return entry.display_title
    order = p.get("chapter_order")
    if isinstance(order, int) and order in conventions:
        return str(conventions[order].get("chapter", ""))
    return str(p.get("chapter", "-"))


#: A folder holding more files read than this is named with its count, not file by file.
FOLDER_LIST_LIMIT = 3


def files_text(inputs: Sequence[str], opd: str = "") -> str:
    """The files a notebook read, compactly: relative to the agency's folder, a folder with
    many of them as "narasi/2024/ (29 berkas)"."""
    prefix = f"{opd}/" if opd else ""
    names = [n[len(prefix):] if prefix and n.startswith(prefix) else n for n in map(str, inputs)]
    folders: dict[str, list[str]] = {}
    for name in names:
        folders.setdefault(name.rsplit("/", 1)[0] if "/" in name else "", []).append(name)
    parts = []
    for folder, files in folders.items():
        if folder and len(files) > FOLDER_LIST_LIMIT:
            parts.append(f"{folder}/ ({len(files)} berkas)")
        else:
            parts += files
    return ", ".join(parts)


def _data_text(p: Mapping[str, Any]) -> str:
    inputs = p.get("inputs") or []
    where = (f" dari {files_text(inputs, str(p.get('opd', '')))}" if inputs
             else " (semua berkas OPD)")
    return f"{p.get('data_sha256', '-')}{where}"


#: The facts of a chapter's provenance the whole document usually shares: label, text.
_SHARED = (
    ("OPD", lambda p: f"{p.get('agency', '-')} ({p.get('opd', '-')})"),
    ("Tahun", lambda p: str(p.get("year", "-"))),
    ("Parameter", lambda p: parameters_text(p.get("parameters", {}))),
    ("Hash data (sha256)", _data_text),
    ("Versi lkjip_nb / commit", lambda p: f"{p.get('lkjip_nb', '-')} / {p.get('git_commit', '-')}"),
    ("Pustaka", lambda p: libraries_text(p.get("libraries", {}))),
)


def provenance_rows(provenance: Sequence[Mapping[str, Any]],
                    conventions: Mapping[int, Mapping[str, Any]]) -> list[tuple[str, ...]]:
    """Rows of the provenance table, unescaped: each fact shared by every chapter once (else
    once per chapter, "Parameter — Bab II ..."), then under the sub-heading "Notebook" one row
    per chapter (file, sha256, time of execution)."""
    titles = [_title(p, conventions) for p in provenance]
    rows: list[tuple[str, ...]] = []
    for label, text_of in _SHARED:
        texts = [text_of(p) for p in provenance]
        if len(set(texts)) == 1:
            rows.append((label, texts[0]))
        else:
            rows += [(f"{label} — {title}", text) for title, text in zip(titles, texts,
                                                                        strict=True)]
    if provenance:
        rows.append(("Notebook yang dieksekusi (berkas, sha256, waktu)",))
    for title, p in zip(titles, provenance, strict=True):
        sha = str(p.get("notebook_sha256", "-"))[:12]
        rows.append((title, f"{p.get('notebook', '-')}, sha256 {sha}, "
                            f"{format_datetime(str(p.get('executed_at', '')))}"))
    return rows


def _synthetic(groups: Sequence[tuple[list[str], dict[str, Any]]]) -> bool:
    return any(body.get("synthetic") for _, body in groups)


def provenance_html(provenance: Sequence[Mapping[str, Any]],
                    conventions: Mapping[int, Mapping[str, Any]], generated: str,
                    synthetic: bool) -> str:
    """The provenance part: one table (:func:`provenance_rows`), the data marked synthetic
    where they are, and when the document was made."""
    rows = [tuple(_e(c) for c in row) for row in provenance_rows(provenance, conventions)]
    if synthetic:
        rows.insert(0, ("Data", "sintetis: nama dan angka rekaan untuk pengujian, bukan "
                                "laporan resmi"))
    parts = [_table(rows)] if rows else []
    parts.append(f"<p>Dokumen dibuat {_e(generated)} dari notebook yang telah dieksekusi; angka "
                 "di dalamnya tidak dihitung ulang saat dibaca.</p>")
    return "\n".join(parts)


# --- the appendix ----------------------------------------------------------------------------

def appendix_cells(nb: NotebookNode, provenance: Sequence[Mapping[str, Any]],
                   generated: str) -> list[NotebookNode]:
    """The markdown cells of the appendix of ``nb`` (to be appended to it): a page break, the
    heading, then rounding, capaian formulas (where the chapters recorded them) and
    provenance. ``generated`` is the document's time of making, in words."""
    conventions = recorded_conventions(nb)
    groups = _groups(conventions)
    many = len(groups) > 1
    sections: list[tuple[str, str]] = []
    if groups:
        sections.append(("Pembulatan tampilan", _block(_exact_sentence(groups), *(
            _applies_to(titles, many) + rounding_html(body) for titles, body in groups))))
        formulas = [(titles, capaian_html(body)) for titles, body in groups]
        formulas = [(titles, text) for titles, text in formulas if text]
        if formulas:
            sections.append(("Rumus capaian", _block(*(
                _applies_to(titles, many) + text for titles, text in formulas))))
    sections.append(("Asal-usul dokumen", _block(provenance_html(
        provenance, conventions, generated, _synthetic(groups)))))
    order = max((_order(c) for c in nb.cells), default=0) + 1
    # a new page, by the marker the chapters of the combined report start with (report.css)
    cells = [new_markdown_cell('<div class="lkjip-chapter-break"></div>'),
             new_markdown_cell(f"# {TITLE}\n\nBagian ini mencatat cara angka laporan "
                               "ditampilkan dan dihitung, serta asal-usul dokumen: data, "
                               "parameter dan perangkat lunak yang menghasilkannya.")]
    cells += [new_markdown_cell(f"## {_LETTERS[i]}. {heading}\n\n{body}")
              for i, (heading, body) in enumerate(sections)]
    for cell in cells:
        cell.metadata["lkjip_chapter"] = {"number": "", "order": order}
    return cells
