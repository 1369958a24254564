"""Figures as shown in notebooks: one PNG per figure, the same pixels as IPython's inline output."""

from __future__ import annotations

import base64
import io
from unittest import mock

import matplotlib.pyplot as plt
import numpy as np
import pytest
from IPython.core.formatters import DisplayFormatter
from IPython.core.pylabtools import print_figure
from PIL import Image

from lkjip_nb import charts, present
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


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


@pytest.mark.parametrize("build", [
    _overflowing,
    lambda: charts.target_vs_realisasi(["A", "B", "C"], [90, 95, 100], [91, 93.5, 99], "Capaian"),
    lambda: charts.share_bars(["Belanja pegawai", "Belanja barang", "Hibah"], [5, 10, 85],
                              "Komposisi"),
])
def test_png_is_what_the_inline_backend_showed(build):
    before = print_figure(build(), "png", bbox_inches="tight")  # what display(fig) produced
    after = present.figure_png(build())
    assert present.png_size(after) == present.png_size(before)
    assert np.array_equal(_pixels(after), _pixels(before))


def test_long_labels_are_not_clipped():
    fig = _overflowing()
    width_px = fig.get_figwidth() * fig.dpi
    assert present.png_size(present.figure_png(fig))[0] > width_px  # cropped "tight", not cut


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
