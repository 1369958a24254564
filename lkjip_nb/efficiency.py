"""Efficiency of resource use (Bab III.A.5): E = sum(PAKI x CKI - RAKI) / sum(PAKI x CKI).

Efficiency is undefined for an output without a capaian, without a budget (no pagu to measure
spending against) or whose pagu x capaian is 0; such rows get no efficiency of their own and a
reason code (:data:`NO_EFFICIENCY`). Rows without a capaian or a budget stay out of the total,
so a sasaran without budget leaves the total as it would be without that sasaran.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

#: Why a row has no efficiency: no capaian, no budget, or pagu x capaian equal to 0.
NO_EFFICIENCY = ("no_capaian", "no_budget", "zero_expected")


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


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def no_efficiency_reason(pagu: float | None, capaian_pct: float | None) -> str | None:
    """Why one output has no efficiency (a code of :data:`NO_EFFICIENCY`), None when it has."""
    if _missing(capaian_pct):
        return "no_capaian"
    if _missing(pagu) or pagu <= 0:
        return "no_budget"
    if pagu * capaian_pct == 0:
        return "zero_expected"
    return None


def efficiency_table(per_sasaran: pd.DataFrame, capaian_col: str = "capaian") -> pd.DataFrame:
    """Tabel 3.5: efficiency per sasaran (None where undefined, with ``efisiensi_reason``).

    ``per_sasaran`` needs anggaran, realisasi and the capaian column to use (already rounded
    when the report's convention says so).
    """
    out = per_sasaran.copy()
    reasons = [no_efficiency_reason(a, c) for a, c in zip(out["anggaran"], out[capaian_col],
                                                         strict=True)]
    out["efisiensi"] = [
        None if why else efficiency(a, r, c)
        for a, r, c, why in zip(out["anggaran"], out["realisasi"], out[capaian_col], reasons,
                                strict=True)]
    out["efisiensi_reason"] = reasons
    return out


def total_efficiency(per_sasaran: pd.DataFrame, capaian_col: str = "capaian") -> float | None:
    """The formula summed over every sasaran with a capaian and a budget."""
    keep = [no_efficiency_reason(a, c) not in ("no_capaian", "no_budget")
            for a, c in zip(per_sasaran["anggaran"], per_sasaran[capaian_col], strict=True)]
    rows = per_sasaran[keep]
    if rows.empty:
        return None
    return efficiency(list(rows["anggaran"]), list(rows["realisasi"]), list(rows[capaian_col]))
