"""The vectorised bootstrap: seeded, resampling within strata, agreeing with Taylor SEs."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from lkjip_nb.iks import analyse
from lkjip_nb.iks.bootstrap import bootstrap_means, cluster_multipliers, stratum_order
from lkjip_nb.iks.design import make_design
from lkjip_nb.iks.errors import IksDesignWarning
from lkjip_nb.iks.sources import load_survey
from tests.conftest import BUNDLED, DATA


def test_multipliers_resample_clusters_within_strata():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IksDesignWarning)
        d = make_design(9, strata=np.array(list("AAAABBBBC")),
                        clusters=np.array(["a1", "a1", "a2", "a3", "b1", "b2", "b3", "b4",
                                           "c1"]))
    m = cluster_multipliers(d, 500, np.random.default_rng(0))[:, np.argsort(stratum_order(d))]
    assert m.shape == (500, d.n_clusters)
    # Rao-Wu: n_h - 1 draws rescaled by n_h/(n_h - 1): each stratum's multipliers sum to n_h
    for h, nh in enumerate(d.psu_count):
        cols = d.cluster_stratum == h
        expected = nh if nh > 1 else 1
        np.testing.assert_allclose(m[:, cols].sum(axis=1), expected)
    lonely = d.cluster_stratum == 2
    assert np.all(m[:, lonely] == 1.0)  # a single-cluster stratum keeps its weight
    assert m[:, ~lonely].std() > 0


def test_seeded_and_reproducible():
    y = np.random.default_rng(3).normal(80, 10, size=(200, 2))
    d = make_design(200)
    a = bootstrap_means(y, d, 300, seed=7)
    b = bootstrap_means(y, d, 300, seed=7)
    c = bootstrap_means(y, d, 300, seed=8)
    np.testing.assert_array_equal(a.replicates, b.replicates)
    assert not np.array_equal(a.replicates, c.replicates)
    assert a.replicates.shape == (300, 2)


def test_block_size_does_not_change_the_statistics(monkeypatch):
    import lkjip_nb.iks.bootstrap as boot

    y = np.random.default_rng(4).normal(size=500)
    d = make_design(500)
    whole = bootstrap_means(y, d, 400, seed=1)
    monkeypatch.setattr(boot, "BLOCK_CELLS", 500 * 37)  # blocks of 37 replicates
    blocked = bootstrap_means(y, d, 400, seed=1)
    assert blocked.replicates.shape == whole.replicates.shape
    assert blocked.se[0] == pytest.approx(whole.se[0], rel=0.15)


def test_agrees_with_taylor_on_the_demo_survey():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IksDesignWarning)
        r = analyse(load_survey(2024, DATA, BUNDLED), bootstrap_replicates=2000, seed=11)
    t = r.overall
    ratio = t["se_bootstrap"] / t["se"]
    assert ratio.between(0.85, 1.15).all(), ratio
    inside = (t["ci_low_bootstrap"] < t["indeks"]) & (t["indeks"] < t["ci_high_bootstrap"])
    assert inside.all()


def test_stratum_weight_totals_are_kept_with_interleaved_strata():
    # respondents of strata A and B interleaved, no clusters, equal weights; Rao-Wu keeps each
    # stratum's multiplier total (n_h), so the share of stratum A is the same in every replicate
    strata = np.array(list("AB" * 50 + "A" * 20))
    d = make_design(len(strata), strata=strata)
    share = (strata == "A").astype(float)
    boot = bootstrap_means(share, d, 200, seed=3)
    np.testing.assert_allclose(boot.replicates[:, 0], 70 / 120, atol=1e-12)
    other = bootstrap_means(np.arange(len(strata), dtype=float), d, 200, seed=3)
    assert other.se[0] > 0
