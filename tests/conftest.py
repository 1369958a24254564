"""Shared fixtures: the bundled dataset, loaded once."""

from __future__ import annotations

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
