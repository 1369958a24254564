"""Batch kernels: always this interpreter, over ipc sockets, through jupyter_client's own seams.

* The kernel is ``sys.executable -m ipykernel_launcher``: whatever kernelspecs the user has
  installed (or not) play no part (papermill issues #251, #638). This is done the documented
  way, by a :class:`~jupyter_client.kernelspec.KernelSpecManager` whose ``get_kernel_spec``
  answers with a spec for the running interpreter, configured on a standard
  :class:`~jupyter_client.AsyncKernelManager` (:func:`kernel_config`).
* Transport is ``ipc`` (Unix sockets named after a unique path): concurrent kernels never race
  for TCP ports (papermill issue #511, ``ZMQError: Address already in use``).
* ``JPY_PARENT_PID`` makes the kernel exit when the runner is killed.
* With ``zygote``, the kernel command is :mod:`lkjip_nb.runner.zygote_launcher`, which has the
  run's zygote (:mod:`lkjip_nb.runner.zygote`) fork the kernel instead of starting a new
  interpreter, when there is a zygote; otherwise the plain command.
* The kernel's own stderr (log lines such as "KeyboardInterrupt caught in kernel" at shutdown)
  is discarded unless verbose: :data:`QUIET_LAUNCH` is handed to ``start_kernel`` (Popen
  keyword arguments, see :mod:`lkjip_nb.runner.engine`); errors still reach the notebook.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
import time
import uuid
from queue import Empty
from typing import Any

import jupyter_client
from jupyter_client import AsyncKernelManager
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from traitlets import Bool

from lkjip_nb.runner.zygote import PACKAGE_ROOT, kernel_env  # noqa: F401 - part of this API

#: Options of every batch kernel. No IPython history: a batch run has no use for it, it would
#: fill the user's history database with notebook cells, and concurrent kernels contend for
#: that SQLite file (its thread and commit are ~0.1 s of each kernel's start).
KERNEL_OPTIONS = ("--HistoryManager.enabled=False",)
#: Name the batch kernel is asked for by (any name: the spec manager below answers every one).
KERNEL_NAME = "python3"
#: ``start_kernel`` keyword arguments (passed on to Popen) of a quiet kernel.
QUIET_LAUNCH: dict[str, Any] = {"stderr": subprocess.DEVNULL}
#: Seconds :class:`PromptKernelManager` waits, in :data:`KILL_POLL` steps, for a killed kernel.
KILL_WAIT = 2.0
KILL_POLL = 0.005


def interpreter_kernel_spec(argv: list[str] | None = None) -> KernelSpec:
    """A kernelspec for the running interpreter (``argv``: another way to start it)."""
    return KernelSpec(
        argv=[*(argv or [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]),
              *KERNEL_OPTIONS],
        display_name=f"Python {sys.version_info.major}.{sys.version_info.minor} (lkjip)",
        language="python",
        env=kernel_env(),
    )


class PromptKernelClient(AsyncKernelClient):
    """AsyncKernelClient that is ready as soon as the kernel is (a ``client_class`` of the
    kernel manager, a documented seam; public client API only).

    jupyter_client's ``wait_for_ready`` ends by waiting for 0.2 s of silence on IOPub, and waits
    0.2 s more whenever the first status message is lost to ZeroMQ's slow-joiner effect: ~0.3 s
    of every notebook's start-up. The checks here are the same — a ``kernel_info_reply`` on
    shell, then a message on IOPub, so IOPub is connected — with short polls. Start-up messages
    left on IOPub are harmless: nbclient only reads messages whose parent is the cell it runs.
    """

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        """Return once the kernel answered ``kernel_info`` and IOPub delivers messages."""
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while True:
            self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=0.5)
            except Empty:
                reply = None
            if reply is not None and reply["msg_type"] == "kernel_info_reply":
                try:
                    await self.iopub_channel.get_msg(timeout=0.05)
                except Empty:
                    pass
                else:
                    adapt = int(reply["content"]["protocol_version"].split(".")[0])
                    if adapt != jupyter_client.protocol_version_info[0]:
                        self.session.adapt_version = adapt  # as jupyter_client does
                    return
            if not await self.is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")


class PromptKernelManager(AsyncKernelManager):
    """AsyncKernelManager whose immediate shutdown notices the killed kernel at once (the
    class :func:`kernel_manager` makes; public manager and provisioner API only).

    jupyter_client's ``shutdown_kernel(now=True)`` sends SIGKILL, then polls the process every
    0.1 s: a killed kernel is gone within milliseconds, so every notebook waited ~0.1 s for the
    first poll, on its job's path (nbclient shuts each kernel down as its notebook ends, see
    :mod:`lkjip_nb.runner.engine`). Here the provisioner kills the kernel first and it is
    polled every :data:`KILL_POLL`; jupyter_client's own shutdown then finds it gone and only
    reaps it and cleans up (sockets, connection file, zmq context).
    """

    async def shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:
        """As jupyter_client's; with ``now``, kill and wait for the kernel in short polls."""
        provisioner = self.provisioner
        if now and self.owns_kernel and self.has_kernel and provisioner is not None:
            await provisioner.kill(restart=restart)
            deadline = time.monotonic() + KILL_WAIT
            while await provisioner.poll() is None and time.monotonic() < deadline:
                await asyncio.sleep(KILL_POLL)
        await super().shutdown_kernel(now=now, restart=restart)


