"""Runner benchmark: lkjip run (A) against the naive loop (B) and the floor (F), side by side.

    .venv/bin/python benchmarks/bench_runner.py            # every year in params/, HTML + PDF
    .venv/bin/python benchmarks/bench_runner.py --years 2024 --skip-naive

A: ``lkjip run --force`` (all chapters x years, reader + analyst HTML, PDFs, combined report,
   index); also the same with ``--no-zygote`` (every kernel started from scratch).
B: what a user would write: ``papermill`` CLI per notebook, then ``jupyter nbconvert --to html``
   per notebook, then a fresh ``chromium --headless --print-to-pdf`` per HTML.
F: the floor: for each notebook a bare kernel start plus the imports its code cells contain,
   summed and divided over the cores.
FX: the same with every cell of the notebook executed (all code cells as one program in a bare
   kernel, parameters set as papermill would): the work no runner can avoid, before writing any
   notebook, HTML or PDF.
A0: with ``--baseline DIR``, A of another checkout (e.g. an earlier commit made with
   ``git worktree add DIR <commit>``, set up with its own ``DIR/.venv``), measured alternately
   with A in every round on the same data: A/A0 compares two versions side by side.
Also: a rerun with nothing changed, and a rerun after changing one data file (which notebooks
re-executed). Prints a Markdown table for docs/benchmarks.md. Not a test.

A and F are measured ``--repeat`` times (default 3), alternately, and their medians compared:
on a shared virtual machine one measurement can be 10 % off the next.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable


def timed(cmd: list[str], **kw) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, **kw)
    return time.perf_counter() - start, done


def chapters(nb_dir: Path) -> list[Path]:
    return sorted(p for p in nb_dir.glob("[0-9]*_*.ipynb"))


def notebook_imports(path: Path) -> str:
    """The import statements of a notebook's code cells (top level of each cell)."""
    nb = json.loads(path.read_text())
    lines = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        lines += [ast.unparse(node) for node in tree.body
                  if isinstance(node, ast.Import | ast.ImportFrom)]
    return "\n".join(dict.fromkeys(lines))


async def _time_in_bare_kernel(code: str, cwd: Path) -> float:
    """Seconds from starting a kernel of this interpreter to the reply of executing ``code``."""
    from lkjip_nb.runner.kernel import QUIET_LAUNCH, kernel_manager

    start = time.perf_counter()
    km = kernel_manager()
    await km.start_kernel(cwd=str(cwd), **QUIET_LAUNCH)
    kc = km.client()
    kc.start_channels()
    await kc.wait_for_ready(timeout=120)
    msg_id = kc.execute(code or "pass")
    while True:
        reply = await kc.get_shell_msg(timeout=600)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    elapsed = time.perf_counter() - start
    kc.stop_channels()
    await km.shutdown_kernel(now=True)
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"{reply['content'].get('ename')}: {reply['content'].get('evalue')}")
    return elapsed


def floor_seconds(notebooks: list[Path], runs_per_notebook: int) -> float:
    """Sum over notebook runs of (kernel start + imports), serially; caller divides by cores."""
    import asyncio

    total = 0.0
    for nb in notebooks:
        code = notebook_imports(nb)
        total += asyncio.run(_time_in_bare_kernel(code, nb.parent)) * runs_per_notebook
    return total


def notebook_program(path: Path, parameters: dict) -> str:
    """All code cells of a notebook as one program, ``parameters`` set after its parameters
    cell (what papermill injects)."""
    nb = json.loads(path.read_text())
    parts = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        parts.append("".join(cell["source"]))
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            parts.append("\n".join(f"{k} = {v!r}" for k, v in parameters.items()))
    return "\n\n".join(parts)


def execution_floor_seconds(notebooks: list[Path], years: list[int], opd: str,
                            data: Path) -> float:
    """Sum over notebook runs of (kernel start + all its cells), serially, nothing written."""
    import asyncio

    total = 0.0
    for year in years:
        for nb in notebooks:
            code = notebook_program(nb, {"year": year, "opd": opd, "data_dir": str(data)})
            total += asyncio.run(_time_in_bare_kernel(code, nb.parent))
    return total


