"""One audit finding: a printed figure set against the one recomputed from the data."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

#: Severities, most serious first.
SEVERITIES = ("error", "warning", "info")

#: Reader-facing names of the severities.
SEVERITY_LABELS = {"error": "Kesalahan", "warning": "Peringatan", "info": "Catatan"}

#: Keys every finding carries in :meth:`Finding.to_dict`, in this order.
KEYS = ("id", "severity", "check", "tables", "rows", "reported", "recomputed", "difference",
        "cause", "suggestion", "subject", "chapter", "exact")

Number = int | float

_SLUG = re.compile(r"[^0-9a-z._]+")


def slug(value: object) -> str:
    """A stable, lower-case piece of an id: 'Partai Gerindra' -> 'partai-gerindra'."""
    return _SLUG.sub("-", str(value).strip().lower()).strip("-") or "-"


def make_id(check: str, table: str, *keys: object) -> str:
    """'check/table/key/key': the same figure gets the same id in every run."""
    parts = [str(k) for k in keys if k is not None and str(k).strip() != ""]
    return "/".join([slug(check), slug(table), *(slug(k) for k in parts)])


def plain(value: Any) -> Any:
    """A JSON-safe copy: numpy/pandas scalars as Python numbers, NaN as None."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return int(value) if value.is_integer() and abs(value) < 2 ** 53 else value
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


class Mention(NamedTuple):
    """A table a finding's cause names that a document may show itself.

    ``text`` is how the cause writes it (with the printed report's number where the profile
    gives one), ``key`` the table's key (profile ``tables``, ``present.KEYS``). A document
    showing the table writes its own reference instead of ``text``: after ``lead`` (the words
    kept, the reference in brackets) or, without ``lead``, in place of the words.
    """

    text: str
    key: str
    lead: str = ""


@dataclass(frozen=True)
class Finding:
    """A printed figure that disagrees with the data, or an element the dataset lacks.

    ``reported`` and ``recomputed`` are numbers (or a grade's text); ``recomputed`` is shown at
    the printed precision by the agency's own rounding rule, ``exact`` is it unrounded.
    ``rows`` identify the dataset rows involved: ``{"table": ..., "line": ..., <key columns>}``.
    ``mentions`` are the tables the cause names that a document may show (:class:`Mention`);
    they are how a document words the cause, not part of :meth:`to_dict`.
    """

    id: str
    severity: str
    check: str
    tables: tuple[str, ...]
    rows: tuple[Mapping[str, Any], ...]
    reported: Number | str | None
    recomputed: Number | str | None
    difference: Number | None
    cause: str
    suggestion: str
    subject: str = ""
    chapter: str = ""
    exact: Number | None = None
    mentions: tuple[Mention, ...] = ()

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity {self.severity!r} not one of {SEVERITIES}")

    def to_dict(self) -> dict[str, Any]:
        """The finding as plain JSON data (numbers stay numbers)."""
        out = {key: plain(getattr(self, key)) for key in KEYS}
        out["tables"] = list(self.tables)
        out["rows"] = [plain(dict(r)) for r in self.rows]
        return out


def sort_findings(findings: Iterable[Finding], chapters: Sequence[str] = ()) -> list[Finding]:
    """Errors first, then warnings and notes; within a severity by chapter order, then id.

    A finding reached twice is kept once; two different findings never share an id (the
    later gets a suffix ``~2``, ``~3``...).
    """
    order = {c: i for i, c in enumerate(chapters)}
    seen: dict[str, Finding] = {}
    for f in findings:
        if f.id in seen and seen[f.id] != f:
            n = 2
            while f"{f.id}~{n}" in seen:
                n += 1
            f = replace(f, id=f"{f.id}~{n}")
        seen.setdefault(f.id, f)
    return sorted(seen.values(), key=lambda f: (SEVERITIES.index(f.severity),
                                                order.get(f.chapter, len(order)), f.id))


def counts(findings: Iterable[Finding]) -> dict[str, int]:
    """How many findings of each severity (every severity present, 0 when none)."""
    out = dict.fromkeys(SEVERITIES, 0)
    for f in findings:
        out[f.severity] += 1
    return out


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)


def select(findings: Iterable[Finding], *, chapter: str | None = None,
           check: str | None = None, table: str | None = None,
           severities: Sequence[str] = SEVERITIES) -> list[Finding]:
    """The findings of one chapter, check and/or dataset table (any of its rows)."""
    return [f for f in findings
            if (chapter is None or f.chapter == chapter) and (check is None or f.check == check)
            and (table is None or table in f.tables) and f.severity in severities]


def for_row(findings: Iterable[Finding], table: str, **keys: object) -> list[Finding]:
    """The findings that involve one row of a table, named by its key columns
    (``for_row(found, "sub_kegiatan", year=2024, code="8.01.03.2.01.0003")``)."""
    out = []
    for f in findings:
        for r in f.rows:
            if r.get("table") == table and all(r.get(k) == v for k, v in keys.items()):
                out.append(f)
                break
    return out
