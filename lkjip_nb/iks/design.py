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

#: How a stratum holding a single cluster enters the variance, in words for readers.
LONELY_WORDS = {
    "adjust": ("klaster tunggalnya dibandingkan dengan rata-rata keseluruhan (penyesuaian), "
               "sehingga strata itu tetap menyumbang varians"),
    "remove": "strata itu tidak menyumbang varians (dikeluarkan dari perhitungan varians)",
}

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
        s_codes, uniq = pd.factorize(strata, sort=True)
        s_codes = s_codes.astype(np.int64)
        s_labels = [str(u) for u in uniq]
    if clusters is None:
        c_codes = np.arange(n, dtype=np.int64)
        cluster_stratum = s_codes.copy()
    else:
        raw_codes, _ = pd.factorize(clusters)
        base = int(raw_codes.max()) + 1 if n else 1
        c_codes, pairs = pd.factorize(s_codes * base + raw_codes, sort=True)
        cluster_stratum = np.asarray(pairs, dtype=np.int64) // base
    psu_count = np.bincount(cluster_stratum, minlength=len(s_labels))
    design = Design(w, s_codes, c_codes.astype(np.int64), cluster_stratum, psu_count, s_labels,
                    weights is not None, strata is not None, clusters is not None, lonely_psu)
    lonely = design.lonely_strata
    if lonely and n > 0:
        how = LONELY_WORDS.get(lonely_psu, LONELY_WORDS["adjust"])
        shown = ", ".join(lonely[:10]) + (f" dan {len(lonely) - 10} lainnya" if len(lonely) > 10
                                           else "")
        note = (f"Peringatan: {len(lonely)} strata hanya berisi satu klaster ({shown}), sehingga "
                f"keragaman antarklaster di dalamnya tidak dapat diukur; {how}.")
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
    df: np.ndarray | None = None  # (G, K) design degrees of freedom (clusters - strata)
    clusters: np.ndarray | None = None  # (G, K) clusters holding respondents with a value


def weighted_means(values: np.ndarray, design: Design, groups: np.ndarray | None = None,
                   n_groups: int = 1) -> MeanEstimates:
    """Mean of each column of ``values`` (NaN = no value) per group, with Taylor SEs.

    ``groups`` holds a code 0..n_groups-1 per respondent (-1 = in no group). Works one column
    at a time (columns of a Fortran-ordered matrix are contiguous), never sorting.
    """
    y = np.asarray(values)
    if y.ndim == 1:
        y = y[:, None]
    k = y.shape[1]
    layout = _Cells(design, groups, n_groups)
    shape = (n_groups, k)
    est, se, cnt, wsum, df, psus = (np.empty(shape) for _ in range(6))
    for j in range(k):
        est[:, j], se[:, j], cnt[:, j], wsum[:, j], df[:, j], psus[:, j] = _one_column(
            y[:, j], design, layout)
    return MeanEstimates(est, se, cnt.astype(np.int64), wsum, df.astype(np.int64),
                         psus.astype(np.int64))


def _direct_cells(cells: int, n: int) -> bool:
    """Address cluster-group cells directly when the table is not much larger than the data."""
    return cells <= max(4 * n, 1 << 20)


