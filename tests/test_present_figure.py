"""Figures as shown in notebooks: one PNG per figure, the same pixels as IPython's inline output."""

from __future__ import annotations

import base64
import io
from collections import Counter
from unittest import mock

import matplotlib.pyplot as plt
import numpy as np
import pytest
from IPython.core.formatters import DisplayFormatter
from IPython.core.pylabtools import print_figure
from matplotlib.text import Text
from matplotlib.transforms import Affine2D, Bbox, BboxBase, TransformedBbox
from PIL import Image

from lkjip_nb import charts, figure_image, present
from lkjip_nb.fmt import number
from lkjip_nb.iks import charts as iks_charts


@pytest.fixture(autouse=True)
def style():
    with plt.rc_context(charts.STYLE):
        yield
    plt.close("all")


def _overflowing():
    """A chart whose long x label reaches past the figure edge (constrained layout allows it)."""
    labels = [f"Kelompok responden nomor {i}" for i in range(6)]
    values = [80.0 + i for i in range(6)]
    return iks_charts.interval_bars(labels, values, [v - 1.5 for v in values],
                                    [v + 1.5 for v in values], "Indeks per kelompok",
                                    synthetic=True, counts=[40] * 6, reference=82.5,
                                    reference_label="IKS komposit dengan keterangan yang panjang")


def _fitting_intervals():
    """Interval bars with bold labels whose x label fits the figure."""
    return iks_charts.interval_bars(["Dimensi", "Sub-dimensi satu", "Sub-dimensi dua"],
                                    [84.0, 86.5, 81.2], [83.0, 85.0, 79.9], [85.1, 88.0, 82.4],
                                    "Indeks dimensi", synthetic=True, bold=[True, False, False])


def _tall_ylabel():
    """A y label taller than the figure (constrained layout counts only its width)."""
    fig, ax = plt.subplots(figsize=(5, 1.6))
    ax.plot([0, 1], [0, 1])
    ax.set_ylabel("Nilai indikator kinerja utama (persen)")
    return fig


def _small_multiples():
    """Panels with annotations, wrapped titles and a hidden last panel (like the Renstra paths)."""
    fig, axes = plt.subplots(2, 2, figsize=(9, 6.2), squeeze=False)
    years = [2021, 2022, 2023, 2024, 2025, 2026]
    for k, ax in enumerate(axes.flat[:3]):
        values = [80.0 + k + 1.5 * i for i in range(len(years))]
        ax.plot(years, values, "o--", label="Target")
        for y, v in zip(years, values, strict=True):
            ax.annotate(number(v, 1), (y, v), textcoords="offset points", xytext=(0, 7),
                        ha="center", fontsize=8)
        ax.set_xticks(years)
        ax.set_title(charts.wrap(f"Indikator kinerja utama nomor {k} dengan nama panjang", 30),
                     fontsize=9)
        charts.id_axis(ax.yaxis)
        ax.legend(fontsize=8, loc="lower right")
    axes.flat[3].set_visible(False)
    return fig


def _legend_far_below():
    """No layout engine: the legend below the axes reaches past the figure's bottom edge."""
    fig, ax = plt.subplots(figsize=(6, 2.5), layout="none")
    ax.plot([0, 1], [0, 1], label="Garis pertama dengan keterangan")
    ax.plot([0, 1], [1, 0], label="Garis kedua")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.6), ncol=2)
    return fig


def _transparent():
    """A see-through figure: its PNG keeps the alpha channel."""
    fig = charts.trajectory([2022, 2023, 2024], [80, 85, 90], [81, 84, None], "Tren", "Nilai")
    fig.patch.set_alpha(0.0)
    return fig


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


def _blank_frame(png: bytes, px: int = 4) -> bool:
    """Whether the outer ``px`` pixels of the image are all background (nothing cut at an edge)."""
    image = _pixels(png)
    frame = np.concatenate([image[:px].reshape(-1, 4), image[-px:].reshape(-1, 4),
                            image[:, :px].reshape(-1, 4), image[:, -px:].reshape(-1, 4)])
    return bool((frame == image[0, 0]).all())


