"""The budget chapter (Bab III.B) executed for every year in params/, its figures asserted."""

from __future__ import annotations

import pytest

from lkjip_nb.record import read_figures
from tests.notebook_runner import executed, param_years

pytestmark = pytest.mark.notebooks


@pytest.mark.parametrize("year", param_years())
def test_runs_for_every_year(year):
    figures = read_figures(executed("budget", year))
    assert "_inputs" in figures
    # The bundled 2023 has Tabel 3.6 but no program data; 2022 has neither.
    if year == 2023:
        assert figures["belanja_anggaran_2023"] == 44_566_775_320
        assert "anggaran_total" not in figures


def test_2024_figures():
    f = read_figures(executed("budget", 2024))
    assert f["anggaran_total"] == 66_348_353_265
    assert f["realisasi_total"] == 66_054_901_370
    assert f["persen_total"] == 99.56
    assert f["persen_8.01.03"] == 99.93
    assert f["persen_8.01.06"] == 94.20
    assert (f["belanja_anggaran_2023"], f["belanja_realisasi_2023"]) == (44_566_775_320,
                                                                        44_362_650_312)
    assert (f["belanja_anggaran_2024"], f["belanja_realisasi_2024"]) == (66_347_193_835,
                                                                        66_054_901_370)
    assert f["belanja_anggaran_tercetak_2024"] == 66_347_193_865
    assert (f["belanja_persen_2023"], f["belanja_persen_2024"]) == (99.54, 99.56)
    assert (f["jumlah_program"], f["jumlah_kegiatan"], f["jumlah_sub_kegiatan"]) == (6, 11, 26)
    assert f["tabel_per_sasaran"] == 4



def test_every_table_caption_is_numbered():
    """The change table and the narrative check too: each caption carries the label the
    renderer numbers."""
    from tests.test_nb_indicators import captions

    found = captions(executed("budget", 2024))
    assert any("Perubahan Anggaran" in c for c in found)
    assert all('class="lkjip-label"' in c for c in found), found
