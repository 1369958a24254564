"""Comparing a printed figure with a recomputed one, and naming a rounding convention that
explains the difference (truncation instead of half up, fewer decimals, rounded inputs)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from numbers import Real

from lkjip_nb.fmt import number
from lkjip_nb.rounding import Rule, to_decimal

#: Rounding methods in the order an explanation tries them (after the agency's own).
METHODS = ("half_up", "truncate", "half_even")

#: How a method is written in a sentence.
METHOD_WORDS = {"half_up": "dibulatkan setengah ke atas", "truncate": "dipotong",
                "half_even": "dibulatkan setengah ke genap"}

Value = Real | Fraction | Decimal


def missing(value: object) -> bool:
    """None, NaN or pandas' NA."""
    if value is None:
        return True
    try:
        return bool(value != value)
    except TypeError:  # pd.NA
        return True


def text_decimals(text: str) -> int | None:
    """Decimals written in a cell's text ('80.40' -> 2, '100' -> 0; None if not a number)."""
    text = text.strip()
    try:
        float(text)
    except ValueError:
        return None
    return len(text.split(".", 1)[1]) if "." in text and "e" not in text.lower() else 0


def decimals_of(value: Value) -> int:
    """Decimals of a printed number as stored (80.40 is stored 80.4: 1)."""
    exponent = to_decimal(value).normalize().as_tuple().exponent
    return max(0, -int(exponent)) if isinstance(exponent, int) else 0


def as_int(value: object) -> int | None:
    """A whole number (money, counts) from a stored figure, None when missing or not whole."""
    if missing(value):
        return None
    frac = Fraction(to_decimal(value))
    return int(frac) if frac.denominator == 1 else None


@dataclass(frozen=True)
class Verdict:
    """How a printed figure relates to the recomputed one.

    ``status``: "match" (the agency's rule gives the print), "convention" (another rounding or
    the stated alternative computation gives it) or "mismatch". ``expected`` is the recomputed
    value by the agency's rule at the printed precision; ``matched`` the rule and ``basis`` the
    alternative computation that reproduce the print.
    """

    status: str
    reported: Decimal
    expected: Decimal
    rule: Rule
    matched: Rule | None = None
    basis: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == "match"

    @property
    def difference(self) -> float:
        return float(self.reported - self.expected)

    def convention(self) -> str:
        """The convention in words: 'dipotong pada 2 desimal (aturan laporan: ...)'."""
        if self.matched is None:
            return ""
        parts = []
        if self.basis:
            parts.append(f"dihitung dari {self.basis}")
        rounded_otherwise = (self.matched.method != self.rule.method
                             or self.matched.decimals != self.rule.decimals)
        if rounded_otherwise or not self.basis:
            parts.append(f"{METHOD_WORDS[self.matched.method]} pada {self.matched.decimals} "
                         "desimal")
        return ", ".join(parts)

    def rule_words(self) -> str:
        return f"{METHOD_WORDS[self.rule.method]} pada {self.rule.decimals} desimal"


def _decimal_options(rule: Rule, printed: int | None, stored: int) -> list[int]:
    """Decimals the print may have: the rule's, or those written in the data (``printed``);
    unknown, anything from the stored value's (80.40 is stored 80.4) up to the rule's."""
    if printed is not None:
        return [printed] if printed > rule.decimals else sorted({rule.decimals, printed},
                                                                reverse=True)
    if stored > rule.decimals:
        return [stored]
    return list(range(rule.decimals, stored - 1, -1))


def judge(reported: Value, value: Value, rule: Rule,
          alternatives: Sequence[tuple[str, Value]] = (), printed: int | None = None
          ) -> Verdict:
    """Compare ``reported`` with ``value`` shown by ``rule``; explain a difference if a
    rounding convention, or one of the ``alternatives`` (label, value), reproduces it.

    ``printed``: the decimals the figure is written with in the data ("80.40": 2), when known.
    """
    rep = to_decimal(reported)
    decimals = _decimal_options(rule, printed, decimals_of(reported))
    agency = Rule(rule.method, decimals[0])
    expected = agency.apply(value)
    if expected == rep:
        return Verdict("match", rep, expected, agency)
    methods = [rule.method] + [m for m in METHODS if m != rule.method]
    candidates: list[tuple[str | None, Value]] = [(None, value), *alternatives]
    for basis, candidate in candidates:
        if missing(candidate):
            continue
        for d in decimals:
            for method in methods:
                tried = Rule(method, d)
                if tried.apply(candidate) == rep:
                    return Verdict("convention", rep, expected, agency, tried, basis)
    return Verdict("mismatch", rep, expected, agency)


def show(value: Value | None, decimals: int | None = None) -> str:
    """A figure the Indonesian way; exact values with a few more decimals and '…'."""
    if missing(value):
        return "–"
    if decimals is None:
        return number(value)
    exact = to_decimal(value)
    shown = Rule("truncate", decimals).apply(exact)
    return number(shown, decimals) + ("" if shown == exact.normalize() or shown == exact
                                      else "…")


def show_exact(value: Value | None, decimals: int) -> str:
    """An exact value: as is when it has at most ``decimals`` decimals (100; 80,4), else cut
    after ``decimals`` with '…' (80,4053…)."""
    if missing(value):
        return "–"
    exact = to_decimal(value)
    if decimals_of(exact) <= decimals:
        return number(exact.normalize())
    return number(Rule("truncate", decimals).apply(exact), decimals) + "…"


def rupiah(value: Value | None) -> str:
    """'Rp 66.348.353.265'."""
    return "–" if missing(value) else "Rp\u00a0" + number(int(value), 0)


def whole(value: Value | None) -> str:
    return "–" if missing(value) else number(int(value), 0)
