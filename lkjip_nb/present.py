"""Show results in a notebook the way the report prints them: numbered captions, Sumber lines.

Tables are built as plain HTML (``<figure class="lkjip-table">`` with a ``<figcaption>``), so the
reader's HTML and PDF look the same as the notebook. Cells may carry markup made by
:func:`versus` (a computed figure beside a differing reported one) and references made by
:func:`ref`; everything else is escaped.

Numbers come from the document, not from chapter code: a table or figure is shown under a
semantic key (``show_table(..., key="belanja")``, see :data:`KEYS`) and its caption carries an
unnumbered label (:data:`LABEL`) that the renderer numbers "Tabel <Bab>.<k>" in order of
appearance (:class:`lkjip_nb.render.preprocessors.NumberingPreprocessor`). Text refers to a
table by :func:`ref`; the renderer writes its final number, or words when the document does not
hold the table. ``numbered=False`` captions a supporting table without a number, as reports do
("Tabel Perbandingan ..."); an explicit ``number=`` is a chapter's own scheme ("IKS.1").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd
from markupsafe import Markup, escape

from lkjip_nb.figure_image import figure_png, png_size

if TYPE_CHECKING:
    from matplotlib.figure import Figure

DIFF_MARK = "⚠"

#: Semantic keys of the tables (and figures, ``-chart``) the chapters show, with the words a
#: reference reads as where the document does not hold the table. A key may be qualified after
#: "/" (``realisasi-sasaran/S1``, one table per sasaran); it then has the words of its base.
KEYS: dict[str, str] = {
    # Bab II Perencanaan Kinerja
    "iku-daerah": "tabel target dan realisasi indikator yang ditetapkan pemerintah daerah",
    "tujuan": "tabel tujuan dan indikator tujuan",
    "iku": "tabel Indikator Kinerja Utama",
    "perjanjian-kinerja": "tabel Perjanjian Kinerja",
    "program": "tabel program beserta target dan anggarannya",
    "program-count": "tabel jumlah kegiatan dan sub kegiatan per program",
    "renstra-chart": "gambar lintasan target Renstra dan realisasi",
    # Bab III.A Capaian Kinerja Organisasi
    "kinerja": "tabel target, realisasi dan capaian kinerja",
    "capaian-sasaran": "tabel target dan realisasi sasaran strategis",
    "konflik": "tabel kejadian menonjol",
    "perbandingan": "tabel perbandingan dengan wilayah lain",
    "perbandingan-chart": "gambar perbandingan dengan wilayah lain",
    "pemilu": "tabel partisipasi masyarakat dalam pemilu dan pilkada",
    "pemilu-chart": "gambar partisipasi masyarakat dalam pemilu dan pilkada",
    "renstra-progress": "tabel perbandingan realisasi kinerja dengan target akhir Renstra",
    "capaian-chart": "gambar capaian dan kemajuan terhadap target akhir Renstra",
    # Bab III.A.5 Efisiensi
    "alokasi-sasaran": "tabel alokasi anggaran per sasaran",
    "kinerja-anggaran": "tabel pencapaian kinerja dan anggaran",
    "efisiensi": "tabel efisiensi penggunaan sumber daya",
    "efisiensi-chart": "gambar capaian kinerja terhadap penyerapan anggaran",
    # Bab III.B Realisasi Anggaran
    "belanja": "tabel anggaran dan realisasi belanja",
    "belanja-change": "tabel perubahan anggaran dan realisasi belanja",
    "belanja-chart": "gambar komposisi anggaran menurut jenis belanja",
    "program-tree": "tabel pagu anggaran dan realisasi kegiatan",
    "program-chart": "gambar anggaran dan realisasi per program",
    "absorption-chart": "gambar serapan anggaran per program",
    "realisasi-sasaran": "tabel realisasi program, kegiatan dan sub kegiatan per sasaran",
    "sub-narasi": "tabel persentase realisasi sub kegiatan dalam tabel dan narasi",
    # Belanja Hibah
    "hibah": "tabel rincian hibah",
    "hibah-rekonsiliasi": "tabel rekonsiliasi hibah dengan Belanja Hibah",
    "hibah-chart": "gambar hibah",
    "ormas": "tabel ormas yang mencatatkan diri",
    "ormas-chart": "gambar ormas yang mencatatkan diri per tahun",
}
#: An unnumbered caption label as written here; the renderer numbers it ("Tabel 3.6").
LABEL = re.compile(r'<span class="lkjip-label" data-kind="(?P<kind>Tabel|Gambar)" '
                   r'data-key="(?P<key>[^"<>]*)">(?P<text>[^<]*)</span>')
#: A reference (:func:`ref`) as written here; the renderer resolves it.
REF = re.compile(r'<span class="lkjip-ref" data-ref="(?P<key>[^"<>]*)"(?P<aside> data-aside="1")?>'
                 r"(?P<words>[^<]*)</span>")


def base_key(key: str) -> str:
    """The key without its qualifier (``realisasi-sasaran/S1`` -> ``realisasi-sasaran``)."""
    return key.split("/", 1)[0]


def key_words(key: str) -> str:
    """The words a reference to ``key`` reads as without a number (:data:`KEYS`)."""
    words = KEYS.get(key) or KEYS.get(base_key(key))
    if words is None:
        raise ValueError(f"no words for table key {key!r}: add it to present.KEYS or pass words=")
    return words


def ref(key: str, words: str | None = None, *, aside: bool = False) -> Markup:
    """A reference to table or figure ``key``: the renderer writes its number ("Tabel 3.6").

    Where the document does not show ``key`` it reads as ``words`` (default :func:`key_words`);
    with ``aside`` it becomes " (Tabel 3.6)" after the preceding words, and nothing where the
    table is not shown. Unrendered (in Jupyter) it shows those fallback words.
    """
    shown = "" if aside else (key_words(key) if words is None else words)
    flag = ' data-aside="1"' if aside else ""
    return Markup('<span class="lkjip-ref" data-ref="{k}"{f}>{w}</span>').format(
        k=key, f=Markup(flag), w=shown)


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


def text_html(text: str) -> str:
    """``text`` escaped for HTML, except the references (:func:`ref`) it holds."""
    parts, last = [], 0
    for match in REF.finditer(text):
        parts += [str(escape(text[last:match.start()])), match.group(0)]
        last = match.end()
    parts.append(str(escape(text[last:])))
    return "".join(parts)


def _cell(value: object) -> str:
    if isinstance(value, Markup):
        return str(value)
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return text_html(str(value))


def _cls(col: Col) -> str:
    return "num" if col.numeric else "txt"


def _align(col: Col) -> str:
    """Inline alignment, so notebook, HTML and PDF agree whatever their stylesheet."""
    return "text-align:right;white-space:nowrap" if col.numeric else "text-align:left"


def caption(kind: str, number: str | None, title: str) -> str:
    """Caption text: "Tabel 3.1 Judul", or "Tabel Judul" without a number."""
    label = f"{kind} {number} " if number else f"{kind} "
    return f"{label}{title}"


def caption_html(kind: str, title: str, *, key: str | None = None, number: str | None = None,
                 numbered: bool = True) -> str:
    """Caption markup: an explicit ``number`` as given; a ``key`` to be numbered by the renderer
    as an unnumbered label (:data:`LABEL`); else the kind and title alone."""
    if number or not (key and numbered):
        return text_html(caption(kind, number, title))
    return str(Markup('<span class="lkjip-label" data-kind="{k}" data-key="{key}">{k}</span> ')
               .format(k=kind, key=key)) + text_html(title)


def _key_attr(key: str | None) -> str:
    return f' data-key="{escape(key)}"' if key else ""


def table_html(frame: pd.DataFrame, columns: Sequence[Col], *, title: str,
               key: str | None = None, numbered: bool = True, number: str | None = None,
               source: str | None = None, notes: Sequence[str] = (),
               row_class: str | None = None, header_rows: Sequence[str] = ()) -> str:
    """HTML of a captioned table; ``row_class`` names a column holding CSS classes per row.

    ``key`` names the table (:data:`KEYS`): numbered by the renderer unless ``numbered`` is
    False; ``number`` is an explicit number of the chapter's own (no key needed).
    """
    anchor = f' id="tabel-{escape(number)}"' if number else ""
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
        f'<figure class="lkjip-table"{anchor}{_key_attr(key)}>',
        f"<figcaption>{caption_html('Tabel', title, key=key, number=number, numbered=numbered)}"
        "</figcaption>",
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


def show_figure(fig: Figure, *, title: str, key: str | None = None, numbered: bool = True,
                number: str | None = None, source: str | None = None,
                note: str | None = None) -> None:
    """Display a matplotlib figure with its caption ("Gambar 3.1 ...") and Sumber line.

    ``key``, ``numbered`` and ``number`` as for :func:`table_html`. The figure is shown as a PNG
    (:func:`figure_png`) carrying its pixel size, then closed; its alternative text is the
    caption (numbered by the renderer too).
    """
    import matplotlib.pyplot as plt
    from IPython.display import HTML, Image, display

    if fig.axes or fig.lines:  # IPython shows nothing for an empty figure either
        png = figure_png(fig)
        width, height = png_size(png)
        display(Image(data=png, format="png", width=width, height=height,
                      alt=caption("Gambar", number, title)))
    plt.close(fig)
    html = (f'<p class="lkjip-figcaption"{_key_attr(key)}>'
            f"{caption_html('Gambar', title, key=key, number=number, numbered=numbered)}</p>")
    if source:
        html += f'<p class="lkjip-source">Sumber: {escape(source)}</p>'
    if note:
        html += f'<p class="lkjip-note">{text_html(note)}</p>'
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
