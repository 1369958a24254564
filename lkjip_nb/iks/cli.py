"""``lkjip iks``: the IKS of one year from survey microdata, with breakdowns, as a plain table,
JSON, CSV or an Excel workbook.

    lkjip iks --year 2024 --by kecamatan --by pendidikan --format table
    lkjip iks --year 2024 --by all --crosstab kecamatan:kategori --format xlsx -o iks.xlsx
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import warnings
from pathlib import Path
from typing import Any

from lkjip_nb.iks.analysis import IksResult, analyse
from lkjip_nb.iks.errors import IksDesignWarning
from lkjip_nb.iks.sources import find_survey, iks_folder, load_survey, resolve_codebook

FORMATS = ("table", "json", "csv", "xlsx")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from lkjip_nb.cli import add_dataset_arguments

    add_dataset_arguments(parser)
    parser.add_argument("--year", type=int, required=True, help="tahun survei")
    parser.add_argument("--survey", default="", metavar="FILE",
                        help="berkas survei (CSV, XLSX atau SAV); bawaan: <data>/<opd>/iks/"
                             "berkas yang namanya memuat tahun")
    parser.add_argument("--codebook", default="", metavar="FILE",
                        help="codebook YAML; bawaan: <data>/<opd>/iks/codebook.yaml")
    parser.add_argument("--format", choices=FORMATS, default="table",
                        help="bentuk keluaran (bawaan: table; xlsx memerlukan --output)")
    parser.add_argument("--by", action="append", default=[], metavar="KUNCI",
                        help="rincian menurut karakteristik responden (kunci domain codebook, "
                             "mis. kecamatan); boleh berulang; 'all' = semua rincian")
    parser.add_argument("--crosstab", action="append", default=[], metavar="BARIS:KOLOM",
                        help="tabulasi silang dua karakteristik, mis. kecamatan:kategori")
    parser.add_argument("--level", action="append", default=[], metavar="TINGKAT",
                        help="tingkat indeks pada rincian: komposit (bawaan), dimensi, "
                             "sub-dimensi; boleh berulang")
    parser.add_argument("--output", "-o", default="", metavar="FILE",
                        help="tulis ke berkas ini, bukan ke layar (wajib untuk xlsx)")
    parser.add_argument("--bootstrap", type=int, default=0, metavar="B",
                        help="jumlah replikasi bootstrap (bawaan: 0, tanpa bootstrap)")
    parser.add_argument("--seed", type=int, default=None,
                        help="benih acak bootstrap (bawaan: tahun)")


def run(args: argparse.Namespace) -> int:
    from lkjip_nb.data.catalog import resolve_opd
    from lkjip_nb.errors import ParameterError
    from lkjip_nb.iks.analysis import check_levels

    if args.format == "xlsx" and not args.output:
        raise ParameterError("--format xlsx memerlukan --output BERKAS.xlsx")
    opd = resolve_opd(args.data, args.opd)
    codebook = resolve_codebook(args.data, opd, args.codebook)
    keys = _breakdown_keys(args.by, codebook)
    crosstabs = [_pair(text) for text in args.crosstab]
    for row, col in crosstabs:
        codebook.domain(row), codebook.domain(col)
    levels = check_levels(args.level or ["komposit"])
    survey_path = args.survey or str(find_survey(args.data, opd, args.year))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IksDesignWarning)  # shown in the notes instead
        survey = load_survey(args.year, args.data, opd, survey_path, codebook)
        result = analyse(survey, bootstrap_replicates=args.bootstrap,
                         seed=args.year if args.seed is None else args.seed)
    if args.format == "xlsx":
        path = result.to_excel(args.output, by=keys, crosstabs=crosstabs, levels=levels)
        print(f"ditulis: {path}")
        return 0
    tables = {key: result.breakdown(key, levels) for key in keys}
    crossed = [result.crosstab(row, col) for row, col in crosstabs]
    if args.format == "csv":
        text = _csv(result, tables, crossed)
    else:
        payload = summary(result, args.year, survey_path,
                          args.codebook or str(iks_folder(args.data, opd) / "codebook.yaml"))
        payload.update(_published(args.data, opd, args.year))
        if keys:
            payload["breakdowns"] = {key: _rows(t) for key, t in tables.items()}
        if crossed:
            payload["crosstabs"] = [{"rows": r, "cols": c, "cells": _rows(t, (r, c))}
                                    for (r, c), t in zip(crosstabs, crossed, strict=True)]
        text = (json.dumps(payload, ensure_ascii=False, indent=2, default=_plain)
                if args.format == "json" else
                as_table(payload) + _tables_text(result, tables, crossed))
    if args.output:
        Path(args.output).write_text(text + ("" if text.endswith("\n") else "\n"),
                                     encoding="utf-8")
        print(f"ditulis: {args.output}")
    else:
        sys.stdout.write(text + ("" if text.endswith("\n") else "\n"))
    return 0


def _breakdown_keys(given: list[str], codebook) -> list[str]:
    """--by values: domain keys (checked), 'all' for every breakdown of the codebook."""
    keys: list[str] = []
    for key in given:
        for part in (k.strip() for k in key.split(",")):
            if part == "all":
                keys += [d.key for d in codebook.domains if d.breakdown]
            elif part:
                keys.append(codebook.domain(part).key)
    return list(dict.fromkeys(keys))


def _pair(text: str) -> tuple[str, str]:
    from lkjip_nb.errors import ParameterError

    parts = [p.strip() for p in text.replace(",", ":").split(":")]
    if len(parts) != 2 or not all(parts):
        raise ParameterError(f"--crosstab {text!r}: tulis BARIS:KOLOM, mis. kecamatan:kategori")
    return parts[0], parts[1]


def _plain(value: Any) -> Any:
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(type(value).__name__)


def _number(value: Any) -> float | None:
    value = float(value)
    return value if math.isfinite(value) else None


def _rows(table, keys: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Breakdown or cross-tabulation rows as JSON-able mappings (NaN -> null)."""
    out = []
    for _, r in table.iterrows():
        row: dict[str, Any] = {k: r[k] for k in keys} if keys else {"group": r["kelompok"]}
        if not keys and r["tingkat"] != "komposit":
            row["index_name"] = r["indeks_nama"]
        row.update({"n": int(r["n"]), "index": _number(r["indeks"]), "se": _number(r["se"]),
                    "df": int(r["df"]), "ci_low": _number(r["ci_low"]),
                    "ci_high": _number(r["ci_high"]), "small_n": bool(r["n_kecil"]),
                    "se_not_estimable": bool(r["se_tak_terhitung"]),
                    "note": r["catatan"] or None})
        out.append(row)
    return out


