"""Show results in a notebook the way the report prints them: numbered captions, Sumber lines.

Tables are built as plain HTML (``<figure class="lkjip-table">`` with a ``<figcaption>``), so the
reader's HTML and PDF look the same as the notebook. Cells may carry markup made by
:func:`versus` (a computed figure beside a differing reported one); everything else is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd
from markupsafe import Markup, escape

from lkjip_nb.figure_image import figure_png, png_size

if TYPE_CHECKING:
    from matplotlib.figure import Figure

DIFF_MARK = "⚠"


@dataclass(frozen=True)
class Col:
    """A column to show: source key, header label, alignment."""

    key: str
    label: str
    numeric: bool = False


def versus(computed: str, reported: str | None, *, what: str = "tercetak") -> Markup | str:
    """``computed``; when the report printed something else, both, the reported one marked."""
    if reported is None or reported == "" or reported == computed:
        return computed
    return Markup('{c} <span class="lkjip-diff" title="Angka laporan berbeda dari hasil hitung">'
                  '{m}&#160;{w} {r}</span>').format(c=computed, m=DIFF_MARK, w=what, r=reported)


def _cell(value: object) -> str:
    if isinstance(value, Markup):
        return str(value)
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(escape(str(value)))


def _cls(col: Col) -> str:
    return "num" if col.numeric else "txt"


def _align(col: Col) -> str:
    """Inline alignment, so notebook, HTML and PDF agree whatever their stylesheet."""
    return "text-align:right;white-space:nowrap" if col.numeric else "text-align:left"


def caption(kind: str, number: str | None, title: str) -> str:
    label = f"{kind} {number} " if number else f"{kind} "
    return f"{label}{title}"


def table_html(frame: pd.DataFrame, columns: Sequence[Col], *, number: str | None, title: str,
               source: str | None = None, notes: Sequence[str] = (),
               row_class: str | None = None, header_rows: Sequence[str] = ()) -> str:
    """HTML of a captioned table; ``row_class`` names a column holding CSS classes per row."""
    anchor = f' id="tabel-{number}"' if number else ""
    head = "".join(f'<th class="{_cls(c)}" style="{_align(c)}">{escape(c.label)}</th>'
                   for c in columns)
    extra_head = "".join(str(h) for h in header_rows)
    body = []
    for _, row in frame.iterrows():
        cls = f' class="{escape(row[row_class])}"' if row_class and row.get(row_class) else ""
        cells = "".join(f'<td class="{_cls(c)}" style="{_align(c)}">{_cell(row.get(c.key))}</td>'
                        for c in columns)
        body.append(f"<tr{cls}>{cells}</tr>")
    parts = [
        f'<figure class="lkjip-table"{anchor}>',
        f"<figcaption>{escape(caption('Tabel', number, title))}</figcaption>",
        f'<table class="lkjip"><thead>{extra_head}<tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>",
    ]
    if source:
        parts.append(f'<p class="lkjip-source">Sumber: {escape(source)}</p>')
    parts += [f'<p class="lkjip-note">{_cell(n)}</p>' for n in notes]
    parts.append("</figure>")
    return "".join(parts)


def show_table(frame: pd.DataFrame, columns: Sequence[Col], **kwargs) -> None:
    """Display a captioned table (see :func:`table_html`)."""
    from IPython.display import HTML, display

    display(HTML(table_html(frame, columns, **kwargs)))


def show_figure(fig: Figure, *, number: str | None, title: str, source: str | None = None,
                note: str | None = None) -> None:
    """Display a matplotlib figure with its caption ("Gambar 3.1 ...") and Sumber line.

    The figure is shown as a PNG (:func:`figure_png`) carrying its pixel size, then closed.
    """
    import matplotlib.pyplot as plt
    from IPython.display import HTML, Image, display

    if fig.axes or fig.lines:  # IPython shows nothing for an empty figure either
        png = figure_png(fig)
        width, height = png_size(png)
        display(Image(data=png, format="png", width=width, height=height,
                      alt=caption("Gambar", number, title)))
    plt.close(fig)
    html = f'<p class="lkjip-figcaption">{escape(caption("Gambar", number, title))}</p>'
    if source:
        html += f'<p class="lkjip-source">Sumber: {escape(source)}</p>'
    if note:
        html += f'<p class="lkjip-note">{escape(note)}</p>'
    display(HTML(html))


def say(markdown: str) -> None:
    """Display generated narrative (Markdown)."""
    from IPython.display import Markdown, display

    display(Markdown(markdown))


def missing(what: str, year: int) -> None:
    """Say which data a section lacks for the year, instead of failing."""
    say(f"> **Data tidak tersedia.** {what} untuk tahun {year} tidak ada dalam dataset; "
        "bagian ini dilewati.")


#: Reader-facing names of the kinds of figure a rounding policy knows.
KIND_LABELS = {
    "capaian": "capaian", "kemajuan": "tingkat kemajuan", "capaian_program": "capaian program",
    "partisipasi": "partisipasi", "rata_partisipasi": "rata-rata partisipasi",
    "persen_anggaran": "persentase realisasi anggaran", "porsi": "porsi anggaran",
    "efisiensi": "efisiensi", "indeks": "nilai indikator", "rupiah": "rupiah",
    "(lainnya)": "angka lain",
}


def kind_label(kind: str) -> str:
    """A kind of figure in words ('persen_anggaran' -> 'persentase realisasi anggaran')."""
    return KIND_LABELS.get(kind, kind.replace("_", " "))


def is_synthetic(ctx) -> bool:
    """Whether the context's dataset is synthetic (invented names and figures)."""
    flag = getattr(ctx.dataset, "synthetic", None)
    return bool(flag) if flag is not None else bool(ctx.profile.get("synthetic"))


def agency_label(ctx) -> str:
    """The agency's name, marked '(data sintetis)' when the dataset is synthetic."""
    name = ctx.agency
    if is_synthetic(ctx) and "sintetis" not in name.lower():
        name += " (data sintetis)"
    return name


def header(ctx) -> None:
    """Title block of a chapter: agency, year, chapter and the display rounding in words."""
    rules = "; ".join(f"{kind_label(k)}: {v}" for k, v in ctx.policy.describe().items())
    note = ("\n\n> **Data sintetis.** Nama dan angka dalam laporan ini rekaan untuk pengujian, "
            "bukan laporan resmi." if is_synthetic(ctx) else "")
    say(f"# {ctx.title}\n\n**{escape(agency_label(ctx))}** — Laporan Kinerja Instansi "
        f"Pemerintah (LKJIP) Tahun {ctx.year}{note}\n\n<small>Pembulatan tampilan — {rules}. "
        "Nilai eksak dipakai dalam perhitungan.</small>")
