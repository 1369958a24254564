"""Per-user disk cache of what rendering derives from installed files alone.

Jinja's compiled templates and the parsed JupyterLab stylesheet cost ~0.7 s of CPU at the start
of every run, while the zygote imports on the other core. Both depend only on files shipped
with nbconvert, JupyterLab's CSS and this package, so they are kept between runs, like
``__pycache__``: in ``$LKJIP_CACHE_DIR``, else ``$XDG_CACHE_HOME/lkjip_nb``, else
``~/.cache/lkjip_nb``. Entries are named by a hash of everything they are derived from; an
unwritable or unreadable cache only means recomputing.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from lkjip_nb.artifacts import atomic

if TYPE_CHECKING:
    from jinja2 import BytecodeCache

#: Environment variable overriding the cache folder ("" disables the cache).
CACHE_ENV = "LKJIP_CACHE_DIR"
T = TypeVar("T")


def cache_dir() -> Path | None:
    """The cache folder (not necessarily existing yet); None when disabled."""
    explicit = os.environ.get(CACHE_ENV)
    if explicit is not None:
        return Path(explicit) if explicit else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "lkjip_nb"


def subdir(name: str) -> Path | None:
    """``name`` inside the cache folder, created; None when there is no usable cache."""
    root = cache_dir()
    if root is None:
        return None
    try:
        (root / name).mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return root / name


def cached_pickle(name: str, parts: list[bytes], build: Callable[[], T]) -> T:
    """``build()``, or its pickled result of an earlier run with the same ``parts``."""
    folder = subdir(name)
    if folder is None:
        return build()
    digest = hashlib.sha256(b"\0".join(parts)).hexdigest()[:32]
    path = folder / f"{digest}.pickle"
    with contextlib.suppress(Exception):  # missing, truncated by a crash, or unpicklable
        return pickle.loads(path.read_bytes())
    value = build()
    with contextlib.suppress(OSError, pickle.PicklingError):
        atomic.write_bytes(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    return value


def jinja_bytecode_cache() -> BytecodeCache | None:
    """Jinja's cache of compiled templates in the cache folder (Jinja checks each template's
    source); None when there is no usable cache."""
    from jinja2 import FileSystemBytecodeCache

    folder = subdir("jinja")
    return FileSystemBytecodeCache(str(folder)) if folder is not None else None
