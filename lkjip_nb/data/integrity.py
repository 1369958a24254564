"""Rules across tables: every parent code exists, every id points at something real."""

from __future__ import annotations

import pandas as pd

from lkjip_nb.data.problems import Problem
from lkjip_nb.data.tables import line_of


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


def check_integrity(tables: dict[str, pd.DataFrame], sasaran_ids: set, iku_ids: set,
                    labels: dict[str, str]) -> list[Problem]:
    """Every cross-table rule; ``labels`` maps table name to the file label used in messages."""
    problems: list[Problem] = []
    for name in ("iku_targets", "iku_realisasi", "iku_formula_inputs", "regional_comparison"):
        problems += _refs(tables[name], "iku_id", iku_ids, labels[name],
                          "IKU tidak ada di profile.yaml")
    for name in ("programs", "allocation_sasaran"):
        problems += _refs(tables[name], "sasaran_id", sasaran_ids, labels[name],
                          "sasaran tidak ada di profile.yaml")
    problems += _parents(tables["kegiatan"], tables["programs"], "program_code",
                         labels["kegiatan"], "programs.csv")
    problems += _parents(tables["sub_kegiatan"], tables["kegiatan"], "kegiatan_code",
                         labels["sub_kegiatan"], "kegiatan.csv")

    real = tables["iku_realisasi"]
    if not real.empty and "primary" in real.columns:
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
