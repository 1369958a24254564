"""Budget arithmetic: realisation %, roll-ups sub kegiatan -> kegiatan -> program -> sasaran."""

from __future__ import annotations

import math

import pandas as pd

MONEY = ["anggaran", "realisasi"]


def present(value: object) -> object | None:
    """The value, or None when it is missing (None, NaN or pd.NA: nothing was printed)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def realisation_pct(realisasi: float, anggaran: float) -> float | None:
    """Realisasi as a percent of anggaran; None when there is no anggaran."""
    return None if not anggaran else realisasi / anggaran * 100


def share_pct(part: float, total: float) -> float | None:
    """A part as a percent of the total."""
    return None if not total else part / total * 100


def with_pct(frame: pd.DataFrame) -> pd.DataFrame:
    """Add ``persen`` (realisation %) computed from the integer money columns."""
    out = frame.copy()
    out["persen"] = [realisation_pct(r, a) for r, a in zip(out["realisasi"], out["anggaran"],
                                                           strict=True)]
    return out


def kegiatan_rollup(sub: pd.DataFrame, kegiatan: pd.DataFrame) -> pd.DataFrame:
    """Kegiatan with anggaran/realisasi summed from their sub kegiatan (integers)."""
    sums = sub.groupby("kegiatan_code")[MONEY].sum()
    out = kegiatan.merge(sums, left_on="code", right_index=True, how="left")
    out[MONEY] = out[MONEY].fillna(0).astype("int64")
    return with_pct(out)


def program_rollup(sub: pd.DataFrame, kegiatan: pd.DataFrame,
                   programs: pd.DataFrame) -> pd.DataFrame:
    """Programs with anggaran/realisasi summed from their kegiatan, in report order."""
    keg = kegiatan_rollup(sub, kegiatan)
    sums = keg.groupby("program_code")[MONEY].sum()
    out = programs.merge(sums, left_on="code", right_index=True, how="left")
    out[MONEY] = out[MONEY].fillna(0).astype("int64")
    return with_pct(out).sort_values("order").reset_index(drop=True)


def sasaran_rollup(programs_rolled: pd.DataFrame, sasaran: pd.DataFrame) -> pd.DataFrame:
    """Tabel 3.3/3.4: anggaran and realisasi per sasaran, share of the total anggaran."""
    sums = programs_rolled.groupby("sasaran_id")[MONEY].sum()
    out = sasaran.merge(sums, left_on="sasaran_id", right_index=True, how="left")
    out[MONEY] = out[MONEY].fillna(0).astype("int64")
    total = int(out["anggaran"].sum())
    out["porsi"] = [share_pct(a, total) for a in out["anggaran"]]
    return with_pct(out)


def budget_tree(sub: pd.DataFrame, kegiatan: pd.DataFrame,
                programs: pd.DataFrame) -> pd.DataFrame:
    """Tabel 3.7: one row per program, kegiatan and sub kegiatan, in hierarchy order.

    Columns: level, code, no, name, anggaran, realisasi, persen (computed), the reported
    figures beside (anggaran_reported, realisasi_reported, percent_reported), output columns.
    """
    progs = program_rollup(sub, kegiatan, programs)
    kegs = kegiatan_rollup(sub, kegiatan)
    subs = with_pct(sub)
    rows = []
    for _, p in progs.iterrows():
        rows.append(_row("program", p, p.get("sasaran_id"), "outcome"))
        for _, k in kegs[kegs["program_code"] == p["code"]].iterrows():
            rows.append(_row("kegiatan", k, p.get("sasaran_id"), "output"))
            for _, s in subs[subs["kegiatan_code"] == k["code"]].iterrows():
                row = _row("sub_kegiatan", s, p.get("sasaran_id"), "output")
                row["anggaran_reported"] = s["anggaran"]
                row["realisasi_reported"] = s["realisasi"]
                rows.append(row)
    return pd.DataFrame(rows)


def _row(level: str, item: pd.Series, sasaran_id: str | None, prefix: str) -> dict:
    """One tree row; a figure the report did not print is None, never pd.NA."""
    return {
        "level": level, "code": item["code"], "code_source": present(item.get("code_source")),
        "no": present(item.get("no_reported")), "name": item["name"], "sasaran_id": sasaran_id,
        "anggaran": int(item["anggaran"]), "realisasi": int(item["realisasi"]),
        "persen": item["persen"],
        "anggaran_reported": present(item.get("anggaran_reported")),
        "realisasi_reported": present(item.get("realisasi_reported")),
        "percent_reported": present(item.get("percent_reported")),
        "indicator": present(item.get(f"{prefix}_indicator")),
        "unit": present(item.get(f"{prefix}_unit")),
        "target": present(item.get(f"{prefix}_target")),
        "output_realisasi": present(item.get(f"{prefix}_realisasi")),
    }


def totals(frame: pd.DataFrame) -> dict[str, float | int | None]:
    """Sum of anggaran and realisasi (integers) and the realisation % of the sum."""
    anggaran = int(frame["anggaran"].sum())
    realisasi = int(frame["realisasi"].sum())
    return {"anggaran": anggaran, "realisasi": realisasi,
            "persen": realisation_pct(realisasi, anggaran)}


def belanja_comparison(belanja: pd.DataFrame, year: int) -> pd.DataFrame:
    """Tabel 3.6: belanja by type for the previous and this year, with the change.

    Wide frame: type, anggaran_<y-1>, realisasi_<y-1>, persen_<y-1>, ... for both years,
    plus perubahan_anggaran (this year minus last) and perubahan_persen.
    """
    prev = year - 1
    cur = with_pct(belanja[belanja["year"] == year])
    old = with_pct(belanja[belanja["year"] == prev])
    out = cur[["no", "type", "anggaran", "realisasi", "persen", "percent_reported"]].rename(
        columns=lambda c: c if c in ("no", "type") else f"{c}_{year}")
    if not old.empty:
        old = old[["type", "anggaran", "realisasi", "persen", "percent_reported"]].rename(
            columns=lambda c: c if c == "type" else f"{c}_{prev}")
        out = old.merge(out, on="type", how="outer")
        out["perubahan_anggaran"] = out[f"anggaran_{year}"] - out[f"anggaran_{prev}"]
        out["perubahan_persen"] = [
            share_pct(d, a) if a else None
            for d, a in zip(out["perubahan_anggaran"], out[f"anggaran_{prev}"], strict=True)]
    return out.sort_values("no").reset_index(drop=True)


def roman(number: int) -> str:
    """I, II, ... as the report numbers programs."""
    values = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
              (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = []
    for value, letters in values:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def positional_numbers(tree: pd.DataFrame) -> list[str]:
    """Numbers from a row's place in the hierarchy: program I, kegiatan 1, sub kegiatan 1.1.

    Kegiatan restart at 1 under each program and sub kegiatan at .1 under each kegiatan, as
    Tabel 3.7 numbers them; the result never repeats within a kegiatan.
    """
    return _hierarchy_numbers(tree, dotted=True)


def local_numbers(tree: pd.DataFrame) -> list[str]:
    """Numbers by position within the parent only: program I, kegiatan 1, sub kegiatan 1.

    Some reports number sub kegiatan 1, 2, 3 under each kegiatan instead of 1.1, 1.2; a printed
    number equal to either this or :func:`positional_numbers` follows the hierarchy.
    """
    return _hierarchy_numbers(tree, dotted=False)


def _hierarchy_numbers(tree: pd.DataFrame, dotted: bool) -> list[str]:
    """Program I, II …; kegiatan 1, 2 … per program; sub kegiatan ``k.n`` (dotted) or ``n``."""
    out = []
    program = kegiatan = sub = 0
    for level in tree["level"]:
        if level == "program":
            program, kegiatan = program + 1, 0
            out.append(roman(program))
        elif level == "kegiatan":
            kegiatan, sub = kegiatan + 1, 0
            out.append(str(kegiatan))
        else:
            sub += 1
            out.append(f"{kegiatan}.{sub}" if dotted else str(sub))
    return out


def number_follows(printed: object, dotted: str, local: str) -> bool:
    """Whether a printed number agrees with the row's place (dotted path or within parent);
    True when nothing was printed."""
    printed = present(printed)
    if printed is None or str(printed).strip() == "":
        return True
    text = str(printed).strip().rstrip(".")
    return text in (dotted, local)


def code_sources(tree: pd.DataFrame) -> list[str | None]:
    """Each row's code source as it can honestly be described.

    ``derived`` holds only when a sub kegiatan under the row has a printed code starting with
    the row's code; otherwise the code is ``unprinted`` (not printed, origin not traceable).
    """
    printed = [str(c) for c, src in zip(tree["code"], tree["code_source"], strict=True)
               if src == "printed"]
    out = []
    for code, src in zip(tree["code"], tree["code_source"], strict=True):
        src = present(src)
        if src == "derived" and not any(p.startswith(f"{code}.") for p in printed):
            src = "unprinted"
        out.append(src)
    return out


def has_printed_amounts(tree: pd.DataFrame) -> bool:
    """Whether the report printed any anggaran or realisasi of a program or kegiatan."""
    upper = tree[tree["level"] != "sub_kegiatan"]
    return any(present(v) is not None for col in ("anggaran_reported", "realisasi_reported")
               for v in upper[col])


def hierarchy_counts(tree: pd.DataFrame) -> dict[str, int]:
    """How many programs, kegiatan and sub kegiatan a budget tree holds."""
    counts = tree["level"].value_counts()
    return {level: int(counts.get(level, 0)) for level in ("program", "kegiatan", "sub_kegiatan")}


def belanja_table(belanja: pd.DataFrame, year: int) -> pd.DataFrame:
    """Tabel 3.6 with a total row and the change in anggaran, realisasi and absorption.

    Built on :func:`belanja_comparison`; the last row (``is_total``) sums every money column of
    the rows above (integers) and recomputes the percentages from those sums. When the previous
    year is present: ``perubahan_anggaran`` / ``perubahan_realisasi`` (Rupiah, this year minus
    last), ``perubahan_anggaran_persen`` / ``perubahan_realisasi_persen`` (relative change, %)
    and ``perubahan_serapan`` (percentage points of absorption).
    """
    rows = belanja_comparison(belanja, year)
    years = [y for y in (year - 1, year) if f"anggaran_{y}" in rows]
    rows["is_total"] = False
    total: dict = {"no": None, "type": "Jumlah", "is_total": True}
    for y in years:
        for money in MONEY:
            column = f"{money}_{y}"
            rows[column] = rows[column].fillna(0).astype("int64")
            total[column] = int(rows[column].sum())
        total[f"persen_{y}"] = realisation_pct(total[f"realisasi_{y}"], total[f"anggaran_{y}"])
        total[f"percent_reported_{y}"] = None
    out = pd.concat([rows, pd.DataFrame([total])], ignore_index=True)
    if len(years) == 2:
        prev = years[0]
        for money in MONEY:
            diff = out[f"{money}_{year}"] - out[f"{money}_{prev}"]
            out[f"perubahan_{money}"] = diff
            out[f"perubahan_{money}_persen"] = [
                share_pct(d, base) for d, base in zip(diff, out[f"{money}_{prev}"], strict=True)]
        out["perubahan_serapan"] = [
            None if a is None or b is None or a != a or b != b else a - b
            for a, b in zip(out[f"persen_{year}"], out[f"persen_{prev}"], strict=True)]
    return out
