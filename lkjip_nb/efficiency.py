"""Efficiency of resource use (Bab III.A.5): E = sum(PAKI x CKI - RAKI) / sum(PAKI x CKI)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd


def efficiency(pagu: Sequence[float] | float, realisasi: Sequence[float] | float,
               capaian_pct: Sequence[float] | float) -> float:
    """Efficiency in percent of one output (scalars) or several (sequences, summed).

    ``pagu`` is the budget ceiling (PAK), ``realisasi`` the money spent (RAK) and
    ``capaian_pct`` the output's achievement in percent (CK x 100).
    """
    if not isinstance(pagu, Sequence):
        pagu, realisasi, capaian_pct = [pagu], [realisasi], [capaian_pct]
    expected = [p * c / 100 for p, c in zip(pagu, capaian_pct, strict=True)]
    denominator = sum(expected)
    if denominator == 0:
        raise ZeroDivisionError("pagu x capaian berjumlah 0: efisiensi tidak terdefinisi")
    return (denominator - sum(realisasi)) / denominator * 100


def efficiency_table(per_sasaran: pd.DataFrame, capaian_col: str = "capaian") -> pd.DataFrame:
    """Tabel 3.5: efficiency per sasaran and in total.

    ``per_sasaran`` needs anggaran, realisasi and the capaian column to use (already rounded
    when the report's convention says so).
    """
    out = per_sasaran.copy()
    out["efisiensi"] = [
        None if pd.isna(c) else efficiency(a, r, c)
        for a, r, c in zip(out["anggaran"], out["realisasi"], out[capaian_col], strict=True)]
    return out


def total_efficiency(per_sasaran: pd.DataFrame, capaian_col: str = "capaian") -> float | None:
    """The formula summed over every sasaran with a capaian."""
    rows = per_sasaran.dropna(subset=[capaian_col])
    if rows.empty:
        return None
    return efficiency(list(rows["anggaran"]), list(rows["realisasi"]), list(rows[capaian_col]))
