"""Student's t distribution without SciPy: two-sided p-values and quantiles for design df.

The CDF comes from the regularised incomplete beta function (continued fraction, Lentz's
method), accurate to about 1e-14; the quantile inverts it by bisection refined with Newton steps.
``df = inf`` is the normal distribution.
"""

from __future__ import annotations

import math
from functools import lru_cache
from statistics import NormalDist

_EPS = 1e-16
_TINY = 1e-300


def _beta_fraction(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (Numerical Recipes ``betacf``)."""
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    h = d
    for m in range(1, 10_000):
        m2 = 2 * m
        for aa in (m * (b - m) * x / ((qam + m2) * (a + m2)),
                   -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))):
            d = 1.0 + aa * d
            d = 1.0 / (d if abs(d) > _TINY else _TINY)
            c = 1.0 + aa / c
            c = c if abs(c) > _TINY else _TINY
            h *= d * c
        if abs(d * c - 1.0) < _EPS:
            break
    return h


def incomplete_beta(a: float, b: float, x: float) -> float:
    """Regularised incomplete beta I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
                 + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _beta_fraction(a, b, x) / a
    return 1.0 - math.exp(log_front) * _beta_fraction(b, a, 1.0 - x) / b


def t_sf2(t: float, df: float) -> float:
    """Two-sided p-value P(|T| >= |t|) of Student's t with ``df`` degrees of freedom."""
    if math.isnan(t) or not df > 0:
        return math.nan
    if math.isinf(df):
        return 2.0 * NormalDist().cdf(-abs(t))
    if math.isinf(t):
        return 0.0
    return incomplete_beta(df / 2.0, 0.5, df / (df + t * t))


def t_cdf(t: float, df: float) -> float:
    """P(T <= t)."""
    p = t_sf2(t, df) / 2.0
    return p if t < 0 else 1.0 - p


def t_quantile(p: float, df: float) -> float:
    """The ``p`` quantile of Student's t (NaN for df <= 0, the normal quantile for df = inf)."""
    if not 0.0 < p < 1.0 or not df > 0 or math.isnan(df):
        return math.nan
    if math.isinf(df):
        return NormalDist().inv_cdf(p)
    if p == 0.5:
        return 0.0
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    lo, hi = 0.0, 1.0
    while t_cdf(hi, df) < p:
        lo, hi = hi, hi * 2.0
        if hi > 1e300:
            return math.inf
    for _ in range(200):  # bisection to a narrow bracket
        mid = (lo + hi) / 2.0
        if t_cdf(mid, df) < p:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-10 * max(1.0, hi):
            break
    x = (lo + hi) / 2.0
    for _ in range(3):  # Newton polish with the t density
        dens = math.exp(math.lgamma((df + 1) / 2) - math.lgamma(df / 2)
                        - 0.5 * math.log(df * math.pi) - (df + 1) / 2 * math.log1p(x * x / df))
        if dens <= 0:
            break
        x -= (t_cdf(x, df) - p) / dens
    return x


@lru_cache(maxsize=1024)
def critical_value(confidence: float, df: float) -> float:
    """Half-width multiplier of a two-sided interval: the t quantile at (1 + confidence) / 2."""
    return t_quantile(0.5 + confidence / 2.0, df)
