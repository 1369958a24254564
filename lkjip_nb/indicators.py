"""Performance indicators: capaian, progress to the Renstra end target, grades, IKU tables."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

#: Which target counts for a year's capaian, most authoritative first.
TARGET_PRIORITY = ("pk", "annual", "rpjmd", "renstra")


def capaian(realisasi: float, target: float, direction: str = "higher") -> float:
    """Achievement in percent.

    Higher-is-better: realisasi / target x 100. Lower-is-better (a smaller value is good):
    (2 x target - realisasi) / target x 100, the usual LKJIP formula for negative polarity.
    """
    if target == 0:
        raise ZeroDivisionError("target 0: capaian tidak terdefinisi")
    if direction == "higher":
        return realisasi / target * 100
    if direction == "lower":
        return (2 * target - realisasi) / target * 100
    raise ValueError(f"arah indikator '{direction}' harus 'higher' atau 'lower'")


def progress(realisasi: float, end_target: float, direction: str = "higher") -> float:
    """Progress toward the Renstra end-of-period target, in percent (Tabel 3.2)."""
    return capaian(realisasi, end_target, direction)


def ratio_percent(numerator: float, denominator: float) -> float:
    """numerator / denominator x 100 (the formula behind count-based IKU)."""
    if denominator == 0:
        raise ZeroDivisionError("penyebut 0")
    return numerator / denominator * 100


def classify(score: float, scale: Sequence[Mapping], name_key: str) -> str:
    """The band of ``score`` in a scale listed from the top: strictly above ``above`` wins."""
    for band in scale:
        above = band.get("above")
        if above is None or score > above:
            return str(band[name_key])
    raise ValueError(f"skala tidak mencakup nilai {score}")


def sakip_grade(score: float, profile: Mapping) -> str:
    """Predikat SAKIP (AA ... D) of a score, by the scale in the agency profile."""
    return classify(score, profile["sakip_grades"]["scale"], "grade")


def iks_category(value: float, profile: Mapping) -> str:
    """Kategori Indeks Kesalehan Sosial of a value, by the profile's scale."""
    return classify(value, profile["iks_categories"]["scale"], "category")


def grade_for(iku: Mapping | pd.Series, value: float, profile: Mapping) -> str | None:
    """The grade/category an IKU's value earns, when the IKU has a grading scale."""
    grading = iku.get("grading")
    if grading == "sakip":
        return sakip_grade(value, profile)
    if grading == "iks":
        return iks_category(value, profile)
    return None


def target_for_year(targets: pd.DataFrame, iku_id: str, year: int) -> pd.Series | None:
    """The target row that counts for ``iku_id`` in ``year`` (PK first, then annual, ...)."""
    rows = targets[(targets["iku_id"] == iku_id) & (targets["year"] == year)]
    for kind in TARGET_PRIORITY:
        hit = rows[rows["kind"] == kind]
        if not hit.empty:
            return hit.iloc[0]
    return None


def end_target(targets: pd.DataFrame, iku_id: str, end_year: int) -> pd.Series | None:
    """The Renstra end-of-period target of an IKU."""
    rows = targets[(targets["iku_id"] == iku_id) & (targets["year"] == end_year)
                   & (targets["kind"] == "renstra")]
    return None if rows.empty else rows.iloc[0]


def primary_realisasi(realisasi: pd.DataFrame) -> pd.DataFrame:
    """One realisasi per IKU and year: the row flagged primary."""
    return realisasi[realisasi["primary"]].reset_index(drop=True)


def iku_performance(iku: pd.DataFrame, targets: pd.DataFrame, realisasi: pd.DataFrame,
                    year: int, profile: Mapping) -> pd.DataFrame:
    """Tabel 3.1: per IKU the year's target, realisasi, exact capaian and reported figures."""
    real = primary_realisasi(realisasi)
    rows = []
    for _, k in iku.iterrows():
        t = target_for_year(targets, k["iku_id"], year)
        r = real[(real["iku_id"] == k["iku_id"]) & (real["year"] == year)]
        value = float(r["realisasi"].iloc[0]) if not r.empty else None
        target = float(t["target"]) if t is not None else None
        rows.append({
            "iku_id": k["iku_id"], "sasaran_id": k["sasaran_id"], "indikator": k["indikator"],
            "unit": k["unit"], "direction": k["direction"],
            "target": target, "target_kind": None if t is None else t["kind"],
            "target_grade": None if t is None or pd.isna(t["target_grade"]) else t["target_grade"],
            "realisasi": value,
            "grade": None if value is None else grade_for(k, value, profile),
            "grade_reported": None if r.empty or pd.isna(r["grade_reported"].iloc[0])
            else r["grade_reported"].iloc[0],
            "capaian": None if value is None or target is None
            else capaian(value, target, k["direction"]),
            "capaian_reported": None if r.empty or pd.isna(r["capaian_reported"].iloc[0])
            else float(r["capaian_reported"].iloc[0]),
        })
    return pd.DataFrame(rows)


def realisasi_history(iku: pd.DataFrame, realisasi: pd.DataFrame,
                      years: Sequence[int]) -> pd.DataFrame:
    """Realisasi of each IKU over ``years`` (wide: one column per year; missing stays NaN)."""
    real = primary_realisasi(realisasi)
    real = real[real["year"].isin(list(years))]
    wide = real.pivot_table(index="iku_id", columns="year", values="realisasi", aggfunc="first")
    wide = wide.reindex(index=iku["iku_id"], columns=list(years))
    wide.columns = [int(c) for c in wide.columns]
    return wide.reset_index()


