"""IKS survey workbook performance: a large survey with all breakdowns, and the bootstrap.

    .venv/bin/python benchmarks/bench_iks.py            # full sizes (about a minute)
    .venv/bin/python benchmarks/bench_iks.py --quick    # small sizes, a smoke run

1. Validate + score + overall CIs + every breakdown + weight sensitivity for N respondents x 40
   items (target: 1,000,000 x 40 in <= 5 s and <= 2 GB). Peak memory is the process's resident
   high-water mark (VmHWM, reset after the input frame is built, so it counts the pipeline plus
   the input frame it holds).
2. 1,000 bootstrap replicates of all 16 indices for 2,000 respondents (target <= 3 s), beside a
   baseline that loops over replicates in Python, as a ratio.
Prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lkjip_nb.iks import analyse, codebook_from_dict, validate_survey  # noqa: E402
from lkjip_nb.iks.bootstrap import bootstrap_means  # noqa: E402
from lkjip_nb.iks.errors import IksDesignWarning  # noqa: E402
from lkjip_nb.iks.sensitivity import weight_sensitivity  # noqa: E402
from lkjip_nb.iks.sources import load_survey  # noqa: E402

CODEBOOK = ROOT / "data" / "bakesbangpol-kab-blitar" / "iks" / "codebook.yaml"


def codebook_with_items(n_items: int):
    """The bundled codebook with extra items spread over its sub-dimensions."""
    raw = yaml.safe_load(CODEBOOK.read_text(encoding="utf-8"))
    subs = [s for d in raw["dimensions"] for s in d["subdimensions"]]
    count = sum(len(s["items"]) for s in subs)
    k = 0
    while count < n_items:
        s = subs[k % len(subs)]
        s["items"].append({"id": f"EXTRA{k + 1}", "text": "butir tambahan"})
        k += 1
        count += 1
    return codebook_from_dict(raw, source="bench")


def large_frame(cb, n: int, seed: int = 1, chunk: int = 100_000) -> pd.DataFrame:
    """N respondents: categorical characteristics, design columns, int8 answers (2 % coded 9)."""
    rng = np.random.default_rng(seed)
    kec = cb.domain("kecamatan").values
    parts = []
    for start in range(0, n, chunk):
        m = min(chunk, n - start)
        cols: dict[str, object] = {cb.respondent_id: pd.array(
            np.char.add("R", np.arange(start, start + m).astype(str)), dtype=object)}
        cols[cb.year_column] = np.full(m, 2024, dtype=np.int16)
        strata = rng.integers(0, len(kec), m)
        for dom in cb.domains:
            if dom.numeric:
                cols[dom.column] = rng.integers(20, 80, m).astype(np.int16)
            elif dom.key == "kecamatan":
                cols[dom.column] = pd.Categorical.from_codes(strata, dom.values)
            else:
                cols[dom.column] = pd.Categorical.from_codes(
                    rng.integers(0, len(dom.values), m), dom.values)
        cols["bobot"] = rng.uniform(5, 50, m)
        cols["strata"] = pd.Categorical.from_codes(strata, kec)
        cols["klaster"] = pd.Categorical(np.char.add(np.asarray(kec)[strata],
                                                     rng.integers(0, 100, m).astype(str)))
        level = rng.normal(4.2, 0.4, m).astype(np.float32)
        for item in cb.items:
            x = np.clip(np.rint(level + rng.normal(0, 0.6, m).astype(np.float32)), 1, 5)
            x[rng.random(m) < 0.02] = 9
            cols[item.id] = x.astype(np.int8)
        parts.append(pd.DataFrame(cols))
    frame = pd.concat(parts, ignore_index=True)
    for col in ("strata", "klaster"):
        frame[col] = frame[col].astype(str).astype(object)
    return frame


def reset_peak() -> None:
    Path("/proc/self/clear_refs").write_text("5")


def peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def bench_large(n: int) -> dict:
    cb = codebook_with_items(40)
    frame = large_frame(cb, n)
    input_mb = rss_mb()
    reset_peak()
    c0 = time.process_time()
    t0 = time.perf_counter()
    survey = validate_survey(frame, cb, year=2024)
    t1 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IksDesignWarning)
        result = analyse(survey)
    table = result.breakdowns()
    sens = weight_sensitivity(result)
    t2 = time.perf_counter()
    cpu = time.process_time() - c0
    return {"cpu_s": cpu, "n": n, "items": len(cb.items), "validate_s": t1 - t0,
            "analyse_s": t2 - t1,
            "total_s": t2 - t0, "peak_mb": peak_mb(), "input_mb": input_mb,
            "groups": len(table), "grid": len(sens), "clusters": result.design.n_clusters,
            "iks": result.iks}


def loop_bootstrap(values: np.ndarray, design, replicates: int, seed: int) -> np.ndarray:
    """Baseline: one Python iteration per replicate (Rao-Wu draws per stratum)."""
    rng = np.random.default_rng(seed)
    present = ~np.isnan(values)
    y0 = np.where(present, values, 0.0)
    out = np.empty((replicates, values.shape[1]))
    for b in range(replicates):
        mult = np.ones(design.n_clusters)
        for h, nh in enumerate(design.psu_count):
            members = np.flatnonzero(design.cluster_stratum == h)
            if nh > 1:
                draws = rng.integers(0, nh, nh - 1)
                mult[members] = np.bincount(draws, minlength=nh) * nh / (nh - 1)
        w = design.weights * mult[design.clusters]
        wp = present * w[:, None]
        out[b] = (wp * y0).sum(axis=0) / wp.sum(axis=0)
    return out


def best_of(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def bench_bootstrap(n: int, replicates: int) -> dict:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IksDesignWarning)
        base = load_survey(2024, ROOT / "data", "bakesbangpol-kab-blitar")
        reps = int(np.ceil(n / base.n))
        frame = pd.concat([pd.read_csv(Path(base.source))] * reps, ignore_index=True).head(n)
        frame["id_responden"] = [f"B{i}" for i in range(len(frame))]
        copy = np.repeat(np.arange(reps), base.n)[: len(frame)].astype(str)
        frame["klaster"] = frame["klaster"] + "-" + copy  # more clusters, same strata
        result = analyse(validate_survey(frame, base.codebook, year=2024))
    values = result.scores.matrix()
    out = {}
    for label, design in (("strata + klaster", result.design),
                          ("tanpa rancangan", _no_design(len(frame)))):
        vec = best_of(lambda d=design: bootstrap_means(values, d, replicates, seed=1))
        loop = best_of(lambda d=design: loop_bootstrap(values, d, replicates, 1), repeat=1)
        out[label] = {"n": len(frame), "replicates": replicates, "indices": values.shape[1],
                      "clusters": design.n_clusters, "vectorised_s": vec, "loop_s": loop}
    return out


def _no_design(n: int):
    from lkjip_nb.iks.design import make_design

    return make_design(n)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (smoke run)")
    args = parser.parse_args()
    n_large, n_boot = (50_000, 500) if args.quick else (1_000_000, 2_000)
    boot = bench_bootstrap(n_boot, 1000)
    large = bench_large(n_large)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, load average {load}; "
          f"Python {platform.python_version()}, numpy {np.__version__}, "
          f"pandas {pd.__version__}\n")
    print("| case | size | time | memory |\n| --- | --- | --- | --- |")
    print(f"| validate + score + CIs + {large['groups']} breakdown groups + "
          f"{large['grid']} weight combinations | {large['n']:,} x {large['items']} items, "
          f"{large['clusters']:,} clusters | {large['total_s']:.2f} s (validate "
          f"{large['validate_s']:.2f} s, analyse {large['analyse_s']:.2f} s; CPU "
          f"{large['cpu_s']:.2f} s) | peak "
          f"{large['peak_mb']:,.0f} MB (input frame held: {large['input_mb']:,.0f} MB RSS) |")
    for label, b in boot.items():
        print(f"| bootstrap, {label}: {b['replicates']} replicates x {b['indices']} indices | "
              f"{b['n']:,} respondents, {b['clusters']:,} clusters | {b['vectorised_s']:.3f} s "
              f"(Python loop per replicate: {b['loop_s']:.2f} s, "
              f"{b['loop_s'] / b['vectorised_s']:.0f}x slower) | - |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
