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

import os
import subprocess
import sys
import tempfile
import uuid
from typing import Any

from jupyter_client import AsyncKernelManager
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


def interpreter_kernel_spec(argv: list[str] | None = None) -> KernelSpec:
    """A kernelspec for the running interpreter (``argv``: another way to start it)."""
    return KernelSpec(
        argv=[*(argv or [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]),
              *KERNEL_OPTIONS],
        display_name=f"Python {sys.version_info.major}.{sys.version_info.minor} (lkjip)",
        language="python",
        env=kernel_env(),
    )


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


def kernel_manager(*, zygote: bool = False, verbose: bool = False) -> AsyncKernelManager:
    """A standard AsyncKernelManager for one batch kernel: our spec manager, ipc transport on a
    unique socket path. Hand it to papermill as ``km`` (nbclient starts the kernel)."""
    return AsyncKernelManager(
        kernel_name=KERNEL_NAME,
        kernel_spec_manager=InterpreterKernelSpecManager(zygote=zygote, verbose=verbose),
        transport="ipc",
        # absolute and unique: the default ("kernel-ipc") is relative to each kernel's cwd
        ip=os.path.join(tempfile.gettempdir(), f"lkjip-{uuid.uuid4().hex[:12]}"),
    )


def launch_options(verbose: bool) -> dict[str, Any]:
    """``start_kernel`` keyword arguments for ``lkjip run`` (``--verbose`` keeps stderr)."""
    return {} if verbose else dict(QUIET_LAUNCH)
