"""The printed totals and narrative figures of ``reported_totals``: what each row refers to.

A row's ``table`` names where the report prints the figure: a table number as the printed
report numbers it, or a named group, with ``-narasi`` when the figure stands in the text beside
it. Sentences name a numbered one as the printed report's (:func:`place`).
:data:`FAMILIES` maps these names to the quantity they print; rows no check can place are
reported as not checked (never silently skipped).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from lkjip_nb.audit.scope import Scope, ref
from lkjip_nb.audit.wording import printed_table

#: Table names (without ``-narasi``) and the family of figures they print. Tabel 3.6 is belanja
#: by type, 3.7 and 2.5 the program tree, 3.3-3.5 the allocation per sasaran.
FAMILIES = {
    "3.6": "belanja", "belanja": "belanja",
    "3.7": "tree", "2.5": "tree", "program": "tree", "sub": "tree",
    "3.3": "allocation", "3.4": "allocation", "3.5": "allocation", "alokasi": "allocation",
    "pemilu": "pemilu", "hibah-parpol": "party",
}
#: Prefixes of named groups with a detail after the dash: ``hibah-<table>``, ``ormas-<status>``.
PREFIXES = {"hibah-": "recipients", "ormas-": "ormas"}
NARRATIVE = "-narasi"
#: How named groups are called in sentences.
PLACE_NAMES = {"sub": "sub kegiatan", "hibah-parpol": "hibah partai politik",
               "ormas-badan_hukum": "ormas berbadan hukum", "ormas-skt": "ormas ber-SKT"}
#: Words of an item that mean the total of a table rather than one of its rows.
TOTAL_WORDS = ("jumlah", "total")


@dataclass(frozen=True)
class Printed:
    """One row of reported_totals with its family."""

    index: int
    table: str
    family: str | None
    detail: str
    narrative: bool
    year: int
    item: str
    field: str
    value: float
    note: str | None

    @property
    def where(self) -> str:
        return place(self.table)

    def ref(self) -> dict:
        """The row reference of this printed figure (its value cell)."""
        return ref("reported_totals", self.index, {"table": self.table, "year": self.year,
                                                    "item": self.item, "field": self.field},
                   column="value")

    def item_is_total(self) -> bool:
        words = self.item.strip().lower()
        return any(words.startswith(w) for w in TOTAL_WORDS) or words in ("anggaran",
                                                                          "realisasi")


def place(table: str) -> str:
    """Where the report prints a reported_totals figure, for sentences: 'Tabel 3.6 laporan
    tercetak', 'narasi Tabel 3.6 laporan tercetak', 'narasi tentang sub kegiatan'."""
    narrative = table.endswith(NARRATIVE)
    base = table.removesuffix(NARRATIVE)
    if base[:1].isdigit():
        return f"narasi {printed_table(base)}" if narrative else printed_table(base)
    name = PLACE_NAMES.get(base, base.replace("-", " ").replace("_", " "))
    return f"narasi tentang {name}" if narrative else f"tabel {name}"


def family_of(table: str) -> tuple[str | None, str, bool]:
    """(family, detail, narrative) of a reported_totals table name."""
    narrative = table.endswith(NARRATIVE)
    base = table.removesuffix(NARRATIVE)
    if base in FAMILIES:
        return FAMILIES[base], "", narrative
    for prefix, family in PREFIXES.items():
        if base.startswith(prefix):
            return family, base[len(prefix):], narrative
    if base == "ormas":
        return "ormas", "", narrative
    return None, "", narrative


def printed(scope: Scope, family: str, years: list[int] | None = None) -> list[Printed]:
    """The rows of one family in the audited year (or ``years``)."""
    frame = scope.full("reported_totals")
    years = years or [scope.year]
    out = []
    for index, row in frame[frame["year"].isin(years)].iterrows():
        fam, detail, narrative = family_of(str(row["table"]))
        if fam != family:
            continue
        out.append(Printed(int(index), str(row["table"]), fam, detail, narrative,
                           int(row["year"]), str(row["item"]), str(row["field"]),
                           float(row["value"]),
                           None if pd.isna(row["note"]) else str(row["note"])))
    return out


def trailing_number(text: str) -> int | None:
    """The last number in a text ('Jumlah parpol penerima tahap 2' -> 2)."""
    found = re.findall(r"\d+", text)
    return int(found[-1]) if found else None
