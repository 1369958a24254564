"""What the agency's dataset says about the IKS: published values, targets, other regions.

The IKS indicator is the IKU graded on the ``iks`` scale in the profile; nothing names it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lkjip_nb.iks.codebook import categories_from_profile
from lkjip_nb.indicators import primary_realisasi, target_for_year

#: Dataset tables read here (over all years, so they are listed for re-runs by name).
TABLES_USED = ("iku_realisasi", "iku_targets", "regional_comparison")


@dataclass
class Published:
    iku_id: str | None
    values: pd.DataFrame  # year, realisasi, grade_reported
    targets: pd.DataFrame  # year, target, kind
    regions: pd.DataFrame  # year, region, value, is_self, is_national
    categories: tuple[tuple[str, float | None], ...]
    categories_note: str
    source: str

    def value(self, year: int) -> float | None:
        row = self.values[self.values["year"] == year]
        return None if row.empty else float(row["realisasi"].iloc[0])

    def target(self, year: int) -> float | None:
        row = self.targets[self.targets["year"] == year]
        return None if row.empty else float(row["target"].iloc[0])

    def regions_for(self, year: int) -> pd.DataFrame:
        """Regions compared in ``year``, else in the latest year before it that has any."""
        past = self.regions[self.regions["year"] <= year]
        if past.empty:
            return past
        return past[past["year"] == past["year"].max()].reset_index(drop=True)


def published_iks(dataset) -> Published:
    """Published IKS figures of a loaded :class:`lkjip_nb.data.Dataset` (all years)."""
    tables = dataset.full_tables
    iku = dataset.iku
    hit = iku[iku["grading"] == "iks"]
    iku_id = None if hit.empty else str(hit["iku_id"].iloc[0])
    real = primary_realisasi(tables["iku_realisasi"])
    values = real[real["iku_id"] == iku_id][["year", "realisasi", "grade_reported"]]
    targets = tables["iku_targets"]
    rows = []
    for year in sorted(set(targets.loc[targets["iku_id"] == iku_id, "year"])):
        t = target_for_year(targets, iku_id, int(year))
        if t is not None:
            rows.append({"year": int(year), "target": float(t["target"]), "kind": t["kind"]})
    regions = tables["regional_comparison"]
    regions = regions[regions["iku_id"] == iku_id][
        ["year", "region", "value", "is_self", "is_national"]]
    cats = dataset.profile.get("iks_categories") or {}
    return Published(iku_id, values.sort_values("year").reset_index(drop=True),
                     pd.DataFrame(rows, columns=["year", "target", "kind"]),
                     regions.reset_index(drop=True), categories_from_profile(dataset.profile),
                     str(cats.get("source", "")),
                     dataset.source(f"iku-daerah/{iku_id}" if iku_id else "iku-daerah"))
