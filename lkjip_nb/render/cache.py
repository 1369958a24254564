"""Per-user disk cache of the index pages' compiled Jinja templates (:mod:`lkjip_nb.render.index`).

Kept between runs, like ``__pycache__``: in ``$LKJIP_CACHE_DIR``, else
``$XDG_CACHE_HOME/lkjip_nb``, else ``~/.cache/lkjip_nb``. Jinja names each entry by its template
and checks it against the template's source; an unwritable or unreadable cache only means
compiling again.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jinja2 import BytecodeCache

#: Environment variable overriding the cache folder ("" disables the cache).
CACHE_ENV = "LKJIP_CACHE_DIR"


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


def jinja_bytecode_cache() -> BytecodeCache | None:
    """Jinja's cache of compiled templates in the cache folder (public Jinja API:
    ``Environment(bytecode_cache=...)``); None when there is no usable cache."""
    from jinja2 import FileSystemBytecodeCache

    folder = subdir("jinja")
    return FileSystemBytecodeCache(str(folder)) if folder is not None else None
