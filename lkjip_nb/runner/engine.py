"""lkjip's papermill engine: papermill's nbclient engine, told where the notebook came from and
how to launch the kernel (a registered engine is papermill's documented extension point)."""

from __future__ import annotations

import asyncio
import contextvars
from typing import Any

from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.log import logger
from papermill.utils import merge_kwargs, remove_args

#: Name under which the engine is registered with papermill.
ENGINE_NAME = "lkjip"


class LkjipEngine(NBClientEngine):
    """``NBClientEngine`` with two more keyword arguments of ``papermill.execute_notebook``:

    ``source_path``: recorded as the input path of the execution. The runner hands papermill
    the chapter notebook already parsed (once per run, see
    :func:`lkjip_nb.runner.execute.source_notebook`); papermill would store that whole notebook
    object as ``metadata.papermill.input_path`` of every executed copy.

    ``launch``: keyword arguments of the kernel manager's ``start_kernel`` (e.g. Popen's
    ``stderr``), which nbclient passes on from ``execute``.

    ``keep``: a list that receives papermill's execution manager as execution starts, so that
    the caller has the notebook as far as it ran when execution fails (papermill itself would
    only have written it to its ``output_path``; the runner writes every notebook itself,
    atomically, see :func:`lkjip_nb.runner.execute.execute_job`).

    The kernel is shut down and the client's channels stopped when execution ends, also for a
    ``km`` handed in (nbclient's ``cleanup_kc``, see ``NotebookClient.setup_kernel``): nbclient
    only cleans up kernel managers it created itself (nbclient #94, #348), so without it every
    kernel process would outlive its notebook, and every client its heartbeat thread with its
    event loop and both zmq contexts (~17 descriptors per notebook).

    The client runs in a fresh :class:`contextvars.Context` whose event loop is closed when it
    is done (:func:`run_in_own_loop`).
    """

    @classmethod
    def execute_managed_notebook(cls, nb_man: Any, kernel_name: str, log_output: bool = False,
                                 stdout_file: Any = None, stderr_file: Any = None,
                                 start_timeout: int = 60, execution_timeout: int | None = None,
                                 source_path: str | None = None,
                                 launch: dict[str, Any] | None = None,
                                 keep: list[Any] | None = None, **kwargs: Any) -> Any:
        """As papermill's nbclient engine, plus ``source_path``, ``launch`` and ``keep``."""
        if keep is not None:
            keep.append(nb_man)
        if source_path is not None:
            nb_man.nb.metadata.papermill["input_path"] = source_path
        kwargs = remove_args(["input_path"], **kwargs)
        safe_kwargs = remove_args(["timeout", "startup_timeout"], **kwargs)
        final_kwargs = merge_kwargs(
            safe_kwargs,
            timeout=execution_timeout if execution_timeout else kwargs.get("timeout"),
            startup_timeout=start_timeout, kernel_name=kernel_name, log=logger,
            log_output=log_output, stdout_file=stdout_file, stderr_file=stderr_file,
        )
        client = PapermillNotebookClient(nb_man, **final_kwargs)
        return run_in_own_loop(client.execute, cleanup_kc=True, **(launch or {}))


def run_in_own_loop(func: Any, /, *args: Any, **kwargs: Any) -> Any:
    """``func(*args, **kwargs)`` in a fresh :class:`contextvars.Context`; close the event loops
    left in it.

    nbclient's blocking API runs its coroutines through jupyter_core's ``run_sync``, which keeps
    an event loop per context (a context variable) and never closes it: an epoll descriptor and
    a socket pair per calling thread, left to the garbage collector ("unclosed event loop"),
    and one loop shared by every notebook a thread runs. In an empty context ``run_sync``
    creates a loop of its own (it reuses none of the caller's), closed here once ``func``
    returns. (As before, it stays the thread's current loop, now closed: nothing in the runner
    asks for the current loop; ``asyncio.run`` makes its own.)
    """
    context = contextvars.Context()
    try:
        return context.run(func, *args, **kwargs)
    finally:
        for value in context.values():
            if isinstance(value, asyncio.AbstractEventLoop) and not value.is_running():
                value.close()


def engine_name() -> str:
    """Register the engine (idempotent) and return its name for ``execute_notebook``."""
    papermill_engines.register(ENGINE_NAME, LkjipEngine)
    return ENGINE_NAME
