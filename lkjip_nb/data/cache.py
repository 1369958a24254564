"""Process-level memo of parsed data files, keyed by their content.

Parsing and checking a dataset's tables costs ~0.3-0.5 s, paid by every notebook kernel of a
run. A parse is kept per file path and table spec together with the sha256 of the bytes it came
from; the next read of that file hashes its bytes (cheap) and gets a copy of the kept result
when they are unchanged, so an edited file is always parsed again (only its newest parse is
kept). Callers get copies (frame, problem list, profile mapping): mutating them never changes
what the next read returns.

The runner's kernel zygote fills the memo with the run's datasets before forking (:func:`warm`,
see :mod:`lkjip_nb.runner.zygote_server`), so every forked kernel starts with it filled, shared
copy-on-write.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd

from lkjip_nb.data.problems import Problem
from lkjip_nb.data.profile import PROFILE_FILE, parse_profile
from lkjip_nb.data.schemas import TABLES, TableSpec
from lkjip_nb.data.tables import parse_table

# (resolved path, spec name, id(spec)) -> (sha256, spec, frame, problems); the spec is kept so
# its id is not reused while the entry lives
_tables: dict[tuple[str, str, int], tuple[str, TableSpec, pd.DataFrame, tuple[Problem, ...]]] = {}
# resolved path -> (sha256, profile, problems)
_profiles: dict[str, tuple[str, dict[str, Any], tuple[Problem, ...]]] = {}


def _relabel(problems: Iterable[Problem], label: str) -> list[Problem]:
    """The problems as reported under ``label`` (the same file may be reached by two names)."""
    return [p if p.file == label else replace(p, file=label) for p in problems]


def load_table(path: Path, spec: TableSpec,
               label: str) -> tuple[pd.DataFrame, list[Problem], str]:
    """Like :func:`~lkjip_nb.data.tables.read_table`, memoised; also the file's sha256."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    key = (str(path.resolve()), spec.name, id(spec))
    entry = _tables.get(key)
    if entry is None or entry[0] != digest or entry[1] is not spec:
        frame, problems = parse_table(data, spec, label)
        entry = _tables[key] = (digest, spec, frame, tuple(problems))
    return entry[2].copy(), _relabel(entry[3], label), digest


def load_profile(path: Path, label: str) -> tuple[dict[str, Any], list[Problem], str]:
    """Like :func:`~lkjip_nb.data.profile.read_profile`, memoised; also the file's sha256."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    key = str(path.resolve())
    entry = _profiles.get(key)
    if entry is None or entry[0] != digest:
        profile, problems = parse_profile(data, label)
        entry = _profiles[key] = (digest, profile, tuple(problems))
    return copy.deepcopy(entry[1]), _relabel(entry[2], label), digest


def warm(folders: Iterable[str | Path]) -> int:
    """Parse the profile and every table file of each dataset folder; return how many were read.

    Never raises: an unreadable or broken file is left for the notebook to report.
    """
    count = 0
    for folder in map(Path, folders):
        slug = folder.name
        files: list[tuple[str, TableSpec | None]] = [(PROFILE_FILE, None)]
        files += [(spec.file, spec) for spec in TABLES.values()]
        for name, spec in files:
            path = folder / name
            with contextlib.suppress(Exception):  # the notebook that reads it reports it
                if not path.is_file():
                    continue
                if spec is None:
                    load_profile(path, f"{slug}/{name}")
                else:
                    load_table(path, spec, f"{slug}/{name}")
                count += 1
    return count


def cached_files() -> list[str]:
    """Resolved paths of the files whose parse is kept (for tests and diagnostics)."""
    return sorted({key[0] for key in _tables} | set(_profiles))


def clear() -> None:
    """Forget every kept parse."""
    _tables.clear()
    _profiles.clear()
