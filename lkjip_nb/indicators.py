"""Performance indicators: capaian, progress to the Renstra end target, grades, IKU tables."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd

#: Which target counts for a year's capaian, most authoritative first.
TARGET_PRIORITY = ("pk", "annual", "rpjmd", "renstra")

#: How realisasi R and target T give capaian (percent): R/T, (2T - R)/T, T/R (x 100).
CAPAIAN_RULES = ("ratio", "inverse_gap", "inverse_ratio")

#: The rule of a lower-is-better IKU when neither the IKU nor the profile names one.
DEFAULT_LOWER_RULE = "inverse_gap"

#: Kind of figure of the built-in unit words; other words are counts, "per ..." words rates.
UNIT_KINDS = {"persen": "percent", "indeks": "index", "nilai": "score", "rupiah": "money"}


def _text(value: object) -> str | None:
    """A non-empty string, else None (NaN, None, pd.NA and "" alike)."""
    return value if isinstance(value, str) and value.strip() else None


def capaian(realisasi: float, target: float, direction: str = "higher",
            rule: str | None = None) -> float:
    """Achievement in percent by ``rule`` (else the usual rule of ``direction``).

    ``ratio``: realisasi / target x 100 (higher is better). ``inverse_gap``: (2 x target -
    realisasi) / target x 100, the usual LKJIP formula for a lower-is-better IKU.
    ``inverse_ratio``: target / realisasi x 100 (lower is better, e.g. a number of deaths).
    """
    if direction not in ("higher", "lower"):
        raise ValueError(f"arah indikator '{direction}' harus 'higher' atau 'lower'")
    rule = rule or ("ratio" if direction == "higher" else DEFAULT_LOWER_RULE)
    if rule not in CAPAIAN_RULES:
        raise ValueError(f"aturan capaian '{rule}' harus salah satu dari: "
                         + ", ".join(CAPAIAN_RULES))
    if rule == "inverse_ratio":
        if realisasi == 0:
            raise ZeroDivisionError("realisasi 0: capaian target/realisasi tidak terdefinisi")
        return target / realisasi * 100
    if target == 0:
        raise ZeroDivisionError("target 0: capaian tidak terdefinisi")
    if rule == "ratio":
        return realisasi / target * 100
    return (2 * target - realisasi) / target * 100


def capaian_rule(iku: Mapping | pd.Series, profile: Mapping | None = None) -> str:
    """The capaian rule of an IKU: its own ``capaian_rule``, else by its direction (a
    lower-is-better IKU takes the profile's ``capaian_lower``, else inverse_gap)."""
    own = _text(iku.get("capaian_rule"))
    if own:
        return own
    if iku.get("direction") == "lower":
        return _text((profile or {}).get("capaian_lower")) or DEFAULT_LOWER_RULE
    return "ratio"


def capaian_or_none(realisasi: float | None, target: float | None, rule: str,
                    direction: str = "higher") -> float | None:
    """Capaian, or None when a figure is missing or the rule is undefined for them (a zero)."""
    if realisasi is None or target is None or _missing(realisasi) or _missing(target):
        return None
    try:
        return capaian(realisasi, target, direction, rule)
    except ZeroDivisionError:
        return None


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def unit_kind(iku: Mapping | pd.Series, profile: Mapping | None = None) -> str:
    """What an IKU's unit measures: percent, index, score, grade, money, count or rate.

    The IKU's own ``unit_kind`` first, then the profile's ``units`` (word -> kind), then the
    built-in words; an unknown word starting with "per " is a rate, any other a count.
    """
    own = _text(iku.get("unit_kind"))
    if own:
        return own
    unit = str(iku.get("unit") or "").strip()
    declared = (profile or {}).get("units") or {}
    if isinstance(declared, Mapping) and _text(declared.get(unit)):
        return str(declared[unit])
    if unit in UNIT_KINDS:
        return UNIT_KINDS[unit]
    return "rate" if unit.lower().startswith("per ") else "count"


def capaian_category(value: float, profile: Mapping) -> str | None:
    """The profile's ``capaian_categories`` band of a capaian (None without such a scale).

    The scale is listed from the top like ``sakip_grades``; a band is named by its
    ``category``, else ``label``, else ``grade``.
    """
    spec = profile.get("capaian_categories")
    scale = spec.get("scale") if isinstance(spec, Mapping) else spec
    if not scale or _missing(value):
        return None
    for band in scale:
        above = band.get("above")
        if above is None or value > above:
            for key in ("category", "label", "grade"):
                if _text(band.get(key)):
                    return str(band[key])
            return None
    return None


def progress(realisasi: float, end_target: float, direction: str = "higher",
             rule: str | None = None) -> float:
    """Progress toward the Renstra end-of-period target, in percent (Tabel 3.2)."""
    return capaian(realisasi, end_target, direction, rule)


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
    """Tabel 3.1: per IKU the year's target, realisasi, exact capaian and reported figures.

    ``capaian_rule`` is the rule used (:func:`capaian_rule`); capaian is None where the target
    or realisasi is missing or the rule is undefined for them; ``capaian_category`` is the
    profile's category of the capaian (None without ``capaian_categories``).
    """
    real = primary_realisasi(realisasi)
    rows = []
    for _, k in iku.iterrows():
        t = target_for_year(targets, k["iku_id"], year)
        r = real[(real["iku_id"] == k["iku_id"]) & (real["year"] == year)]
        value = float(r["realisasi"].iloc[0]) if not r.empty else None
        target = float(t["target"]) if t is not None else None
        rule = capaian_rule(k, profile)
        cap = capaian_or_none(value, target, rule, k["direction"])
        rows.append({
            "iku_id": k["iku_id"], "sasaran_id": k["sasaran_id"], "indikator": k["indikator"],
            "unit": k["unit"], "unit_kind": unit_kind(k, profile), "direction": k["direction"],
            "capaian_rule": rule,
            "target": target, "target_kind": None if t is None else t["kind"],
            "target_grade": None if t is None or pd.isna(t["target_grade"]) else t["target_grade"],
            "realisasi": value,
            "grade": None if value is None else grade_for(k, value, profile),
            "grade_reported": None if r.empty or pd.isna(r["grade_reported"].iloc[0])
            else r["grade_reported"].iloc[0],
            "capaian": cap,
            "capaian_category": None if cap is None else capaian_category(cap, profile),
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
                     year: int, end_year: int, profile: Mapping | None = None) -> pd.DataFrame:
    """Tabel 3.2: realisasi of ``year`` against the Renstra end target, with reported progress.

    Progress follows each IKU's capaian rule (:func:`capaian_rule`, with ``profile``).
    """
    real_all = realisasi[(realisasi["year"] == year)]
    primary = primary_realisasi(real_all)
    rows = []
    for _, k in iku.iterrows():
        t = end_target(targets, k["iku_id"], end_year)
        r = primary[primary["iku_id"] == k["iku_id"]]
        value = float(r["realisasi"].iloc[0]) if not r.empty else None
        reported = real_all[(real_all["iku_id"] == k["iku_id"])
                            & real_all["progress_reported"].notna()]
        rule = capaian_rule(k, profile)
        rows.append({
            "iku_id": k["iku_id"], "sasaran_id": k["sasaran_id"], "indikator": k["indikator"],
            "unit": k["unit"], "unit_kind": unit_kind(k, profile), "direction": k["direction"],
            "capaian_rule": rule,
            "end_target": None if t is None else float(t["target"]),
            "end_target_grade": None if t is None or pd.isna(t["target_grade"])
            else t["target_grade"],
            "realisasi": value,
            "progress": capaian_or_none(value, None if t is None else float(t["target"]), rule,
                                        k["direction"]),
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
