"""Execute one job's notebook with papermill; good output or ``.failed.ipynb``, never half files."""

from __future__ import annotations

import logging
import sys
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from lkjip_nb.artifacts import atomic
from lkjip_nb.artifacts.provenance import now_iso
from lkjip_nb.runner.plan import Job

#: Name of the recorded figure listing the data files a notebook read (see package docstring).
INPUTS_FIGURE = "_inputs"


@dataclass
class Execution:
    """Result of executing a notebook."""

    ok: bool
    seconds: float
    error: str = ""
    figures: dict[str, dict[str, Any]] = field(default_factory=dict)
    inputs: list[str] | None = None
    notebook: Any = None  # the executed NotebookNode when ok


def skip_slow_optional_imports() -> None:
    """Keep jsonschema (imported by nbformat) from importing ``rfc3987_syntax``.

    When installed (jupyter-events pulls it in), jsonschema imports it for its "iri" format
    checker, and it builds a Lark grammar at import: ~2.5 s before the first notebook can start.
    nbformat's schemas use no such format, so the runner process does without it.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


@lru_cache(maxsize=64)
def _parsed_notebook(path: str, mtime_ns: int, size: int) -> Any:
    """The chapter notebook, read and validated once per version (years and agencies share it)."""
    import nbformat

    return nbformat.read(path, as_version=4)


def source_notebook(path: Path) -> Any:
    """A fresh copy of the chapter notebook at ``path`` (the caller may change it)."""
    import copy

    stat = path.stat()
    return copy.deepcopy(_parsed_notebook(str(path), stat.st_mtime_ns, stat.st_size))


def _error_message(exc: BaseException) -> str:
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        return f"sel [{exc.exec_count}]: {exc.ename}: {exc.evalue}".strip()
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}".strip()


def _inputs_of(figures: dict[str, dict[str, Any]]) -> list[str] | None:
    value = figures.get(INPUTS_FIGURE, {}).get("value")
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return sorted(set(value))
    return None


def execute_job(job: Job, provenance: dict[str, Any], *, verbose: bool = False,
                timeout: int | None = None, zygote: bool = False,
                warm_data: list[Path] | None = None) -> Execution:
    """Run ``job``; on success ``<chapter>.ipynb`` is replaced, on failure ``.failed.ipynb``.

    ``provenance`` is stored in the notebook metadata under ``lkjip``. ``zygote``: fork the
    kernel from the run's zygote (:mod:`lkjip_nb.runner.zygote`) when possible; a zygote
    started here parses the dataset folders ``warm_data`` (default: the job's) before forking.
    """
    from lkjip_nb.runner.kernel import KERNEL_NAME, kernel_env, kernel_manager, launch_options

    if zygote:
        from lkjip_nb.runner.zygote import prestart_zygote, warm_env

        folders = warm_data if warm_data is not None else [job.data_dir / job.opd]
        # it imports (and parses the data) while we import papermill
        prestart_zygote({**kernel_env(), **warm_env(folders)}, verbose)
    skip_slow_optional_imports()
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from lkjip_nb.record import read_figure_details
    from lkjip_nb.runner.engine import engine_name

    if not verbose:
        logging.getLogger("papermill").setLevel(logging.ERROR)
    nb = source_notebook(job.chapter.path)
    nb.metadata["lkjip"] = dict(provenance, executed_at=now_iso())
    nb.metadata.setdefault("kernelspec", {"name": "python3", "language": "python",
                                          "display_name": "Python 3"})
    target = job.output(".ipynb")
    failed = job.output(".failed.ipynb")
    tmp = atomic.temp_path_for(target)
    start = time.perf_counter()
    try:
        out = papermill.execute_notebook(
            nb, str(tmp), parameters=job.parameters, kernel_name=KERNEL_NAME, language="python",
            engine_name=engine_name(), source_path=str(job.chapter.path),
            progress_bar=verbose, log_output=verbose, request_save_on_cell_execute=False,
            execution_timeout=timeout, km=kernel_manager(zygote=zygote, verbose=verbose),
            launch=launch_options(verbose),
            resources={"metadata": {"path": str(job.chapter.path.parent.resolve())}},
            # every output has arrived when the last cell replied: no need to wait ~0.3 s for
            # the kernel's graceful exit (its process is killed; nothing of it is kept)
            shutdown_kernel="immediate",
        )
    except (PapermillExecutionError, Exception) as exc:  # noqa: B014 - explicit for readers
        seconds = time.perf_counter() - start
        if tmp.is_file() and tmp.stat().st_size:
            atomic.replace(tmp, failed)
        tmp.unlink(missing_ok=True)
        return Execution(ok=False, seconds=seconds, error=_error_message(exc))
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    seconds = time.perf_counter() - start
    atomic.replace(tmp, target)
    failed.unlink(missing_ok=True)
    figures = read_figure_details(out)
    return Execution(ok=True, seconds=seconds, figures=figures, inputs=_inputs_of(figures),
                     notebook=out)


def job_provenance(job: Job, run: dict[str, Any], data_hash: str,
                   notebook_hash: str) -> dict[str, Any]:
    """Provenance of one job: run-level facts plus parameters and input hashes."""
    return dict(run, opd=job.opd, agency=job.agency, government=job.government, year=job.year,
                chapter=job.chapter.id,
                chapter_order=job.chapter.order, notebook=job.chapter.path.name,
                notebook_sha256=notebook_hash, parameters=job.parameters,
                dataset_sha256=data_hash, data_sha256=data_hash)


def failed_copy(job: Job) -> Path:
    """Where the partial copy of a failed execution is kept."""
    return job.output(".failed.ipynb")
