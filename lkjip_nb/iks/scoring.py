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


@dataclass
class Scores:
    """Per-respondent indices (NaN where the missing-answer rule leaves none).

    One Fortran-ordered matrix holds every index (composite, dimensions, sub-dimensions), so
    each index is a contiguous column and the named parts are views of it.
    """

    _matrix: np.ndarray  # (n, 1 + D + S), order F
    n_dimensions: int

    @property
    def composite(self) -> np.ndarray:
        return self._matrix[:, 0]

    @property
    def dimensions(self) -> np.ndarray:
        return self._matrix[:, 1:1 + self.n_dimensions]

    @property
    def subdimensions(self) -> np.ndarray:
        return self._matrix[:, 1 + self.n_dimensions:]

    def matrix(self) -> np.ndarray:
        """All indices side by side: composite, dimensions, sub-dimensions (a view)."""
        return self._matrix


def index_labels(codebook: Codebook) -> pd.DataFrame:
    """One row per index in :meth:`Scores.matrix` column order: level, id, name, parent."""
    rows = [("komposit", "iks", "IKS", "")]
    rows += [("dimensi", d.id, d.name, "iks") for d in codebook.dimensions]
    rows += [("sub-dimensi", s.id, s.name, s.dimension) for s in codebook.subdimensions]
    return pd.DataFrame(rows, columns=["tingkat", "id", "nama", "induk"])


def _transform(codebook: Codebook, reversed_: bool) -> tuple[float, float]:
    """(a, b) with score = a + b x for one item: mirror if reversed, then the convention."""
    lo, hi = float(codebook.scale.min), float(codebook.scale.max)
    if codebook.scale.convention == "max":
        a, b = 0.0, 100.0 / hi
    else:
        a, b = -lo * 100.0 / (hi - lo), 100.0 / (hi - lo)
    if reversed_:  # x -> lo + hi - x
        a, b = a + b * (lo + hi), -b
    return a, b


def item_scores(answers: np.ndarray, codebook: Codebook) -> np.ndarray:
    """0-100 score of every answer (NaN stays NaN), reversed items mirrored first."""
    x = np.asarray(answers, dtype=np.float64)
    out = np.empty_like(x, order="F")
    for j, item in enumerate(codebook.items):
        a, b = _transform(codebook, item.reversed)
        out[:, j] = a + b * x[:, j]
    return out


def _mean_of_parts(parts: list[np.ndarray], min_share: float) -> np.ndarray:
    """Mean of the present parts, NaN when fewer than ``min_share`` of them are present."""
    total = np.zeros(len(parts[0]))
    count = np.zeros(len(parts[0]), dtype=np.int16)
    for part in parts:
        present = ~np.isnan(part)
        total += np.where(present, part, 0.0)
        count += present
    return _enough(total, count, len(parts), min_share)


def _enough(total: np.ndarray, count: np.ndarray, parts: int, min_share: float) -> np.ndarray:
    need = max(int(np.ceil(parts * min_share - 1e-12)), 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count >= need, total / np.maximum(count, 1), np.nan)


def _subdimension(answers: np.ndarray, columns: list[int], reversed_: list[bool],
                  codebook: Codebook) -> np.ndarray:
    """0-100 index of one sub-dimension: mean answer (reversed items mirrored), transformed.

    The transform is affine, so the mean of item scores is the transform of the mean answer.
    """
    lo, hi = float(codebook.scale.min), float(codebook.scale.max)
    n = answers.shape[0]
    total = np.zeros(n)
    count = np.zeros(n, dtype=np.int16)
    mirrored = np.zeros(n, dtype=np.int16)
    for j, rev in zip(columns, reversed_, strict=True):
        x = answers[:, j]
        present = ~np.isnan(x)
        # in place, no temporaries: a mirrored answer lo + hi - x adds -x now, lo + hi below
        (np.subtract if rev else np.add)(total, x, out=total, where=present)
        count += present
        if rev:
            mirrored += present
    total += (lo + hi) * mirrored
    mean_answer = _enough(total, count, len(columns), codebook.missing.min_answered_share)
    a, b = _transform(codebook, False)
    return a + b * mean_answer


def score(answers: np.ndarray, codebook: Codebook,
          weights: Sequence[float] | None = None) -> Scores:
    """Score every respondent; ``weights`` overrides the codebook's W1-W4 (codebook order)."""
    cb = codebook
    share = cb.missing.min_answered_share
    w = np.asarray(weights if weights is not None else cb.dimension_weights(), dtype=np.float64)
    n_dims, n_subs = len(cb.dimensions), len(cb.subdimensions)
    out = np.empty((answers.shape[0], 1 + n_dims + n_subs), order="F")
    column = {item.id: j for j, item in enumerate(cb.items)}
    s_col = 1 + n_dims
    for d_no, dim in enumerate(cb.dimensions):
        first = s_col
        for sub in dim.subdimensions:
            out[:, s_col] = _subdimension(answers, [column[i.id] for i in sub.items],
                                          [i.reversed for i in sub.items], cb)
            s_col += 1
        out[:, 1 + d_no] = _mean_of_parts([out[:, c] for c in range(first, s_col)], share)
    out[:, 0] = composite_of(out[:, 1:1 + n_dims], w)
    return Scores(out, n_dims)


def composite_of(dimensions: np.ndarray, weights: Sequence[float]) -> np.ndarray:
    """sum(W_d x I_d) / sum(W_d) per row; NaN when any dimension is missing."""
    w = np.asarray(weights, dtype=np.float64)
    total = np.zeros(dimensions.shape[0])
    for j, wj in enumerate(w):
        total += wj * dimensions[:, j]  # NaN propagates, even with a zero weight
    return total / w.sum()


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
