"""Kernel zygote, runner side: start-up and heavy imports once per run, a fresh fork per notebook.

A plain kernel pays ~1 s of Python and ipykernel start-up plus ~1-2 s of imports (pandas,
matplotlib, pandera, lkjip_nb) for every notebook. The zygote
(:mod:`lkjip_nb.runner.zygote_server`) pays them once: it is started lazily, when the first
kernel of a run is needed, and forks a new process for each kernel, so every notebook still runs
in its own process with nothing left over from the previous one.

jupyter_client keeps managing the kernel as usual: the kernel command becomes
:mod:`lkjip_nb.runner.zygote_launcher`, a tiny process that asks the zygote to fork, forwards
signals (interrupt, terminate) and exits with the kernel; killing it kills the kernel.

The zygote is stopped by :func:`stop_zygote` at the end of a run, and stops by itself when the
runner dies (its stdin is a pipe from the runner). A run with no more notebooks than parallel
slots does not use one (each slot would fork once; the zygote's start-up would be extra).

Without ``os.fork`` (Windows), with ``LKJIP_NO_ZYGOTE=1`` or ``lkjip run --no-zygote``, or when
the zygote cannot start, kernels are launched plainly (``python -m ipykernel_launcher``); the
reason is logged once (shown with ``--verbose``). Dask workers always launch plainly (see
:func:`lkjip_nb.runner.backends.run_dask`).
"""

from __future__ import annotations

import logging
import os
import selectors
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path

#: Directory that holds the lkjip_nb package, put on the kernel's PYTHONPATH.
PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


def kernel_env() -> dict[str, str]:
    """Environment added for the kernel (and the zygote that forks kernels)."""
    pythonpath = os.pathsep.join(p for p in (PACKAGE_ROOT, os.environ.get("PYTHONPATH")) if p)
    return {"PYTHONPATH": pythonpath, "JPY_PARENT_PID": str(os.getpid()),
            "MPLBACKEND": "module://matplotlib_inline.backend_inline"}


#: The launcher script, run by path (no package import).
LAUNCHER = str(Path(__file__).with_name("zygote_launcher.py"))
#: Seconds the zygote may take to import everything before the run gives up on it.
START_TIMEOUT = 120.0

log = logging.getLogger(__name__)


class Zygote:
    """A zygote process and its socket; :attr:`ready` once it has imported everything."""

    def __init__(self, process: subprocess.Popen, folder: str):
        self.process = process
        self.folder = folder
        self.socket = os.path.join(folder, "zygote.sock")
        self.ready = False

    def kernel_argv(self) -> list[str]:
        """Kernel command for jupyter_client (``{connection_file}`` filled in by it)."""
        return [sys.executable, "-I", "-S", LAUNCHER, self.socket, "-f", "{connection_file}"]

    def alive(self) -> bool:
        return self.process.poll() is None

    def wait_ready(self) -> None:
        """Block until the zygote says ``ready``; RuntimeError if it does not."""
        out = self.process.stdout
        # a selector, not select.select: that fails on descriptors >= 1024 (FD_SETSIZE)
        with selectors.DefaultSelector() as selector:
            selector.register(out, selectors.EVENT_READ)  # type: ignore[arg-type]
            ready = selector.select(START_TIMEOUT)
        if (out.readline() if ready else b"").strip() != b"ready":  # type: ignore[union-attr]
            self.stop(timeout=1)
            code = self.process.returncode
            raise RuntimeError("tidak siap dalam batas waktu" if code is None
                               else f"berhenti dengan kode {code}")
        self.ready = True

    def stop(self, timeout: float = 10.0) -> None:
        """Close its stdin (it kills leftover kernels and exits); kill it if it lingers."""
        try:
            if not self.ready:
                self.process.kill()  # still importing: no kernel to care for
            if self.process.stdin:
                self.process.stdin.close()
            self.process.wait(timeout)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        finally:
            if self.process.stdout:
                self.process.stdout.close()
            shutil.rmtree(self.folder, ignore_errors=True)


