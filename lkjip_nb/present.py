"""Show results in a notebook the way the report prints them: numbered captions, Sumber lines.

Tables are built as plain HTML (``<figure class="lkjip-table">`` with a ``<figcaption>``), so the
reader's HTML and PDF look the same as the notebook. Cells may carry markup made by
:func:`versus` (a computed figure beside a differing reported one); everything else is escaped.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd
from markupsafe import Markup, escape

if TYPE_CHECKING:
    from matplotlib.axis import Axis
    from matplotlib.backend_bases import RendererBase
    from matplotlib.figure import Figure
    from matplotlib.text import Text
    from matplotlib.transforms import Bbox

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


PNG_COMPRESS_LEVEL = 3
"""zlib level of the PNGs: on these flat-coloured charts level 3 makes files no bigger than PIL's
default 6 (slightly smaller) in about 40 % less encoding time."""


def figure_png(fig: Figure) -> bytes:
    """The figure as PNG, pixel for pixel what the inline backend shows, at less cost.

    Like ``display(fig)`` (IPython's ``print_figure``): ``fig.dpi``, cropped to the drawn
    artists plus ``savefig.pad_inches`` ("tight"; constrained layout lets long axis labels, titles
    and legends below the axes reach past the figure edge), except that long axis labels are
    never cut (:func:`_tight_bbox`). ``savefig`` of a figure with a layout
    engine first draws it without rendering just to run the layout, then draws it again; here the
    layout runs once on its own (:func:`_laid_out`), each axis' ticks are worked out once per
    geometry (:func:`_ticks_once_per_geometry`) and the text measured for the layout is not
    measured again for the draw (:func:`_agg_png`).
    """
    import matplotlib.pyplot as plt

    with _ticks_once_per_geometry(fig), _laid_out(fig):
        box = _tight_bbox(fig).padded(plt.rcParams["savefig.pad_inches"])
        png = _agg_png(fig, box)
        return png if png is not None else _savefig_png(fig, box)


@contextmanager
def _laid_out(fig: Figure) -> Iterator[None]:
    """Run the figure's layout engine once, and keep it detached while the block runs."""
    import matplotlib.pyplot as plt

    engine = fig.get_layout_engine()
    if engine is None:
        yield
        return
    engine.execute(fig)
    with plt.rc_context({"figure.autolayout": False, "figure.constrained_layout.use": False}):
        fig.set_layout_engine(None)  # None with both rcParams off: no engine at all
    try:
        yield
    finally:
        fig.set_layout_engine(engine)


def _tight_bbox(fig: Figure) -> Bbox:
    """The figure's tight bbox in inches, wide enough for whole axis labels.

    ``Axes.get_tightbbox`` counts an x label by its height only and a y label by its width only,
    as the layout engines need, so ``bbox_inches="tight"`` (and the inline backend) cut an axis
    label longer than the figure (matplotlib issue #31018); here the labels' full extents count.
    """
    from matplotlib.transforms import Bbox

    boxes = [fig.get_tightbbox()]
    labels = [b for b in (label.get_window_extent() for label in _axis_labels(fig))
              if b.width > 0 and b.height > 0]
    if labels:
        boxes.append(Bbox.union(labels).transformed(fig.dpi_scale_trans.inverted()))
    return Bbox.union(boxes)


def _axis_labels(fig: Figure) -> list[Text]:
    """The axis labels the figure shows."""
    return [axis.label for ax in fig.axes if ax.get_visible() and ax.axison
            for axis in ax._axis_map.values()
            if axis.get_visible() and axis.label.get_visible() and axis.label.get_in_layout()
            and axis.label.get_text()]


def _savefig_png(fig: Figure, box: Bbox) -> bytes:
    """``box`` of the laid out figure as PNG through ``savefig`` (any canvas)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=fig.dpi, bbox_inches=box, facecolor=fig.get_facecolor(),
                edgecolor=fig.get_edgecolor(), metadata={"Software": None},
                pil_kwargs={"compress_level": PNG_COMPRESS_LEVEL})
    return buf.getvalue()


def _agg_png(fig: Figure, box: Bbox) -> bytes | None:
    """``box`` of the figure as PNG, drawn by the renderer that measured its text; None if not Agg.

    ``savefig(bbox_inches=box)`` draws with a new renderer of the cropped size, and matplotlib
    keeps text extents per renderer object, so every label would be measured again. Here the
    canvas' renderer (the one the layout and the tight bbox used) is re-initialised at the
    cropped size (as unpickling does), the figure drawn into it as ``savefig`` would, and the
    renderer then put back at the figure size.
    """
    from matplotlib import _tight_bbox
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.image import imsave

    canvas = fig.canvas
    if not isinstance(canvas, FigureCanvasAgg):
        return None
    renderer = canvas.get_renderer()
    size = renderer.width, renderer.height
    restore = _tight_bbox.adjust_bbox(fig, box, canvas.fixed_dpi)
    saving, canvas._is_saving = canvas._is_saving, True  # as savefig: animated artists drawn
    try:
        renderer.__init__(fig.bbox.width, fig.bbox.height, fig.dpi)  # same object: cached text
        renderer.clear()
        fig.draw(renderer)
        buf = io.BytesIO()
        imsave(buf, renderer.buffer_rgba(), format="png", origin="upper", dpi=fig.dpi,
               metadata={"Software": None}, pil_kwargs={"compress_level": PNG_COMPRESS_LEVEL})
    finally:
        canvas._is_saving = saving
        restore()
        renderer.__init__(*size, fig.dpi)  # fits the canvas' figure size again
    return buf.getvalue()


_TICK_METHODS = ("_update_ticks", "_get_ticklabel_bboxes")


@contextmanager
def _ticks_once_per_geometry(fig: Figure) -> Iterator[None]:
    """While the block runs, each axis works its ticks and tick label boxes out once per geometry.

    Matplotlib updates an axis' ticks three or four times in every layout pass, tight-bbox pass
    and draw (the axis, its spine and its label placement each ask) and measures every tick label
    twice. In :func:`figure_png` nothing changes between those calls but the axes' place (layout,
    crop), so the results are kept per (view interval, axes box in pixels, dpi).
    """
    axes = [axis for ax in fig.axes for axis in ax._axis_map.values()]
    try:
        for axis in axes:
            _remember_ticks(axis)
        yield
    finally:
        for axis in axes:
            for name in _TICK_METHODS:
                axis.__dict__.pop(name, None)  # the class' methods again


def _remember_ticks(axis: Axis) -> None:
    """Shadow ``axis``' tick update and tick label boxes by memoised ones (see above)."""
    update, boxes = axis._update_ticks, axis._get_ticklabel_bboxes
    drawn: dict[tuple, list] = {}
    measured: dict[tuple, tuple] = {}

    def geometry() -> tuple:
        return (tuple(axis.get_view_interval()), axis.axes.bbox.bounds,
                axis.get_figure(root=True).dpi)

    def update_once() -> list:
        key = geometry()
        if key not in drawn:
            drawn[key] = update()
        return drawn[key]

    def boxes_once(ticks: list, renderer: RendererBase | None = None) -> tuple:
        key = (geometry(), id(ticks), id(renderer))
        if key not in measured:  # ticks and renderer kept alive with the result: ids stay theirs
            measured[key] = (boxes(ticks, renderer), ticks, renderer)
        return measured[key][0]

    axis._update_ticks = update_once
    axis._get_ticklabel_bboxes = boxes_once


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels from a PNG's header (IHDR)."""
    width, height = struct.unpack(">II", png[16:24])
    return width, height


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


def header(ctx) -> None:
    """Title block of a chapter: agency, year, chapter, parameters and rounding policy."""
    rules = "; ".join(f"{k}: {v}" for k, v in ctx.policy.describe().items())
    say(f"# {ctx.title}\n\n**{ctx.agency}** — Laporan Kinerja Instansi Pemerintah "
        f"(LKJIP) Tahun {ctx.year}\n\n<small>Parameter: tahun {ctx.year}, dataset `{ctx.opd}`. "
        f"Pembulatan tampilan — {rules}. Nilai eksak dipakai dalam perhitungan.</small>")