def naive_loop(notebooks: list[Path], years: list[int], opd: str, data: Path,
               out: Path) -> float:
    """B: papermill CLI, nbconvert CLI, a fresh browser per PDF."""
    bindir = Path(PY).parent
    start = time.perf_counter()
    for year in years:
        for nb in notebooks:
            target = out / f"{year}-{nb.stem}.ipynb"
            subprocess.run([str(bindir / "papermill"), str(nb), str(target), "-k", "python3",
                            "--cwd", str(nb.parent), "-p", "year", str(year), "-p", "opd", opd,
                            "-p", "data_dir", str(data), "--no-progress-bar"],
                           capture_output=True, check=False)
    for ipynb in sorted(out.glob("*.ipynb")):
        subprocess.run([str(bindir / "jupyter"), "nbconvert", "--to", "html", str(ipynb)],
                       capture_output=True, check=False)
    browser = shutil.which("chromium") or "/usr/bin/chromium"
    for html in sorted(out.glob("*.html")):
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu",
                        f"--print-to-pdf={html.with_suffix('.pdf')}", html.as_uri()],
                       capture_output=True, check=False)
    return time.perf_counter() - start


def count_executed(stdout: str) -> list[str]:
    return [line.split()[2] for line in stdout.splitlines()
            if len(line.split()) > 3 and line.split()[3] == "ok"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", nargs="+", type=int)
    parser.add_argument("--opd", default="bakesbangpol-kab-blitar")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--skip-naive", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, help="measurements of A and of F "
                        "(alternately); the medians are reported")
    parser.add_argument("--baseline", type=Path, metavar="DIR",
                        help="another checkout with its own .venv, measured beside A")
    parser.add_argument("--touch", default="kegiatan.csv", help="data file changed for the "
                        "incremental rerun")
    args = parser.parse_args()
    years = args.years or sorted(int(p.stem) for p in (ROOT / "params").glob("*.yaml")
                                 if p.stem.isdigit())
    cores = os.cpu_count() or 1
    work = Path(tempfile.mkdtemp(prefix="lkjip-bench-"))
    # A frozen copy of the code, notebooks and data: edits made to the checkout while the
    # benchmark runs must not count as "something changed".
    repo = work / "repo"
    for part in ("lkjip_nb", "notebooks", "params", "data"):
        shutil.copytree(ROOT / part, repo / part,
                        ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
    data = repo / "data"
    notebooks = chapters(repo / "notebooks")
    base = [PY, "-m", "lkjip_nb", "run", "--data", str(data), "--opd", args.opd,
            "--out", str(work / "a"), "--years", *map(str, years), "--jobs", str(args.jobs),
            "--quiet"]
    print(f"{len(notebooks)} notebooks x {len(years)} years on {cores} cores; work in {work}",
          file=sys.stderr)
    baseline = None
    if args.baseline:
        base_repo = work / "baseline"
        for part in ("lkjip_nb", "notebooks", "params", "data"):
            shutil.copytree(args.baseline / part, base_repo / part,
                            ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
        baseline = [str(args.baseline / ".venv" / "bin" / "python"), *base[1:4],
                    "--data", str(base_repo / "data"), *base[6:]]
        baseline[baseline.index("--out") + 1] = str(work / "a-base")
    a_runs, f_runs, a0_runs = [], [], []
    for i in range(max(1, args.repeat)):
        shutil.rmtree(work / "a", ignore_errors=True)
        a_i, done = timed(base + ["--force"], cwd=repo)
        if done.returncode != 0:
            print(done.stdout[-1500:], done.stderr[-1500:], file=sys.stderr)
            print(f"A failed (exit {done.returncode}); its time is not a valid measure",
                  file=sys.stderr)
            return 1
        a_runs.append(a_i)
        f_runs.append(floor_seconds(notebooks, len(years)))
        note = ""
        if baseline is not None:
            shutil.rmtree(work / "a-base", ignore_errors=True)
            a0_i, done0 = timed(baseline + ["--force"], cwd=work / "baseline")
            if done0.returncode != 0:
                print(done0.stdout[-1500:], done0.stderr[-1500:], file=sys.stderr)
                print(f"A0 failed (exit {done0.returncode})", file=sys.stderr)
                return 1
            a0_runs.append(a0_i)
            note = f", A0 {a0_i:.1f} s"
        print(f"round {i + 1}: A {a_i:.1f} s, F serial {f_runs[-1]:.1f} s{note}",
              file=sys.stderr)
    a = statistics.median(a_runs)
    f_serial = statistics.median(f_runs)
    a_plain, done_plain = timed(base + ["--force", "--no-zygote", "--out", str(work / "a0")],
                                cwd=repo)
    if done_plain.returncode != 0:
        print(f"A --no-zygote failed (exit {done_plain.returncode})", file=sys.stderr)
        return 1
    noop, _ = timed(base, cwd=repo)
    inproc = [PY, "-c", "import sys, time; from lkjip_nb.cli import build_parser; "
              "from lkjip_nb.runner.cli import run; a = build_parser().parse_args(sys.argv[1:]); "
              "t = time.perf_counter(); run(a); "
              "print(f'{time.perf_counter() - t:.3f}', file=sys.stderr)"] + base[3:]
    noop_runner = float(timed(inproc, cwd=repo)[1].stderr.strip().splitlines()[-1])
    touched = data / args.opd / args.touch
    touched.write_text(touched.read_text() + "\n")
    inc, done_inc = timed(base, cwd=repo)
    reexecuted = count_executed(done_inc.stdout)
    f = f_serial / cores
    fx_serial = execution_floor_seconds(notebooks, years, args.opd, data)
    fx = fx_serial / cores
    b = None
    if not args.skip_naive:
        (work / "b").mkdir()
        b = naive_loop(notebooks, years, args.opd, data, work / "b")
    print("| measure | seconds | ratio |")
    print("|---|---:|---:|")
    spread = f" (median of {len(a_runs)}: {', '.join(f'{x:.1f}' for x in a_runs)})"
    print(f"| A: `lkjip run --force` (jobs={args.jobs}){spread if len(a_runs) > 1 else ''} | "
          f"{a:.1f} | |")
    if a0_runs:
        a0 = statistics.median(a0_runs)
        print(f"| A0: `lkjip run --force` of {args.baseline} (median of {len(a0_runs)}: "
              f"{', '.join(f'{x:.1f}' for x in a0_runs)}) | {a0:.1f} | A/A0 = {a / a0:.2f} |")
    print(f"| A without zygote (`--no-zygote`) | {a_plain:.1f} | A/that = {a / a_plain:.2f} |")
    if b is not None:
        print(f"| B: naive loop (papermill, nbconvert, chromium per PDF) | {b:.1f} | "
              f"A/B = {a / b:.2f} |")
    f_spread = (f" (median of {len(f_runs)}: {', '.join(f'{x:.1f}' for x in f_runs)})"
                if len(f_runs) > 1 else "")
    print(f"| F: floor, kernel start + imports, {f_serial:.1f} s{f_spread} / {cores} cores | "
          f"{f:.1f} | A/F = {a / f:.2f} |")
    print(f"| FX: kernel start + executing every cell, nothing written, {fx_serial:.1f} s / "
          f"{cores} cores | {fx:.1f} | A/FX = {a / fx:.2f} |")
    print(f"| rerun, nothing changed (`lkjip run`, whole process) | {noop:.2f} | |")
    print(f"| rerun, nothing changed (runner only, after imports of lkjip_nb.cli) | "
          f"{noop_runner:.2f} | |")
    print(f"| rerun after changing `{args.touch}` | {inc:.1f} | re-executed "
          f"{len(reexecuted)} of {len(notebooks) * len(years)} |")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
