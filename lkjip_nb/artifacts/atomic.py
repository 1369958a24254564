"""Atomic writes: a reader never sees a half-written output; a crash never destroys a good one.

Every write names the root it must stay in (``root=``, e.g. the run's ``--out``): a target
outside it (``<out>/../x``, an absolute path where a name was expected) is refused with
:class:`OutsideRoot` before anything is created. A write that fails (disk full, read-only
folder, a file where a folder should be) leaves the previous file as it was and no temporary
file behind; :func:`write_problem` says why in one line.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from lkjip_nb.errors import LkjipError

TMP_MARKER = ".lkjip-tmp-"


class OutsideRoot(LkjipError):
    """A write would land outside the folder it belongs to."""


class WriteFailed(LkjipError, OSError):
    """An output could not be written; the message is one line (:func:`write_problem`)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "tidak bisa menulis"


def inside(root: Path, target: Path) -> Path:
    """``target`` when it lies inside ``root`` (compared as normalised absolute paths, so that
    ``..`` cannot climb out; symbolic links the user made inside ``root`` are followed as
    usual); :class:`OutsideRoot` otherwise."""
    base = os.path.abspath(root)
    where = os.path.abspath(target)
    if where != base and not where.startswith(base.rstrip(os.sep) + os.sep):
        raise OutsideRoot(f"Menolak menulis {target}: di luar folder {root}")
    return target


def write_problem(exc: OSError, path: Path | str | None = None) -> str:
    """One line saying why writing failed, e.g. ``tidak bisa menulis outputs/x.html: disk
    penuh (No space left on device)``."""
    reasons = {errno.ENOSPC: "disk penuh", errno.EDQUOT: "kuota disk habis",
               errno.EROFS: "sistem berkas hanya-baca", errno.EACCES: "tidak ada izin menulis",
               errno.EPERM: "tidak ada izin menulis",
               errno.ENOTDIR: "ada berkas di tempat yang seharusnya folder",
               errno.EEXIST: "ada berkas di tempat yang seharusnya folder"}
    if isinstance(exc, WriteFailed):
        return str(exc)
    where = path if path is not None else exc.filename
    reason = reasons.get(exc.errno or 0, "")
    detail = exc.strerror or type(exc).__name__
    text = f"{reason} ({detail})" if reason else detail
    return f"tidak bisa menulis {where}: {text}" if where else f"tidak bisa menulis: {text}"


def _read_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()  # read once, at import (os.umask is process-wide, not thread-safe)


def temp_path_for(target: Path, suffix: str = "", *, root: Path | None = None) -> Path:
    """A fresh temporary path in ``target``'s folder (same file system, so os.replace is
    atomic); ``target`` must lie inside ``root`` when given."""
    if root is not None:
        inside(root, target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=TMP_MARKER + target.stem + "-",
                                    suffix=suffix or target.suffix, dir=target.parent)
    except OSError as exc:
        raise WriteFailed(write_problem(exc, target.parent)) from exc
    os.close(fd)
    os.chmod(name, 0o666 & ~_UMASK)  # mkstemp makes 0600; outputs are for readers
    return Path(name)


def write_file(path: Path, data: bytes) -> None:
    """The one place output bytes reach the disk: ``data`` into ``path``, flushed."""
    with open(path, "wb") as out:
        out.write(data)
        out.flush()


def fill(tmp: Path, target: Path, data: bytes) -> None:
    """Write ``data`` into the temporary file ``tmp`` (from :func:`temp_path_for`), then move
    it over ``target``; on any failure ``tmp`` is removed, ``target`` is left as it was and
    :class:`WriteFailed` says why in one line."""
    try:
        write_file(tmp, data)
        os.replace(tmp, target)
    except OSError as exc:
        raise WriteFailed(write_problem(exc, target)) from exc
    finally:
        tmp.unlink(missing_ok=True)


def write_bytes(target: Path, data: bytes, *, root: Path | None = None) -> None:
    """Write ``data`` to ``target`` through a temporary file and os.replace; ``target`` must
    lie inside ``root`` when given."""
    fill(temp_path_for(target, root=root), target, data)


def write_text(target: Path, text: str, *, root: Path | None = None) -> None:
    """Write UTF-8 ``text`` atomically (see :func:`write_bytes`)."""
    write_bytes(target, text.encode("utf-8"), root=root)


def replace(tmp: Path, target: Path, *, root: Path | None = None) -> None:
    """Move a finished temporary file into place (inside ``root`` when given)."""
    if root is not None:
        inside(root, target)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(tmp, target)


def remove_stale_temps(root: Path) -> int:
    """Delete temporary files left by an interrupted run under ``root``; return how many."""
    if not root.is_dir():
        return 0
    count = 0
    for path in root.rglob(TMP_MARKER + "*"):
        if path.is_dir() and not path.is_symlink():
            continue
        inside(root, path)
        path.unlink(missing_ok=True)
        count += 1
    return count
