"""Voter turnout (partisipasi masyarakat) and its average over a year's elections."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd


def turnout(voters: int, dpt: int) -> float:
    """Pengguna hak pilih as a percent of the DPT."""
    if dpt <= 0:
        raise ZeroDivisionError("DPT 0: partisipasi tidak terdefinisi")
    return voters / dpt * 100


def turnout_table(pemilu: pd.DataFrame) -> pd.DataFrame:
    """Every election with its computed turnout beside the reported one."""
    out = pemilu.copy()
    out["partisipasi"] = [turnout(v, d) for v, d in zip(out["voters"], out["dpt"], strict=True)]
    return out


def average_turnout(values: Sequence[float],
                    display: Callable[[float], float] | None = None) -> float | None:
    """Mean turnout; with ``display`` each turnout is first rounded as printed (the report
    averages its printed 81,68 % and 69,57 %)."""
    values = [display(v) if display else v for v in values]
    return sum(values) / len(values) if values else None
