"""Shared pieces of chapter assembly: per-sasaran performance and budget for a year, and the
reader-facing wording every chapter shares (capaian formulas, rounding rules, code marks)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from lkjip_nb import budget, indicators
from lkjip_nb.narrative import join_id
from lkjip_nb.present import is_synthetic
from lkjip_nb.rounding import RoundingPolicy

#: Unit kinds whose values are printed without their unit word (the unit is implied or shown
#: as a sign): percent gets "%", the others stand alone.
BARE_KINDS = ("percent", "index", "score", "grade", "money")

#: Capaian formulas per rule, with "{t}" for the target's name.
FORMULA = {"ratio": "realisasi / {t} × 100",
           "inverse_gap": "(2 × {t} − realisasi) / {t} × 100",
           "inverse_ratio": "{t} / realisasi × 100"}

#: Marks after a code in budget tables and what they mean (a printed code has none).
CODE_MARKS = {
    "derived": ("*", "diturunkan dari kode sub kegiatan yang tercetak"),
    "nomenclature": ("**", "diambil dari nomenklatur (laporan tidak mencetak kode ini)"),
    "user": ("***", "kode ditetapkan OPD"),
    "unprinted": ("†", "tidak tercetak pada laporan"),
}


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


def ever_has(ctx, table: str) -> bool:
    """Whether the dataset holds rows of ``table`` in any year (a reader then expects the
    section and is told when a year lacks it; otherwise the section is left out)."""
    frame = ctx.dataset.full_tables.get(table)
    return frame is not None and not frame.empty


def table_if_any(ctx, table: str) -> pd.DataFrame:
    """The year's rows of ``table``; an agency whose data never hold the table gets an empty
    frame without the file being recorded as read (its documents do not name it)."""
    if ever_has(ctx, table):
        return ctx.dataset.table(table)
    return ctx.dataset.full_tables[table].iloc[0:0].copy()


def synthetic(ctx) -> bool:
    """Whether the dataset is synthetic (invented names and figures, not an official report)."""
    return is_synthetic(ctx)


def program_budget(ctx) -> pd.DataFrame:
    ds = ctx.dataset
    return budget.program_rollup(ds.table("sub_kegiatan"), ds.table("kegiatan"),
                                 ds.table("programs"))


def sasaran_budget(ctx) -> pd.DataFrame:
    """Anggaran, realisasi, share and absorption per sasaran (the printed ones are the
    audit's to compare: :mod:`lkjip_nb.chapters.audit`)."""
    return budget.sasaran_rollup(program_budget(ctx), ctx.dataset.sasaran)


def value_label(ctx, value: float | None, unit: str, grade: str | None = None) -> str:
    """'86', '90 %', 'BB (75,3)' as the report writes indicator values."""
    if value is None or value is pd.NA or value != value:
        return "–"
    text = ctx.fmt.compact(value, "indeks")
    if unit == "persen":
        text += "\u00a0%"
    return f"{grade} ({text})" if grade else text


def blank_repeats(frame: pd.DataFrame, key: str = "sasaran",
                  columns: tuple[str, ...] = ("no", "sasaran")) -> pd.DataFrame:
    """Rows of a sasaran after its first with ``columns`` blank (several IKU per sasaran)."""
    out = frame.copy()
    same = out[key].eq(out[key].shift())
    for column in columns:
        out[column] = out[column].astype(object)
        out.loc[same, column] = ""
    return out


def unit_suffix(kind: str | None, unit: str | None) -> str:
    """' per 100.000 kelahiran hidup', ' jiwa' after a value of a rate or count; '' otherwise."""
    if not isinstance(unit, str) or not unit or kind in BARE_KINDS:
        return ""
    return f" {unit}"


def rule_text(ctx, kind: str) -> str:
    """How figures of ``kind`` are rounded for display, e.g. 'potong, 1 desimal'."""
    return RoundingPolicy(default=ctx.policy.rule(kind)).describe()["(lainnya)"]


def _rules_of(frame: pd.DataFrame) -> list[tuple[str, list[str]]]:
    """(rule, indicators using it) in order of first use."""
    groups: dict[str, list[str]] = {}
    for rule, name in zip(frame["capaian_rule"], frame["indikator"], strict=True):
        groups.setdefault(str(rule), []).append(str(name))
    return list(groups.items())


def capaian_formula_note(ctx, frame: pd.DataFrame, *, what: str = "Capaian",
                         target: str = "target", kind: str = "capaian") -> str:
    """The formula(s) the table's capaian use, naming which IKU use which when mixed, and the
    display rounding: 'Capaian = realisasi / target × 100 (bulatkan ..., 2 desimal).'"""
    groups = _rules_of(frame) if "capaian_rule" in frame and len(frame) else [("ratio", [])]
    rounding = f"pembulatan tampilan: {rule_text(ctx, kind)}"
    if len(groups) == 1:
        rule = groups[0][0]
        lower = " (indikator semakin rendah semakin baik)" if rule != "ratio" else ""
        return f"{what} = {FORMULA.get(rule, rule).format(t=target)}{lower}; {rounding}."
    parts = []
    for rule, names in groups:
        lower = ", semakin rendah semakin baik" if rule != "ratio" else ""
        parts.append(f"{FORMULA.get(rule, rule).format(t=target)} untuk {join_id(names)}"
                     f"{lower}")
    return f"{what} dihitung menurut arah indikator: " + "; ".join(parts) + f"; {rounding}."


def has_grading(ctx, grading: str = "sakip") -> bool:
    """Whether any IKU of the agency is graded by ``grading`` (e.g. predikat SAKIP)."""
    return bool((ctx.dataset.iku["grading"] == grading).any())


def code_mark(source: str | None) -> str:
    """The mark printed after a code of the given (honest) source."""
    return CODE_MARKS.get(source, ("", ""))[0] if source else ""


def code_legend(sources: Iterable[str | None]) -> str | None:
    """'Kode: ** diambil dari nomenklatur ...; *** kode ditetapkan OPD.' for the marks used."""
    used = set(sources)
    parts = [f"{mark} {text}" for source, (mark, text) in CODE_MARKS.items() if source in used]
    return "Kode: " + "; ".join(parts) + "." if parts else None


def run_figures(ctx) -> dict:
    """Figures every chapter records: ``synthetic`` (True) for a synthetic dataset, so the
    runner marks its documents "DATA SINTETIS"."""
    return {"synthetic": True} if synthetic(ctx) else {}
