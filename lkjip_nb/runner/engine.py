"""lkjip's papermill engine: papermill's nbclient engine, told where the notebook came from."""

from __future__ import annotations

from typing import Any

from papermill.engines import NBClientEngine, papermill_engines

#: Name under which the engine is registered with papermill.
ENGINE_NAME = "lkjip"


class LkjipEngine(NBClientEngine):
    """``NBClientEngine`` that records ``source_path`` as the input path of the execution.

    The runner hands papermill the chapter notebook already parsed (once per run, see
    :func:`lkjip_nb.runner.execute.source_notebook`); papermill would store that whole notebook
    object as ``metadata.papermill.input_path`` of every executed copy.
    """

    @classmethod
    def execute_managed_notebook(cls, nb_man: Any, kernel_name: str,
                                 source_path: str | None = None, **kwargs: Any) -> Any:
        if source_path is not None:
            nb_man.nb.metadata.papermill["input_path"] = source_path
        return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)


def engine_name() -> str:
    """Register the engine (idempotent) and return its name for ``execute_notebook``."""
    papermill_engines.register(ENGINE_NAME, LkjipEngine)
    return ENGINE_NAME
