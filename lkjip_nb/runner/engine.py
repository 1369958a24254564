"""lkjip's papermill engine: papermill's nbclient engine, told where the notebook came from and
how to launch the kernel (a registered engine is papermill's documented extension point)."""

from __future__ import annotations

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
        return PapermillNotebookClient(nb_man, **final_kwargs).execute(**(launch or {}))


def engine_name() -> str:
    """Register the engine (idempotent) and return its name for ``execute_notebook``."""
    papermill_engines.register(ENGINE_NAME, LkjipEngine)
    return ENGINE_NAME
