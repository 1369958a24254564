"""Chart labels are data: a dollar sign in a program or region name is drawn as typed."""

from __future__ import annotations

import io

import matplotlib as mpl
import pytest

from lkjip_nb import charts

NAMES = [r"Program $\foo$ daerah", "Kegiatan $1$ dan $2$", "Biasa"]


@pytest.fixture
def project_style():
    with mpl.rc_context():
        charts.apply_style()
        yield


def _drawn(fig) -> list[str]:
    fig.savefig(io.BytesIO(), format="png")  # invalid mathtext would raise here
    return [t.get_text() for ax in fig.axes for t in ax.get_yticklabels() + [ax.title]]


def test_dollar_signs_in_labels_are_text_not_math(project_style):
    fig = charts.budget_bars(NAMES, [3.0, 2.0, 1.0], [2.0, 1.0, 1.0], title="Anggaran $x$")
    drawn = _drawn(fig)
    assert set(NAMES) <= set(drawn) and "Anggaran $x$" in drawn
    assert all(not t.get_parse_math() for ax in fig.axes for t in ax.get_yticklabels())


def test_ranked_bars_draw_region_names_as_typed(project_style):
    fig = charts.ranked_bars(NAMES, [1.0, 2.0, 3.0], title="Perbandingan")
    assert set(NAMES) <= set(_drawn(fig))
