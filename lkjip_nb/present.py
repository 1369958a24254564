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
hold the table. Every keyed table and figure is numbered, supporting ones too ("Tabel 3.3
Perbandingan ..."); an explicit ``number=`` is a chapter's own scheme ("IKS.1").
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


#: Characters of a data text written as HTML entities in generated Markdown: no tag, entity or
#: math (a backslash would open ``\\(``) can start from them.
_MD_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\\": "&#92;"}
#: ASCII punctuation that is Markdown anywhere in a line (emphasis, code, links, math, tables,
#: strikethrough, closing heading marks): backslash-escaped, as CommonMark allows; so is the
#: colon of "://" (the renderer makes a bare web address a link).
_MD_ACTIVE = frozenset("`*_[]$~|#")
#: What starts a block when a text begins a line: a list, setext or definition marker.
_MD_BLOCK_START = re.compile(r"^ ?(?:(?P<mark>[-+=:])|\d+(?P<end>[.)]))")
_MD_BLANKS = re.compile(r"[ \t\n\r\f\v]+")
_MD_TAG = re.compile(r"(<[^<>]*>)")
_MD_ENTITY = re.compile(r"(&#?[0-9A-Za-z]+;)")


def md_text(value: object) -> str:
    """A data text (a name, a sentence of the data, a unit, a code) to interpolate into
    generated Markdown, where it reads exactly as typed: ``&``, ``<``, ``>`` and ``\\`` as
    HTML entities, Markdown punctuation backslash-escaped, line breaks folded to spaces (a text
    never starts a block of its own). Numbers our code formats need none of it.

    A :class:`~markupsafe.Markup` (HTML of ours with escaped data, e.g. :func:`versus`) keeps
    its tags; the text between them is made as inert (Markdown reads it inside inline HTML)."""
    if isinstance(value, Markup):
        parts = _MD_TAG.split(_MD_BLANKS.sub(" ", str(value)))
        return "".join(part if i % 2 else _md_inert(part) for i, part in enumerate(parts))
    return _md_inert(_MD_BLANKS.sub(" ", "" if value is None else str(value)), html=False)


def _md_inert(text: str, *, html: bool = True) -> str:
    """``text`` escaped for Markdown (:func:`md_text`); ``html``: it is escaped HTML already,
    whose entities stay (and ``<``, ``>`` do not occur)."""
    pieces = _MD_ENTITY.split(text) if html else [text]
    out = "".join(piece if i % 2 else "".join(
        _MD_ENTITIES.get(ch) or (f"\\{ch}" if ch in _MD_ACTIVE else ch) for ch in piece)
        for i, piece in enumerate(pieces)).replace("://", "\\://")  # no address is a link
    start = _MD_BLOCK_START.match(out)
    if start:  # '- ...', '1. ...' at the start of a line would be a list
        at = start.start("mark") if start["mark"] else start.start("end")
        out = f"{out[:at]}\\{out[at:]}"
    return out


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


def caption_html(kind: str, title: str, *, key: str | None = None,
                 number: str | None = None) -> str:
    """Caption markup: an explicit ``number`` as given; a ``key`` to be numbered by the renderer
    as an unnumbered label (:data:`LABEL`); else the kind and title alone."""
    if number or not key:
        return text_html(caption(kind, number, title))
    return str(Markup('<span class="lkjip-label" data-kind="{k}" data-key="{key}">{k}</span> ')
               .format(k=kind, key=key)) + text_html(title)


def _key_attr(key: str | None) -> str:
    return f' data-key="{escape(key)}"' if key else ""


def table_html(frame: pd.DataFrame, columns: Sequence[Col], *, title: str,
               key: str | None = None, number: str | None = None,
               source: str | None = None, notes: Sequence[str] = (),
               row_class: str | None = None, header_rows: Sequence[str] = ()) -> str:
    """HTML of a captioned table; ``row_class`` names a column holding CSS classes per row.

    ``key`` names the table (:data:`KEYS`), numbered by the renderer; ``number`` is an explicit
    number of the chapter's own (no key needed).
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
        f"<figcaption>{caption_html('Tabel', title, key=key, number=number)}"
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


def show_figure(fig: Figure, *, title: str, key: str | None = None,
                number: str | None = None, source: str | None = None,
                note: str | None = None) -> None:
    """Display a matplotlib figure with its caption ("Gambar 3.1 ...") and Sumber line.

    ``key`` and ``number`` as for :func:`table_html`. The figure is shown as a PNG
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
            f"{caption_html('Gambar', title, key=key, number=number)}</p>")
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


#: Name of the figure (:mod:`lkjip_nb.record`) holding a chapter's display conventions
#: (:func:`conventions`): the renderer writes them in the document's "Catatan teknis"
#: (:mod:`lkjip_nb.render.technical`), out of the reader's path.
CONVENTIONS = "_conventions"


def _rule_spec(rule) -> dict:
    return {"method": rule.method, "decimals": rule.decimals}


def conventions(ctx) -> dict:
    """What a chapter's figures follow, for the technical appendix: the display rounding of
    each kind of figure (the policy in effect, its default, the kinds the run's ``rounding``
    parameter set), each IKU's capaian rule and direction, which capaian the efficiency formula
    takes, and whether the data are synthetic."""
    policy = ctx.policy
    return {
        "chapter": ctx.title,
        "rounding": {kind: _rule_spec(r) for kind, r in sorted(policy.rules.items())},
        "default": _rule_spec(policy.default),
        "overrides": sorted(str(k) for k in (ctx.params.get("rounding") or {})),
        "capaian": [{"indikator": str(k.indikator), "direction": str(k.direction),
                     "rule": str(k.capaian_rule)} for k in ctx.dataset.iku.itertuples()],
        "efficiency_capaian": str(ctx.profile.get("efficiency_capaian", "displayed")),
        "synthetic": is_synthetic(ctx),
    }


#: Ends the header's line naming agency and year (an HTML comment, shown nowhere): the combined
#: report leaves that line out, its cover names both (:mod:`lkjip_nb.render.combined`).
HEADER_LINE_MARK = "<!-- lkjip-header-line -->"


def header_markdown(ctx) -> str:
    """A chapter's title block as Markdown: its title, the line naming agency and year (ending
    in :data:`HEADER_LINE_MARK`), the synthetic-data warning when it applies."""
    note = ("\n\n> **Data sintetis.** Nama dan angka dalam laporan ini rekaan untuk pengujian, "
            "bukan laporan resmi." if is_synthetic(ctx) else "")
    return (f"# {ctx.title}\n\n**{md_text(agency_label(ctx))}** — Laporan Kinerja Instansi "
            f"Pemerintah (LKJIP) Tahun {ctx.year} {HEADER_LINE_MARK}{note}")


def header(ctx) -> None:
    """Title block of a chapter (:func:`header_markdown`). The display rounding is recorded
    (:data:`CONVENTIONS`) for the document's "Catatan teknis", not shown here."""
    from lkjip_nb.record import record

    say(header_markdown(ctx))
    record(CONVENTIONS, conventions(ctx), label="Konvensi tampilan angka")
