"""Respondent-level scoring: item -> 0-100, sub-dimension, dimension, composite IKS.

Rules (documented in :meth:`MissingRule.describe`): reversed items are mirrored on the scale
(x -> min + max - x) before the 0-100 transform; a sub-dimension is the mean of its answered
items, a dimension the mean of its available sub-dimensions (so a dimension with five
sub-dimensions weighs no more than one with two), each needing ``min_answered_share`` of its
parts; the composite is sum(W_d x I_d) / sum(W_d) and needs every dimension.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lkjip_nb.iks.codebook import Codebook

_CHUNK = 250_000


@dataclass
class Scores:
    """Per-respondent indices (NaN where the missing-answer rule leaves none)."""

    subdimensions: np.ndarray  # (n, S)
    dimensions: np.ndarray  # (n, D)
    composite: np.ndarray  # (n,)

    def matrix(self) -> np.ndarray:
        """All indices side by side: composite, dimensions, sub-dimensions."""
        return np.column_stack([self.composite, self.dimensions, self.subdimensions])


def index_labels(codebook: Codebook) -> pd.DataFrame:
    """One row per index in :meth:`Scores.matrix` column order: level, id, name, parent."""
    rows = [("komposit", "iks", "IKS", "")]
    rows += [("dimensi", d.id, d.name, "iks") for d in codebook.dimensions]
    rows += [("sub-dimensi", s.id, s.name, s.dimension) for s in codebook.subdimensions]
    return pd.DataFrame(rows, columns=["tingkat", "id", "nama", "induk"])


def item_scores(answers: np.ndarray, codebook: Codebook) -> np.ndarray:
    """0-100 score of every answer (NaN stays NaN), reversed items mirrored first."""
    lo, hi = float(codebook.scale.min), float(codebook.scale.max)
    x = np.asarray(answers, dtype=np.float64)
    rev = np.array([i.reversed for i in codebook.items])
    if rev.any():
        x = x.copy()
        x[:, rev] = lo + hi - x[:, rev]
    if codebook.scale.convention == "max":
        return x / hi * 100.0
    return (x - lo) / (hi - lo) * 100.0


def _group_mean(values: np.ndarray, sizes: Sequence[int], min_share: float) -> np.ndarray:
    """Row-wise mean over consecutive column groups, NaN when too few parts are present."""
    starts = np.cumsum([0, *sizes[:-1]])
    present = ~np.isnan(values)
    sums = np.add.reduceat(np.where(present, values, 0.0), starts, axis=1)
    counts = np.add.reduceat(present.astype(np.int16), starts, axis=1)
    need = np.ceil(np.asarray(sizes) * min_share - 1e-12)
    enough = (counts >= np.maximum(need, 1))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(enough, sums / np.maximum(counts, 1), np.nan)


def score(answers: np.ndarray, codebook: Codebook,
          weights: Sequence[float] | None = None) -> Scores:
    """Score every respondent; ``weights`` overrides the codebook's W1-W4 (codebook order)."""
    cb = codebook
    item_sizes = [len(s.items) for s in cb.subdimensions]
    sub_sizes = [len(d.subdimensions) for d in cb.dimensions]
    w = np.asarray(weights if weights is not None else cb.dimension_weights(), dtype=np.float64)
    n = answers.shape[0]
    subs = np.empty((n, len(item_sizes)))
    dims = np.empty((n, len(sub_sizes)))
    for start in range(0, max(n, 1), _CHUNK):
        part = slice(start, min(start + _CHUNK, n))
        subs[part] = _group_mean(item_scores(answers[part], cb), item_sizes,
                                 cb.missing.min_answered_share)
        dims[part] = _group_mean(subs[part], sub_sizes, cb.missing.min_answered_share)
    return Scores(subs, dims, composite_of(dims, w))


def composite_of(dimensions: np.ndarray, weights: Sequence[float]) -> np.ndarray:
    """sum(W_d x I_d) / sum(W_d) per row; NaN when any dimension is missing."""
    w = np.asarray(weights, dtype=np.float64)
    return dimensions @ w / w.sum()


def item_summary(answers: np.ndarray, codebook: Codebook,
                 design_weights: np.ndarray | None = None) -> pd.DataFrame:
    """Per item: (weighted) mean 0-100 score, share answered, reversed flag."""
    scores = item_scores(answers, codebook)
    present = ~np.isnan(scores)
    w = np.ones(len(scores)) if design_weights is None else design_weights
    wsum = (present * w[:, None]).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(present, scores, 0.0).T @ w / wsum
    return pd.DataFrame({
        "butir": [i.id for i in codebook.items],
        "sub_dimensi": [i.subdimension for i in codebook.items],
        "dibalik": [i.reversed for i in codebook.items],
        "skor": mean,
        "dijawab": present.mean(axis=0) if len(scores) else np.nan,
        "teks": [i.text for i in codebook.items],
    })
