"""How the composite IKS moves when the dimension weights W1-W4 change.

The composite of a respondent needs every dimension, so the aggregate composite under weights
W is a'm with a = W / sum(W) and m the weighted dimension means over complete respondents;
its linearised variance is a'Va. One pass over the data serves the whole grid.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import pandas as pd

from lkjip_nb.iks.analysis import IksResult, multiplier
from lkjip_nb.iks.design import linearized_covariance


def weight_grid(n_dims: int, levels: Sequence[float] = (1, 2, 3)) -> np.ndarray:
    """Every combination of ``levels`` per dimension, dropping proportional duplicates."""
    grid = np.array(list(itertools.product(levels, repeat=n_dims)), dtype=np.float64)
    grid = grid[grid.sum(axis=1) > 0]
    shares = np.round(grid / grid.sum(axis=1, keepdims=True), 12)
    _, first = np.unique(shares, axis=0, return_index=True)
    return grid[np.sort(first)]


def weight_sensitivity(result: IksResult, levels: Sequence[float] = (1, 2, 3),
                       grid: np.ndarray | None = None) -> pd.DataFrame:
    """Composite IKS, SE and CI for each weight vector of the grid, and its gap to the base
    (intervals on the composite's design df, as the result's)."""
    cb = result.codebook
    symbols = [d.weight for d in cb.dimensions]
    grid = weight_grid(len(symbols), levels) if grid is None else np.asarray(grid, float)
    mean, cov = linearized_covariance(result.scores.dimensions, result.design)
    shares = grid / grid.sum(axis=1, keepdims=True)
    iks = shares @ mean
    se = np.sqrt(np.maximum(np.einsum("gi,ij,gj->g", shares, cov, shares), 0.0))
    base_w = np.asarray(cb.dimension_weights())
    base = base_w / base_w.sum() @ mean
    half = multiplier(result.confidence, result.df, result.ci_basis) * se
    out = pd.DataFrame(grid, columns=symbols)
    out["iks"] = iks
    out["se"] = se
    out["ci_low"] = iks - half
    out["ci_high"] = iks + half
    out["selisih"] = iks - base
    out["dasar"] = np.all(np.isclose(shares, base_w / base_w.sum()), axis=1)
    return out


def sensitivity_summary(table: pd.DataFrame) -> dict[str, float]:
    """Smallest and largest composite over the grid and the spread."""
    return {"min": float(table["iks"].min()), "max": float(table["iks"].max()),
            "rentang": float(table["iks"].max() - table["iks"].min()),
            "kombinasi": int(len(table))}