_lock = threading.Lock()
_zygote: Zygote | None = None
_refused = False  # the zygote failed once in this run: launch plainly, do not retry
_parent: str | None = None  # the run's folder for the zygote's socket (prestart_zygote)


def zygote_available() -> bool:
    """fork exists and LKJIP_NO_ZYGOTE is not set."""
    return hasattr(os, "fork") and os.environ.get("LKJIP_NO_ZYGOTE", "") in ("", "0")


def _note(message: str, verbose: bool) -> None:
    log.info(message)
    if verbose:
        print(message, file=sys.stderr, flush=True)


def spawn_zygote(env: dict[str, str], verbose: bool = False,
                 parent: str | None = None) -> Zygote:
    """Start a zygote with ``env`` (added to this environment); do not wait for it. Its socket
    is in a new folder in ``parent`` (the run's folder), else in the temporary folder."""
    folder = tempfile.mkdtemp(prefix="z-" if parent else "lkjip-zygote-", dir=parent)
    server = [sys.executable, "-m", "lkjip_nb.runner.zygote_server"]
    process = subprocess.Popen(
        [*server, os.path.join(folder, "zygote.sock")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=None if verbose else subprocess.DEVNULL, env={**os.environ, **env},
        cwd=folder, start_new_session=True)
    return Zygote(process, folder)


def start_zygote(env: dict[str, str], verbose: bool = False) -> Zygote:
    """Start a zygote and wait until it is ready."""
    zygote = spawn_zygote(env, verbose)
    zygote.wait_ready()
    return zygote


def _ensure(env: dict[str, str], verbose: bool, wait: bool) -> Zygote | None:
    """This run's zygote (spawned if needed, ready if ``wait``), or None; hold ``_lock``."""
    global _zygote, _refused
    if not zygote_available() or _refused:
        return None
    if _zygote is not None and not _zygote.alive():
        _note("zygote kernel berhenti; dimulai lagi", verbose)
        _zygote.stop(timeout=1)
        _zygote = None
    try:
        if _zygote is None:
            _zygote = spawn_zygote(env, verbose, _parent)
        if wait and not _zygote.ready:
            _zygote.wait_ready()
    except (OSError, RuntimeError) as exc:
        _refused = True
        _zygote = None
        _note(f"zygote kernel tidak bisa dimulai ({exc}); kernel dijalankan biasa", verbose)
    return _zygote


def warm_env(folders: Iterable[str | Path]) -> dict[str, str]:
    """Environment entry asking a zygote to parse these dataset folders before forking."""
    from lkjip_nb.runner.zygote_server import WARM_ENV

    paths = sorted({str(Path(f).resolve()) for f in folders})
    return {WARM_ENV: os.pathsep.join(paths)} if paths else {}


def prestart_zygote(env: dict[str, str], verbose: bool = False,
                    folder: str | os.PathLike[str] | None = None) -> None:
    """Begin starting the zygote without waiting: its imports overlap the runner's own.
    ``folder``: the run's folder, where the zygote's socket goes (until :func:`stop_zygote`)."""
    global _parent
    with _lock:
        if folder is not None:
            _parent = os.fspath(folder)
        _ensure(env, verbose, wait=False)


def zygote_kernel_argv(env: dict[str, str], verbose: bool = False) -> list[str] | None:
    """Kernel command through this run's zygote (started now if needed), or None: launch plainly."""
    with _lock:
        zygote = _ensure(env, verbose, wait=True)
        return zygote.kernel_argv() if zygote is not None else None


def stop_zygote() -> None:
    """End of a run: stop the zygote if one was started, allow a new one next run."""
    global _zygote, _refused, _parent
    with _lock:
        if _zygote is not None:
            _zygote.stop()
        _zygote = None
        _refused = False
        _parent = None
