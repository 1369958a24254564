"""The IKS survey notebook executed by papermill for every year in params/, figures asserted."""

from __future__ import annotations

import warnings

import nbformat
import pytest

from lkjip_nb.iks import analyse
from lkjip_nb.iks.errors import IksDesignWarning
from lkjip_nb.iks.sources import load_survey
from lkjip_nb.record import read_figures
from tests.conftest import BUNDLED, DATA
from tests.notebook_runner import executed, notebook_path, param_years

pytestmark = pytest.mark.notebooks


def test_committed_without_outputs_and_with_its_parameters():
    nb = nbformat.read(notebook_path("iks_survey"), as_version=4)
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1
    for line in ("year = 2024", 'opd = "bakesbangpol-kab-blitar"', 'data_dir = "../data"',
                 "rounding = {}", 'survey = ""', 'codebook = ""', "bootstrap_replicates = 1000",
                 "seed = 2024"):
        assert line in params[0].source
    assert all(not c.get("outputs") and not c.get("execution_count")
               for c in nb.cells if c.cell_type == "code")


@pytest.mark.parametrize("year", param_years())
def test_recorded_figures(year):
    f = read_figures(executed("iks_survey", year))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IksDesignWarning)
        expected = analyse(load_survey(year, DATA, BUNDLED))
    assert f["synthetic"] is True
    assert f["iks_komposit"] == pytest.approx(expected.iks, abs=1e-9)
    assert (f["iks_ci_low"], f["iks_ci_high"]) == pytest.approx(expected.ci, abs=1e-9)
    assert f["n_responden"] == expected.survey.n and f["n_iks"] == expected.n
    assert f["iks_ci_low_bootstrap"] < f["iks_komposit"] < f["iks_ci_high_bootstrap"]
    assert f["bobot"] == {"W1": 1, "W2": 1, "W3": 1, "W4": 1}
    assert f["iks_kategori"] == "Sangat Tinggi"
    assert f["model_based"] is False
    assert f"{BUNDLED}/iks/iks_survei_{year}_sintetis.csv" in f["_inputs"]
    for name in ("iks/codebook.yaml", "iku_realisasi.csv", "iku_targets.csv", "profile.yaml"):
        assert f"{BUNDLED}/{name}" in f["_inputs"]


def test_every_table_and_chart_says_synthetic():
    nb = nbformat.read(executed("iks_survey", 2024), as_version=4)
    html = "".join(o.get("data", {}).get("text/html", "") for c in nb.cells
                   for o in c.get("outputs", []))
    captions = html.count("<figcaption>")
    assert captions >= 7
    synthetic_captions = html.count("(DATA SINTETIS)</figcaption>")
    # only the comparison of published regional values is not built on the survey data
    assert synthetic_captions == captions - 1
    # and a header row that a printer repeats on every page a long table spans
    assert html.count('class="lkjip-synthetic"') == captions - 1
    assert html.count('class="lkjip-source">Sumber:') >= captions
    assert "DATA SINTETIS" in nbformat.writes(nb)


def _reader_text(path) -> str:
    """Everything a reader sees: markdown, HTML (tags dropped) and plain-text outputs."""
    import re

    nb = nbformat.read(path, as_version=4)
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            parts += [data.get("text/markdown", ""), data.get("text/html", ""),
                      out.get("text", "")]
    return re.sub(r"<[^>]+>", " ", "\n".join(str(p) for p in parts))


def test_reader_text_names_no_module_or_config_key():
    text = _reader_text(executed("iks_survey", 2024))
    for code_name in ("lkjip_nb", "lonely_psu", "min_n", "bootstrap_replicates", "ci_basis"):
        assert code_name not in text
    assert text.count("Sumber:") >= 14
    assert "responden rekaan yang dibangkitkan acak" in text
    # the header lists the rounding of the figures this chapter shows, in words
    header = text[text.index("Pembulatan tampilan"):text.index("Nilai eksak")]
    assert header.startswith("Pembulatan tampilan — nilai indeks: bulatkan setengah ke atas, "
                             "2 desimal; capaian terhadap target: potong, 1 desimal.")
    for other in ("rupiah", "porsi", "capaian program", "partisipasi"):
        assert other not in header


def test_the_comparison_table_tests_years_and_groups():
    text = _reader_text(executed("iks_survey", 2024))
    assert "Uji Beda IKS antartahun dan antarkelompok (DATA SINTETIS)" in text
    assert "Survei 2024 − survei 2023" in text and "Kategori responden: Tokoh agama" in text
    assert "IKS survei 2024 (84,61) lebih tinggi" in text
