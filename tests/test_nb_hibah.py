"""The hibah chapter executed for every year in params/, its recorded figures asserted."""

from __future__ import annotations

import pytest

from lkjip_nb.record import read_figures
from tests.notebook_runner import executed, param_years

pytestmark = pytest.mark.notebooks


@pytest.mark.parametrize("year", param_years())
def test_runs_for_every_year(year):
    figures = read_figures(executed("hibah", year))
    assert "_inputs" in figures


def test_2024_figures():
    f = read_figures(executed("hibah", 2024))
    assert f["hibah_parpol_tahap_1"] == 1_395_096_000
    assert f["hibah_parpol_tahap_2"] == 692_230_000
    assert f["hibah_parpol_total"] == 2_087_326_000
    assert (f["hibah_parpol_suara_2019"], f["hibah_parpol_suara_2024"]) == (697_548, 692_230)
    assert f["hibah_penyelenggara_pemilu_total"] == 55_125_030_160
    assert f["hibah_instansi_vertikal_total"] == 2_300_000_000
    assert f["hibah_instansi_vertikal_realisasi"] == 2_270_418_000
    assert f["hibah_ormas_total"] == 375_000_000
    assert (f["hibah_total_anggaran"], f["hibah_total_realisasi"]) == (59_887_356_160,
                                                                      59_857_774_160)
    assert (f["hibah_selisih_anggaran"], f["hibah_selisih_realisasi"]) == (0, 0)
    assert (f["ormas_badan_hukum_total"], f["ormas_skt_total"]) == (95, 6)
    assert f["ormas_badan_hukum_total_tercetak"] == 139
