"""What one ``lkjip run`` owns in its output folder while it runs: a lock and a socket folder.

* The lock: ``fcntl.flock`` on ``<out>/.lkjip.lock``, held from planning to the last index page.
  A second run on the same ``--out`` stops at once with :class:`OutputBusy`, naming the run
  that holds it (process id, host, start time, written into the lock file). The kernel drops
  the lock when its holder dies, even by SIGKILL: a lock file left behind is no lock.
* The run folder ``<out>/.lkjip-run/``: the ipc sockets and connection files of the run's
  kernels and the zygote's socket. A killed run leaves them there, not in /tmp; the next run
  (holding the lock, so no other run can be using them) empties it before starting. When that
  path is too long for a Unix socket (107 bytes), a folder named after the output
  folder in the system's temporary folder is used instead, cleaned the same way.

Without ``fcntl`` (Windows) there is no lock; everything else is the same.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import socket
import tempfile
from pathlib import Path
from types import TracebackType

from lkjip_nb.artifacts.atomic import write_problem
from lkjip_nb.artifacts.provenance import now_iso
from lkjip_nb.errors import LkjipError

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

LOCK_FILE = ".lkjip.lock"
RUN_FOLDER = ".lkjip-run"
#: Longest path a Unix socket may have (Linux: 108 bytes with the final NUL).
SOCKET_PATH_MAX = 107
#: Length of the longest socket name below the run folder (``z-<8>/zygote.sock``; kernels:
#: ``k-<12 hex>-<n>``).
_LONGEST_NAME = 24


class OutputBusy(LkjipError):
    """Another run holds the output folder."""


class OutputNotWritable(LkjipError):
    """The output folder cannot be created or written."""


def run_folder(out_dir: Path) -> Path:
    """The folder of the run's sockets for ``out_dir`` (see the module docstring)."""
    here = Path(os.path.abspath(out_dir)) / RUN_FOLDER
    if len(str(here)) + 1 + _LONGEST_NAME <= SOCKET_PATH_MAX:
        return here
    digest = hashlib.sha256(str(here).encode()).hexdigest()[:12]
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return Path(tempfile.gettempdir()) / f"lkjip-run-{uid}-{digest}"


def clean_run_folder(folder: Path) -> int:
    """Remove what an earlier (killed) run left in ``folder``; return how many entries."""
    if not folder.is_dir():
        return 0
    count = 0
    for entry in folder.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
        count += 1
    return count


def _holder(text: str) -> str:
    """``pid 123 di host, mulai 2024-...`` from a lock file's content ("" when unreadable)."""
    fields = dict(line.split("=", 1) for line in text.splitlines() if "=" in line)
    if "pid" not in fields:
        return ""
    where = f" di {fields['host']}" if fields.get("host") else ""
    since = f", mulai {fields['started']}" if fields.get("started") else ""
    return f"pid {fields['pid']}{where}{since}"


class RunSession:
    """The lock on ``out_dir`` and its run folder; a context manager around a whole run."""

    def __init__(self, out_dir: Path):
        self.out_dir = Path(out_dir)
        self.lock_path = self.out_dir / LOCK_FILE
        self.folder = run_folder(self.out_dir)
        self._file = None

    def __enter__(self) -> RunSession:
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            handle = open(self.lock_path, "a+", encoding="utf-8")  # noqa: SIM115 - kept open
        except OSError as exc:
            raise OutputNotWritable(f"Folder hasil --out {self.out_dir}: "
                                    + write_problem(exc, self.out_dir)) from exc
        if fcntl is not None:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.seek(0)
                who = _holder(handle.read()) or "proses lain"
                handle.close()
                raise OutputBusy(
                    f"Folder hasil {self.out_dir} sedang dipakai oleh lkjip run lain ({who}); "
                    "tunggu sampai selesai, atau pakai --out lain") from None
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(f"pid={os.getpid()}\nhost={socket.gethostname()}\n"
                         f"started={now_iso()}\n")
            handle.flush()
            clean_run_folder(self.folder)
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            handle.close()
            raise OutputNotWritable(f"Folder hasil --out {self.out_dir}: "
                                    + write_problem(exc)) from exc
        self._file = handle
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        with contextlib.suppress(OSError):
            clean_run_folder(self.folder)
            self.folder.rmdir()
        if self._file is not None:
            with contextlib.suppress(OSError):
                self._file.truncate(0)
            self._file.close()  # releases the lock
            self._file = None
