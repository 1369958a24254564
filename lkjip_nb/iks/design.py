"""The sampling design and design-based (Taylor linearisation) variance of weighted means.

Conventions follow R's ``survey`` package (``svydesign(ids=~cluster, strata=~stratum,
weights=~w, nest=TRUE)``, with-replacement first stage, no fpc): a mean is the ratio
sum(w y) / sum(w) over respondents with a value, linearised as z_i = w_i (y_i - mean) / sum(w);
its variance is sum_h n_h/(n_h - 1) sum_c (Z_hc - mean_h Z)^2 over the cluster totals Z_hc.
Domains (breakdowns) keep the whole design: clusters without members count as zeros.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from lkjip_nb.iks.errors import IksDesignWarning

MODEL_BASED_NOTE = (
    "Tidak ada rancangan sampel (bobot, strata, klaster) dalam data: selang kepercayaan "
    "berbasis model, dengan asumsi responden adalah sampel acak sederhana yang saling bebas, "
    "bukan berbasis rancangan survei."
)


@dataclass
class Design:
    """Weights and integer codes of strata and clusters (clusters numbered across strata)."""

    weights: np.ndarray
    strata: np.ndarray  # (n,) stratum code 0..H-1
    clusters: np.ndarray  # (n,) cluster code 0..C-1
    cluster_stratum: np.ndarray  # (C,) stratum of each cluster
    psu_count: np.ndarray  # (H,) clusters per stratum
    stratum_labels: list[str]
    has_weights: bool = False
    has_strata: bool = False
    has_clusters: bool = False
    lonely_psu: str = "adjust"
    notes: list[str] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.weights)

    @property
    def n_clusters(self) -> int:
        return len(self.cluster_stratum)

    @property
    def model_based(self) -> bool:
        return not (self.has_weights or self.has_strata or self.has_clusters)

    @property
    def clusters_are_respondents(self) -> bool:
        return not self.has_clusters

    @property
    def lonely_strata(self) -> list[str]:
        return [self.stratum_labels[h] for h in np.flatnonzero(self.psu_count == 1)]

    def describe(self) -> str:
        """One Indonesian sentence on how the intervals were computed."""
        if self.model_based:
            return MODEL_BASED_NOTE
        parts = []
        if self.has_weights:
            parts.append("bobot rancangan")
        if self.has_strata:
            parts.append(f"{len(self.psu_count)} strata")
        if self.has_clusters:
            parts.append(f"{self.n_clusters} klaster")
        return ("Selang kepercayaan berbasis rancangan (linearisasi Taylor) dengan "
                + ", ".join(parts) + ".")


def make_design(n: int, weights: np.ndarray | None = None, strata: np.ndarray | None = None,
                clusters: np.ndarray | None = None, lonely_psu: str = "adjust",
                warn: bool = True) -> Design:
    """Build a :class:`Design`; warn when a stratum holds a single cluster."""
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=np.float64)
    if strata is None:
        s_codes, s_labels = np.zeros(n, dtype=np.int64), ["(semua)"]
    else:
        s_codes, uniq = pd.factorize(np.asarray(strata), sort=True)
        s_labels = [str(u) for u in uniq]
    if clusters is None:
        c_codes = np.arange(n, dtype=np.int64)
        cluster_stratum = s_codes.copy()
    else:
        key = pd.MultiIndex.from_arrays([s_codes, np.asarray(clusters)])
        c_codes, uniq = pd.factorize(key, sort=True)
        cluster_stratum = np.asarray(uniq.get_level_values(0), dtype=np.int64)
    psu_count = np.bincount(cluster_stratum, minlength=len(s_labels))
    design = Design(w, s_codes, c_codes.astype(np.int64), cluster_stratum, psu_count, s_labels,
                    weights is not None, strata is not None, clusters is not None, lonely_psu)
    lonely = design.lonely_strata
    if lonely and n > 0:
        how = ("dipusatkan pada rata-rata keseluruhan (lonely_psu: adjust)"
               if lonely_psu == "adjust" else "tidak menyumbang varians (lonely_psu: remove)")
        shown = ", ".join(lonely[:10]) + (f" dan {len(lonely) - 10} lainnya" if len(lonely) > 10
                                           else "")
        note = (f"Peringatan: {len(lonely)} strata hanya berisi satu klaster ({shown}); "
                f"variansnya {how}.")
        design.notes.append(note)
        if warn:
            warnings.warn(note, IksDesignWarning, stacklevel=2)
    if design.model_based:
        design.notes.append(MODEL_BASED_NOTE)
    return design


@dataclass
class MeanEstimates:
    """Weighted means of K variables in G groups, with linearised standard errors."""

    estimate: np.ndarray  # (G, K)
    se: np.ndarray  # (G, K)
    n: np.ndarray  # (G, K) respondents with a value
    weight_sum: np.ndarray  # (G, K)


def weighted_means(values: np.ndarray, design: Design, groups: np.ndarray | None = None,
                   n_groups: int = 1) -> MeanEstimates:
    """Mean of each column of ``values`` (NaN = no value) per group, with Taylor SEs.

    ``groups`` holds a code 0..n_groups-1 per respondent (-1 = in no group).
    """
    y = np.asarray(values, dtype=np.float64)
    if y.ndim == 1:
        y = y[:, None]
    n, k = y.shape
    g = np.zeros(n, dtype=np.int64) if groups is None else np.asarray(groups, dtype=np.int64)
    in_group = g >= 0
    gg = np.where(in_group, g, 0)
    present = ~np.isnan(y) & in_group[:, None]
    wp = np.where(present, design.weights[:, None], 0.0)
    y0 = np.where(present, y, 0.0)
    cnt = np.empty((n_groups, k))
    wsum = np.empty((n_groups, k))
    tot = np.empty((n_groups, k))
    for j in range(k):
        cnt[:, j] = np.bincount(gg, weights=present[:, j], minlength=n_groups)
        wsum[:, j] = np.bincount(gg, weights=wp[:, j], minlength=n_groups)
        tot[:, j] = np.bincount(gg, weights=wp[:, j] * y0[:, j], minlength=n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        est = tot / wsum
        safe_est = np.nan_to_num(est)
        safe_w = np.where(wsum > 0, wsum, 1.0)
        z = wp * (y0 - safe_est[gg]) / safe_w[gg]
    var = _grouped_variance(z, gg, in_group, n_groups, design)
    se = np.sqrt(np.maximum(var, 0.0))
    se[wsum <= 0] = np.nan
    return MeanEstimates(est, se, cnt.astype(np.int64), wsum)


def _grouped_variance(z: np.ndarray, g: np.ndarray, in_group: np.ndarray, n_groups: int,
                      design: Design) -> np.ndarray:
    """sum over strata of the between-cluster variance of z totals, per group and column."""
    k = z.shape[1]
    if design.clusters_are_respondents:
        key_stratum, key_group, totals = design.strata[in_group], g[in_group], z[in_group]
    else:
        key = design.clusters[in_group] * n_groups + g[in_group]
        uniq, inverse = np.unique(key, return_inverse=True)
        totals = np.empty((len(uniq), k))
        for j in range(k):
            totals[:, j] = np.bincount(inverse, weights=z[in_group, j], minlength=len(uniq))
        key_stratum = design.cluster_stratum[uniq // n_groups]
        key_group = uniq % n_groups
    n_strata = len(design.psu_count)
    cell = key_stratum * n_groups + key_group
    size = n_strata * n_groups
    sums = np.empty((size, k))
    squares = np.empty((size, k))
    for j in range(k):
        sums[:, j] = np.bincount(cell, weights=totals[:, j], minlength=size)
        squares[:, j] = np.bincount(cell, weights=totals[:, j] ** 2, minlength=size)
    sums = sums.reshape(n_strata, n_groups, k)
    squares = squares.reshape(n_strata, n_groups, k)
    nh = design.psu_count.astype(np.float64)[:, None, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        spread = nh / (nh - 1.0) * (squares - sums**2 / nh)
    lonely = (design.psu_count == 1)[:, None, None]
    lonely_part = squares if design.lonely_psu == "adjust" else np.zeros_like(squares)
    return np.where(lonely, lonely_part, spread).sum(axis=0)


def linearized_covariance(values: np.ndarray, design: Design) -> tuple[np.ndarray, np.ndarray]:
    """Weighted means of the columns over rows complete in every column, and their covariance.

    Used for linear combinations (e.g. the composite under other W1-W4): var(a'm) = a' V a.
    """
    y = np.asarray(values, dtype=np.float64)
    complete = ~np.isnan(y).any(axis=1)
    w = np.where(complete, design.weights, 0.0)
    wsum = w.sum()
    mean = (np.where(complete[:, None], y, 0.0) * w[:, None]).sum(axis=0) / wsum
    z = np.where(complete[:, None], y - mean, 0.0) * (w / wsum)[:, None]
    k = y.shape[1]
    totals = np.empty((design.n_clusters, k))
    for j in range(k):
        totals[:, j] = np.bincount(design.clusters, weights=z[:, j],
                                   minlength=design.n_clusters)
    nh = design.psu_count.astype(np.float64)
    cs = design.cluster_stratum
    centre = np.column_stack([np.bincount(cs, weights=totals[:, j], minlength=len(nh))
                              for j in range(k)]) / np.maximum(nh, 1.0)[:, None]
    lonely = nh == 1
    keep_raw = lonely & (design.lonely_psu == "adjust")
    centred = totals - np.where(keep_raw[:, None], 0.0, centre)[cs]
    with np.errstate(divide="ignore"):
        scale = np.where(lonely, 1.0 if design.lonely_psu == "adjust" else 0.0, nh / (nh - 1.0))
    cov = (centred * scale[cs][:, None]).T @ centred
    return mean, cov
