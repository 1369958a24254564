"""Figures as shown in notebooks: one PNG each, as the inline backend shows, axis labels whole."""

from __future__ import annotations

import base64
import io
from unittest import mock

import matplotlib.pyplot as plt
import numpy as np
import pytest
from IPython.core.formatters import DisplayFormatter
from IPython.core.pylabtools import print_figure
from matplotlib.figure import Figure
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
def test_png_is_what_the_inline_backend_shows(build):
    """Where every label fits, the picture is exactly what ``display(fig)`` shows."""
    inline = print_figure(build(), "png", bbox_inches="tight")
    png = present.figure_png(build())
    assert present.png_size(png) == present.png_size(inline)
    assert np.array_equal(_pixels(png), _pixels(inline))
    assert _blank_frame(png)


def test_png_size_follows_the_dpi_and_the_drawn_content():
    fig = _fitting_intervals()
    png = present.figure_png(fig)
    box = figure_image.tight_box(fig).padded(plt.rcParams["savefig.pad_inches"])
    width, height = present.png_size(png)
    assert abs(width - box.width * fig.dpi) <= 1 and abs(height - box.height * fig.dpi) <= 1
    assert [round(d) for d in Image.open(io.BytesIO(png)).info["dpi"]] == [fig.dpi] * 2

    sharp = _fitting_intervals()
    sharp.set_dpi(2 * fig.dpi)
    sharp_width, sharp_height = present.png_size(present.figure_png(sharp))
    assert abs(sharp_width - 2 * width) <= 4 and abs(sharp_height - 2 * height) <= 4


@pytest.mark.parametrize(("build", "which"), [(_overflowing, "x"), (_tall_ylabel, "y")])
def test_long_axis_labels_are_not_cut(build, which):
    """A label longer than the figure (constrained layout lets it overflow) is saved whole.

    ``bbox_inches="tight"`` cut such labels before matplotlib 3.11 (matplotlib#31018).
    """
    fig = build()
    png = present.figure_png(fig)
    label = (fig.axes[0].xaxis if which == "x" else fig.axes[0].yaxis).label
    extent = label.get_window_extent().transformed(fig.dpi_scale_trans.inverted())
    size = fig.get_size_inches()
    assert (extent.width if which == "x" else extent.height) > size[0 if which == "x" else 1]
    box = figure_image.tight_box(fig).padded(plt.rcParams["savefig.pad_inches"])
    assert box.x0 <= extent.x0 and extent.x1 <= box.x1
    assert box.y0 <= extent.y0 and extent.y1 <= box.y1
    width, height = present.png_size(png)
    assert abs(width - box.width * fig.dpi) <= 1 and abs(height - box.height * fig.dpi) <= 1
    assert _blank_frame(png)  # nothing drawn reaches the image's edge


def test_legend_below_the_figure_is_not_cropped():
    fig = _legend_far_below()
    png = present.figure_png(fig)
    legend = fig.axes[0].get_legend().get_window_extent()
    assert legend.y0 < 0  # below the figure's bottom edge
    top = fig.axes[0].get_window_extent().y1
    assert present.png_size(png)[1] >= top - legend.y0  # the crop reaches down to the legend
    assert _blank_frame(png)


@pytest.mark.parametrize("build", [_small_multiples, _overflowing, _transparent])
def test_same_figure_gives_the_same_bytes(build):
    png = present.figure_png(build())
    assert present.figure_png(build()) == png
    assert "Software" not in Image.open(io.BytesIO(png)).info


def test_transparent_figure_keeps_its_alpha():
    image = _pixels(present.figure_png(_transparent()))
    assert image[0, 0, 3] == 0 and image[..., 3].max() == 255


def test_figure_without_pyplot_canvas():
    """A ``Figure`` made without pyplot (no Agg canvas of its own) gives the same picture."""
    def draw(fig):
        ax = fig.subplots()
        ax.plot([0, 1], [0, 1])
        ax.set_xlabel("Nilai indikator kinerja utama dengan keterangan yang sangat panjang sekali")
        return fig

    own = present.figure_png(draw(Figure(figsize=(3, 2), layout="constrained")))
    pyplot = present.figure_png(draw(plt.figure(figsize=(3, 2), layout="constrained")))
    assert present.png_size(own) == present.png_size(pyplot)
    assert np.array_equal(_pixels(own), _pixels(pyplot))
    assert present.png_size(own)[0] > 3 * plt.rcParams["figure.dpi"]  # the whole long label


def test_figure_is_left_as_it_was():
    fig = charts.trajectory([2022, 2023, 2024], [80, 85, 90], [81, 84, None], "Tren", "Nilai")
    engine, size, dpi = fig.get_layout_engine(), fig.get_size_inches().copy(), fig.dpi
    present.figure_png(fig)
    assert fig.get_layout_engine() is engine
    assert np.array_equal(fig.get_size_inches(), size) and fig.dpi == dpi
    assert tuple(fig.bbox.size) == tuple(size * dpi)  # the crop is undone


def test_show_figure_displays_a_sized_png_and_closes_the_figure():
    fig = charts.trajectory([2022, 2023, 2024], [80, 85, 90], [81, 84, None], "Tren", "Nilai")
    with mock.patch("IPython.display.display") as display:
        present.show_figure(fig, number="2.1", title="Tren", source="Renstra")
    data, meta = DisplayFormatter().format(display.call_args_list[0].args[0])
    png = base64.b64decode(data["image/png"])
    assert png.startswith(b"\x89PNG")
    width, height = present.png_size(png)
    assert (width, height) == Image.open(io.BytesIO(png)).size
    assert meta["image/png"] == {"width": width, "height": height, "alt": "Gambar 2.1 Tren"}
    caption = display.call_args_list[1].args[0].data
    assert "Gambar 2.1 Tren" in caption and "Sumber: Renstra" in caption
    assert not plt.fignum_exists(fig.number)


def test_empty_figure_shows_only_the_caption():
    fig = plt.figure()
    with mock.patch("IPython.display.display") as display:
        present.show_figure(fig, number=None, title="Kosong")
    assert len(display.call_args_list) == 1
    assert "Kosong" in display.call_args_list[0].args[0].data
    assert not plt.fignum_exists(fig.number)


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
