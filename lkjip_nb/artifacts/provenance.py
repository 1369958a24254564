"""Provenance carried by every output: who made it, from what, with which versions."""

from __future__ import annotations

import platform
import subprocess
from datetime import UTC, datetime
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

#: Libraries whose versions can change a figure or a document.
LIBRARIES = ("pandas", "numpy", "matplotlib", "pandera", "babel", "papermill", "nbconvert",
             "ipykernel", "latex2mathml")


def now_iso() -> str:
    """Current local time, ISO 8601 with offset, to the second."""
    return datetime.now(UTC).astimezone().isoformat(timespec="seconds")


def library_versions() -> dict[str, str]:
    """Installed versions of :data:`LIBRARIES` (without importing them)."""
    found = {"python": platform.python_version()}
    for name in LIBRARIES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "-"
    return found


@cache
def git_commit(where: Path) -> str:
    """``<sha>`` of the repository holding ``where`` (``+dirty`` if modified), or ``-``."""
    try:
        sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=where, capture_output=True,
                             text=True, timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=where, capture_output=True, text=True, timeout=10).stdout
        return sha + ("+dirty" if dirty.strip() else "")
    except (OSError, subprocess.SubprocessError):
        return "-"


def run_provenance(repo_dir: Path) -> dict[str, Any]:
    """The part of provenance shared by every job of a run."""
    import lkjip_nb

    return {"lkjip_nb": lkjip_nb.__version__, "git_commit": git_commit(repo_dir),
            "libraries": library_versions()}


def shown_path(path: str | Path, *bases: str | Path) -> str:
    """``path`` as an output records it: relative to the first of ``bases`` (default: the
    current folder, i.e. the project) that holds it, with ``/`` separators; else only its
    name. No output carries the machine's absolute paths."""
    import os

    where = os.path.abspath(path)
    for base in bases or (Path.cwd(),):
        root = os.path.abspath(base)
        if where == root or where.startswith(root.rstrip(os.sep) + os.sep):
            return Path(os.path.relpath(where, root)).as_posix()
    return Path(where).name


def shown_parameters(parameters: dict[str, Any], *bases: str | Path) -> dict[str, Any]:
    """``parameters`` as outputs record them: every absolute path among the text values (the
    run's ``data_dir``, a ``survey`` file) shown by :func:`shown_path`."""
    import os

    return {name: shown_path(value, *bases) if isinstance(value, str) and os.path.isabs(value)
            else value for name, value in parameters.items()}
