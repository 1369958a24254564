"""Bab III.A.5: Tabel 3.3 (allocation per sasaran), 3.4 (performance and budget), 3.5."""

from __future__ import annotations

import pandas as pd

from lkjip_nb import efficiency
from lkjip_nb.chapters.common import performance, sasaran_budget, value_label
from lkjip_nb.present import versus


def per_sasaran(ctx) -> pd.DataFrame:
    """Exact figures per sasaran: capaian (exact and as used), budget, share, efficiency."""
    perf = performance(ctx)
    frame = sasaran_budget(ctx).merge(
        perf[["sasaran_id", "iku_id", "indikator", "unit", "target", "target_grade",
              "realisasi", "grade", "capaian", "capaian_shown"]].rename(
            columns={"realisasi": "realisasi_kinerja"}),
        on="sasaran_id", how="left")
    use = ctx.profile.get("efficiency_capaian", "displayed")
    frame["capaian_used"] = frame["capaian_shown"] if use == "displayed" else frame["capaian"]
    return efficiency.efficiency_table(frame, "capaian_used")


def total(frame: pd.DataFrame) -> dict:
    """Totals over every sasaran: anggaran, realisasi, absorption, efficiency."""
    anggaran = int(frame["anggaran"].sum())
    realisasi = int(frame["realisasi"].sum())
    return {"anggaran": anggaran, "realisasi": realisasi,
            "persen": realisasi / anggaran * 100 if anggaran else None,
            "efisiensi": efficiency.total_efficiency(frame, "capaian_used")}


def _pct_vs_reported(ctx, frame: pd.DataFrame, column: str, reported: str, kind: str) -> list:
    """Computed percentages, each with the printed one beside when it differs."""
    printed = frame[reported] if reported in frame else pd.Series([None] * len(frame))
    return [versus(ctx.fmt.pct(v, kind), None if pd.isna(r) else ctx.fmt.pct(r, kind))
            for v, r in zip(frame[column], printed, strict=True)]


def table_3_3(ctx, frame: pd.DataFrame) -> pd.DataFrame:
    f = ctx.fmt
    return pd.DataFrame({
        "no": frame["no"].astype(str) + ".", "sasaran": frame["sasaran"],
        "indikator": frame["indikator"], "anggaran": [f.money(v) for v in frame["anggaran"]],
        "porsi": _pct_vs_reported(ctx, frame, "porsi", "share_reported", "porsi"),
    })


def table_3_4(ctx, frame: pd.DataFrame) -> pd.DataFrame:
    f = ctx.fmt
    return pd.DataFrame({
        "no": frame["no"].astype(str) + ".", "sasaran": frame["sasaran"],
        "indikator": frame["indikator"],
        "target": [value_label(ctx, t, u, g if isinstance(g, str) else None)
                   for t, u, g in zip(frame["target"], frame["unit"], frame["target_grade"],
                                      strict=True)],
        "realisasi_kinerja": [value_label(ctx, r, u, g if isinstance(tg, str) else None)
                              for r, u, g, tg in zip(frame["realisasi_kinerja"], frame["unit"],
                                                     frame["grade"], frame["target_grade"],
                                                     strict=True)],
        "capaian": [f.pct(v, "capaian") for v in frame["capaian"]],
        "anggaran": [f.money(v) for v in frame["anggaran"]],
        "realisasi": [f.money(v) for v in frame["realisasi"]],
        "penyerapan": _pct_vs_reported(ctx, frame, "persen", "absorption_reported",
                                       "persen_anggaran"),
    })


def table_3_5(ctx, frame: pd.DataFrame) -> pd.DataFrame:
    f = ctx.fmt
    return pd.DataFrame({
        "no": frame["no"].astype(str) + ".", "sasaran": frame["sasaran"],
        "indikator": frame["indikator"],
        "capaian": [f.pct(v, "capaian") for v in frame["capaian_used"]],
        "penyerapan": [f.pct(v, "persen_anggaran") for v in frame["persen"]],
        "efisiensi": _pct_vs_reported(ctx, frame, "efisiensi", "efficiency_reported",
                                      "efisiensi"),
    })


def key_figures(ctx, frame: pd.DataFrame) -> dict:
    """Figures recorded for tests and the index (exact values; display ones alongside)."""
    tot = total(frame)
    figures = {
        "anggaran_total": tot["anggaran"], "realisasi_total": tot["realisasi"],
        "penyerapan_total": ctx.policy.round(tot["persen"], "persen_anggaran"),
        "efisiensi_total": ctx.policy.round(tot["efisiensi"], "efisiensi"),
    }
    for row in frame.itertuples():
        figures[f"efisiensi_{row.sasaran_id}"] = ctx.policy.round(row.efisiensi, "efisiensi")
        figures[f"porsi_{row.sasaran_id}"] = ctx.policy.round(row.porsi, "porsi")
        figures[f"penyerapan_{row.sasaran_id}"] = ctx.policy.round(row.persen, "persen_anggaran")
    return figures
