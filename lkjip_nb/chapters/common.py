"""Shared pieces of chapter assembly: per-sasaran performance and budget for a year."""

from __future__ import annotations

import pandas as pd

from lkjip_nb import budget, indicators


def performance(ctx) -> pd.DataFrame:
    """Tabel 3.1 for the context's year (exact capaian plus the displayed one)."""
    ds = ctx.dataset
    perf = indicators.iku_performance(ds.iku, ds.table("iku_targets"), ds.table("iku_realisasi"),
                                      ctx.year, ctx.profile)
    perf["capaian_shown"] = [ctx.policy.round(c, "capaian") for c in perf["capaian"]]
    return perf


def has_budget(ctx) -> bool:
    """Whether the year has sub kegiatan with money (the base of every budget table)."""
    return ctx.dataset.has("sub_kegiatan")


def program_budget(ctx) -> pd.DataFrame:
    ds = ctx.dataset
    return budget.program_rollup(ds.table("sub_kegiatan"), ds.table("kegiatan"),
                                 ds.table("programs"))


def sasaran_budget(ctx) -> pd.DataFrame:
    """Anggaran, realisasi, share and absorption per sasaran, joined with the reported ones."""
    out = budget.sasaran_rollup(program_budget(ctx), ctx.dataset.sasaran)
    reported = ctx.dataset.table("allocation_sasaran")
    if not reported.empty:
        out = out.merge(reported.drop(columns=["year"]), on="sasaran_id", how="left")
    return out


def value_label(ctx, value: float | None, unit: str, grade: str | None = None) -> str:
    """'86', '90 %', 'BB (75,3)' as the report writes indicator values."""
    if value is None or value != value:
        return "–"
    text = ctx.fmt.compact(value, "indeks")
    if unit == "persen":
        text += "\u00a0%"
    return f"{grade} ({text})" if grade else text
