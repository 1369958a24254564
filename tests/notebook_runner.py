"""Execute chapter notebooks once per test session (per xdist worker) and cache the result."""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

import papermill as pm
import yaml

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "lkjip_nb" / "notebooks"
PARAMS = ROOT / "params"
_OUT = Path(tempfile.mkdtemp(prefix="lkjip-nbtest-"))


def notebook_path(chapter: str) -> Path:
    hits = sorted(NOTEBOOKS.glob(f"[0-9][0-9]_{chapter}.ipynb"))
    if not hits:
        raise FileNotFoundError(f"no notebook for chapter {chapter!r} in {NOTEBOOKS}")
    return hits[0]


def param_years() -> list[int]:
    return sorted(int(p.stem) for p in PARAMS.glob("[0-9][0-9][0-9][0-9].yaml"))


@functools.cache
def executed(chapter: str, year: int, **extra) -> Path:
    """Run ``chapter`` with params/<year>.yaml (+ data_dir) and return the executed notebook."""
    params = yaml.safe_load((PARAMS / f"{year}.yaml").read_text()) or {}
    params["data_dir"] = str(ROOT / "data")
    params.update(extra)
    out = _OUT / f"{chapter}-{year}.ipynb"
    pm.execute_notebook(str(notebook_path(chapter)), str(out), parameters=params,
                        kernel_name="python3", cwd=str(NOTEBOOKS), progress_bar=False)
    return out
