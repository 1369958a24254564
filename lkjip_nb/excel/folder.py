"""Replace a dataset folder all at once: the new files are written into a staging folder beside
it, checked there, then swapped in; any failure before the swap leaves the old folder as it was.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Collection, Iterator
from pathlib import Path

STAGING_PREFIX = ".lkjip-staging-"


@contextlib.contextmanager
def staging(target: Path) -> Iterator[Path]:
    """A fresh folder named like ``target`` inside a staging folder beside it (same file
    system), holding a copy of everything in ``target``; removed on the way out."""
    made = [p for p in (target.parent, *target.parent.parents) if not p.exists()]
    target.parent.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX + target.name + "-", dir=target.parent))
    try:
        new = root / target.name
        if target.is_dir():
            shutil.copytree(target, new, symlinks=True)
        else:
            new.mkdir()
        yield new
    finally:
        shutil.rmtree(root, ignore_errors=True)
        for folder in made:  # folders made for nothing (the swap did not happen)
            with contextlib.suppress(OSError):
                folder.rmdir()


def drop(folder: Path, names: Collection[str]) -> None:
    """Remove the files ``names`` from ``folder`` (those the new version no longer has)."""
    for name in names:
        (folder / name).unlink(missing_ok=True)


def swap(new: Path, target: Path) -> None:
    """Put the folder ``new`` in the place of ``target`` (renames only, so both are complete at
    every moment; a failed second rename puts the old folder back)."""
    if not target.exists():
        os.rename(new, target)
        return
    old = new.parent / (target.name + ".old")
    os.rename(target, old)
    try:
        os.rename(new, target)
    except OSError:
        os.rename(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def replace_folder(target: Path, write: Callable[[Path], None],
                   check: Callable[[Path], None]) -> None:
    """Write the new version of ``target`` with ``write(folder)``, ``check(folder)`` it (raise to
    stop), then swap it in."""
    with staging(target) as new:
        write(new)
        check(new)
        swap(new, target)
