"""The printed totals and narrative figures of ``reported_totals``: what each row refers to.

A row's ``table`` names where the report prints the figure: a table number as the printed
report numbers it, or a named group, with ``-narasi`` when the figure stands in the text beside
it. Sentences name a numbered one as the printed report's (:func:`place`).
:data:`FAMILIES` maps the named groups to the quantity they print; a number prints the quantity
of the table the dataset's profile says the agency printed under it (``tables: {belanja:
{reported_in: ...}}``, :data:`KEY_FAMILIES`, :func:`number_families`). Rows no check can place
are reported as not checked (never silently skipped).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from lkjip_nb.audit.scope import Scope, ref
from lkjip_nb.audit.wording import printed_table
from lkjip_nb.data import Dataset

#: Named groups (table names without ``-narasi``) and the family of figures they print.
FAMILIES = {
    "belanja": "belanja", "program": "tree", "sub": "tree", "alokasi": "allocation",
    "pemilu": "pemilu", "hibah-parpol": "party",
}
#: Semantic table keys (:data:`lkjip_nb.present.KEYS`) and the family of figures the table
#: prints: belanja by type, the program tree (program list and program -> kegiatan -> sub
#: kegiatan), the allocation per sasaran (allocation, performance and budget, efficiency), the
#: election turnout. A reported_totals table named by the number the profile gives such a key
#: (``reported_in``) prints that family.
KEY_FAMILIES = {
    "belanja": "belanja", "program-tree": "tree", "program": "tree",
    "alokasi-sasaran": "allocation", "kinerja-anggaran": "allocation",
    "efisiensi": "allocation", "pemilu": "pemilu",
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
    """Where the report prints a reported_totals figure, for sentences (examples from a report
    that printed belanja as Tabel 3.6): 'Tabel 3.6 laporan tercetak', 'narasi Tabel 3.6 laporan
    tercetak', 'narasi tentang sub kegiatan'."""
    narrative = table.endswith(NARRATIVE)
    base = table.removesuffix(NARRATIVE)
    if base[:1].isdigit():
        return f"narasi {printed_table(base)}" if narrative else printed_table(base)
    name = PLACE_NAMES.get(base, base.replace("-", " ").replace("_", " "))
    return f"narasi tentang {name}" if narrative else f"tabel {name}"


def number_families(dataset: Dataset) -> dict[str, str]:
    """The printed table numbers of ``dataset`` (profile ``tables``, :meth:`Dataset.reported_in`)
    and the family of figures the table printed under each prints (:data:`KEY_FAMILIES`)."""
    out: dict[str, str] = {}
    for key, family in KEY_FAMILIES.items():
        number = dataset.reported_in(key)
        if number is not None:
            out.setdefault(number, family)
    return out


def family_of(table: str, numbers: Mapping[str, str] | None = None,
              ) -> tuple[str | None, str, bool]:
    """(family, detail, narrative) of a reported_totals table name; ``numbers`` maps the printed
    table numbers of the dataset to their family (:func:`number_families`)."""
    narrative = table.endswith(NARRATIVE)
    base = table.removesuffix(NARRATIVE)
    if base in FAMILIES:
        return FAMILIES[base], "", narrative
    if numbers and base in numbers:
        return numbers[base], "", narrative
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
    numbers = number_families(scope.dataset)
    out = []
    for index, row in frame[frame["year"].isin(years)].iterrows():
        fam, detail, narrative = family_of(str(row["table"]), numbers)
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
