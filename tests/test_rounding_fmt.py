"""Rounding policy and Indonesian formats."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from lkjip_nb.fmt import Formatter, number, percent, rupiah
from lkjip_nb.rounding import RoundingConfigError, RoundingPolicy, Rule, round_half_up, truncate


@pytest.mark.parametrize(("value", "decimals", "half_up", "cut"), [
    (98.38372093, 1, 98.4, 98.3),
    (75.625, 2, 75.63, 75.62),
    (-1.659, 2, -1.66, -1.65),
    (2.675, 2, 2.68, 2.67),        # binary 2.67499999... still rounds half up as printed
    (94.99999999999999, 2, 95.0, 95.0),  # float noise is not truncated away
    (0.5, 0, 1.0, 0.0),
])
def test_methods(value, decimals, half_up, cut):
    assert round_half_up(value, decimals) == half_up
    assert truncate(value, decimals) == cut


def test_exact_inputs():
    from decimal import Decimal

    assert Rule("half_up", 2).apply(Fraction(1108265687 * 100, 66348353265)) == Decimal("1.67")
    assert round_half_up(np.int64(7), 0) == 7.0
    assert round_half_up(np.float64(1.005), 2) == 1.01


def test_policy_overrides_and_errors():
    policy = RoundingPolicy.from_config({"capaian": {"method": "truncate", "decimals": 1}})
    assert policy.round(98.38, "capaian") == 98.3
    assert policy.round(98.38, "other") == 98.38
    changed = policy.with_overrides({"capaian": {"method": "half_up", "decimals": 2}})
    assert changed.round(98.3837, "capaian") == 98.38
    assert policy.round(None, "capaian") is None
    with pytest.raises(RoundingConfigError, match="tidak dikenal"):
        RoundingPolicy.from_config({"capaian": {"method": "ceil", "decimals": 1}})
    with pytest.raises(RoundingConfigError, match="kunci tidak dikenal"):
        RoundingPolicy.from_config({"capaian": {"method": "truncate", "digits": 1}})


def test_indonesian_formats():
    assert number(66348353265) == "66.348.353.265"
    assert number(84.61) == "84,61"
    assert number(94.2, 2) == "94,20"
    assert percent(99.56, 2) == "99,56\u00a0%"
    assert rupiah(66348353265) == "Rp\u00a066.348.353.265"
    fmt = Formatter(RoundingPolicy.from_config({"capaian": {"method": "truncate",
                                                            "decimals": 1}}))
    assert fmt.pct(84.61 / 86 * 100, "capaian") == "98,3\u00a0%"
    assert fmt.compact(86.0, "x") == "86"
    assert fmt.num(None) == "–"


def test_number_with_places_rounds_unrounded_values():
    assert number(3.485420852279596, 2) == "3,49"
    assert number(396.748, 1) == "396,7"
