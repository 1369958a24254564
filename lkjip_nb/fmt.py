"""Indonesian number formats through Babel: 1.234.567; 99,56 %; Rp 66.348.353.265."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from numbers import Real

from babel.numbers import format_currency, format_decimal

from lkjip_nb.rounding import RoundingPolicy, Rule

LOCALE = "id_ID"
NBSP = "\u00a0"
MISSING = "–"


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def _pattern(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


def number(value: Real | Decimal | None, decimals: int | None = None) -> str:
    """1.234.567 or 84,61; with ``decimals`` exactly that many places (rounded half up).

    Figures of a report go through :class:`Formatter`, which rounds by the policy first; the
    half-up here only matters for values such as chart ticks that were not rounded before.
    """
    if _is_missing(value):
        return MISSING
    if decimals is None:
        return format_decimal(value, format="#,##0.##########", locale=LOCALE)
    return format_decimal(Rule("half_up", decimals).apply(value), format=_pattern(decimals),
                          locale=LOCALE, decimal_quantization=False)


def percent(value: Real | Decimal | None, decimals: int | None = None) -> str:
    """99,56 % (the value is already in percent, not a fraction)."""
    if _is_missing(value):
        return MISSING
    return f"{number(value, decimals)}{NBSP}%"


def rupiah(value: Real | Decimal | None) -> str:
    """Rp 66.348.353.265 (whole Rupiah)."""
    if _is_missing(value):
        return MISSING
    return format_currency(value, "IDR", format=f"¤{NBSP}#,##0", locale=LOCALE,
                           currency_digits=False)


@dataclass(frozen=True)
class Formatter:
    """Formats figures by kind: rounds with the policy, then prints the Indonesian way."""

    policy: RoundingPolicy = field(default_factory=RoundingPolicy)

    def num(self, value: Real | None, kind: str | None = None) -> str:
        if _is_missing(value):
            return MISSING
        rule = self.policy.rule(kind)
        return number(rule.apply(value), rule.decimals)

    def compact(self, value: Real | None, kind: str | None = None) -> str:
        """Rounded by the kind's rule but without trailing zeros: 86; 75,3; 84,61."""
        if _is_missing(value):
            return MISSING
        return number(float(self.policy.rule(kind).apply(value)))

    def pct(self, value: Real | None, kind: str | None = None) -> str:
        if _is_missing(value):
            return MISSING
        return f"{self.num(value, kind)}{NBSP}%"

    def rp(self, value: Real | None) -> str:
        if _is_missing(value):
            return MISSING
        return rupiah(self.policy.rule("rupiah").apply(value))

    def money(self, value: Real | None) -> str:
        """Whole Rupiah without the currency sign, as in budget tables."""
        if _is_missing(value):
            return MISSING
        return number(self.policy.rule("rupiah").apply(value), 0)

    def integer(self, value: Real | None) -> str:
        return MISSING if _is_missing(value) else number(int(value), 0)