def _csv(result: IksResult, tables: dict, crossed: list) -> str:
    import pandas as pd

    from lkjip_nb.iks.export import to_csv_text

    parts = list(tables.values())
    if not parts and not crossed:
        return to_csv_text(result.overall, result.synthetic)
    text = ""
    if parts:
        text = to_csv_text(pd.concat(parts, ignore_index=True), result.synthetic)
    for table in crossed:
        text += ("\n" if text else "") + to_csv_text(table, result.synthetic)
    return text


def _tables_text(result: IksResult, tables: dict, crossed: list) -> str:
    """Plain-text breakdown and cross-tabulation tables, flagged groups explained below."""
    from lkjip_nb.fmt import number

    def num(x: float) -> str:
        return number(None if x != x else x, 2)

    lines: list[str] = []
    flagged: list[str] = []
    for key, table in tables.items():
        label = result.codebook.domain(key).label
        for name, part in table.groupby("indeks_nama", sort=False):
            title = f"IKS menurut {label.lower()}" if name == "IKS" else \
                f"{name} menurut {label.lower()}"
            lines += _block(title, list(part["kelompok"]), part, num)
            flagged += [t for t in part["catatan"] if t]
    for table in crossed:
        r, c = table.columns[0], table.columns[1]
        groups = [f"{a} × {b}" for a, b in zip(table[r], table[c], strict=True)]
        lines += _block(f"{table.attrs['index']} menurut {table.attrs['rows'].lower()} × "
                        f"{table.attrs['cols'].lower()}", groups, table, num)
        flagged += [t for t in table["catatan"] if t]
    if not lines:
        return ""
    if result.synthetic:
        lines.insert(0, "\n*** DATA SINTETIS — bukan data survei IKS yang sebenarnya ***")
    lines += ["", f"* n < {result.min_n}; † galat baku tidak dapat diestimasi (tanpa selang "
                  "kepercayaan). Derajat bebas (df) rancangan per kelompok."]
    unestimable = [t for t in flagged if "tidak dapat diestimasi" in t or "tidak ada" in t]
    lines += [f"- {t}" for t in unestimable]
    return "\n" + "\n".join(lines)


def _block(title: str, groups: list[str], table, num) -> list[str]:
    width = max([len(g) for g in groups] + [24]) + 3
    lines = ["", title, f"{'Kelompok':<{width}}{'n':>6}{'Indeks':>9}{'SK bawah':>10}"
             f"{'SK atas':>9}{'df':>5}"]
    for g, (_, r) in zip(groups, table.iterrows(), strict=True):
        mark = " †" if r["se_tak_terhitung"] and r["n"] else " *" if r["n_kecil"] else ""
        lines.append(f"{g + mark:<{width}}{int(r['n']):>6}{num(r['indeks']):>9}"
                     f"{num(r['ci_low']):>10}{num(r['ci_high']):>9}{int(r['df']):>5}")
    return lines


