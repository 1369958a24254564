"""A kernel manager that always starts this interpreter, over ipc sockets.

* The kernel is ``sys.executable -m ipykernel_launcher``: whatever kernelspecs the user has
  installed (or not) play no part (papermill issues #251, #638).
* Transport is ``ipc`` (Unix sockets named after the unique connection file): concurrent kernels
  never race for TCP ports (papermill issue #511, ``ZMQError: Address already in use``).
* ``JPY_PARENT_PID`` makes the kernel exit when the runner is killed.
* :class:`ZygoteKernelManager` gets its kernel forked from the run's zygote
  (:mod:`lkjip_nb.runner.zygote`) instead of starting a new interpreter, when it can.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import uuid
from queue import Empty

from jupyter_client import AsyncKernelManager
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.kernelspec import KernelSpec

from lkjip_nb.runner.zygote import PACKAGE_ROOT, kernel_env  # noqa: F401 - part of this API

#: Options of every batch kernel. No IPython history: a batch run has no use for it, it would
#: fill the user's history database with notebook cells, and concurrent kernels contend for
#: that SQLite file (its thread and commit are ~0.1 s of each kernel's start).
KERNEL_OPTIONS = ("--HistoryManager.enabled=False",)


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
    """AsyncKernelClient that is ready as soon as the kernel is.

    jupyter_client's ``wait_for_ready`` ends by waiting for 0.2 s of silence on IOPub, and waits
    0.2 s more whenever the first status message is lost to ZeroMQ's slow-joiner effect: ~0.3 s
    of every notebook's start-up. Here the checks are the same (a ``kernel_info_reply`` on
    shell and a message on IOPub, so IOPub is connected) with short polls. Start-up messages
    left on IOPub are harmless: nbclient only reads messages whose parent is the cell it runs.
    """

    async def wait_for_ready(self, timeout: float | None = None) -> None:  # type: ignore[override]
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
                    self._handle_kernel_info_reply(reply)
                    return
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")


class InterpreterKernelManager(AsyncKernelManager):
    """AsyncKernelManager bound to :func:`interpreter_kernel_spec` and ipc transport.

    The kernel's own stderr (log lines such as "KeyboardInterrupt caught in kernel" at
    shutdown) is discarded unless :attr:`quiet` is False; errors still reach the notebook.
    """

    quiet = True
    zygote = False

    def __init__(self, **kwargs):
        kwargs.setdefault("transport", "ipc")
        kwargs.setdefault("client_class", f"{__name__}.PromptKernelClient")
        if kwargs["transport"] == "ipc":
            # absolute and unique: the default ("kernel-ipc") is relative to each kernel's cwd
            kwargs.setdefault("ip", os.path.join(tempfile.gettempdir(),
                                                 f"lkjip-{uuid.uuid4().hex[:12]}"))
        super().__init__(**kwargs)
        argv = None
        if self.zygote:
            from lkjip_nb.runner.zygote import zygote_kernel_argv

            argv = zygote_kernel_argv(kernel_env(), verbose=not self.quiet)
        self._interpreter_spec = interpreter_kernel_spec(argv)

    @property
    def kernel_spec(self) -> KernelSpec:
        return self._interpreter_spec

    async def _async_wait(self, pollinterval: float = 0.1) -> None:
        """Poll for the killed kernel's exit every 10 ms, not 100 ms (jupyter_client's
        default): a notebook's slot is free ~0.1 s sooner."""
        await super()._async_wait(pollinterval=min(pollinterval, 0.01))

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw) -> None:
        if self.quiet:
            kw.setdefault("stderr", subprocess.DEVNULL)
        await super()._async_launch_kernel(kernel_cmd, **kw)


class VerboseKernelManager(InterpreterKernelManager):
    """Same, keeping the kernel's stderr (``lkjip run --verbose``)."""

    quiet = False


class ZygoteKernelManager(InterpreterKernelManager):
    """Kernel forked from the run's zygote (plain launch when there is none)."""

    zygote = True


class VerboseZygoteKernelManager(ZygoteKernelManager):
    """Same, keeping the kernel's stderr."""

    quiet = False


def kernel_manager_class(verbose: bool, zygote: bool) -> type[InterpreterKernelManager]:
    """The manager for ``lkjip run`` options."""
    if zygote:
        return VerboseZygoteKernelManager if verbose else ZygoteKernelManager
    return VerboseKernelManager if verbose else InterpreterKernelManager
