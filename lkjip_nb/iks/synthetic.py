"""Seeded generator of SYNTHETIC IKS survey microdata (there is no public microdata).

Answers follow a latent-score model: level + respondent effects (by characteristic, from the
config) + stratum and cluster effects + sub-dimension offset + noise, rounded onto the scale;
reversed items are answered mirrored. The level is calibrated by bisection so the weighted
composite lands on a target (e.g. the published IKS). Settings come from a YAML config beside
the data; nothing here is specific to one agency.

Regenerate the bundled demo files with ``python -m lkjip_nb.iks.synthetic <folder>``.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from lkjip_nb.iks.codebook import Codebook, Domain, load_codebook
from lkjip_nb.iks.scoring import score
from lkjip_nb.yamlsafe import safe_load

CONFIG_FILE = "synthetic.yaml"
FILE_PATTERN = "iks_survei_{year}_sintetis.csv"


@dataclass
class _Draws:
    frame: pd.DataFrame  # respondent characteristics and design columns
    latent: np.ndarray  # (n, items) latent score without the level
    missing: np.ndarray  # (n, items) 0 = answered, else the missing code (-1 = blank)
    weights: np.ndarray


def _probabilities(values: tuple[str, ...], spec: Mapping | None) -> np.ndarray:
    p = np.array([float((spec or {}).get(v, 0.0 if spec else 1.0)) for v in values])
    if p.sum() <= 0:
        p = np.ones(len(values))
    return p / p.sum()


def _draw(cb: Codebook, cfg: Mapping, year: int, rng: np.random.Generator) -> _Draws:
    year_cfg = (cfg.get("years") or {}).get(year) or {}
    strata_dom = cb.domain(cfg["stratum_domain"])
    per_cluster = int(cfg.get("respondents_per_cluster", 5))
    clusters_per_stratum = int(cfg.get("clusters_per_stratum", 3))
    noise = cfg.get("noise") or {}
    effects = cfg.get("effects") or {}
    strata = np.repeat(np.array(strata_dom.values, dtype=object),
                       clusters_per_stratum * per_cluster)
    n = len(strata)
    cluster_no = np.tile(np.repeat(np.arange(1, clusters_per_stratum + 1), per_cluster),
                         len(strata_dom.values))
    clusters = np.array([f"{s}-{c}" for s, c in zip(strata, cluster_no, strict=True)],
                        dtype=object)
    shift = np.zeros(n)
    columns: dict[str, Any] = {
        cb.respondent_id: [f"SINT{year}-{i + 1:04d}" for i in range(n)],
    }
    if cb.year_column:
        columns[cb.year_column] = np.full(n, year)
    for dom in cb.domains:
        values, dom_shift = _domain_values(dom, strata_dom, strata, cfg, year_cfg, effects, rng)
        columns[dom.column] = values
        shift += dom_shift
    pop = cfg.get("population") or {"min": 200, "max": 800}
    sizes = rng.integers(int(pop["min"]), int(pop["max"]) + 1, size=len(strata_dom.values))
    n_h = clusters_per_stratum * per_cluster
    weights = np.repeat(sizes / n_h, n_h)
    design = cb.design
    if design.weight:
        columns[design.weight] = np.round(weights, 4)
    if design.stratum:
        columns[design.stratum] = strata
    if design.cluster:
        columns[design.cluster] = clusters
    shift += np.repeat(rng.normal(0, float(noise.get("stratum", 0.1)), len(strata_dom.values)),
                       n_h)
    shift += np.repeat(rng.normal(0, float(noise.get("cluster", 0.08)), n // per_cluster),
                       per_cluster)
    shift += rng.normal(0, float(noise.get("respondent", 0.35)), n)
    sub_offsets = cfg.get("subdimension_offsets") or {}
    item_offset = np.array([float(sub_offsets.get(i.subdimension, 0.0)) for i in cb.items])
    item_offset += rng.normal(0, float(noise.get("item_level", 0.08)), len(cb.items))
    latent = (shift[:, None] + item_offset[None, :]
              + rng.normal(0, float(noise.get("answer", 0.55)), (n, len(cb.items))))
    missing = _missing_codes(cb, cfg, n, rng)
    return _Draws(pd.DataFrame(columns), latent, missing, weights)


def _domain_values(dom: Domain, strata_dom: Domain, strata: np.ndarray, cfg: Mapping,
                   year_cfg: Mapping, effects: Mapping, rng: np.random.Generator
                   ) -> tuple[np.ndarray, np.ndarray]:
    n = len(strata)
    eff = effects.get(dom.key) or {}
    if dom.key == strata_dom.key:
        values = strata
    elif dom.numeric:
        spec = (cfg.get("distributions") or {}).get(dom.key) or {}
        draw = rng.normal(float(spec.get("mean", 45)), float(spec.get("sd", 12)), n)
        lo = dom.min if dom.min is not None else -np.inf
        hi = dom.max if dom.max is not None else np.inf
        values = np.clip(np.round(draw), lo, hi).astype(int)
        slope, centre = float(eff.get("per_unit", 0.0)), float(eff.get("centre", 0.0))
        return values, slope * (values - centre)
    else:
        allowed = tuple((year_cfg.get("restrict") or {}).get(dom.key) or dom.values)
        p = _probabilities(allowed, (cfg.get("distributions") or {}).get(dom.key))
        values = np.asarray(allowed, dtype=object)[rng.choice(len(allowed), size=n, p=p)]
    shift = np.array([float(eff.get(v, 0.0)) for v in values]) if eff else np.zeros(n)
    return values, shift


def _missing_codes(cb: Codebook, cfg: Mapping, n: int, rng: np.random.Generator) -> np.ndarray:
    share = float(cfg.get("missing_share", 0.01))
    out = np.zeros((n, len(cb.items)), dtype=np.int64)
    hit = rng.random(out.shape) < share
    sparse = int(cfg.get("sparse_respondents", 0))
    if sparse:
        rows = rng.choice(n, size=min(sparse, n), replace=False)
        hit[rows] |= rng.random((len(rows), len(cb.items))) < 0.6
    options = [*cb.missing.codes, -1]
    out[hit] = np.asarray(options)[rng.integers(0, len(options), hit.sum())]
    return out


def _answers(draws: _Draws, cb: Codebook, level: float) -> np.ndarray:
    """Scale answers (float, NaN for missing) at a given level."""
    lo, hi = cb.scale.min, cb.scale.max
    x = np.clip(np.rint(level + draws.latent), lo, hi)
    rev = np.array([i.reversed for i in cb.items])
    x[:, rev] = lo + hi - x[:, rev]
    return np.where(draws.missing == 0, x, np.nan)


def _composite(draws: _Draws, cb: Codebook, level: float) -> float:
    comp = score(_answers(draws, cb, level), cb).composite
    ok = ~np.isnan(comp)
    return float(np.sum(draws.weights[ok] * comp[ok]) / np.sum(draws.weights[ok]))


def generate_survey(codebook: Codebook, config: Mapping, year: int,
                    target: float | None = None) -> pd.DataFrame:
    """One year's synthetic microdata; with ``target`` the weighted composite lands on it."""
    seed = int(config.get("seed", 0)) * 10_000 + int(year)
    draws = _draw(codebook, config, year, np.random.default_rng(seed))
    lo, hi = codebook.scale.min - 3.0, codebook.scale.max + 3.0
    level = float(config.get("level", (codebook.scale.min + codebook.scale.max) / 2))
    if target is not None:
        for _ in range(60):  # bisection: the composite rises with the level
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if _composite(draws, codebook, mid) < target else (lo, mid)
        level = (lo + hi) / 2
    answers = _answers(draws, codebook, level)
    frame = draws.frame.copy()
    for j, item in enumerate(codebook.items):
        coded = np.where(draws.missing[:, j] > 0, draws.missing[:, j], answers[:, j])
        frame[item.id] = pd.array(np.where(np.isnan(coded), np.nan, coded), dtype="Float64"
                                  ).astype("Int64")
    return frame


def load_config(path: str | Path) -> dict:
    return safe_load(Path(path).read_text(encoding="utf-8"))


def write_demo_files(folder: str | Path) -> list[Path]:
    """(Re)write every year's synthetic survey under ``folder`` from its codebook and config."""
    folder = Path(folder)
    cb = load_codebook(folder / "codebook.yaml")
    cfg = load_config(folder / CONFIG_FILE)
    written = []
    for year, spec in (cfg.get("years") or {}).items():
        frame = generate_survey(cb, cfg, int(year), (spec or {}).get("target"))
        path = folder / FILE_PATTERN.format(year=year)
        frame.to_csv(path, index=False)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("pakai: python -m lkjip_nb.iks.synthetic <folder berisi codebook.yaml dan "
              f"{CONFIG_FILE}>", file=sys.stderr)
        return 2
    for path in write_demo_files(args[0]):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
