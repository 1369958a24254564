"""Seeded, vectorised bootstrap of the whole IKS pipeline (Rao-Wu rescaling bootstrap).

Each replicate resamples n_h - 1 clusters with replacement within every stratum h (each
respondent is its own cluster when no cluster is given) and rescales the design weights by
n_h / (n_h - 1) x times drawn. Respondent indices do not depend on the weights, so a replicate
estimate of every index is sum_c m_c S_c / sum_c m_c D_c with cluster totals S_c = sum w y and
D_c = sum w over respondents with a value: one matrix product per block of replicates, no
Python loop per replicate. Strata with a single cluster keep their weights.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lkjip_nb.iks.design import Design

#: Largest replicate-by-cluster block held in memory at once (float64 cells).
BLOCK_CELLS = 4_000_000


@dataclass
class BootstrapResult:
    replicates: np.ndarray  # (B, K) replicate estimates
    se: np.ndarray  # (K,)
    ci_low: np.ndarray  # (K,) percentile interval
    ci_high: np.ndarray
    seed: int


def cluster_multipliers(design: Design, replicates: int, rng: np.random.Generator
                        ) -> np.ndarray:
    """(replicates, clusters) Rao-Wu weight multipliers, clusters ordered by stratum.

    Column c belongs to cluster ``stratum_order(design)[c]``; each stratum is a slice.
    """
    out = np.ones((replicates, design.n_clusters))
    start = 0
    for nh in design.psu_count:  # loop over strata, not replicates
        stop = start + int(nh)
        if nh > 1:
            draws = rng.integers(0, nh, size=(replicates, nh - 1), dtype=np.int64)
            draws += (np.arange(replicates, dtype=np.int64) * nh)[:, None]
            counts = np.bincount(draws.ravel(), minlength=replicates * nh)
            out[:, start:stop] = counts.reshape(replicates, nh) * (nh / (nh - 1.0))
        start = stop
    return out


def stratum_order(design: Design) -> np.ndarray:
    """Cluster codes sorted by stratum: the column order of :func:`cluster_multipliers`."""
    return np.argsort(design.cluster_stratum, kind="stable")


def bootstrap_means(values: np.ndarray, design: Design, replicates: int = 1000,
                    seed: int = 0, confidence: float = 0.95) -> BootstrapResult:
    """Bootstrap distribution of the weighted mean of each column of ``values``."""
    y = np.asarray(values, dtype=np.float64)
    if y.ndim == 1:
        y = y[:, None]
    present = ~np.isnan(y)
    wp = np.where(present, design.weights[:, None], 0.0)
    k = y.shape[1]
    s = np.empty((design.n_clusters, k))
    d = np.empty((design.n_clusters, k))
    for j in range(k):
        s[:, j] = np.bincount(design.clusters, weights=wp[:, j] * np.where(present[:, j], y[:, j],
                                                                           0.0),
                              minlength=design.n_clusters)
        d[:, j] = np.bincount(design.clusters, weights=wp[:, j], minlength=design.n_clusters)
    order = stratum_order(design)
    s, d = s[order], d[order]
    rng = np.random.default_rng(seed)
    block = max(1, min(replicates, BLOCK_CELLS // max(design.n_clusters, 1)))
    reps = np.empty((replicates, k))
    for start in range(0, replicates, block):
        b = min(block, replicates - start)
        m = cluster_multipliers(design, b, rng)
        with np.errstate(invalid="ignore", divide="ignore"):
            reps[start:start + b] = (m @ s) / (m @ d)
    alpha = (1.0 - confidence) / 2.0
    low, high = np.nanquantile(reps, [alpha, 1.0 - alpha], axis=0)
    return BootstrapResult(reps, np.nanstd(reps, axis=0, ddof=1), low, high, seed)