class InterpreterKernelSpecManager(KernelSpecManager):
    """Answers every kernel name with :func:`interpreter_kernel_spec`; through the run's zygote
    when :attr:`zygote` is set and a zygote can be had."""

    zygote = Bool(False, help="fork kernels from the run's zygote").tag(config=True)
    verbose = Bool(False, help="let the zygote report why it is not used").tag(config=True)

    def get_kernel_spec(self, kernel_name: str, **kwargs: Any) -> KernelSpec:
        """The running interpreter's spec, whatever ``kernel_name``."""
        argv = None
        if self.zygote:
            from lkjip_nb.runner.zygote import zygote_kernel_argv

            argv = zygote_kernel_argv(kernel_env(), verbose=self.verbose)
        return interpreter_kernel_spec(argv)


def kernel_manager(*, zygote: bool = False, verbose: bool = False,
                   sockets: str | os.PathLike[str] | None = None) -> AsyncKernelManager:
    """A standard AsyncKernelManager (:class:`PromptKernelManager`) for one batch kernel: our
    spec manager, ipc transport on a unique socket path. Hand it to papermill as ``km``
    (nbclient starts the kernel, and shuts it down, see :mod:`lkjip_nb.runner.engine`).

    ``sockets``: the run's folder for sockets and the connection file
    (:func:`lkjip_nb.runner.session.run_folder`), so that a killed run leaves them there, where
    the next run removes them; without it, the system's temporary folder (sockets) and
    Jupyter's runtime folder (connection file).
    """
    name = f"k-{uuid.uuid4().hex[:12]}"
    folder = os.fspath(sockets) if sockets is not None else tempfile.gettempdir()
    extra: dict[str, Any] = {}
    if sockets is not None:
        extra["connection_file"] = os.path.join(folder, f"{name}.json")
    return PromptKernelManager(
        kernel_name=KERNEL_NAME,
        kernel_spec_manager=InterpreterKernelSpecManager(zygote=zygote, verbose=verbose),
        transport="ipc",
        client_class=f"{__name__}.{PromptKernelClient.__name__}",
        # absolute and unique: the default ("kernel-ipc") is relative to each kernel's cwd
        ip=os.path.join(folder, name if sockets is not None else f"lkjip-{name[2:]}"),
        **extra,
    )


def launch_options(verbose: bool) -> dict[str, Any]:
    """``start_kernel`` keyword arguments for ``lkjip run`` (``--verbose`` keeps stderr)."""
    return {} if verbose else dict(QUIET_LAUNCH)