def renstra_progress(iku: pd.DataFrame, targets: pd.DataFrame, realisasi: pd.DataFrame,
                     year: int, end_year: int) -> pd.DataFrame:
    """Tabel 3.2: realisasi of ``year`` against the Renstra end target, with reported progress."""
    real_all = realisasi[(realisasi["year"] == year)]
    primary = primary_realisasi(real_all)
    rows = []
    for _, k in iku.iterrows():
        t = end_target(targets, k["iku_id"], end_year)
        r = primary[primary["iku_id"] == k["iku_id"]]
        value = float(r["realisasi"].iloc[0]) if not r.empty else None
        reported = real_all[(real_all["iku_id"] == k["iku_id"])
                            & real_all["progress_reported"].notna()]
        rows.append({
            "iku_id": k["iku_id"], "sasaran_id": k["sasaran_id"], "indikator": k["indikator"],
            "unit": k["unit"],
            "end_target": None if t is None else float(t["target"]),
            "end_target_grade": None if t is None or pd.isna(t["target_grade"])
            else t["target_grade"],
            "realisasi": value,
            "progress": None if value is None or t is None
            else progress(value, float(t["target"]), k["direction"]),
            "progress_reported": None if reported.empty
            else float(reported["progress_reported"].iloc[0]),
            "grade_reported": None if reported.empty or pd.isna(reported["grade_reported"].iloc[0])
            else reported["grade_reported"].iloc[0],
        })
    return pd.DataFrame(rows)


def formula_results(inputs: pd.DataFrame) -> pd.DataFrame:
    """Count-based IKU recomputed from their inputs (e.g. 11 of 11 conflicts handled)."""
    out = inputs.copy()
    out["result"] = [ratio_percent(n, d) for n, d in zip(out["numerator"], out["denominator"],
                                                            strict=True)]
    return out


#: Target kinds that trace the medium-term path of an IKU (Renstra first, then RPJMD, annual).
TRAJECTORY_PRIORITY = ("renstra", "rpjmd", "annual", "pk")


def divergent_prints(realisasi: pd.DataFrame) -> pd.DataFrame:
    """Printed realisasi that disagree with the primary one of the same IKU and year.

    Columns: iku_id, year, primary (the value used), reported_in (the table that printed the
    other value), value (what it printed). Empty when every print agrees.
    """
    cols = ["iku_id", "year", "primary", "reported_in", "value"]
    prim = primary_realisasi(realisasi)[["iku_id", "year", "realisasi"]].rename(
        columns={"realisasi": "primary"})
    others = realisasi[~realisasi["primary"]][["iku_id", "year", "reported_in", "realisasi"]]
    merged = others.merge(prim, on=["iku_id", "year"], how="inner")
    diff = merged[(merged["realisasi"] - merged["primary"]).abs() > 1e-9]
    return diff.rename(columns={"realisasi": "value"})[cols].reset_index(drop=True)


def sasaran_capaian(performance: pd.DataFrame) -> pd.DataFrame:
    """Capaian of each sasaran: the mean exact capaian of its IKU that have one (else NaN)."""
    out = performance.groupby("sasaran_id", sort=False)["capaian"].agg(
        lambda s: s.dropna().mean() if s.notna().any() else float("nan"))
    return out.rename("capaian").reset_index()


def trajectory(targets: pd.DataFrame, realisasi: pd.DataFrame, iku_id: str,
               years: Sequence[int], until: int | None = None,
               kinds: Sequence[str] = TRAJECTORY_PRIORITY) -> pd.DataFrame:
    """Target and primary realisasi of one IKU for each of ``years`` (None where absent).

    The target of a year is the first of ``kinds`` present; realisasi after ``until`` are left
    out (a year's report knows nothing of later years).
    """
    real = primary_realisasi(realisasi)
    rows = []
    for year in years:
        t = targets[(targets["iku_id"] == iku_id) & (targets["year"] == year)]
        target, kind = None, None
        for k in kinds:
            hit = t[t["kind"] == k]
            if not hit.empty:
                target, kind = float(hit["target"].iloc[0]), k
                break
        r = real[(real["iku_id"] == iku_id) & (real["year"] == year)]
        value = None if r.empty or (until is not None and year > until) \
            else float(r["realisasi"].iloc[0])
        rows.append({"year": int(year), "target": target, "target_kind": kind,
                     "realisasi": value})
    return pd.DataFrame(rows, columns=["year", "target", "target_kind", "realisasi"])


def compare_regions(comparison: pd.DataFrame, iku_id: str) -> pd.DataFrame:
    """One IKU's values per region with each region's standing against the agency's own.

    ``relation`` is 'higher', 'equal' or 'lower' (the other region against the agency), None for
    the agency's own row. Rows keep the data's order.
    """
    rows = comparison[comparison["iku_id"] == iku_id].reset_index(drop=True)
    own = rows[rows["is_self"]]
    if own.empty:
        raise ValueError(f"perbandingan {iku_id}: tidak ada baris wilayah sendiri (is_self)")
    mine = float(own["value"].iloc[0])

    def relation(row) -> str | None:
        if row["is_self"]:
            return None
        if abs(row["value"] - mine) < 1e-9:
            return "equal"
        return "higher" if row["value"] > mine else "lower"

    rows["relation"] = [relation(r) for _, r in rows.iterrows()]
    return rows


def conflict_summary(konflik: pd.DataFrame) -> dict:
    """Events, events handled and the share handled (percent; None without events)."""
    total = int(len(konflik))
    handled = int(konflik["handled"].sum()) if total else 0
    return {"total": total, "handled": handled,
            "percent": ratio_percent(handled, total) if total else None}
