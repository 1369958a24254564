"""Voter turnout: each election's printed participation, the printed average, narrative
figures, and the turnout program's outcome realisasi."""

from __future__ import annotations

from fractions import Fraction

import pandas as pd

from lkjip_nb import elections
from lkjip_nb.audit.build import compare_aggregate, compare_percent, finding, pct_of
from lkjip_nb.audit.finding import Finding
from lkjip_nb.audit.numbers import judge, missing, show, whole
from lkjip_nb.audit.reported import Printed, printed
from lkjip_nb.audit.scope import Scope, ref
from lkjip_nb.audit.wording import printed_at

CHAPTER = "indicators"


def chosen(scope: Scope) -> pd.DataFrame:
    """The year's elections and the previous one of each kind (as the report shows them)."""
    if not scope.has("pemilu"):
        return scope.full("pemilu").iloc[0:0]
    full = scope.full("pemilu")
    picked = elections.comparison_set(full, scope.year)
    if picked.empty:
        return full.iloc[0:0]
    keys = set(zip(picked["kind"], picked["year"], strict=True))
    return full[[(k, y) in keys for k, y in zip(full["kind"], full["year"], strict=True)]]


def _turnout(row: pd.Series) -> Fraction | None:
    return pct_of(int(row["voters"]), int(row["dpt"]))


def _formula(row: pd.Series) -> str:
    return f"{whole(row['voters'])} / {whole(row['dpt'])} × 100"


def turnout_checks(scope: Scope) -> list[Finding]:
    out = []
    rule = scope.rule("partisipasi")
    for index, row in chosen(scope).iterrows():
        if missing(row["participation_reported"]) or _turnout(row) is None:
            continue
        where = ref("pemilu", index, row, column="participation_reported")
        f = compare_percent("turnout", [where], [row["kind"], row["year"]],
                            reported=float(row["participation_reported"]), exact=_turnout(row),
                            rule=rule, subject=f"Partisipasi {row['label']}",
                            formula=_formula(row), chapter=CHAPTER,
                            printed=scope.digits(where))
        if f:
            out.append(f)
    return out


def _current(scope: Scope) -> pd.DataFrame:
    rows = chosen(scope)
    return rows[(rows["year"] == scope.year) & (rows["dpt"] > 0)]


def average_of(scope: Scope) -> dict | None:
    """The year's average turnout: weighted (all voters / all DPT), plain means of the printed
    and of the exact turnouts."""
    rows = _current(scope)
    if rows.empty:
        return None
    weighted = pct_of(int(rows["voters"].sum()), int(rows["dpt"].sum()))
    exact_rows = [_turnout(r) for _, r in rows.iterrows()]
    printed_rows = [r["participation_reported"] if not missing(r["participation_reported"])
                    else scope.rule("partisipasi").apply(_turnout(r)) for _, r in rows.iterrows()]
    return {"weighted": weighted, "exact_rows": exact_rows, "printed_rows": printed_rows,
            "rows": rows, "formula": f"{whole(rows['voters'].sum())} / "
                                     f"{whole(rows['dpt'].sum())} × 100"}


def _match_election(p: Printed, rows: pd.DataFrame) -> tuple[int, pd.Series] | None:
    words = p.item.lower()
    for index, row in rows.iterrows():
        if str(row["label"]).lower() in words or (str(row["kind"]) in words
                                                  and str(row["year"]) in words):
            return int(index), row
    return None


def reported_checks(scope: Scope) -> list[Finding]:
    """Printed averages and narrative turnout figures (reported_totals)."""
    out = []
    avg = average_of(scope)
    rows = chosen(scope)
    for p in printed(scope, "pemilu"):
        refs = [p.ref()]
        key = [p.table, p.year, p.item, p.field]
        digits = scope.digits(refs[0])
        if p.field != "percent":
            continue
        check = "narrative" if p.narrative else "average"
        if "rata" in p.item.lower():
            if avg is None:
                continue
            scope.claim(p.index)
            labels = ", ".join(str(v) for v in avg["rows"]["label"])
            f = compare_aggregate(check, refs, key, reported=p.value, weighted=avg["weighted"],
                                  printed_rows=avg["printed_rows"],
                                  exact_rows=avg["exact_rows"],
                                  rule=scope.rule("rata_partisipasi"),
                                  subject=f"Rata-rata partisipasi {labels} pada {p.where}",
                                  formula=f"jumlah pengguna hak pilih / jumlah DPT = "
                                          f"{avg['formula']}",
                                  chapter=CHAPTER, mean_severity="info", printed=digits)
            if f:
                out.append(f)
            continue
        hit = _match_election(p, rows)
        if hit is None:
            continue
        scope.claim(p.index)
        index, row = hit
        refs.append(ref("pemilu", index, row))
        f = compare_percent(check, refs, key, reported=p.value, exact=_turnout(row),
                            rule=scope.rule("partisipasi"),
                            subject=f"Partisipasi {row['label']} pada {p.where}",
                            formula=_formula(row), chapter=CHAPTER, printed=digits)
        if f:
            out.append(f)
    return out


def program_checks(scope: Scope) -> list[Finding]:
    """The turnout program's outcome realisasi against the year's average turnout."""
    avg = average_of(scope)
    if avg is None:
        return []
    programs = scope.of_year("programs")
    mask = [elections.is_turnout_indicator(t) for t in programs["outcome_indicator"]]
    stated = [p for p in printed(scope, "pemilu") if "rata" in p.item.lower()
              and p.field == "percent" and not p.narrative]
    out = []
    for index, row in programs[mask].iterrows():
        value = row["outcome_realisasi"]
        if missing(value):
            continue
        refs = [ref("programs", index, row, column="outcome_realisasi")]
        digits = scope.digits(refs[0])
        subject = f"Realisasi outcome program {row['code']} (partisipasi)"
        if stated:
            p = stated[0]
            if judge(value, p.value, scope.rule("rata_partisipasi"), printed=digits).ok:
                continue
            refs.append(p.ref())
            out.append(finding(
                "cross_table", "error", refs, [row["year"], row["code"], "average"],
                reported=float(value), recomputed=p.value,
                difference=float(value) - p.value, subject=subject, chapter="budget",
                cause=f"{subject} tercetak {show(value)} %, sedangkan rata-rata partisipasi "
                      f"{printed_at(p.where)} {show(p.value)} %; keduanya angka yang sama.",
                suggestion="Samakan realisasi outcome dengan rata-rata partisipasi."))
            continue
        f = compare_aggregate("cross_table", refs, [row["year"], row["code"], "average"],
                              reported=float(value), weighted=avg["weighted"],
                              printed_rows=avg["printed_rows"], exact_rows=avg["exact_rows"],
                              rule=scope.rule("rata_partisipasi"), subject=subject,
                              formula=avg["formula"], chapter="budget", mean_severity="info",
                              printed=digits)
        if f:
            out.append(f)
    return out


def checks(scope: Scope) -> list[Finding]:
    return turnout_checks(scope) + reported_checks(scope) + program_checks(scope)

