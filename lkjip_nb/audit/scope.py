"""What one audit looks at: an agency's dataset, the report year, its rounding rules.

A year's report prints the figures of that year and, beside them, those of the years before
(realisasi of earlier years, last year's belanja): the audit of year Y covers rows of Y and of
the :data:`HISTORY_YEARS` years before it, plus the Renstra end target.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from lkjip_nb.audit.numbers import text_decimals
from lkjip_nb.data import Dataset
from lkjip_nb.data.schemas import TABLES
from lkjip_nb.data.tables import line_of
from lkjip_nb.rounding import RoundingPolicy, Rule

#: Earlier years a report prints beside its own year (the regional IKU and per-sasaran tables).
HISTORY_YEARS = 2


@dataclass
class Scope:
    """The dataset (all years), the audited year and the agency's rounding policy."""

    dataset: Dataset
    year: int
    policy: RoundingPolicy
    claimed: set[int] = field(default_factory=set)  # reported_totals rows a check compared
    _frames: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)
    _raw: dict[str, list[dict[str, str]]] = field(default_factory=dict, repr=False)

    @property
    def profile(self) -> Mapping[str, Any]:
        return self.dataset.profile

    @property
    def years(self) -> list[int]:
        """The audited year and the earlier years its report prints."""
        return list(range(self.year - HISTORY_YEARS, self.year + 1))

    @property
    def end_year(self) -> int | None:
        value = (self.profile.get("renstra") or {}).get("end_year")
        return int(value) if isinstance(value, int) else None

    def _raw_rows(self, table: str) -> list[dict[str, str]]:
        """The table's cells as written (for the decimals of printed figures)."""
        if table not in self._raw:
            self._raw[table] = []
            if table in TABLES:
                try:
                    path = Path(self.dataset.path) / TABLES[table].file
                    with path.open(encoding="utf-8-sig", newline="") as fh:
                        self._raw[table] = list(csv.DictReader(fh))
                except (OSError, csv.Error, UnicodeDecodeError):
                    pass  # decimals stay unknown
        return self._raw[table]

    def digits(self, row_ref: Mapping[str, Any]) -> int | None:
        """Decimals the referenced cell is written with ("80.40": 2); None when unknown."""
        table, line, column = row_ref.get("table"), row_ref.get("line"), row_ref.get("column")
        if not table or not line or not column:
            return None
        rows = self._raw_rows(str(table))
        position = int(line) - 2  # the header is line 1
        if not 0 <= position < len(rows) or column not in rows[position]:
            return None
        return text_decimals(rows[position][column] or "")

    def claim(self, index: int) -> None:
        """Mark a reported_totals row as compared by some check."""
        self.claimed.add(int(index))

    def rule(self, kind: str) -> Rule:
        return self.policy.rule(kind)

    def full(self, name: str) -> pd.DataFrame:
        """Every row of a table over all years, with the index of its CSV line. A table the
        dataset holds rows of is recorded as read (incremental re-runs); one it never holds is
        not, so the documents of an agency without it do not name its file."""
        if name not in self._frames:
            frame = self.dataset.full_tables[name]
            if not frame.empty:
                self.dataset.table(name)
            self._frames[name] = frame
        return self._frames[name]

    def of_year(self, name: str, year: int | None = None) -> pd.DataFrame:
        """Rows of one year (the audited one by default)."""
        frame = self.full(name)
        return frame[frame["year"] == (self.year if year is None else year)]

    def in_window(self, name: str) -> pd.DataFrame:
        """Rows of the audited year and the earlier years its report prints."""
        frame = self.full(name)
        return frame[frame["year"].isin(self.years)]

    def has(self, *names: str) -> bool:
        """Whether every named table holds rows (in any year)."""
        return all(not self.full(n).empty for n in names)

    def iku(self) -> list[dict]:
        """The profile's IKU entries (every key as written, e.g. capaian_rule, grading)."""
        known = set(self.dataset.iku["iku_id"])  # also records profile.yaml as read
        return [k for k in self.profile.get("iku") or [] if isinstance(k, dict)
                and k.get("id") in known]


#: Key columns renamed in a row reference (reported_totals has a column called "table").
KEY_NAMES = {"table": "report_table"}


def ref(table: str, index: object, row: pd.Series | Mapping | None = None,
        **extra: object) -> dict:
    """A row reference: table, CSV line, the table's key columns (and ``extra``)."""
    out: dict[str, object] = {"table": table}
    if index is not None:
        out["line"] = line_of(int(index))
    if row is not None and table in TABLES and TABLES[table].unique:
        for col in TABLES[table].unique[0]:
            if col in row:
                out[KEY_NAMES.get(col, col)] = row[col]
    out.update(extra)
    return out


def profile_ref(path: str) -> dict:
    """A reference into profile.yaml (``sakip_grades.scale``)."""
    return {"table": "profile.yaml", "key": path}



def tables_of(rows: Iterable[Mapping]) -> tuple[str, ...]:
    """The distinct tables of some row references, in order."""
    return tuple(dict.fromkeys(str(r["table"]) for r in rows))
