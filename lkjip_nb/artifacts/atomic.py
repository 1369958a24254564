"""Atomic writes: a reader never sees a half-written output; a crash never destroys a good one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

TMP_MARKER = ".lkjip-tmp-"


def _read_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()  # read once, at import (os.umask is process-wide, not thread-safe)


def temp_path_for(target: Path, suffix: str = "") -> Path:
    """A fresh temporary path in ``target``'s folder (same file system, so os.replace is atomic)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=TMP_MARKER + target.stem + "-",
                                suffix=suffix or target.suffix, dir=target.parent)
    os.close(fd)
    os.chmod(name, 0o666 & ~_UMASK)  # mkstemp makes 0600; outputs are for readers
    return Path(name)


def write_bytes(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temporary file and os.replace."""
    tmp = temp_path_for(target)
    try:
        tmp.write_bytes(data)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def write_text(target: Path, text: str) -> None:
    """Write UTF-8 ``text`` atomically."""
    write_bytes(target, text.encode("utf-8"))


def replace(tmp: Path, target: Path) -> None:
    """Move a finished temporary file into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(tmp, target)


def remove_stale_temps(root: Path) -> int:
    """Delete temporary files left by an interrupted run under ``root``; return how many."""
    if not root.is_dir():
        return 0
    count = 0
    for path in root.rglob(TMP_MARKER + "*"):
        path.unlink(missing_ok=True)
        count += 1
    return count