@pytest.mark.parametrize("build", [
    _fitting_intervals,
    lambda: charts.target_vs_realisasi(["A", "B", "C"], [90, 95, 100], [91, 93.5, 99], "Capaian"),
    lambda: charts.share_bars(["Belanja pegawai", "Belanja barang", "Hibah"], [5, 10, 85],
                              "Komposisi"),
    lambda: iks_charts.overall_vs_target(2024, 84.6, 83.6, 85.6, 86.0, 84.61, synthetic=True),
    _small_multiples,
    _legend_far_below,
    _transparent,
])
def test_png_is_what_the_inline_backend_showed(build):
    before = print_figure(build(), "png", bbox_inches="tight")  # what display(fig) produced
    after = present.figure_png(build())
    assert present.png_size(after) == present.png_size(before)
    assert np.array_equal(_pixels(after), _pixels(before))
    assert _blank_frame(after)


@pytest.mark.parametrize("alpha", [255, 0, 128])
def test_png_encoding_keeps_every_pixel(alpha):
    rgba = np.random.default_rng(0).integers(0, 256, (9, 7, 4), dtype=np.uint8)
    rgba[..., 3] = alpha
    rgba[0, 0, 3] = 255
    image = Image.open(io.BytesIO(figure_image._encode_png(rgba, 110)))
    image.load()
    assert image.mode == ("RGB" if alpha == 255 else "RGBA")  # no alpha channel when opaque
    assert np.array_equal(np.asarray(image.convert("RGBA")), rgba)
    assert [round(d) for d in image.info["dpi"]] == [110, 110]


@pytest.mark.parametrize("build", [_overflowing, _tall_ylabel])
def test_long_axis_labels_are_not_cut(build):
    """The inline backend cuts them (matplotlib#31018); the crop here takes them in whole."""
    fig = build()
    png = present.figure_png(fig)
    assert _blank_frame(png)
    label = next(a.label for a in fig.axes[0]._axis_map.values() if a.label.get_text())
    extent = label.get_window_extent()
    assert present.png_size(png)[0] > extent.width and present.png_size(png)[1] > extent.height
    assert not _blank_frame(print_figure(build(), "png", bbox_inches="tight"))  # what it fixes


def test_show_figure_displays_a_sized_png_and_closes_the_figure():
    fig = charts.trajectory([2022, 2023, 2024], [80, 85, 90], [81, 84, None], "Tren", "Nilai")
    with mock.patch("IPython.display.display") as display:
        present.show_figure(fig, number="2.1", title="Tren", source="Renstra")
    data, meta = DisplayFormatter().format(display.call_args_list[0].args[0])
    png = base64.b64decode(data["image/png"])
    assert png.startswith(b"\x89PNG")
    width, height = present.png_size(png)
    assert meta["image/png"] == {"width": width, "height": height, "alt": "Gambar 2.1 Tren"}
    assert "Gambar 2.1 Tren" in display.call_args_list[1].args[0].data
    assert not plt.fignum_exists(fig.number)


def test_empty_figure_shows_only_the_caption():
    fig = plt.figure()
    with mock.patch("IPython.display.display") as display:
        present.show_figure(fig, number=None, title="Kosong")
    assert len(display.call_args_list) == 1


def test_tick_formatter_formats_each_value_once():
    calls = []

    def label(value: float) -> str:
        calls.append(value)
        return number(value, 1)

    fmt = charts.tick_formatter(label)
    ticks = np.array([0.0, 2.5, 1_000_000.0])
    assert [fmt(v, i) for i, v in enumerate(ticks)] == ["0,0", "2,5", "1.000.000,0"]
    assert [fmt(v, i) for i, v in enumerate(ticks)] == ["0,0", "2,5", "1.000.000,0"]
    assert len(calls) == 3
    assert fmt(-0.0) == number(-0.0, 1) != fmt(0.0)  # equal keys, different labels


