"""A matplotlib figure as PNG: what IPython's inline backend shows, drawn at less cost.

:func:`figure_png` lays the figure out once, works each axis' ticks out once per geometry and
draws with the renderer that measured the text. It leans on matplotlib internals (tick updates,
tick label boxes, the Agg renderer, the tight-bbox adjustment); matplotlib is capped in
pyproject.toml and tests/test_present_figure.py compares every path with ``print_figure``
pixel for pixel, so an upgrade that changes them fails there first.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    from matplotlib.axis import Axis
    from matplotlib.backend_bases import RendererBase
    from matplotlib.figure import Figure
    from matplotlib.text import Text
    from matplotlib.transforms import Bbox


PNG_COMPRESS_LEVEL = 3
"""zlib level of the PNGs: on these flat-coloured charts level 3 makes files hardly bigger than
level 6 in about half the time; level 4 and up cost much more (lazy matching)."""


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

    with (_text_layout_once(), _bbox_union_at_once(), _ticks_once_per_geometry(fig),
          _laid_out(fig)):
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
    import numpy as np
    from matplotlib import _tight_bbox
    from matplotlib.backends.backend_agg import FigureCanvasAgg

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
        png = _encode_png(np.asarray(renderer.buffer_rgba()), fig.dpi)
    finally:
        canvas._is_saving = saving
        restore()
        renderer.__init__(*size, fig.dpi)  # fits the canvas' figure size again
    return png


def _encode_png(rgba: np.ndarray, dpi: float) -> bytes:
    """An 8-bit RGBA image (rows top to bottom) as PNG: RGB when it is opaque, rows unfiltered.

    Pillow tries all five PNG row filters on every row, which costs more than the compression
    itself; on these flat-coloured charts unfiltered rows compress as well (RGB ~10 % smaller
    than Pillow's filtered RGBA) in about half the time. Same chunks as Pillow writes: IHDR,
    pHYs (the dpi), IDAT, IEND.
    """
    import numpy as np

    height, width, _ = rgba.shape
    channels = 3 if (rgba[..., 3] == 255).all() else 4
    rows = np.empty((height, width * channels + 1), np.uint8)
    rows[:, 0] = 0  # filter type None
    rows[:, 1:].reshape(height, width, channels)[:] = rgba[..., :channels]
    ppm = int(dpi / 0.0254 + 0.5)
    return b"".join([
        b"\x89PNG\r\n\x1a\n",
        _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8,
                                        2 if channels == 3 else 6, 0, 0, 0)),
        _png_chunk(b"pHYs", struct.pack(">IIB", ppm, ppm, 1)),
        _png_chunk(b"IDAT", zlib.compress(rows, PNG_COMPRESS_LEVEL)),
        _png_chunk(b"IEND", b""),
    ])


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    """One PNG chunk: length, type, data, CRC."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


_TICK_METHODS = ("_update_ticks", "_get_ticklabel_bboxes")


@contextmanager
def _ticks_once_per_geometry(fig: Figure) -> Iterator[None]:
    """While the block runs, each axis works its ticks and tick label boxes out once per geometry.

    Matplotlib updates an axis' ticks three or four times in every layout pass, tight-bbox pass
    and draw (the axis, its spine and its label placement each ask) and measures every tick label
    twice. In :func:`figure_png` nothing changes between those calls but the axes' place (layout,
    crop), so the label boxes are kept per (view interval, axes box in pixels, dpi). The ticks
    themselves (data positions, labels, which are in view) depend on the axes' size only, not
    their place: the last update is used again while view interval, size (to 1e-6 px: the crop
    moves the axes and changes their width in the 12th digit) and dpi stay the same.
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
    last: list = [None, None]  # key and result of the last update only: the ticks hold its state
    measured: dict[tuple, tuple] = {}

    def geometry() -> tuple:
        return (tuple(axis.get_view_interval()), axis.axes.bbox.bounds,
                axis.get_figure(root=True).dpi)

    def update_once() -> list:
        key = (tuple(axis.get_view_interval()), tuple(axis.axes.bbox.size.round(6)),
               axis.get_figure(root=True).dpi)
        if key != last[0]:
            last[:] = key, update()
        return last[1]

    def boxes_once(ticks: list, renderer: RendererBase | None = None) -> tuple:
        key = (geometry(), id(ticks), id(renderer))
        if key not in measured:  # ticks and renderer kept alive with the result: ids stay theirs
            measured[key] = (boxes(ticks, renderer), ticks, renderer)
        return measured[key][0]

    axis._update_ticks = update_once
    axis._get_ticklabel_bboxes = boxes_once


@contextmanager
def _text_layout_once() -> Iterator[None]:
    """While the block runs, each text's layout is worked out once per renderer and look.

    ``Text._get_layout`` (the text's extent around its anchor and its lines' offsets) runs again
    for every extent asked for and every draw: three times per text in :func:`figure_png`. Its
    result depends on neither the text's place nor the axes', only on what is kept here in the key
    (the font properties by identity: nothing changes them while a figure is drawn). Wrapped texts
    (``wrap=True``, laid out by place) are left alone.
    """
    from matplotlib.text import Text

    layout = Text._get_layout
    kept: dict[tuple, tuple] = {}

    def layout_once(text: Text, renderer: RendererBase) -> tuple:
        if text.get_wrap():
            return layout(text, renderer)
        key = (id(text), id(renderer), text.get_text(), id(text._fontproperties),
               text.get_figure(root=True).dpi, text.get_rotation(), text.get_rotation_mode(),
               text._horizontalalignment, text._verticalalignment, text._get_multialignment(),
               text._linespacing, text.get_usetex())
        if key not in kept:  # text, renderer and font kept alive with the result: ids stay theirs
            kept[key] = (layout(text, renderer), text, renderer, text._fontproperties)
        bbox, info, descent = kept[key][0]
        return bbox.frozen(), info, descent

    Text._get_layout = layout_once
    try:
        yield
    finally:
        Text._get_layout = layout


@contextmanager
def _bbox_union_at_once() -> Iterator[None]:
    """While the block runs, ``Bbox.union`` takes the corners' minimum and maximum in one go.

    Matplotlib's asks every box for its four edges one by one (each a NumPy reduction) and
    unites tick label boxes that way several times per axis and pass; the result is the same.
    """
    import numpy as np
    from matplotlib.transforms import Bbox, BboxBase

    union = BboxBase.__dict__["union"]

    def union_at_once(bboxes: list[BboxBase]) -> Bbox:
        if not len(bboxes):
            raise ValueError("'bboxes' cannot be empty")
        corners = np.array([bbox.get_points() for bbox in bboxes])
        return Bbox([corners.min(axis=(0, 1)), corners.max(axis=(0, 1))])

    BboxBase.union = staticmethod(union_at_once)
    try:
        yield
    finally:
        BboxBase.union = union


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels from a PNG's header (IHDR)."""
    width, height = struct.unpack(">II", png[16:24])
    return width, height
