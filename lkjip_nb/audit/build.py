"""Turning comparisons into findings with Indonesian sentences."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

from lkjip_nb.audit.finding import Finding, Mention, Number, make_id, plain
from lkjip_nb.audit.numbers import (
    Value,
    Verdict,
    judge,
    missing,
    rupiah,
    show,
    show_exact,
)
from lkjip_nb.audit.scope import tables_of
from lkjip_nb.audit.wording import printed_verb
from lkjip_nb.rounding import Rule, to_decimal

#: Chapters in report order (findings are grouped and sorted by them).
CHAPTERS = ("planning", "indicators", "efficiency", "budget", "hibah")


def _num(value: Decimal | Fraction | float | int | None) -> Number | None:
    """A plain int or float of a value (Decimal and Fraction included)."""
    if missing(value):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, Fraction) and value.denominator == 1:
        return int(value)
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return plain(round(float(value), 10))


def finding(check: str, severity: str, rows: Sequence[Mapping], key: Sequence[object], *,
            reported: object, recomputed: object, cause: str, suggestion: str, subject: str,
            chapter: str, difference: object = None, exact: object = None,
            table: str | None = None, mentions: Sequence[Mention] = ()) -> Finding:
    """A finding whose id is ``check/<first table>/<key...>``."""
    tables = tables_of(rows)
    return Finding(
        id=make_id(check, table or (tables[0] if tables else "-"), *key),
        severity=severity, check=check, tables=tables, rows=tuple(dict(r) for r in rows),
        reported=reported if isinstance(reported, str) else _num(reported),
        recomputed=recomputed if isinstance(recomputed, str) else _num(recomputed),
        difference=_num(difference), cause=cause, suggestion=suggestion, subject=subject,
        chapter=chapter, exact=_num(exact), mentions=tuple(mentions))


def compare_percent(check: str, rows: Sequence[Mapping], key: Sequence[object], *,
                    reported: float, exact: Value, rule: Rule, subject: str, formula: str,
                    chapter: str, alternatives: Sequence[tuple[str, Value]] = (),
                    unit: str = "\u00a0%", mismatch: str = "error",
                    hint: str = "", printed: int | None = None) -> Finding | None:
    """A printed percentage (or index) against its exact value shown by the agency's ``rule``.

    None when they agree; one ``info`` when only a rounding convention (or one of the
    ``alternatives``) separates them; else a finding of severity ``mismatch``. ``printed``:
    the decimals the figure is written with in the data.
    """
    verdict = judge(reported, exact, rule, alternatives, printed)
    if verdict.ok:
        return None
    return convention_or_mismatch(check, rows, key, verdict, exact=exact, subject=subject,
                                  formula=formula, chapter=chapter, unit=unit,
                                  mismatch=mismatch, hint=hint)


def convention_or_mismatch(check: str, rows: Sequence[Mapping], key: Sequence[object],
                           verdict: Verdict, *, exact: Value, subject: str, formula: str,
                           chapter: str, unit: str = "\u00a0%", mismatch: str = "error",
                           hint: str = "") -> Finding:
    """The finding of a verdict that is not a match (see :func:`compare_percent`)."""
    d = verdict.rule.decimals
    printed = show(verdict.reported, verdict.matched.decimals if verdict.matched else
                   max(d, 0)) + unit
    expected = show(verdict.expected, d) + unit
    exact_text = show_exact(exact, d + 3) + unit
    common = dict(reported=verdict.reported, recomputed=verdict.expected,
                  difference=verdict.difference, exact=exact, subject=subject, chapter=chapter)
    if verdict.status == "convention":
        cause = (f"{subject} {printed_verb(subject)} {printed}. Hasil hitung {formula} = "
                 f"{exact_text}; angka "
                 f"tercetak diperoleh bila {verdict.convention()}, sedangkan aturan pembulatan "
                 f"laporan ini ({verdict.rule_words()}) memberi {expected}. Perbedaannya hanya "
                 "karena cara pembulatan, bukan kesalahan hitung.")
        suggestion = (f"Tidak perlu koreksi angka; bila ingin seragam, cetak {expected} atau "
                      "nyatakan cara pembulatan yang dipakai.")
        return finding(check, "info", rows, key, cause=cause, suggestion=suggestion, **common)
    cause = (f"{subject} {printed_verb(subject)} {printed}, sedangkan hasil hitung {formula} "
             f"= {exact_text}, "
             f"atau {expected} bila {verdict.rule_words()}.")
    if hint:
        cause += " " + hint
    suggestion = f"Periksa angka ini dan masukannya; menurut data seharusnya {expected}."
    return finding(check, mismatch, rows, key, cause=cause, suggestion=suggestion, **common)


def compare_money(check: str, rows: Sequence[Mapping], key: Sequence[object], *,
                  reported: int, computed: int, subject: str, basis: str, chapter: str,
                  others: Mapping[str, int] | None = None, severity: str = "error",
                  money: bool = True, hint: str = "") -> Finding | None:
    """A printed amount (or count) against the one computed from ``basis``.

    ``others``: nearby figures (label -> value); a print equal to one of them is named.
    """
    if int(reported) == int(computed):
        return None
    write = rupiah if money else show
    diff = int(reported) - int(computed)
    cause = (f"{subject} {printed_verb(subject)} {write(reported)}, sedangkan {basis} "
             f"{write(computed)} "
             f"(selisih {write(abs(diff))}).")
    same = [label for label, value in (others or {}).items()
            if value is not None and int(value) == int(reported)]
    if same:
        cause += f" Angka tercetak itu sama dengan {same[0]}."
    if hint:
        cause += " " + hint
    suggestion = f"Periksa penjumlahan atau salinan angka ini; menurut data {write(computed)}."
    return finding(check, severity, rows, key, reported=int(reported), recomputed=int(computed),
                   difference=diff, cause=cause, suggestion=suggestion, subject=subject,
                   chapter=chapter)


def mean(values: Sequence[Value]) -> Fraction | None:
    """Plain mean of exact values (Fractions), None without values."""
    values = [v if isinstance(v, Fraction) else Fraction(to_decimal(v))
              for v in values if not missing(v)]
    return sum(values, Fraction(0)) / len(values) if values else None


def compare_aggregate(check: str, rows: Sequence[Mapping], key: Sequence[object], *,
                      reported: float, weighted: Value, printed_rows: Sequence[Value],
                      exact_rows: Sequence[Value], rule: Rule, subject: str, formula: str,
                      chapter: str, mean_severity: str = "warning",
                      mismatch: str = "error", printed: int | None = None) -> Finding | None:
    """A printed aggregate percentage: the amount-weighted ratio is right; a print equal to the
    plain mean of its rows is said to be exactly that (``mean_severity``)."""
    verdict = judge(reported, weighted, rule, printed=printed)
    if verdict.ok:
        return None
    if verdict.status == "mismatch":
        options = []
        plain_printed = mean(printed_rows)
        plain_exact = mean(exact_rows)
        if plain_printed is not None:
            options.append(("angka baris yang tercetak", plain_printed))
        if plain_exact is not None:
            options.append(("nilai eksak baris-barisnya", plain_exact))
        for label, value in options:
            alt = judge(reported, value, rule, printed=printed)
            if alt.status == "mismatch":
                continue
            n = len([v for v in printed_rows if not missing(v)])
            shown = show(verdict.expected, rule.decimals) + "\u00a0%"
            how = "" if alt.ok else f" ({alt.convention()})"
            cause = (f"{subject} {printed_verb(subject)} "
                     f"{show(verdict.reported, rule.decimals)}\u00a0%: itu "
                     f"rata-rata sederhana dari {label} ({n} baris) = "
                     f"{show_exact(value, rule.decimals + 3)}\u00a0%{how}, bukan rasio "
                     f"tertimbang {formula} = {show_exact(weighted, rule.decimals + 3)}\u00a0% "
                     f"({shown}).")
            suggestion = (f"Gunakan rasio tertimbang ({shown}) atau sebutkan bahwa angka ini "
                          "rata-rata sederhana.")
            return finding(check, mean_severity, rows, key, reported=verdict.reported,
                           recomputed=verdict.expected, difference=verdict.difference,
                           exact=weighted, cause=cause, suggestion=suggestion,
                           subject=subject, chapter=chapter)
    return convention_or_mismatch(check, rows, key, verdict, exact=weighted, subject=subject,
                                  formula=formula, chapter=chapter, mismatch=mismatch)


def pct_of(part: int, whole: int) -> Fraction | None:
    """part / whole x 100 exactly; None when whole is 0."""
    return None if not whole else Fraction(int(part) * 100, int(whole))
