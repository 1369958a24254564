"""Shared fixtures: the bundled dataset, loaded once; the bundled 2024 report, built once."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
BUNDLED = "bakesbangpol-kab-blitar"


@pytest.fixture(scope="session")
def dataset():
    from lkjip_nb.data import load_dataset

    return load_dataset(DATA, BUNDLED)


@pytest.fixture(scope="session")
def ds2024(dataset):
    return dataset.for_year(2024)


@pytest.fixture(scope="session")
def policy(dataset):
    return dataset.rounding()


def chapter_context(chapter: str, year: int):
    """A notebook context for ``chapter`` and ``year`` on the bundled dataset (no chart style)."""
    from lkjip_nb.notebook import start

    return start(chapter, {"year": year, "opd": BUNDLED, "data_dir": str(DATA), "rounding": {}},
                 style=False)


@pytest.fixture(autouse=True, scope="session")
def _private_render_cache(tmp_path_factory):
    """Tests fill their own render cache, not the user's ~/.cache/lkjip_nb."""
    import os

    folder = tmp_path_factory.mktemp("lkjip-cache")
    old = os.environ.get("LKJIP_CACHE_DIR")
    os.environ["LKJIP_CACHE_DIR"] = str(folder)
    yield folder
    if old is None:
        os.environ.pop("LKJIP_CACHE_DIR", None)
    else:
        os.environ["LKJIP_CACHE_DIR"] = old


def built_once(tmp_path_factory, name: str, build: Callable[[Path], None]) -> Path:
    """``build(folder)`` once per test session (given an empty folder), the folder returned:
    pytest-xdist's workers share one build (their common temporary parent, a lock, a mark
    when it is done)."""
    base = tmp_path_factory.getbasetemp()
    root = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / name
    root.mkdir(exist_ok=True)
    with (root / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another worker may be building it
        if not (root / "done").is_file():
            (root / "build").mkdir(exist_ok=True)
            build(root / "build")
            (root / "done").write_text("ok")
    return root / "build"


def _build_report_2024(out: Path) -> None:
    from lkjip_nb.registry import find_chapters
    from lkjip_nb.runner.batch import RunOptions, run_batch

    with pytest.MonkeyPatch.context() as mp:  # the build key must not follow edits meanwhile
        mp.setattr("lkjip_nb.runner.worker.package_source_hash", lambda: "fixed")
        report = run_batch(RunOptions(
            data_dir=DATA, opds=[BUNDLED], years=[2024], formats=("html", "pdf"),
            chapters=[c.id for c in find_chapters() if c.in_report], out_dir=out,
            params_dir=ROOT / "params", jobs=2, progress=False))
    assert not report.failed, [(r.job.key, r.error) for r in report.failed]


@pytest.fixture(scope="session")
def report_2024(tmp_path_factory) -> Path:
    """The bundled agency's 2024 folder as ``lkjip run --formats html pdf`` writes it for the
    report's chapters: each chapter's documents and the combined report lkjip-2024.html/.pdf
    (the PDF only where a browser is)."""
    return built_once(tmp_path_factory, "report-2024", _build_report_2024) / BUNDLED / "2024"
