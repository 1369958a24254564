"""The efficiency chapter executed for every year in params/, its recorded figures asserted."""

from __future__ import annotations

import pytest

from lkjip_nb.record import read_figures
from tests.notebook_runner import executed, param_years

pytestmark = pytest.mark.notebooks


@pytest.mark.parametrize("year", param_years())
def test_runs_for_every_year(year):
    figures = read_figures(executed("efficiency", year))
    assert "_inputs" in figures


def test_2024_figures():
    f = read_figures(executed("efficiency", 2024))
    assert [f[f"efisiensi_S{i}"] for i in range(1, 5)] == [-1.66, 5.80, 0.11, -7.97]
    assert [f[f"porsi_S{i}"] for i in range(1, 5)] == [1.67, 1.70, 91.54, 5.10]
    assert f["penyerapan_total"] == 99.56
    assert f["anggaran_total"] == 66_348_353_265
