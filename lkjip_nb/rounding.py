"""Explicit, configurable rounding for display; exact values stay underneath.

A policy maps a *kind* of figure (``capaian``, ``persen_anggaran``, ``efisiensi``...) to a rule:
a method (``half_up`` or ``truncate``, also ``half_even``) and a number of decimals. The bundled
agency's report truncates capaian but rounds budget percentages half up; its policy lives in the
dataset's ``profile.yaml`` (``rounding:``) and a run's params may override any kind.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from fractions import Fraction
from numbers import Rational, Real
from typing import Any

from lkjip_nb.errors import LkjipError

_METHODS = {"half_up": ROUND_HALF_UP, "truncate": ROUND_DOWN, "half_even": ROUND_HALF_EVEN}
_GUARD = Decimal("1e-9")  # absorbs binary noise such as 94.99999999999999 before truncating


class RoundingConfigError(LkjipError, ValueError):
    """A rounding rule in profile.yaml or params is not understood."""


def to_decimal(value: Real | Decimal) -> Decimal:
    """Exact-enough Decimal of a number: Fractions exactly, floats by their shortest repr."""
    if isinstance(value, Decimal):
        return value
    if hasattr(value, "item") and not isinstance(value, Fraction):  # numpy / pandas scalars
        value = value.item()
    if isinstance(value, Rational) and not isinstance(value, int | bool):
        frac = Fraction(value)
        return Decimal(frac.numerator) / Decimal(frac.denominator)
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(repr(float(value)))


@dataclass(frozen=True)
class Rule:
    """How one kind of figure is rounded for display."""

    method: str = "half_up"
    decimals: int = 2

    def __post_init__(self) -> None:
        if self.method not in _METHODS:
            raise RoundingConfigError(
                f"metode pembulatan '{self.method}' tidak dikenal (pilih: {', '.join(_METHODS)})"
            )
        if not isinstance(self.decimals, int) or not 0 <= self.decimals <= 10:
            raise RoundingConfigError(
                f"jumlah desimal {self.decimals!r} harus bilangan bulat 0-10"
            )

    def apply(self, value: Real | Decimal) -> Decimal:
        """Round ``value`` by this rule (returns a Decimal with exactly ``decimals`` places)."""
        exact = to_decimal(value).quantize(_GUARD, rounding=ROUND_HALF_EVEN)
        quantum = Decimal(1).scaleb(-self.decimals)
        return exact.quantize(quantum, rounding=_METHODS[self.method])


def round_half_up(value: Real, decimals: int = 2) -> float:
    """Round half away from zero (the school rule), not Python's banker's rounding."""
    return float(Rule("half_up", decimals).apply(value))


def truncate(value: Real, decimals: int = 2) -> float:
    """Cut after ``decimals`` places (toward zero), as the report does for capaian."""
    return float(Rule("truncate", decimals).apply(value))


@dataclass(frozen=True)
class RoundingPolicy:
    """Rules per kind of figure, with a default for kinds not listed."""

    rules: Mapping[str, Rule] = field(default_factory=dict)
    default: Rule = Rule()

    def rule(self, kind: str | None) -> Rule:
        return self.rules.get(kind, self.default) if kind else self.default

    def round(self, value: Real | None, kind: str | None = None) -> float | None:
        """The displayed value of ``value`` as a float (None and NaN pass through)."""
        if value is None or (isinstance(value, float) and value != value):
            return value
        return float(self.rule(kind).apply(value))

    def decimal(self, value: Real, kind: str | None = None) -> Decimal:
        return self.rule(kind).apply(value)

    def with_overrides(self, overrides: Mapping[str, Any] | None) -> RoundingPolicy:
        """A new policy with some kinds replaced (``{"capaian": {"method": ..., ...}}``)."""
        if not overrides:
            return self
        rules = dict(self.rules)
        default = self.default
        for kind, spec in overrides.items():
            rule = parse_rule(spec, kind)
            if kind == "default":
                default = rule
            else:
                rules[kind] = rule
        return RoundingPolicy(rules, default)

    @classmethod
    def from_config(cls, config: Mapping[str, Any] | None) -> RoundingPolicy:
        return cls().with_overrides(config)

    def describe(self) -> dict[str, str]:
        """Readable summary ``{kind: 'potong 1 desimal'}`` for notebooks."""
        names = {"half_up": "bulatkan setengah ke atas", "truncate": "potong",
                 "half_even": "bulatkan setengah ke genap"}
        out = {k: f"{names[r.method]}, {r.decimals} desimal" for k, r in sorted(self.rules.items())}
        out["(lainnya)"] = f"{names[self.default.method]}, {self.default.decimals} desimal"
        return out


def parse_rule(spec: Any, kind: str = "?") -> Rule:
    """Build a :class:`Rule` from ``{"method": ..., "decimals": ...}``."""
    if isinstance(spec, Rule):
        return spec
    if not isinstance(spec, Mapping):
        raise RoundingConfigError(
            f"aturan pembulatan untuk '{kind}' harus berisi method dan decimals, bukan {spec!r}"
        )
    unknown = set(spec) - {"method", "decimals"}
    if unknown:
        raise RoundingConfigError(
            f"aturan pembulatan '{kind}': kunci tidak dikenal {sorted(unknown)}"
        )
    return Rule(spec.get("method", "half_up"), spec.get("decimals", 2))


#: Reader-facing names of the kinds of figure a rounding policy knows.
KIND_LABELS = {
    "capaian": "capaian", "kemajuan": "tingkat kemajuan", "capaian_program": "capaian program",
    "partisipasi": "partisipasi", "rata_partisipasi": "rata-rata partisipasi",
    "persen_anggaran": "persentase realisasi anggaran", "porsi": "porsi anggaran",
    "efisiensi": "efisiensi", "indeks": "nilai indikator", "rupiah": "rupiah",
    "(lainnya)": "angka lain",
}


def kind_label(kind: str) -> str:
    """A kind of figure in words ('persen_anggaran' -> 'persentase realisasi anggaran')."""
    return KIND_LABELS.get(kind, kind.replace("_", " "))
