"""Taylor-linearised standard errors on designs small enough to work out by hand."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from lkjip_nb.iks.design import MODEL_BASED_NOTE, linearized_covariance, make_design, weighted_means
from lkjip_nb.iks.errors import IksDesignWarning

TOL = 1e-12


def test_no_design_is_model_based_srs_variance():
    y = np.array([1.0, 2.0, 4.0, 7.0])
    d = make_design(4)
    est = weighted_means(y, d)
    assert d.model_based and d.describe() == MODEL_BASED_NOTE
    assert est.estimate[0, 0] == pytest.approx(3.5, abs=TOL)
    # s^2 / n with s^2 = ((-2.5)^2 + 1.5^2 + 0.5^2 + 3.5^2) / 3 = 21/3 = 7
    assert est.se[0, 0] == pytest.approx(math.sqrt(7 / 4), abs=TOL)


def test_weighted_stratified_mean():
    # y = 1, 2, 3, 4; w = 1, 1, 2, 2; strata A, A, B, B; mean = 17/6
    # z = w (y - 17/6) / 6: A: -11/36, -5/36 -> spread 2 * 2 * (3/36)^2 = 36/1296
    #                        B: 2/36, 14/36  -> spread 2 * 2 * (6/36)^2 = 144/1296
    # variance 180/1296 = 5/36
    d = make_design(4, weights=np.array([1, 1, 2, 2.0]), strata=np.array(["A", "A", "B", "B"]))
    est = weighted_means(np.array([1, 2, 3, 4.0]), d)
    assert est.estimate[0, 0] == pytest.approx(17 / 6, abs=TOL)
    assert est.se[0, 0] == pytest.approx(math.sqrt(5) / 6, abs=TOL)
    assert not d.model_based


def test_clusters_sum_before_the_spread():
    # one stratum, clusters {1, 2} and {3, 4}, equal weights: mean 2.5
    # z = (y - 2.5)/4 -> cluster totals (-1.5 - 0.5)/4 = -0.5 and +0.5
    # variance 2/1 * (0.25 + 0.25) = 1
    d = make_design(4, clusters=np.array(["k1", "k1", "k2", "k2"]))
    est = weighted_means(np.array([1, 2, 3, 4.0]), d)
    assert est.se[0, 0] == pytest.approx(1.0, abs=TOL)


def test_missing_values_use_the_available_respondents():
    d = make_design(5)
    est = weighted_means(np.array([1, 2, np.nan, 4, 7.0]), d)
    # mean over 4 values (3.5); z is zero for the missing one but n stays 5 in the spread:
    # z = (y - 3.5)/4: -0.625, -0.375, 0, 0.125, 0.875; mean 0; sum z^2 = 1.3125
    # variance 5/4 * 1.3125
    assert est.n[0, 0] == 4
    assert est.estimate[0, 0] == pytest.approx(3.5, abs=TOL)
    assert est.se[0, 0] == pytest.approx(math.sqrt(5 / 4 * 1.3125), abs=TOL)


def test_lonely_stratum_warns_and_is_adjusted_or_removed():
    # y = 1, 2, 3; strata A, A, B (B has one cluster); mean 2; z = (y - 2)/3
    # A: -1/3, 0 -> spread 2 * 2 * (1/6)^2 = 1/9; B lonely: adjust -> z^2 = 1/9, remove -> 0
    y = np.array([1, 2, 3.0])
    strata = np.array(["A", "A", "B"])
    with pytest.warns(IksDesignWarning, match="satu klaster"):
        adjust = make_design(3, strata=strata, lonely_psu="adjust")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IksDesignWarning)
        remove = make_design(3, strata=strata, lonely_psu="remove")
    assert adjust.lonely_strata == ["B"]
    assert any("1 strata hanya berisi satu klaster (B)" in n for n in adjust.notes)
    assert weighted_means(y, adjust).se[0, 0] == pytest.approx(math.sqrt(2 / 9), abs=TOL)
    assert weighted_means(y, remove).se[0, 0] == pytest.approx(math.sqrt(1 / 9), abs=TOL)


def test_domain_keeps_the_full_design():
    # no design, n = 4, domain g = [0, 0, 1, 1]; domain 0 mean of 1, 3 = 2
    # z = (y - 2)/2 in the domain, 0 outside: -0.5, 0.5, 0, 0; mean 0; variance 4/3 * 0.5
    d = make_design(4)
    est = weighted_means(np.array([1, 3, 10, 20.0]), d, np.array([0, 0, 1, 1]), 2)
    assert est.estimate[0, 0] == pytest.approx(2.0, abs=TOL)
    assert est.se[0, 0] == pytest.approx(math.sqrt(4 / 3 * 0.5), abs=TOL)
    assert list(est.n[:, 0]) == [2, 2]


def test_empty_group_has_no_estimate():
    d = make_design(3)
    est = weighted_means(np.array([1, 2, 3.0]), d, np.array([0, 0, 0]), 2)
    assert est.n[1, 0] == 0 and np.isnan(est.estimate[1, 0]) and np.isnan(est.se[1, 0])


def test_covariance_diagonal_matches_the_variance():
    rng = np.random.default_rng(1)
    y = rng.normal(size=(50, 3))
    d = make_design(50, weights=rng.uniform(1, 3, 50), strata=np.repeat(["a", "b"], 25),
                    clusters=np.repeat(np.arange(10), 5))
    mean, cov = linearized_covariance(y, d)
    est = weighted_means(y, d)
    np.testing.assert_allclose(mean, est.estimate[0], atol=TOL)
    np.testing.assert_allclose(np.sqrt(np.diag(cov)), est.se[0], atol=TOL)


def test_sparse_cluster_cells_give_the_same_answer(monkeypatch):
    import lkjip_nb.iks.design as design_module

    rng = np.random.default_rng(5)
    n = 300
    d = make_design(n, weights=rng.uniform(1, 2, n), strata=np.repeat(["a", "b", "c"], 100),
                    clusters=np.repeat(np.arange(60), 5))
    y = rng.normal(80, 5, size=(n, 2))
    y[rng.random((n, 2)) < 0.1] = np.nan
    g = rng.integers(-1, 4, n)
    direct = weighted_means(y, d, g, 4)
    monkeypatch.setattr(design_module, "_direct_cells", lambda cells, n: False)
    sparse = weighted_means(y, d, g, 4)
    np.testing.assert_allclose(sparse.estimate, direct.estimate, atol=TOL)
    np.testing.assert_allclose(sparse.se, direct.se, atol=TOL)


def test_the_single_cluster_warning_is_plain_indonesian():
    """Reader text names the method, not the codebook setting (no 'lonely_psu: adjust')."""
    strata = np.array(["A", "A", "B"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IksDesignWarning)
        notes = {how: make_design(3, strata=strata, lonely_psu=how).notes[0]
                 for how in ("adjust", "remove")}
    for how, note in notes.items():
        assert "lonely" not in note and how not in note.replace("(penyesuaian)", "")
        assert note.startswith("Peringatan: 1 strata hanya berisi satu klaster (B)")
    assert "dibandingkan dengan rata-rata keseluruhan (penyesuaian)" in notes["adjust"]
    assert "tidak menyumbang varians" in notes["remove"]