def _published(data_dir: str, opd: str, year: int) -> dict[str, float | None]:
    """Published IKS and target of the year from the agency dataset, when it loads."""
    from lkjip_nb.data import load_dataset
    from lkjip_nb.errors import LkjipError
    from lkjip_nb.iks.published import published_iks

    try:
        pub = published_iks(load_dataset(data_dir, opd))
    except LkjipError:
        return {"published": None, "target": None}
    return {"published": pub.value(year), "target": pub.target(year)}


def _index(row: Any) -> dict[str, Any]:
    return {"id": row["id"], "name": row["nama"], "index": row["indeks"], "se": row["se"],
            "ci_low": row["ci_low"], "ci_high": row["ci_high"], "n": int(row["n"])}


def summary(result: IksResult, year: int, survey: str, codebook: str) -> dict[str, Any]:
    """Everything the command prints, as a JSON-able mapping."""
    low, high = result.ci
    row = result.overall.iloc[0]
    out: dict[str, Any] = {
        "year": year, "synthetic": result.synthetic, "survey": survey, "codebook": codebook,
        "iks": result.iks, "se": float(row["se"]), "ci_low": low, "ci_high": high,
        "df": result.df, "confidence": result.confidence, "ci_method": result.ci_method,
        "category": result.category or None,
        "n_respondents": result.survey.n, "n": result.n,
        "weights": result.weights_used(), "weights_note": result.codebook.weights_note,
        "dimensions": [dict(_index(r), weight=float(r["bobot"]))
                       for _, r in result.level("dimensi").iterrows()],
        "subdimensions": [dict(_index(r), dimension=r["induk"])
                          for _, r in result.level("sub-dimensi").iterrows()],
        "notes": result.notes,
    }
    if result.bootstrap is not None:
        out["bootstrap"] = {"replicates": len(result.bootstrap.replicates),
                            "seed": result.bootstrap.seed, "se": float(result.bootstrap.se[0]),
                            "ci_low": float(result.bootstrap.ci_low[0]),
                            "ci_high": float(result.bootstrap.ci_high[0])}
    return out


def as_table(p: dict[str, Any]) -> str:
    """Plain-text rendering of :func:`summary` (Indonesian number format)."""
    from lkjip_nb.fmt import number, percent
    from lkjip_nb.rounding import round_half_up

    def num(x: float | None) -> str:
        return number(None if x is None else round_half_up(x, 2), 2)

    lines = []
    if p["synthetic"]:
        lines.append("*** DATA SINTETIS — bukan data survei IKS yang sebenarnya ***")
    cat = f" ({p['category']})" if p["category"] else ""
    lines += [
        f"Indeks Kesalehan Sosial {p['year']}: {num(p['iks'])}{cat}"
        + (f"; dipublikasikan {num(p['published'])}" if p.get("published") is not None else "")
        + (f"; target {num(p['target'])}" if p.get("target") is not None else ""),
        f"  SK {percent(p['confidence'] * 100, 0)}: {num(p['ci_low'])} - {num(p['ci_high'])} "
        f"(SE {num(p['se'])}); n = {p['n']} dari {p['n_respondents']} responden",
        f"  {p['ci_method']}",
    ]
    if "bootstrap" in p:
        b = p["bootstrap"]
        lines.append(f"  Bootstrap ({b['replicates']} replikasi, benih {b['seed']}): "
                     f"{num(b['ci_low'])} - {num(b['ci_high'])} (SE {num(b['se'])})")
    weights = ", ".join(f"{k} = {number(v)}" for k, v in p["weights"].items())
    lines += [f"  Bobot: {weights}. {p['weights_note']}", "", f"{'Dimensi / sub-dimensi':<40}"
              f"{'Indeks':>8}{'SK bawah':>10}{'SK atas':>9}{'n':>6}"]
    for d in p["dimensions"]:
        lines.append(f"{d['name'] + ' (' + number(d['weight']) + ')':<40}"
                     f"{num(d['index']):>8}{num(d['ci_low']):>10}{num(d['ci_high']):>9}"
                     f"{d['n']:>6}")
        for s in p["subdimensions"]:
            if s["dimension"] == d["id"]:
                lines.append(f"  {s['name']:<38}{num(s['index']):>8}{num(s['ci_low']):>10}"
                             f"{num(s['ci_high']):>9}{s['n']:>6}")
    lines += ["", "Catatan:"] + [f"- {n}" for n in p["notes"]]
    return "\n".join(lines)
