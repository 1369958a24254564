"""Hand-computed scores: reversed items, both 0-100 conventions, the missing-answer rule,
W1-W4, design weights. Every expected number is worked out in the comments."""

from __future__ import annotations

import numpy as np
import pytest

from lkjip_nb.iks import analyse, score, validate_survey
from tests.iks_helpers import tiny_codebook, tiny_frame

TOL = 1e-9


def answers(cb):
    return validate_survey(tiny_frame(), cb, year=2024).answers


def test_respondent_indices_range_convention():
    cb = tiny_codebook()
    s = score(answers(cb), cb)
    # r1: x1=5 -> 100; x2=2 reversed -> 4 -> 75; x3=3 -> 50; x4=4 -> 75; x5=5 -> 100
    #     a1 = 87.5, a2 = 50, A = 68.75; b1 = B = 87.5; IKS = (1*68.75 + 3*87.5)/4 = 82.8125
    # r2: x1=9 missing; x2=5 reversed -> 1 -> 0 (1 of 2 items = 50 % share: enough); x3=1 -> 0
    #     a1 = 0, a2 = 0, A = 0; x4 blank, x5=3 -> 50: B = 50; IKS = (0 + 150)/4 = 37.5
    # r3: x1=4 -> 75; x2=8 missing; x3=8 missing -> a2 none; A = a1 = 75 (1 of 2 subdims)
    #     x4=2, x5=2 -> 25: B = 25; IKS = (75 + 75)/4 = 37.5
    # r4: x1=x2=x3=3 -> a1 = 50, a2 = 50, A = 50; x4=9, x5 blank -> B none -> no IKS
    np.testing.assert_allclose(s.subdimensions, [[87.5, 50, 87.5], [0, 0, 50], [75, np.nan, 25],
                                                 [50, 50, np.nan]], atol=TOL)
    np.testing.assert_allclose(s.dimensions, [[68.75, 87.5], [0, 50], [75, 25], [50, np.nan]],
                               atol=TOL)
    np.testing.assert_allclose(s.composite, [82.8125, 37.5, 37.5, np.nan], atol=TOL)


def test_max_convention():
    cb = tiny_codebook(convention="max")
    s = score(answers(cb), cb)
    # r1: x1 = 5/5 -> 100, x2 reversed 4/5 -> 80, x3 = 60, x4 = 80, x5 = 100
    #     a1 = 90, a2 = 60, A = 75, B = 90, IKS = (75 + 3*90)/4 = 86.25
    assert s.composite[0] == pytest.approx(86.25, abs=TOL)
    # r2: x2 reversed 1/5 -> 20, x3 = 1/5 -> 20: A = 20; B = x5 = 3/5 -> 60; IKS = (20+180)/4
    assert s.composite[1] == pytest.approx(50.0, abs=TOL)


def test_stricter_missing_rule_drops_partial_answers():
    cb = tiny_codebook(min_share=1.0)
    s = score(answers(cb), cb)
    # every part needed: r2's a1 (x1 missing) and r3's a2 vanish, so do their A and IKS
    assert np.isnan(s.subdimensions[1, 0]) and np.isnan(s.dimensions[1, 0])
    assert np.isnan(s.composite[1]) and np.isnan(s.composite[2])
    assert s.composite[0] == pytest.approx(82.8125, abs=TOL)


def test_dimension_weights_override():
    cb = tiny_codebook()
    s = score(answers(cb), cb, weights=[1, 1])
    # r1: (68.75 + 87.5)/2 = 78.125
    assert s.composite[0] == pytest.approx(78.125, abs=TOL)


def test_design_weighted_aggregates():
    cb = tiny_codebook()
    r = analyse(validate_survey(tiny_frame(), cb, year=2024), warn=False)
    t = r.overall.set_index("id")
    # IKS over r1..r3 (r4 has none), weights 1, 2, 3: (82.8125 + 2*37.5 + 3*37.5) / 6
    assert t.loc["iks", "indeks"] == pytest.approx(270.3125 / 6, abs=TOL)
    assert t.loc["iks", "n"] == 3
    # A over all four, weights 1..4: (68.75 + 0 + 3*75 + 4*50) / 10 = 49.375
    assert t.loc["A", "indeks"] == pytest.approx(49.375, abs=TOL)
    # B over r1..r3: (87.5 + 2*50 + 3*25) / 6 = 43.75
    assert t.loc["B", "indeks"] == pytest.approx(43.75, abs=TOL)
    # a2 over r1, r2, r4: (50 + 0 + 4*50) / 7
    assert t.loc["a2", "indeks"] == pytest.approx(250 / 7, abs=TOL)
    assert r.n == 3 and r.survey.n == 4
    assert any("1 responden tanpa IKS" in n for n in r.notes)


def test_item_summary_reversed_and_answer_share():
    from lkjip_nb.iks.scoring import item_summary

    cb = tiny_codebook()
    t = item_summary(answers(cb), cb).set_index("butir")
    # x2 reversed: r1 2 -> 75, r2 5 -> 0, r4 3 -> 50; r3 missing: mean 125/3, 3 of 4 answered
    assert t.loc["x2", "skor"] == pytest.approx(125 / 3, abs=TOL)
    assert t.loc["x2", "dijawab"] == pytest.approx(0.75)
    assert bool(t.loc["x2", "dibalik"]) and not bool(t.loc["x1", "dibalik"])
