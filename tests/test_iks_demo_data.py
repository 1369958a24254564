"""The bundled codebook matches the report's structure; the synthetic demo files are what the
seeded generator makes and land on the published IKS."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from lkjip_nb.iks import analyse, load_codebook
from lkjip_nb.iks.errors import IksDesignWarning
from lkjip_nb.iks.published import published_iks
from lkjip_nb.iks.sources import iks_folder, load_survey, survey_files
from lkjip_nb.iks.synthetic import FILE_PATTERN, generate_survey, load_config
from tests.conftest import BUNDLED, DATA

FOLDER = iks_folder(DATA, BUNDLED)


@pytest.fixture(scope="module")
def codebook():
    return load_codebook(FOLDER / "codebook.yaml")


def test_codebook_follows_the_dataset_structure(codebook, dataset):
    structure = dataset.table("iks_structure")
    dims = structure.drop_duplicates("dimension_no").sort_values("dimension_no")
    assert [d.name for d in codebook.dimensions] == list(dims["dimension"])
    assert [d.weight for d in codebook.dimensions] == list(dims["weight_symbol"])
    for d in codebook.dimensions:
        subs = structure[structure["dimension"] == d.name].sort_values("subdimension_no")
        assert [s.name for s in d.subdimensions] == list(subs["subdimension"])
    assert len(codebook.domain("kecamatan").values) == 22


def test_demo_files_are_reproducible(codebook):
    cfg = load_config(FOLDER / "synthetic.yaml")
    assert set(survey_files(DATA, BUNDLED)) == {2022, 2023, 2024}
    for year, spec in cfg["years"].items():
        fresh = generate_survey(codebook, cfg, int(year), spec["target"])
        stored = pd.read_csv(FOLDER / FILE_PATTERN.format(year=year))
        roundtrip = pd.read_csv(pd.io.common.StringIO(fresh.to_csv(index=False)))
        pd.testing.assert_frame_equal(stored, roundtrip)


@pytest.mark.parametrize("year", [2022, 2023, 2024])
def test_demo_composite_lands_on_the_published_value(year, dataset):
    published = published_iks(dataset).value(year)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IksDesignWarning)
        r = analyse(load_survey(year, DATA, BUNDLED))
    assert r.synthetic
    assert abs(r.iks - published) < 0.005
    assert 200 <= r.survey.n <= 500
    assert r.notes[0].startswith("DATA SINTETIS")


def test_respondent_categories_change_in_2024():
    """As in the report: ormas, FKUB and FPK members join the respondents in 2024."""
    def present(year):
        s = load_survey(year, DATA, BUNDLED)
        return set(s.domain_frame()["Kategori responden"].dropna().astype(str))

    assert present(2023) == {"Tokoh agama", "Tokoh masyarakat"}
    assert present(2024) == {"Tokoh agama", "Tokoh masyarakat", "Tokoh ormas", "Anggota FKUB",
                             "Anggota FPK"}


def test_formula_comes_from_the_codebook(codebook):
    from lkjip_nb.iks.chapter import formula_latex

    latex = formula_latex(codebook)
    assert latex.startswith(r"\mathrm{IKS} = \frac{W_{1} I_{\text{Kerjasama}}")
    assert r"W_{4} I_{\text{Ketertiban Umum}}}{W_{1} + W_{2} + W_{3} + W_{4}}" in latex
