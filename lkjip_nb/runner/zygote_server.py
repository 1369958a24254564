"""The zygote process: heavy imports once, then one forked ipykernel per notebook.

Started by :mod:`lkjip_nb.runner.zygote` as ``python -m lkjip_nb.runner.zygote_server SOCKET``
with the kernel's environment (PYTHONPATH, MPLBACKEND). It imports what every chapter notebook
needs (:data:`PRELOAD`) without creating a zmq Context or a Python thread, parses the run's data
files (:func:`warm_data`, folders in :data:`WARM_ENV`), prints ``ready`` and serves requests
from :mod:`lkjip_nb.runner.zygote_launcher` on the Unix socket ``SOCKET``:

* request: 4-byte length + JSON ``{"argv", "cwd", "env"}``, with the launcher's stdin, stdout
  and stderr attached (SCM_RIGHTS). The zygote forks; the child resets signals, takes those
  three descriptors, the cwd and the environment, and becomes ``IPKernelApp`` with ``argv``.
* replies on the same connection: ``pid N`` after the fork, ``exit CODE`` when the child exits
  (CODE < 0: killed by signal -CODE).
* the launcher may send ``signal N``; the zygote passes it to the child. When the connection
  closes before the child exited (the launcher was killed), the child is killed.

The zygote stops when its stdin (a pipe from the runner) closes, i.e. at the end of the run or
when the runner dies; it kills its remaining children first. Each child also asks Linux to
kill it when the zygote dies (``PR_SET_PDEATHSIG``) and polls its parent like any ipykernel
(``JPY_PARENT_PID`` is the zygote). In ``ps`` a forked kernel shows the zygote's command line.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import json
import os
import selectors
import signal
import socket
import struct
import sys
from dataclasses import dataclass

#: Modules imported once in the zygote. ``matplotlib_inline.backend_inline`` is deliberately
#: absent: it hooks into the running IPython shell when imported, so the child imports it.
PRELOAD = (
    "ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.debugger", "IPython",
    "IPython.display", "IPython.core.pylabtools", "IPython.core.debugger", "sqlite3", "pydoc",
    "faulthandler", "mimetypes", "numpy", "pandas", "matplotlib", "matplotlib.pyplot",
    "matplotlib.backends.backend_agg",
    "pandera", "babel", "babel.numbers", "babel.dates",
    "lkjip_nb.record", "lkjip_nb.notebook", "lkjip_nb.present", "lkjip_nb.charts",
    "lkjip_nb.chapters.common", "lkjip_nb.chapters.planning", "lkjip_nb.chapters.indicators",
    "lkjip_nb.chapters.efficiency", "lkjip_nb.chapters.budget", "lkjip_nb.chapters.hibah",
    "lkjip_nb.iks.chapter", "lkjip_nb.iks.charts",
)
#: Environment variable: dataset folders (``<data_dir>/<opd>``, ``os.pathsep``-separated) whose
#: files the zygote parses before forking kernels.
WARM_ENV = "LKJIP_WARM_DATA"
#: Modules without which there is no point in a zygote (the runner then launches plainly).
REQUIRED = ("ipykernel.kernelapp",)
_HEADER = struct.Struct("!I")


@dataclass
class KernelRequest:
    """What a forked child needs to become the kernel a launcher asked for."""

    argv: list[str]
    cwd: str
    env: dict[str, str]
    fds: list[int]


def preload() -> None:
    """Import :data:`PRELOAD`; a broken optional module is left for the notebook to report."""
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception:
            if name in REQUIRED:
                raise


def warm_data() -> None:
    """Parse the run's data files before forking: every kernel starts with them parsed.

    Folders come from :data:`WARM_ENV` (see :mod:`lkjip_nb.data.cache`); a broken file is left
    for the notebook to report.
    """
    folders = [p for p in os.environ.get(WARM_ENV, "").split(os.pathsep) if p]
    if not folders:
        return
    with contextlib.suppress(Exception):
        from lkjip_nb.data.cache import warm

        warm(folders)


def _read_request(conn: socket.socket) -> KernelRequest:
    conn.settimeout(10)
    data, fds, _flags, _addr = socket.recv_fds(conn, 1 << 16, 3)
    try:
        while len(data) < _HEADER.size:
            data += conn.recv(1 << 16) or _eof()
        (size,) = _HEADER.unpack_from(data)
        while len(data) < _HEADER.size + size:
            data += conn.recv(1 << 16) or _eof()
        conn.settimeout(None)
        doc = json.loads(data[_HEADER.size:_HEADER.size + size])
        if len(fds) != 3:
            raise OSError("launcher sent no stdio descriptors")
        return KernelRequest(argv=list(doc["argv"]), cwd=doc["cwd"], env=dict(doc["env"]),
                             fds=fds)
    except BaseException:
        for fd in fds:  # a bad request: the descriptors it brought are not kept
            os.close(fd)
        raise


def _eof() -> bytes:
    raise OSError("launcher closed the connection")


def _send(conn: socket.socket, text: str) -> None:
    with contextlib.suppress(OSError):  # the launcher is gone; its child is killed at the EOF
        conn.sendall(text.encode())


class Zygote:
    """The serving loop; :meth:`serve` returns a request only in a freshly forked child."""

    def __init__(self, path: str):
        self.pid = os.getpid()
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(path)
        self.listener.listen(16)
        self.path = path
        self.wake_r, self.wake_w = os.pipe()
        os.set_blocking(self.wake_w, False)
        self.selector = selectors.DefaultSelector()
        self.children: dict[int, socket.socket] = {}  # pid -> launcher connection
        self.conns: dict[socket.socket, int] = {}
        self.stopping = False

    def serve(self) -> KernelRequest | None:
        """Serve until stdin closes (then None); in a forked child, return its request."""
        signal.set_wakeup_fd(self.wake_w)
        signal.signal(signal.SIGCHLD, lambda *_: None)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the runner's business
        signal.signal(signal.SIGTERM, self._stop)
        self.selector.register(self.listener, selectors.EVENT_READ, "accept")
        self.selector.register(self.wake_r, selectors.EVENT_READ, "wake")
        self.selector.register(sys.stdin.fileno(), selectors.EVENT_READ, "stdin")
        while True:
            for key, _ in self.selector.select():
                if key.data == "accept":
                    request = self._accept()
                    if request is not None:
                        return request  # we are the child
                elif key.data == "wake":
                    os.read(self.wake_r, 512)
                    self._reap()
                elif key.data == "stdin":
                    self.stopping = self.stopping or not os.read(sys.stdin.fileno(), 512)
                else:
                    self._from_launcher(key.fileobj)  # type: ignore[arg-type]
            if self.stopping:
                self.shutdown()
                return None

    def _stop(self, *_: object) -> None:
        self.stopping = True

    def _accept(self) -> KernelRequest | None:
        conn, _ = self.listener.accept()
        try:
            request = _read_request(conn)
        except (OSError, ValueError, KeyError):
            conn.close()
            return None
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            self._become_child(request)
            return request
        for fd in request.fds:
            os.close(fd)
        self.children[pid] = conn
        self.conns[conn] = pid
        self.selector.register(conn, selectors.EVENT_READ, "launcher")
        _send(conn, f"pid {pid}\n")
        return None

    def _from_launcher(self, conn: socket.socket) -> None:
        try:
            data = conn.recv(4096)
        except OSError:
            data = b""
        pid = self.conns.get(conn)
        if not data:  # launcher gone (killed): its kernel goes too
            self._forget(conn)
            if pid is not None:
                _kill(pid, signal.SIGKILL)
            return
        for line in data.decode(errors="replace").splitlines():
            word, _, value = line.partition(" ")
            if word == "signal" and value.isdigit() and pid is not None:
                _kill(pid, int(value))

    def _reap(self) -> None:
        while self.children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            conn = self.children.pop(pid, None)
            if conn is None:
                continue
            self.conns.pop(conn, None)
            _send(conn, f"exit {os.waitstatus_to_exitcode(status)}\n")
            self._forget(conn)
            conn.close()

    def _forget(self, conn: socket.socket) -> None:
        with contextlib.suppress(KeyError, ValueError):
            self.selector.unregister(conn)

    def shutdown(self) -> None:
        """Kill what is left, tell the launchers, remove the socket."""
        for pid in list(self.children):
            _kill(pid, signal.SIGKILL)
        for pid, conn in list(self.children.items()):
            try:
                _, status = os.waitpid(pid, 0)
            except ChildProcessError:
                status = 0
            _send(conn, f"exit {os.waitstatus_to_exitcode(status)}\n")
            conn.close()
        self.children.clear()
        self.listener.close()
        with contextlib.suppress(OSError):
            os.unlink(self.path)
            os.rmdir(os.path.dirname(self.path))

    def _become_child(self, request: KernelRequest) -> None:
        """In the forked child: drop the zygote's sockets and signals, take the request's."""
        signal.set_wakeup_fd(-1)
        for sig in (signal.SIGCHLD, signal.SIGTERM):
            signal.signal(sig, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        self.selector.close()
        self.listener.close()
        for conn in [*self.conns, *self.children.values()]:
            conn.close()
        os.close(self.wake_r)
        os.close(self.wake_w)
        os.setsid()
        _die_with_parent(self.pid)
        for target, fd in enumerate(request.fds):
            os.dup2(fd, target)
            os.close(fd)
        os.chdir(request.cwd)
        os.environ.clear()
        os.environ.update(request.env)
        os.environ["JPY_PARENT_PID"] = str(self.pid)
        if "numpy.random" in sys.modules:
            sys.modules["numpy.random"].seed()  # not the zygote's state, shared by every child


def _kill(pid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(pid, sig)


def _die_with_parent(parent: int) -> None:
    """Linux: SIGKILL this process when the zygote dies (best effort elsewhere)."""
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):  # 1 = PR_SET_PDEATHSIG
            ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))
    if os.getppid() != parent:
        os._exit(1)


def run_kernel(request: KernelRequest) -> int:
    """In the child: what ``python -m ipykernel_launcher ARGV`` does."""
    from ipykernel.kernelapp import IPKernelApp

    sys.argv = ["ipykernel_launcher", *request.argv]
    IPKernelApp.launch_instance(argv=request.argv)
    return 0


def main(argv: list[str]) -> int:
    """``python -m lkjip_nb.runner.zygote_server SOCKET``."""
    if sys.path and (sys.path[0] == "" or os.path.abspath(sys.path[0]) == os.getcwd()):
        del sys.path[0]  # as ipykernel_launcher: IPython puts the kernel's cwd back
    try:
        preload()
        zygote = Zygote(argv[0])
    except Exception as exc:
        print(f"zygote: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    warm_data()
    gc.collect()
    gc.freeze()  # fewer copy-on-write pages touched by the children's collector
    try:
        print("ready", flush=True)
    except OSError:  # the runner died while we were importing
        zygote.shutdown()
        return 1
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # nothing else for the runner to read
    os.close(devnull)
    request = zygote.serve()
    if request is None:
        return 0
    return run_kernel(request)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
