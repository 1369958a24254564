"""The indicators chapter (Bab III.A.1-4) executed for every year in params/, figures asserted."""

from __future__ import annotations

import pytest

from lkjip_nb.record import read_figures
from tests.notebook_runner import executed, param_years

pytestmark = pytest.mark.notebooks

IKU = ("IKS", "KONFLIK", "DEMOKRASI", "SAKIP")


def _markdown(path) -> str:
    import nbformat

    nb = nbformat.read(path, as_version=4)
    return "".join(str(o.get("data", {}).get("text/markdown", "")) for c in nb.cells
                   if c.cell_type == "code" for o in c.get("outputs", []))


@pytest.mark.parametrize("year", param_years())
def test_runs_for_every_year(year):
    figures = read_figures(executed("indicators", year))
    assert "_inputs" in figures
    assert figures["realisasi_IKS"] is not None


def test_2024_figures():
    f = read_figures(executed("indicators", 2024))
    assert [f[f"capaian_{k}"] for k in IKU] == [98.3, 100.0, 100.0, 88.3]
    assert [f[f"kemajuan_{k}"] for k in IKU] == [94.01, 94.73, 100.0, 87.68]
    assert [f[f"capaian_sasaran_S{i}"] for i in range(1, 5)] == [98.3, 100.0, 100.0, 88.3]
    assert f["predikat_SAKIP"] == "B"
    assert (f["rumus_KONFLIK"], f["rumus_DEMOKRASI"]) == (100.0, 100.0)
    assert (f["konflik_ditangani"], f["konflik_total"]) == (11, 11)
    assert f["partisipasi_pemilu_2024"] == 81.68
    assert f["partisipasi_pilkada_2024"] == 69.57
    assert f["partisipasi_pilkada_2020"] == 67.01  # printed 67,08
    assert f["partisipasi_rata"] == 75.62
    assert f["capaian_program_partisipasi"] == 94.52
    assert f["target_program_partisipasi"] == 80


def test_2024_narrative_and_marks():
    text = _markdown(executed("indicators", 2024))
    assert "lebih tinggi dari Nasional (83,83), namun lebih rendah dari Kabupaten Lamongan" in text
    assert "berpredikat B" in text  # Tabel 3.2 prints BB (66,55)
    assert "11 (sebelas) kejadian" in text


def test_2023_partial_year():
    path = executed("indicators", 2023)
    f = read_figures(path)
    assert f["capaian_IKS"] == 100.2
    assert f["capaian_SAKIP"] is None and "partisipasi_rata" not in f
    text = _markdown(path)
    assert "Data target tidak lengkap" in text
    assert "Data Pemilu/Pilkada (DPT dan pengguna hak pilih) untuk tahun 2023 tidak ada" in text
    assert "Daftar kejadian menonjol (konflik) untuk tahun 2023 tidak ada" in text


def captions(path) -> list[str]:
    """The figcaption of every table the executed notebook shows."""
    import re

    import nbformat

    nb = nbformat.read(path, as_version=4)
    html = "".join(str(o.get("data", {}).get("text/html", "")) for c in nb.cells
                   if c.cell_type == "code" for o in c.get("outputs", []))
    return re.findall(r'<figure class="lkjip-table"[^>]*><figcaption>(.*?)</figcaption>', html,
                      re.S)


def test_every_table_caption_is_numbered():
    """Supporting tables too (per sasaran, comparisons, conflicts, turnout): each caption
    carries the label the renderer numbers."""
    found = captions(executed("indicators", 2024))
    assert len(found) > 2
    assert all('class="lkjip-label"' in c for c in found), found
