"""Helpers of the tests that alter a copy of the bundled dataset and read the problems found."""

from __future__ import annotations

from pathlib import Path

import pytest

from lkjip_nb.data import DataValidationError, load_dataset


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in ``path`` by ``new`` (``old`` must be there)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(root: Path) -> list:
    """The problems the loader reports for the dataset folder ``root`` (it must be invalid)."""
    with pytest.raises(DataValidationError) as info:
        load_dataset(root.parent, root.name)
    return info.value.problems