class _Cells:
    """Where each respondent's linearised value is summed: its (cluster, group) cell, then the
    (stratum, group) cell of that.

    Cluster-group cells are addressed directly (cluster x groups + group) when that table is
    small, else through the unique pairs present; without clusters each respondent is a cell.
    """

    def __init__(self, design: Design, groups: np.ndarray | None, n_groups: int) -> None:
        n = design.n
        self.n_groups = n_groups
        self.in_group = None
        g = np.zeros(n, dtype=np.int64)
        if groups is not None:
            g = np.asarray(groups, dtype=np.int64)
            self.in_group = g >= 0
            g = np.where(self.in_group, g, 0)
        self.size = len(design.psu_count) * n_groups
        if design.clusters_are_respondents:
            self.cell, self.n_cells = None, n
            self.cell_group = g
            self.stratum_cell = design.strata * n_groups + g
            return
        cells = design.n_clusters * n_groups
        key = design.clusters * n_groups + g
        if _direct_cells(cells, n):
            self.cell, self.n_cells = key, cells
            cell_ids = np.arange(cells)
        else:
            cell_ids, self.cell = np.unique(key, return_inverse=True)
            self.n_cells = len(cell_ids)
        self.cell_group = cell_ids % n_groups
        self.stratum_cell = design.cluster_stratum[cell_ids // n_groups] * n_groups \
            + self.cell_group

    def total(self, values: np.ndarray) -> np.ndarray:
        """Sum of a per-respondent value within each cell."""
        if self.cell is None:
            return values
        return np.bincount(self.cell, weights=values, minlength=self.n_cells)


def _one_column(y: np.ndarray, design: Design, cells: _Cells
                ) -> tuple[np.ndarray, ...]:
    """Estimate, SE, n, weight sum, design df and clusters per group from cell totals of w and w y.

    z_i = w_i (y_i - mean_g) / W_g sums within a cell to (T_wy - mean_g T_w) / W_g. The design
    degrees of freedom of a group count the clusters and strata holding its respondents with a
    value (as R's ``degf`` of the design subset to them): clusters - strata.
    """
    n_groups = cells.n_groups
    present = ~np.isnan(y)
    if cells.in_group is not None:
        present &= cells.in_group
    wp = np.where(present, design.weights, 0.0)
    t_w = cells.total(wp)
    t_wy = cells.total(np.where(present, wp * y, 0.0))
    cell_n = cells.total(present.astype(np.float64))
    cnt = np.bincount(cells.cell_group, weights=cell_n, minlength=n_groups)
    occupied = (cell_n > 0).astype(np.float64)
    psus = np.bincount(cells.cell_group, weights=occupied, minlength=n_groups)
    strata = np.bincount(cells.stratum_cell, weights=occupied, minlength=cells.size)
    df = psus - (strata.reshape(-1, n_groups) > 0).sum(axis=0)
    wsum = np.bincount(cells.cell_group, weights=t_w, minlength=n_groups)
    tot = np.bincount(cells.cell_group, weights=t_wy, minlength=n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        est = tot / wsum
        centre = np.nan_to_num(est)
        scale = 1.0 / np.where(wsum > 0, wsum, 1.0)
    z = (t_wy - centre[cells.cell_group] * t_w) * scale[cells.cell_group]
    sums = np.bincount(cells.stratum_cell, weights=z, minlength=cells.size)
    squares = np.bincount(cells.stratum_cell, weights=z * z, minlength=cells.size)
    var = _stratum_spread(sums.reshape(-1, n_groups), squares.reshape(-1, n_groups), design)
    se = np.sqrt(np.maximum(var, 0.0))
    se[wsum <= 0] = np.nan
    return est, se, cnt, wsum, df, psus


def _stratum_spread(sums: np.ndarray, squares: np.ndarray, design: Design) -> np.ndarray:
    """sum_h n_h/(n_h - 1) (sum Z^2 - (sum Z)^2 / n_h), lonely strata per ``lonely_psu``."""
    nh = design.psu_count.astype(np.float64)[:, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        spread = nh / (nh - 1.0) * (squares - sums**2 / nh)
    lonely = (design.psu_count == 1)[:, None]
    lonely_part = squares if design.lonely_psu == "adjust" else np.zeros_like(squares)
    return np.where(lonely, lonely_part, spread).sum(axis=0)


def linear_variance(z: np.ndarray, design: Design) -> float:
    """Design variance of a total of per-respondent linearised values ``z`` (zeros outside)."""
    totals = np.bincount(design.clusters, weights=z, minlength=design.n_clusters)
    h = len(design.psu_count)
    sums = np.bincount(design.cluster_stratum, weights=totals, minlength=h)
    squares = np.bincount(design.cluster_stratum, weights=totals * totals, minlength=h)
    return float(_stratum_spread(sums[:, None], squares[:, None], design)[0])


def design_df(members: np.ndarray, design: Design) -> int:
    """Degrees of freedom of the design subset to ``members``: its clusters - its strata."""
    clusters = np.unique(design.clusters[np.asarray(members, dtype=bool)])
    return int(len(clusters) - len(np.unique(design.cluster_stratum[clusters])))


@dataclass
class DomainDifference:
    """Two domain means of one variable, their difference a - b and its design SE."""

    mean_a: float
    mean_b: float
    n_a: int
    n_b: int
    se: float
    df: int  # design df of the two domains together


def domain_difference(y: np.ndarray, design: Design, in_a: np.ndarray, in_b: np.ndarray
                      ) -> DomainDifference:
    """Difference of the weighted means of ``y`` in domains a and b (NaN = no value), with its
    linearised SE over the whole design (z = z_a - z_b, the domains' influence values)."""
    y = np.asarray(y, dtype=np.float64)
    present = ~np.isnan(y)
    a = present & np.asarray(in_a, dtype=bool)
    b = present & np.asarray(in_b, dtype=bool)
    wa, wb = np.where(a, design.weights, 0.0), np.where(b, design.weights, 0.0)
    sa, sb = wa.sum(), wb.sum()
    y0 = np.where(present, y, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        ma, mb = (wa * y0).sum() / sa, (wb * y0).sum() / sb
        z = wa * (y0 - ma) / sa - wb * (y0 - mb) / sb
    se = np.sqrt(max(linear_variance(np.nan_to_num(z), design), 0.0)) if sa > 0 and sb > 0 \
        else np.nan
    return DomainDifference(float(ma), float(mb), int(a.sum()), int(b.sum()), float(se),
                            design_df(a | b, design))


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
