"""``lkjip iks``: the IKS of one year from survey microdata, as JSON or a plain table."""

from __future__ import annotations

import argparse
import json
import warnings
from typing import Any

from lkjip_nb.iks.analysis import IksResult, analyse
from lkjip_nb.iks.errors import IksDesignWarning
from lkjip_nb.iks.sources import find_survey, iks_folder, load_survey, resolve_codebook


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from lkjip_nb.cli import add_dataset_arguments

    add_dataset_arguments(parser)
    parser.add_argument("--year", type=int, required=True, help="tahun survei")
    parser.add_argument("--survey", default="", metavar="FILE",
                        help="berkas survei (CSV, XLSX atau SAV); bawaan: <data>/<opd>/iks/"
                             "berkas yang namanya memuat tahun")
    parser.add_argument("--codebook", default="", metavar="FILE",
                        help="codebook YAML; bawaan: <data>/<opd>/iks/codebook.yaml")
    parser.add_argument("--format", choices=("json", "table"), default="table",
                        help="bentuk keluaran (bawaan: table)")
    parser.add_argument("--bootstrap", type=int, default=0, metavar="B",
                        help="jumlah replikasi bootstrap (bawaan: 0, tanpa bootstrap)")
    parser.add_argument("--seed", type=int, default=None,
                        help="benih acak bootstrap (bawaan: tahun)")


def run(args: argparse.Namespace) -> int:
    from lkjip_nb.data.catalog import resolve_opd

    opd = resolve_opd(args.data, args.opd)
    codebook = resolve_codebook(args.data, opd, args.codebook)
    survey_path = args.survey or str(find_survey(args.data, opd, args.year))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IksDesignWarning)  # shown in the notes instead
        survey = load_survey(args.year, args.data, opd, survey_path, codebook)
        categories = codebook.categories or _profile_categories(args.data, opd)
        result = analyse(survey, bootstrap_replicates=args.bootstrap,
                         seed=args.year if args.seed is None else args.seed,
                         categories=categories)
    payload = summary(result, args.year, survey_path,
                      args.codebook or str(iks_folder(args.data, opd) / "codebook.yaml"))
    payload.update(_published(args.data, opd, args.year))
    if args.format == "json":
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print(as_table(payload))
    return 0


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


def _profile_categories(data_dir: str, opd: str) -> tuple:
    from pathlib import Path

    from lkjip_nb.iks.codebook import categories_from_profile
    from lkjip_nb.yamlsafe import safe_load

    path = Path(data_dir) / opd / "profile.yaml"
    if not path.is_file():
        return ()
    return categories_from_profile(safe_load(path.read_text(encoding="utf-8")) or {})


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
        "confidence": result.confidence, "ci_method": result.design.describe(),
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
