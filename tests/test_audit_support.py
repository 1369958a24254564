"""Helpers for the audit tests: a copy of the bundled dataset to alter, and a fully consistent
copy whose every printed figure is rewritten from the data with plain arithmetic (independent
of lkjip_nb.audit)."""

from __future__ import annotations

import csv
import shutil
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

from tests.conftest import BUNDLED, DATA


def copy_bundled(tmp_path: Path) -> Path:
    """A copy of data/<bundled> under tmp_path/data; returns the agency folder."""
    target = tmp_path / "data" / BUNDLED
    shutil.copytree(DATA / BUNDLED, target)
    return target


def read(folder: Path, table: str) -> tuple[list[str], list[dict]]:
    with (folder / f"{table}.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def write(folder: Path, table: str, fields: list[str], rows: list[dict]) -> None:
    with (folder / f"{table}.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def edit(folder: Path, table: str, where: dict, **changes: object) -> int:
    """Set ``changes`` in every row matching ``where``; returns how many rows changed."""
    fields, rows = read(folder, table)
    n = 0
    for row in rows:
        if all(row[k] == str(v) for k, v in where.items()):
            row.update({k: str(v) for k, v in changes.items()})
            n += 1
    assert n, f"no row of {table} matches {where}"
    write(folder, table, fields, rows)
    return n


def add_row(folder: Path, name: str, **values: object) -> None:
    """Append a row to table ``name`` (columns not given stay empty)."""
    fields, rows = read(folder, name)
    rows.append({f: str(values.get(f, "")) for f in fields})
    write(folder, name, fields, rows)


def half_up(value: Fraction, decimals: int) -> str:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return str(exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def truncate(value: Fraction, decimals: int) -> str:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return str(exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_DOWN))


def pct(part: int, whole: int) -> Fraction:
    return Fraction(part * 100, whole)


def consistent_copy(tmp_path: Path) -> Path:
    """The bundled 2024 dataset with every printed figure equal to the data's own arithmetic.

    Rules as the profile states them: budget % half up 2, capaian truncated 1, progress
    truncated 2, efficiency and shares half up 2, with capaian as displayed in efficiency.
    Belanja barang dan jasa 2024 gets the 1.159.430 that Tabel 3.6 lacks against Tabel 3.7;
    count-based IKU report their formula result (100 %).
    """
    folder = copy_bundled(tmp_path)
    # sub kegiatan: realisation %, numbers by position
    sf, subs = read(folder, "sub_kegiatan")
    kf, kegs = read(folder, "kegiatan")
    pf, progs = read(folder, "programs")
    sums: dict[str, list[int]] = {}
    keg_pos: dict[str, int] = {}
    for p in progs:
        mine = [k for k in kegs if k["program_code"] == p["code"]]
        for i, k in enumerate(mine, start=1):
            keg_pos[k["code"]] = i
    seen: dict[str, int] = {}
    for s in subs:
        a, r = int(s["anggaran"]), int(s["realisasi"])
        s["percent_reported"] = half_up(pct(r, a), 2)
        seen[s["kegiatan_code"]] = seen.get(s["kegiatan_code"], 0) + 1
        s["no_reported"] = f"{keg_pos[s['kegiatan_code']]}.{seen[s['kegiatan_code']]}"
        item = sums.setdefault(s["kegiatan_code"], [0, 0])
        item[0] += a
        item[1] += r
    write(folder, "sub_kegiatan", sf, subs)
    prog_sums: dict[str, list[int]] = {}
    for k in kegs:
        a, r = sums[k["code"]]
        k["anggaran_reported"], k["realisasi_reported"] = str(a), str(r)
        k["percent_reported"] = half_up(pct(r, a), 2)
        item = prog_sums.setdefault(k["program_code"], [0, 0])
        item[0] += a
        item[1] += r
    write(folder, "kegiatan", kf, kegs)
    sasaran: dict[str, list[int]] = {}
    for p in progs:
        a, r = prog_sums[p["code"]]
        p["anggaran_reported"], p["realisasi_reported"] = str(a), str(r)
        p["percent_reported"] = half_up(pct(r, a), 2)
        if p["outcome_capaian_reported"]:
            p["outcome_capaian_reported"] = truncate(
                Fraction(p["outcome_realisasi"]) * 100 / Fraction(p["outcome_target"]), 2)
        item = sasaran.setdefault(p["sasaran_id"], [0, 0])
        item[0] += a
        item[1] += r
    write(folder, "programs", pf, progs)
    total_a = sum(v[0] for v in sasaran.values())
    total_r = sum(v[1] for v in sasaran.values())

    # belanja: the 2024 types add up to the tree
    bf, belanja = read(folder, "belanja")
    gap = total_a - sum(int(b["anggaran"]) for b in belanja if b["year"] == "2024")
    for b in belanja:
        if b["year"] == "2024" and b["type"] == "Belanja barang dan jasa":
            b["anggaran"] = str(int(b["anggaran"]) + gap)
        a, r = int(b["anggaran"]), int(b["realisasi"])
        b["percent_reported"] = half_up(pct(r, a), 2) if a else "0"
    write(folder, "belanja", bf, belanja)
    by_year = {y: [sum(int(b["anggaran"]) for b in belanja if b["year"] == y),
                   sum(int(b["realisasi"]) for b in belanja if b["year"] == y)]
               for y in ("2023", "2024")}

    # IKU: one realisasi per IKU and year, formula results, grades by the scale
    rf, real = read(folder, "iku_realisasi")
    _, targets = read(folder, "iku_targets")
    for r in real:
        if r["iku_id"] in ("KONFLIK", "DEMOKRASI") and r["year"] == "2024":
            r["realisasi"] = "100"
        if r["iku_id"] == "DEMOKRASI" and r["year"] == "2023":
            r["realisasi"] = "70"
        if r["iku_id"] == "SAKIP" and r["year"] == "2024" and r["grade_reported"]:
            r["grade_reported"] = "B"
    capaian: dict[str, Fraction] = {}
    end = {t["iku_id"]: Fraction(t["target"]) for t in targets
           if t["year"] == "2026" and t["kind"] == "renstra"}
    pk = {t["iku_id"]: Fraction(t["target"]) for t in targets
          if t["year"] == "2024" and t["kind"] == "pk"}
    for r in real:
        if r["year"] != "2024":
            continue
        value = Fraction(r["realisasi"])
        if r["capaian_reported"]:
            capaian[r["iku_id"]] = value * 100 / pk[r["iku_id"]]
            r["capaian_reported"] = truncate(capaian[r["iku_id"]], 1)
        if r["progress_reported"]:
            r["progress_reported"] = truncate(value * 100 / end[r["iku_id"]], 2)
    write(folder, "iku_realisasi", rf, real)

    # Tabel 3.3-3.5
    af, alloc = read(folder, "allocation_sasaran")
    iku_of = {"S1": "IKS", "S2": "KONFLIK", "S3": "DEMOKRASI", "S4": "SAKIP"}
    for row in alloc:
        a, r = sasaran[row["sasaran_id"]]
        cap = Fraction(truncate(capaian[iku_of[row["sasaran_id"]]], 1))
        expected = Fraction(a) * cap / 100
        row.update(anggaran_reported=str(a), realisasi_reported=str(r),
                   share_reported=half_up(pct(a, total_a), 2),
                   absorption_reported=half_up(pct(r, a), 2),
                   capaian_kinerja_reported=truncate(cap, 1),
                   efficiency_reported=half_up((expected - r) / expected * 100, 2))
    write(folder, "allocation_sasaran", af, alloc)

    # elections: half up as the profile says
    ef, pemilu = read(folder, "pemilu")
    for e in pemilu:
        e["participation_reported"] = half_up(pct(int(e["voters"]), int(e["dpt"])), 2)
    write(folder, "pemilu", ef, pemilu)
    current = [e for e in pemilu if e["year"] == "2024"]
    weighted = pct(sum(int(e["voters"]) for e in current), sum(int(e["dpt"]) for e in current))

    # printed totals
    tf, totals = read(folder, "reported_totals")
    sub_pct = {s["code"]: s["percent_reported"] for s in subs}
    _, ormas = read(folder, "ormas_terdaftar")
    ormas_sum = {st: sum(int(o["count"]) for o in ormas if o["legal_status"] == st)
                 for st in ("badan_hukum", "skt")}
    for t in totals:
        table, field, year = t["table"], t["field"], t["year"]
        if table == "3.6":
            a, r = by_year[year]
            t["value"] = {"anggaran": str(a), "realisasi": str(r),
                          "percent": half_up(pct(r, a), 2)}[field]
        elif table == "3.6-narasi":
            row = [b for b in belanja if b["year"] == year and b["type"] == t["item"]]
            t["value"] = row[0]["anggaran"] if row else str(by_year[year][0])
        elif table in ("3.7", "3.3-narasi") and field in ("anggaran", "realisasi", "percent"):
            t["value"] = {"anggaran": str(total_a), "realisasi": str(total_r),
                          "percent": half_up(pct(total_r, total_a), 2)}[field]
        elif table == "sub-narasi":
            t["value"] = sub_pct[t["item"]]
        elif table.startswith("ormas-") and table != "ormas-narasi":
            t["value"] = str(ormas_sum[table.removeprefix("ormas-")])
        elif table == "ormas-narasi" and t["item"].lower().startswith("total"):
            t["value"] = str(sum(ormas_sum.values()))
        elif table == "pemilu":
            t["value"] = truncate(weighted, 2)
        elif table == "pemilu-narasi":
            hit = [e for e in pemilu if e["kind"] in t["item"].lower() and e["year"] in t["item"]]
            t["value"] = hit[0]["participation_reported"]
    write(folder, "reported_totals", tf, totals)
    edit(folder, "programs", {"code": "8.01.03"}, outcome_realisasi=truncate(weighted, 2))
    fields, progs = read(folder, "programs")
    for p in progs:
        if p["code"] == "8.01.03":
            p["outcome_capaian_reported"] = truncate(
                Fraction(p["outcome_realisasi"]) * 100 / Fraction(p["outcome_target"]), 2)
    write(folder, "programs", fields, progs)
    return folder


def test_consistent_copy_changes_only_printed_figures(tmp_path):
    folder = consistent_copy(tmp_path)
    _, subs = read(folder, "sub_kegiatan")
    _, original = read(DATA / BUNDLED, "sub_kegiatan")
    assert [(s["anggaran"], s["realisasi"]) for s in subs] == \
        [(s["anggaran"], s["realisasi"]) for s in original]
    _, totals = read(folder, "reported_totals")
    assert {t["value"] for t in totals if t["table"] == "3.7" and t["field"] == "anggaran"} == \
        {"66348353265"}
