"""Rules across tables: every parent code exists, every id points at something real.

Every frame given here is indexed by CSV line (see :func:`lkjip_nb.data.tables.take_lines`),
so a problem names the line of its row.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from lkjip_nb.data.problems import Problem
from lkjip_nb.data.schemas import TABLES
from lkjip_nb.data.units import how_to_declare, is_declared, unit_kind


def line_of(index: Any) -> int:
    """The CSV line of a row of a line-indexed frame."""
    return int(index)


def _exceeds(a: object, b: object) -> bool:
    """a > b, false when either is missing."""
    return bool(pd.notna(a) and pd.notna(b) and a > b)


def _refs(frame: pd.DataFrame, column: str, allowed: set, label: str, rule: str) -> list[Problem]:
    problems = []
    if column not in frame.columns:
        return problems
    for idx, value in frame[column].items():
        if pd.notna(value) and value not in allowed:
            problems.append(Problem(label, line_of(idx), column, str(value), rule))
    return problems


def _parents(child: pd.DataFrame, parent: pd.DataFrame, column: str, label: str,
             parent_label: str) -> list[Problem]:
    problems = []
    if child.empty or column not in child.columns:
        return problems
    existing = set(zip(parent.get("year", []), parent.get("code", []), strict=False))
    for idx, row in child.iterrows():
        parent_code = row[column]
        if pd.isna(parent_code) or pd.isna(row["code"]):
            continue
        if (row["year"], parent_code) not in existing:
            problems.append(Problem(label, line_of(idx), column, str(parent_code),
                                    f"kode induk tidak ada di {parent_label} tahun {row['year']}"))
        elif not str(row["code"]).startswith(str(parent_code) + "."):
            problems.append(Problem(label, line_of(idx), "code", str(row["code"]),
                                    f"kode harus diawali kode induk {parent_code}"))
    return problems


def check_units(tables: dict[str, pd.DataFrame], declared: Mapping | None,
                labels: dict[str, str]) -> list[Problem]:
    """Every unit cell is a built-in unit or one declared under ``units:`` in profile.yaml."""
    problems: list[Problem] = []
    for name, frame in tables.items():
        for col in TABLES[name].columns:
            if not col.is_unit or col.name not in frame.columns:
                continue
            for idx, value in frame[col.name].items():
                if pd.isna(value) or unit_kind(value, declared) or is_declared(value, declared):
                    continue
                problems.append(Problem(labels[name], line_of(idx), col.name, str(value),
                                        how_to_declare(value)))
    return problems


def check_integrity(tables: dict[str, pd.DataFrame], sasaran_ids: set, iku_ids: set,
                    labels: dict[str, str], incomplete: frozenset[str] | set[str] = frozenset(),
                    ) -> list[Problem]:
    """Every cross-table rule; ``labels`` maps table name to the file label used in messages.

    Rules that look across the rows of a table in ``incomplete`` (rows of it could not be read)
    are left out: they would report what the missing rows hold.
    """
    problems: list[Problem] = []
    for name in ("iku_targets", "iku_realisasi", "iku_formula_inputs", "regional_comparison"):
        problems += _refs(tables[name], "iku_id", iku_ids, labels[name],
                          "IKU tidak ada di profile.yaml")
    for name in ("programs", "allocation_sasaran"):
        problems += _refs(tables[name], "sasaran_id", sasaran_ids, labels[name],
                          "sasaran tidak ada di profile.yaml")
    if "programs" not in incomplete:
        problems += _parents(tables["kegiatan"], tables["programs"], "program_code",
                             labels["kegiatan"], "programs.csv")
    if "kegiatan" not in incomplete:
        problems += _parents(tables["sub_kegiatan"], tables["kegiatan"], "kegiatan_code",
                             labels["sub_kegiatan"], "kegiatan.csv")

    real = tables["iku_realisasi"]
    if not real.empty and "primary" in real.columns and "iku_realisasi" not in incomplete:
        counts = real[real["primary"].fillna(False).astype(bool)].groupby(
            ["iku_id", "year"]).size()
        for (iku, year), group in real.groupby(["iku_id", "year"]):
            n = int(counts.get((iku, year), 0))
            if n != 1:
                idx = group.index[0]
                problems.append(Problem(labels["iku_realisasi"], line_of(idx), "primary",
                                        str(n), f"IKU {iku} tahun {year} harus punya tepat satu "
                                        "baris primary=true"))
    pemilu = tables["pemilu"]
    for idx, row in pemilu.iterrows():
        if _exceeds(row["voters"], row["dpt"]):
            problems.append(Problem(labels["pemilu"], line_of(idx), "voters", str(row["voters"]),
                                    "pengguna hak pilih melebihi DPT"))
    hibah = tables["hibah_recipients"]
    for idx, row in hibah.iterrows():
        if _exceeds(row["realisasi"], row["amount"]):
            problems.append(Problem(labels["hibah_recipients"], line_of(idx), "realisasi",
                                    str(row["realisasi"]), "realisasi melebihi besaran hibah"))
    for name in ("sub_kegiatan", "belanja"):
        frame = tables[name]
        for idx, row in frame.iterrows():
            if _exceeds(row["realisasi"], row["anggaran"]):
                problems.append(Problem(labels[name], line_of(idx), "realisasi",
                                        str(row["realisasi"]), "realisasi melebihi anggaran"))
    return problems
