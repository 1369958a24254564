"""The survey analysis API: subpopulations with the whole design, design df, flags for groups
whose SE cannot be estimated or whose n is small, cross-tabulations, tests, and errors that name
the valid choices."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from lkjip_nb.iks import ChoiceError, analyse, codebook_from_dict, load_survey, validate_survey
from lkjip_nb.iks.errors import IksDesignWarning
from lkjip_nb.iks.tdist import critical_value
from tests.conftest import BUNDLED, DATA
from tests.iks_helpers import tiny_codebook_dict, tiny_frame


@pytest.fixture(scope="module")
def demo():
    return analyse(load_survey(2024, DATA, BUNDLED))


def test_a_subset_keeps_the_whole_design_and_matches_the_breakdown(demo):
    row = demo.breakdown("kategori").set_index("kelompok").loc["Tokoh agama"]
    part = demo.subset(kategori="Tokoh agama")
    assert part.n == row["n"] == 95
    assert part.iks == pytest.approx(row["indeks"], abs=1e-12)
    assert part.ci == pytest.approx((row["ci_low"], row["ci_high"]), abs=1e-12)
    assert part.df == row["df"] == 31
    assert part.design is demo.design  # no lonely strata from filtering first
    assert part.n_respondents == 95 and "Kategori responden: Tokoh agama" in part.notes[1]
    # filtering the file first builds another, poorer design: lonely strata, another interval
    from lkjip_nb.iks import read_survey

    raw = read_survey(demo.survey.source, demo.codebook)
    raw.frame = raw.frame[raw.frame["kategori_responden"] == "Tokoh agama"]
    with pytest.warns(IksDesignWarning, match="satu klaster"):
        filtered = analyse(validate_survey(raw, demo.codebook, year=2024))
    assert filtered.iks == pytest.approx(part.iks, abs=1e-9)
    assert filtered.ci != pytest.approx(part.ci, abs=1e-3)


def test_subsets_combine_and_narrow(demo):
    both = demo.subset(kategori=["Tokoh agama", "Tokoh ormas"], jenis_kelamin="Perempuan")
    narrowed = demo.subset(kategori=["Tokoh agama", "Tokoh ormas"]).subset(
        jenis_kelamin="Perempuan")
    assert both.n == narrowed.n and both.iks == pytest.approx(narrowed.iks, abs=1e-12)
    mask = np.asarray(demo.survey.domain_codes["usia"] == 4)
    assert demo.subset(mask).n == demo.breakdown("usia").iloc[4]["n"]


def test_intervals_use_t_on_the_design_df(demo):
    assert demo.df == 66 - 22
    low, high = demo.ci
    assert high - low == pytest.approx(2 * critical_value(0.95, 44) * demo.se, rel=1e-12)
    normal = analyse(demo.survey, ci_basis="normal")
    assert normal.ci[1] - normal.ci[0] == pytest.approx(2 * 1.959963984540054 * demo.se,
                                                        rel=1e-12)
    assert "derajat bebas rancangan 44" in demo.ci_method


def test_a_group_in_one_cluster_is_flagged_with_a_sentence(demo):
    """Kecamatan Bakung x Tokoh agama: 2 respondents in one cluster, SE 0, no interval."""
    cells = demo.crosstab("kecamatan", "kategori").set_index(["kecamatan", "kategori"])
    cell = cells.loc[("Bakung", "Tokoh agama")]
    assert cell["n"] == 2 and cell["df"] == 0 and cell["se"] == 0
    assert cell["se_tak_terhitung"] and cell["n_kecil"]
    assert math.isnan(cell["ci_low"]) and math.isnan(cell["ci_high"])
    assert cell["catatan"].startswith("Kecamatan Bakung, kategori responden Tokoh agama: 2 "
                                      "responden, semuanya berada dalam satu klaster")
    assert len(cells) == 22 * 5 and cells["n"].sum() == demo.n


def test_the_small_n_threshold_comes_from_the_codebook():
    raw = tiny_codebook_dict()
    raw["reporting"] = {"min_n": 2}
    cb = codebook_from_dict(raw)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IksDesignWarning)
        result = analyse(validate_survey(tiny_frame(), cb, year=2024))
    table = result.breakdown("kec")
    assert result.min_n == 2
    assert list(table["n"]) == [2, 1] and list(table["n_kecil"]) == [False, True]
    raw["reporting"] = {"min_n": 0}
    with pytest.raises(Exception, match="min_n 0 harus bilangan bulat >= 1"):
        codebook_from_dict(raw)


def test_two_groups_and_two_years_are_tested(demo):
    c = demo.compare("kategori", "Tokoh agama", "Tokoh ormas")
    assert c.difference == pytest.approx(c.estimate_a - c.estimate_b)
    assert c.df == 40 and c.p_value < 0.001 and c.significant
    assert c.sentence().startswith("Menurut kategori responden, IKS Tokoh agama (88,01) lebih "
                                   "tinggi 6,89 poin daripada Tokoh ormas (81,11); selisih itu "
                                   "bermakna secara statistik pada taraf 5 %")
    earlier = analyse(load_survey(2023, DATA, BUNDLED))
    y = demo.compare_years(earlier)
    assert y.df == demo.df + earlier.df - 1
    assert y.se == pytest.approx(math.hypot(demo.se, earlier.se))
    assert 0 < y.p_value < 1 and "saling bebas" in y.sentence()


def test_analyse_alone_finds_the_agency_categories():
    """The categories come from the profile.yaml beside the codebook's iks/ folder."""
    result = analyse(load_survey(2024, DATA, BUNDLED))
    assert result.categories and result.category == "Sangat Tinggi"


def test_wrong_choices_name_the_valid_ones(demo):
    with pytest.raises(ChoiceError) as info:
        demo.breakdown("kec")
    assert str(info.value) == ("Karakteristik responden (kunci rincian) 'kec' tidak dikenal; "
                               "pilihan yang sah: kategori, usia, pendidikan, kecamatan, "
                               "kedekatan, jenis_kelamin")
    assert isinstance(info.value, KeyError)  # still a KeyError for code that catches one
    with pytest.raises(ChoiceError, match="pilihan yang sah: Tokoh agama, Tokoh masyarakat"):
        demo.subset(kategori="Tokoh")
    with pytest.raises(ChoiceError, match="pilihan yang sah: komposit, dimensi, sub-dimensi"):
        demo.breakdown("kategori", levels=("dimensie",))
    with pytest.raises(ChoiceError, match="pilihan yang sah: iks, kerjasama"):
        demo.crosstab("kecamatan", "kategori", index="IKS")


def test_english_level_names_work(demo):
    dims = demo.breakdown("kategori", levels=("dimension",))
    assert len(dims) == 5 * 4 and set(dims["tingkat"]) == {"dimensi"}
    assert len(demo.breakdowns(levels="composite")) == sum(
        len(d.groups()) for d in demo.codebook.domains if d.breakdown)
