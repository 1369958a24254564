"""Printed figures of reported_totals that no check could place: listed, never skipped."""

from __future__ import annotations

from lkjip_nb.audit.build import finding
from lkjip_nb.audit.finding import Finding
from lkjip_nb.audit.reported import family_of, number_families, place
from lkjip_nb.audit.scope import Scope, ref
from lkjip_nb.data.schemas import TABLES


def checks(scope: Scope) -> list[Finding]:
    """One note per printed figure of the year that was not compared with the data."""
    if "reported_totals" not in TABLES or not scope.has("reported_totals"):
        return []
    numbers = number_families(scope.dataset)
    out = []
    for index, row in scope.of_year("reported_totals").iterrows():
        if int(index) in scope.claimed:
            continue
        family, _, _ = family_of(str(row["table"]), numbers)
        where = "kelompok tabel ini tidak dikenal" if family is None else \
            "butir atau kolomnya tidak cocok dengan data mana pun"
        out.append(finding(
            "unchecked", "info", [ref("reported_totals", index, row)],
            [row["table"], row["year"], row["item"], row["field"]], reported=float(row["value"]),
            recomputed=None, chapter="",
            subject=f"Angka tercetak '{row['item']}' ({row['field']}) pada "
                    f"{place(str(row['table']))}",
            cause=f"Angka ini tidak diperiksa: {where}.",
            suggestion="Periksa penamaan tabel, butir dan kolomnya dalam data angka tercetak."))
    return out
