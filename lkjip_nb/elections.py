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


#: Words that mark a program outcome indicator measuring voter turnout.
TURNOUT_KEYWORDS = ("pemilu", "pilkada", "pemilukada", "hak pilih")

#: Election kinds in the order the report lists them.
KIND_ORDER = ("pemilu", "pilkada")


def comparison_set(pemilu: pd.DataFrame, year: int) -> pd.DataFrame:
    """The year's elections followed by the previous election of each kind (report order).

    Empty when no election took place in ``year``.
    """
    current = pemilu[pemilu["year"] == year]
    if current.empty:
        return pemilu.iloc[0:0].copy()
    rank = {k: i for i, k in enumerate(KIND_ORDER)}
    parts = [current.assign(_k=current["kind"].map(rank))]
    for kind in current["kind"].unique():
        earlier = pemilu[(pemilu["kind"] == kind) & (pemilu["year"] < year)]
        if not earlier.empty:
            prev = earlier[earlier["year"] == earlier["year"].max()]
            parts.append(prev.assign(_k=len(rank) + prev["kind"].map(rank)))
    out = pd.concat(parts).sort_values(["_k", "year"], kind="stable").drop(columns="_k")
    return out.reset_index(drop=True)


def is_turnout_indicator(text: object) -> bool:
    """Whether an outcome indicator's wording is about voter turnout."""
    return isinstance(text, str) and any(k in text.lower() for k in TURNOUT_KEYWORDS)


def turnout_programs(programs: pd.DataFrame) -> pd.DataFrame:
    """Programs whose outcome indicator measures turnout (their target is an average turnout)."""
    mask = [is_turnout_indicator(t) for t in programs["outcome_indicator"]]
    return programs[mask].reset_index(drop=True)
