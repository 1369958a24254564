"""The audit chapter notebook: committed clean, found by the registry, executed per year."""

from __future__ import annotations

import nbformat
import pytest

from lkjip_nb import registry
from lkjip_nb.data import load_dataset
from lkjip_nb.record import read_figures
from tests.conftest import BUNDLED, DATA
from tests.notebook_runner import executed, notebook_path, param_years


def test_committed_without_outputs_and_registered():
    nb = nbformat.read(notebook_path("audit"), as_version=4)
    assert nb.metadata["lkjip_chapter"]["id"] == "audit"
    assert nb.metadata["lkjip_chapter"]["title"] == "Audit Angka Laporan"
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert "parameters" in nb.cells[0].metadata.get("tags", [])
    assert 'start("audit", globals())' in nb.cells[1].source
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
    entry = registry.chapter("audit")
    assert entry is not None and entry.title == "Audit Angka Laporan"


@pytest.mark.notebooks
@pytest.mark.parametrize("year", param_years())
def test_runs_for_every_year(year):
    figures = read_figures(executed("audit", year))
    assert "_inputs" in figures and "audit_kesalahan" in figures


@pytest.mark.notebooks
def test_2024_counts_and_tables():
    path = executed("audit", 2024)
    f = read_figures(path)
    assert (f["audit_kesalahan"], f["audit_peringatan"], f["audit_catatan"]) == (11, 2, 4)
    html = "".join(o.get("data", {}).get("text/html", "")
                   for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"
                   for o in c.outputs)
    belanja = load_dataset(DATA, BUNDLED).reported_in("belanja")  # as the agency printed it
    assert f"Temuan Audit pada Tabel {belanja} laporan tercetak" in html
    # the chapter says whose table numbers these are
    assert any("laporan tercetak" in c.source for c in nbformat.read(path, as_version=4).cells
               if c.cell_type == "markdown")
    assert "80,40" in html and "80,41" in html  # printed and recomputed side by side
