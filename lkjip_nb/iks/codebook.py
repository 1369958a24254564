"""The IKS codebook: items -> sub-dimensions -> dimensions, scale, missing codes, weights W1-W4.

The codebook is a parameter (YAML beside the data), never code: this module only models it,
loads it and checks that it is self-consistent, reporting every problem at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from lkjip_nb.iks.errors import ChoiceError, CodebookError
from lkjip_nb.yamlsafe import safe_load

#: Breakdown groups with fewer respondents than this are flagged, unless the codebook's
#: ``reporting: {min_n: ...}`` says otherwise.
DEFAULT_MIN_N = 30

CONVENTIONS = {
    "range": "(x - min) / (max - min) x 100",
    "max": "x / max x 100",
}


@dataclass(frozen=True)
class Item:
    """One Likert item (a column of the microdata)."""

    id: str
    text: str
    reversed: bool
    subdimension: str


@dataclass(frozen=True)
class SubDimension:
    id: str
    name: str
    dimension: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Dimension:
    id: str
    name: str
    weight: str  # symbol, e.g. "W1"
    subdimensions: tuple[SubDimension, ...]


@dataclass(frozen=True)
class Scale:
    """Answer scale of every item and the 0-100 convention."""

    min: int
    max: int
    convention: str = "range"
    labels: Mapping[int, str] = field(default_factory=dict)

    def describe(self) -> str:
        return f"skala {self.min}-{self.max}, indeks 0-100 = {CONVENTIONS[self.convention]}"


@dataclass(frozen=True)
class MissingRule:
    """Codes meaning "no answer" (blank cells count too) and how many answers are enough."""

    codes: Mapping[int, str]
    min_answered_share: float = 0.5

    def describe(self) -> str:
        codes = ", ".join(f"{c} ({label})" for c, label in self.codes.items()) or "-"
        from lkjip_nb.fmt import percent

        share = percent(round(self.min_answered_share * 100, 2))
        return (
            f"Jawaban kosong atau berkode {codes} dianggap tidak menjawab. Indeks sub-dimensi = "
            f"rata-rata butir yang dijawab, bila sekurang-kurangnya {share} butirnya dijawab; "
            f"indeks dimensi = rata-rata sub-dimensi yang terisi dengan aturan {share} yang sama; "
            "IKS responden hanya dihitung bila semua dimensi terisi. Setiap indeks agregat "
            "dihitung dari responden yang indeksnya terisi."
        )


@dataclass(frozen=True)
class Domain:
    """A respondent characteristic used for validation and breakdowns."""

    key: str
    column: str
    label: str
    values: tuple[str, ...] = ()
    numeric: bool = False
    min: float | None = None
    max: float | None = None
    breaks: tuple[float, ...] = ()
    group_labels: tuple[str, ...] = ()
    required: bool = True
    breakdown: bool = True

    def groups(self) -> tuple[str, ...]:
        """Labels of the breakdown groups in display order."""
        return self.group_labels if self.numeric else self.values


@dataclass(frozen=True)
class DesignColumns:
    """Columns of the sampling design; any may be absent."""

    weight: str | None = None
    stratum: str | None = None
    cluster: str | None = None
    lonely_psu: str = "adjust"


@dataclass(frozen=True)
class Codebook:
    name: str
    respondent_id: str
    year_column: str | None
    scale: Scale
    missing: MissingRule
    dimensions: tuple[Dimension, ...]
    weights: Mapping[str, float]
    weights_note: str
    domains: tuple[Domain, ...]
    design: DesignColumns
    categories: tuple[tuple[str, float | None], ...] = ()
    categories_note: str = ""
    allow_columns: tuple[str, ...] = ()
    instrument_note: str = ""
    source: str = ""
    min_n: int = DEFAULT_MIN_N  # groups with fewer respondents are flagged

    @property
    def subdimensions(self) -> tuple[SubDimension, ...]:
        return tuple(s for d in self.dimensions for s in d.subdimensions)

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(i for s in self.subdimensions for i in s.items)

    @property
    def item_ids(self) -> list[str]:
        return [i.id for i in self.items]

    def domain(self, key: str) -> Domain:
        """The domain ``key``; :class:`ChoiceError` (a ``KeyError``) names the valid keys."""
        for d in self.domains:
            if d.key == key:
                return d
        raise ChoiceError("Karakteristik responden (kunci rincian)", key,
                          [d.key for d in self.domains])

    def dimension_weights(self) -> list[float]:
        """W of each dimension, in codebook order."""
        return [float(self.weights[d.weight]) for d in self.dimensions]

    def known_columns(self) -> list[str]:
        cols = [self.respondent_id]
        if self.year_column:
            cols.append(self.year_column)
        cols += [d.column for d in self.domains]
        cols += [c for c in (self.design.weight, self.design.stratum, self.design.cluster) if c]
        return cols + self.item_ids + list(self.allow_columns)


def load_codebook(path: str | Path) -> Codebook:
    """Read and check a codebook YAML file."""
    path = Path(path)
    try:
        raw = safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise CodebookError(f"Codebook IKS tidak ditemukan: {path}") from exc
    except yaml.YAMLError as exc:
        raise CodebookError(f"Codebook IKS {path} bukan YAML yang sah: {exc}") from exc
    return codebook_from_dict(raw, source=str(path))


def codebook_from_dict(raw: Any, source: str = "<codebook>") -> Codebook:
    """Build a :class:`Codebook` from its YAML mapping, listing every problem at once."""
    problems: list[str] = []
    if not isinstance(raw, Mapping):
        raise CodebookError(f"{source}: codebook harus berupa pemetaan YAML")
    cb = _Builder(raw, problems)
    result = cb.build(source)
    problems += _consistency_problems(result) if result else []
    if problems:
        raise CodebookError(f"{source}: codebook IKS tidak valid:\n- " + "\n- ".join(problems))
    assert result is not None
    return result


class _Builder:
    """Parses one section at a time, appending problems instead of stopping at the first."""

    def __init__(self, raw: Mapping, problems: list[str]) -> None:
        self.raw = raw
        self.problems = problems

    def need(self, mapping: Mapping, key: str, where: str, kind: type = str) -> Any:
        value = mapping.get(key) if isinstance(mapping, Mapping) else None
        if value is None or (kind is not Any and not isinstance(value, kind)):
            self.problems.append(f"{where}: '{key}' wajib diisi ({kind.__name__})")
            return None
        return value

    def build(self, source: str) -> Codebook | None:
        raw = self.raw
        columns = raw.get("columns", {}) or {}
        rid = self.need(columns, "respondent_id", "columns")
        scale = self.scale(raw.get("scale") or {})
        missing = self.missing(raw.get("missing") or {})
        dims = self.dimensions(raw.get("dimensions") or [])
        weights = self.weights(raw.get("weights") or {})
        domains = tuple(self.domain(d, n) for n, d in enumerate(raw.get("domains") or [], 1))
        design = self.design(raw.get("design") or {})
        categories = self.categories(raw.get("categories") or [])
        min_n = self.min_n(raw.get("reporting") or {})
        if None in (rid, scale, missing, weights) or None in domains or not dims:
            if not dims:
                self.problems.append("dimensions: sekurang-kurangnya satu dimensi")
            return None
        return Codebook(
            name=str(raw.get("name", "Indeks Kesalehan Sosial")),
            respondent_id=rid,
            year_column=columns.get("year"),
            scale=scale,
            missing=missing,
            dimensions=dims,
            weights=weights,
            weights_note=str(raw.get("weights_note", "")),
            domains=domains,  # type: ignore[arg-type]
            design=design,
            categories=categories,
            categories_note=str(raw.get("categories_note", "")),
            allow_columns=tuple(str(c) for c in raw.get("allow_columns") or ()),
            instrument_note=str(raw.get("instrument_note", "")),
            source=source,
            min_n=min_n,
        )

    def scale(self, raw: Mapping) -> Scale | None:
        lo, hi = self.need(raw, "min", "scale", int), self.need(raw, "max", "scale", int)
        convention = raw.get("convention", "range")
        if convention not in CONVENTIONS:
            self.problems.append(
                f"scale: convention '{convention}' tidak dikenal (pilih: {', '.join(CONVENTIONS)})")
        if lo is None or hi is None:
            return None
        if lo >= hi:
            self.problems.append(f"scale: min ({lo}) harus lebih kecil dari max ({hi})")
        if convention == "max" and lo < 0:
            self.problems.append("scale: konvensi 'max' memerlukan min >= 0")
        labels = {int(k): str(v) for k, v in (raw.get("labels") or {}).items()}
        return Scale(lo, hi, convention, labels)

    def missing(self, raw: Mapping) -> MissingRule | None:
        codes = raw.get("codes") or {}
        if isinstance(codes, list):
            codes = {c: "tidak menjawab" for c in codes}
        share = raw.get("min_answered_share", 0.5)
        if not isinstance(share, int | float) or not 0 < share <= 1:
            self.problems.append(f"missing: min_answered_share {share!r} harus di (0, 1]")
            return None
        try:
            parsed = {int(k): str(v) for k, v in codes.items()}
        except (TypeError, ValueError):
            self.problems.append(f"missing: kode {list(codes)} harus bilangan bulat")
            return None
        return MissingRule(parsed, float(share))

    def dimensions(self, raw: list) -> tuple[Dimension, ...]:
        dims = []
        for n, d in enumerate(raw, 1):
            where = f"dimensions[{n}]"
            did, name = self.need(d, "id", where), self.need(d, "name", where)
            weight = self.need(d, "weight", where)
            subs = []
            for m, s in enumerate((d.get("subdimensions") or []) if isinstance(d, Mapping) else [],
                                  1):
                swhere = f"{where}.subdimensions[{m}]"
                sid, sname = self.need(s, "id", swhere), self.need(s, "name", swhere)
                items = []
                for k, it in enumerate(s.get("items") or [] if isinstance(s, Mapping) else [], 1):
                    iid = self.need(it, "id", f"{swhere}.items[{k}]")
                    if iid is not None:
                        items.append(Item(iid, str(it.get("text", "")),
                                          bool(it.get("reversed", False)), sid or ""))
                if not items:
                    self.problems.append(f"{swhere}: sub-dimensi tanpa butir")
                subs.append(SubDimension(sid or "", sname or "", did or "", tuple(items)))
            if not subs:
                self.problems.append(f"{where}: dimensi tanpa sub-dimensi")
            dims.append(Dimension(did or "", name or "", weight or "", tuple(subs)))
        return tuple(dims)

    def weights(self, raw: Mapping) -> dict[str, float] | None:
        out = {}
        for symbol, value in raw.items():
            if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
                self.problems.append(f"weights: {symbol} = {value!r} harus bilangan >= 0")
            else:
                out[str(symbol)] = float(value)
        if out and sum(out.values()) <= 0:
            self.problems.append("weights: jumlah bobot harus lebih dari 0")
        return out

    def domain(self, raw: Mapping, n: int) -> Domain | None:
        where = f"domains[{n}]"
        key, column = self.need(raw, "key", where), self.need(raw, "column", where)
        if key is None or column is None:
            return None
        common = {"key": key, "column": column, "label": str(raw.get("label", key)),
                  "required": bool(raw.get("required", True)),
                  "breakdown": bool(raw.get("breakdown", True))}
        if "numeric" in raw:
            num = raw["numeric"] or {}
            breaks = tuple(float(b) for b in raw.get("breaks") or ())
            labels = tuple(str(x) for x in raw.get("labels") or ())
            if breaks and list(breaks) != sorted(breaks):
                self.problems.append(f"{where}: breaks harus naik")
            if not labels:
                labels = _auto_labels(breaks, num.get("min"))
            if len(labels) != len(breaks) + 1:
                self.problems.append(
                    f"{where}: {len(breaks)} breaks memerlukan {len(breaks) + 1} labels")
            return Domain(**common, numeric=True, min=num.get("min"), max=num.get("max"),
                          breaks=breaks, group_labels=labels)
        values = raw.get("values")
        if not isinstance(values, list) or not values:
            self.problems.append(f"{where} ({key}): 'values' (daftar nilai sah) wajib diisi")
            return None
        values = tuple(str(v) for v in values)
        if len(set(values)) != len(values):
            self.problems.append(f"{where} ({key}): nilai ganda dalam 'values'")
        return Domain(**common, values=values)

    def design(self, raw: Mapping) -> DesignColumns:
        lonely = raw.get("lonely_psu", "adjust")
        if lonely not in ("adjust", "remove"):
            self.problems.append(f"design: lonely_psu '{lonely}' tidak dikenal (adjust | remove)")
        return DesignColumns(raw.get("weight"), raw.get("stratum"), raw.get("cluster"), lonely)

    def min_n(self, raw: Mapping) -> int:
        value = raw.get("min_n", DEFAULT_MIN_N) if isinstance(raw, Mapping) else DEFAULT_MIN_N
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            self.problems.append(f"reporting: min_n {value!r} harus bilangan bulat >= 1")
            return DEFAULT_MIN_N
        return value

    def categories(self, raw: list) -> tuple[tuple[str, float | None], ...]:
        out = []
        for n, c in enumerate(raw, 1):
            name = self.need(c, "category", f"categories[{n}]")
            out.append((name or "", c.get("above") if isinstance(c, Mapping) else None))
        return tuple(out)


def _auto_labels(breaks: tuple[float, ...], low: float | None) -> tuple[str, ...]:
    def num(x: float) -> str:
        return str(int(x)) if float(x).is_integer() else str(x)

    edges = [low, *breaks]
    labels = []
    for i, lo in enumerate(edges):
        if i == len(breaks):
            labels.append(f"{num(lo)}+" if lo is not None else "semua")
        elif lo is None:
            labels.append(f"< {num(breaks[i])}")
        else:
            labels.append(f"{num(lo)}-{num(breaks[i] - 1)}")
    return tuple(labels)


def _consistency_problems(cb: Codebook) -> list[str]:
    problems = []
    ids = [i.id for i in cb.items]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        problems.append(f"butir ganda: {', '.join(dup)}")
    for kind, names in (("dimensi", [d.id for d in cb.dimensions]),
                        ("sub-dimensi", [s.id for s in cb.subdimensions]),
                        ("domain", [d.key for d in cb.domains])):
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            problems.append(f"id {kind} ganda: {', '.join(dup)}")
    for d in cb.dimensions:
        if d.weight not in cb.weights:
            problems.append(f"dimensi {d.name}: bobot {d.weight} tidak ada di 'weights'")
    overlap = [c for c in cb.missing.codes if cb.scale.min <= c <= cb.scale.max]
    if overlap:
        problems.append(f"kode tidak menjawab {overlap} berada di dalam rentang skala")
    cols = cb.known_columns()
    dup = sorted({c for c in cols if cols.count(c) > 1})
    if dup:
        problems.append(f"kolom dipakai lebih dari sekali: {', '.join(dup)}")
    return problems


def categorize(value: float, categories: tuple[tuple[str, float | None], ...]) -> str:
    """Category of an index: the first whose ``above`` the value strictly exceeds."""
    for name, above in categories:
        if above is None or value > above:
            return name
    return ""


def categories_from_profile(profile: Mapping) -> tuple[tuple[str, float | None], ...]:
    """Read ``iks_categories.scale`` of a dataset profile into the codebook's form."""
    scale = ((profile or {}).get("iks_categories") or {}).get("scale") or []
    return tuple((str(c["category"]), c.get("above")) for c in scale)