def test_figure_keeps_its_layout_engine():
    fig = charts.trajectory([2022, 2023, 2024], [80, 85, 90], [81, 84, None], "Tren", "Nilai")
    engine = fig.get_layout_engine()
    present.figure_png(fig)
    assert fig.get_layout_engine() is engine


def test_legend_below_the_figure_is_not_cropped():
    fig = _legend_far_below()
    fig.canvas.draw()
    legend = fig.axes[0].get_legend().get_window_extent()
    assert legend.y0 < 0  # below the figure's bottom edge
    top = fig.axes[0].get_window_extent().y1
    height_px = present.png_size(present.figure_png(fig))[1]
    assert height_px >= top - legend.y0  # the crop reaches down to the legend


def test_savefig_path_gives_the_same_pixels():
    """Canvases other than Agg go through ``savefig``; both ways give one picture."""
    agg = present.figure_png(_overflowing())
    with mock.patch.object(figure_image, "_agg_png", return_value=None):
        other = present.figure_png(_overflowing())
    assert present.png_size(other) == present.png_size(agg)
    assert np.array_equal(_pixels(other), _pixels(agg))


def test_figure_is_left_as_it_was():
    """No remembered ticks stay behind, and the canvas' renderer fits the figure again."""
    fig = _fitting_intervals()
    ax = fig.axes[0]
    present.figure_png(fig)
    assert not {"_update_ticks", "_get_ticklabel_bboxes"} & set(ax.xaxis.__dict__)
    renderer = fig.canvas.get_renderer()
    assert (renderer.width, renderer.height) == tuple(fig.bbox.size)
    ax.set_xlim(0, 100)  # ticks follow the axis again
    assert [t.get_text() for t in ax.get_xticklabels()][:2] == ["0", "20"]
    before = print_figure(fig, "png", bbox_inches="tight")
    assert np.array_equal(_pixels(present.figure_png(fig)), _pixels(before))


def test_text_is_laid_out_once():
    fig = _small_multiples()
    layout = Text._get_layout
    with mock.patch.object(Text, "_get_layout", autospec=True, side_effect=layout) as laid_out:
        present.figure_png(fig)
    assert Text._get_layout is layout
    calls = Counter((id(c.args[0]), c.args[0].get_text()) for c in laid_out.call_args_list)
    assert calls and max(calls.values()) == 1


def test_bbox_union_is_matplotlibs():
    boxes = [Bbox([[3, 1], [0, 4]]), Bbox.from_bounds(-1, 2, 0.5, 7),
             TransformedBbox(Bbox.unit(), Affine2D().scale(2, -3))]
    union = BboxBase.__dict__["union"]
    with figure_image._bbox_union_at_once():
        assert BboxBase.__dict__["union"] is not union
        fast = Bbox.union(boxes)
        with pytest.raises(ValueError):
            Bbox.union([])
    assert BboxBase.__dict__["union"] is union
    assert np.array_equal(fast.get_points(), Bbox.union(boxes).get_points())


def test_ticks_are_worked_out_once_per_geometry():
    fig = charts.trajectory([2022, 2023, 2024], [80, 85, 90], [81, 84, None], "Tren", "Nilai")
    axis = fig.axes[0].yaxis
    with mock.patch.object(type(axis), "_update_ticks", autospec=True,
                           side_effect=type(axis)._update_ticks) as update:
        present.figure_png(fig)
    # two layout passes and the tight bbox; the cropped draw (same size, moved) reuses the last
    assert update.call_count <= 3


def test_ticks_follow_the_axis_back_and_forth():
    """A geometry seen before is worked out again: the ticks hold the last update's labels."""
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    texts = []
    with figure_image._ticks_once_per_geometry(fig):
        for limits in ((0, 1), (0, 100), (0, 1)):
            ax.set_xlim(*limits)
            texts.append([tick.label1.get_text() for tick in ax.xaxis._update_ticks()])
    assert texts[0] == texts[2] != texts[1]
