"""The planning chapter (Bab II) executed for every year in params/, its figures asserted."""

from __future__ import annotations

import re

import pytest

from lkjip_nb.audit.wording import printed_table
from lkjip_nb.data import load_dataset
from lkjip_nb.record import read_figures
from tests.conftest import BUNDLED, DATA
from tests.notebook_runner import executed, param_years

pytestmark = pytest.mark.notebooks


@pytest.mark.parametrize("year", param_years())
def test_runs_for_every_year(year):
    figures = read_figures(executed("planning", year))
    assert "_inputs" in figures
    assert figures["n_iku"] == 4


def test_2024_figures():
    f = read_figures(executed("planning", 2024))
    assert (f["n_program"], f["n_kegiatan"], f["n_sub_kegiatan"]) == (6, 11, 26)
    assert (f["n_sasaran"], f["n_iku"], f["misi_didukung"]) == (4, 4, [1])
    assert [f[f"iks_realisasi_{y}"] for y in (2022, 2023, 2024)] == [84.09, 84.23, 84.61]
    assert [f[f"iks_target_{y}"] for y in (2022, 2023, 2024)] == [82, 84, 86]
    assert f["iks_kategori_2024"] == "Sangat Tinggi"
    assert [f[f"pk_target_{k}"] for k in ("IKS", "KONFLIK", "DEMOKRASI", "SAKIP")] == [
        86, 90, 80, 75.3]
    assert f["realisasi_2023_DEMOKRASI"] == 70  # Tabel 2.4 prints 75 (shown beside, marked)
    assert f["anggaran_program_8.01.03"] == 57_987_983_832
    assert f["anggaran_program_total"] == 66_348_353_265


def test_2024_shows_tables_and_chart():
    """The chapter document numbers its tables and figure in order within Bab II."""
    import nbformat

    from lkjip_nb.render.html import ReportInfo, render_html
    from lkjip_nb.render.preprocessors import tag_chapter

    nb = nbformat.read(executed("planning", 2024), as_version=4)
    tag_chapter(nb, "1", 1)  # as the runner does: the notebook's Bab (2) numbers its items
    html = render_html(nb, ReportInfo(agency="-", year=2024), "reader")
    for number in ("2.1", "2.2", "2.3", "2.4", "2.5"):
        assert re.search(rf"Tabel {re.escape(number)}(?![\d.])", html), number
    assert re.search(r"Gambar 2\.1(?![\d.])", html)
    printed = load_dataset(DATA, BUNDLED).reported_in("perjanjian-kinerja")
    assert f"{printed_table(printed)}: 75" in html  # the differing print of DEMOKRASI 2023


def test_2023_says_targets_missing():
    import nbformat

    nb = nbformat.read(executed("planning", 2023), as_version=4)
    text = "".join(str(o.get("data", {}).get("text/markdown", "")) for c in nb.cells
                   if c.cell_type == "code" for o in c.get("outputs", []))
    assert "Target Renstra dan target Perjanjian Kinerja untuk tahun 2023 tidak ada" in text
    assert "Data program, kegiatan dan sub kegiatan" in text
