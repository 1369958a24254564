"""Weight sensitivity: the grid, its base row, and exactness against re-scoring."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from lkjip_nb.iks import analyse, score, validate_survey, weight_grid, weight_sensitivity
from lkjip_nb.iks.design import weighted_means
from lkjip_nb.iks.errors import IksDesignWarning
from lkjip_nb.iks.sources import load_survey
from tests.conftest import BUNDLED, DATA
from tests.iks_helpers import tiny_codebook, tiny_frame


def test_grid_drops_proportional_duplicates():
    g = weight_grid(4, (1, 2, 3))
    assert len(g) == 81 - 2  # (2,2,2,2) and (3,3,3,3) repeat (1,1,1,1)
    assert [1, 1, 1, 1] in g.tolist()
    assert len(weight_grid(2, (0, 1))) == 3  # (0,1), (1,0), (1,1); (0,0) has no weight


def test_tiny_case_by_hand():
    r = analyse(validate_survey(tiny_frame(), tiny_codebook(), year=2024), warn=False)
    t = weight_sensitivity(r, grid=np.array([[1, 3], [1, 1], [1, 0]]))
    # complete respondents r1..r3 (weights 1, 2, 3): A = (68.75 + 0 + 225)/6, B = 262.5/6
    a, b = 293.75 / 6, 262.5 / 6
    np.testing.assert_allclose(t["iks"], [(a + 3 * b) / 4, (a + b) / 2, a], atol=1e-9)
    assert list(t["dasar"]) == [True, False, False]
    assert t.loc[0, "selisih"] == pytest.approx(0.0, abs=1e-12)


def test_each_grid_point_equals_rescoring_with_those_weights():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IksDesignWarning)
        r = analyse(load_survey(2023, DATA, BUNDLED))
    t = weight_sensitivity(r)
    base = t[t["dasar"]].iloc[0]
    assert base["iks"] == pytest.approx(r.iks, abs=1e-9)
    assert base["se"] == pytest.approx(r.overall.iloc[0]["se"], abs=1e-9)
    for row in t.sample(5, random_state=0).itertuples():
        w = [row.W1, row.W2, row.W3, row.W4]
        comp = score(r.survey.answers, r.codebook, weights=w).composite
        est = weighted_means(comp, r.design)
        assert row.iks == pytest.approx(est.estimate[0, 0], abs=1e-9)
        assert row.se == pytest.approx(est.se[0, 0], abs=1e-9)
