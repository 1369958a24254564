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
from lkjip_nb.artifacts.provenance import now_iso, shown_parameters, shown_path
from lkjip_nb.registry import NOTEBOOK_DIR
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
    unwritable: str = ""  # why an output of it could not be written (disk full, read-only)


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
                warm_data: list[Path] | None = None, sockets: str | None = None) -> Execution:
    """Run ``job``; on success ``<chapter>.ipynb`` is replaced, on failure ``.failed.ipynb``.

    ``provenance`` is stored in the notebook metadata under ``lkjip``. ``zygote``: fork the
    kernel from the run's zygote (:mod:`lkjip_nb.runner.zygote`) when possible; a zygote
    started here parses the dataset folders ``warm_data`` (default: the job's) before forking.
    ``sockets``: the run's folder for kernel sockets (:mod:`lkjip_nb.runner.session`).

    Papermill writes nothing: the runner writes the executed notebook (and, on failure, the
    notebook as far as it ran) itself, atomically, with paths recorded relative
    (:func:`record_relative_paths`). The kernel gets the absolute ``data_dir`` to run with;
    the stored notebook shows it relative to the project. A write that fails (disk full) is a
    failed execution with one clear message; the previous good notebook stays.
    """
    from lkjip_nb.runner.kernel import KERNEL_NAME, kernel_env, kernel_manager, launch_options

    if zygote:
        from lkjip_nb.runner.zygote import prestart_zygote, warm_env

        folders = warm_data if warm_data is not None else [job.data_dir / job.opd]
        # it imports (and parses the data) while we import papermill
        prestart_zygote({**kernel_env(), **warm_env(folders)}, verbose, sockets)
    skip_slow_optional_imports()
    import nbformat
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
    # reserved now: a run killed meanwhile leaves only this (removed by the next run)
    tmp = atomic.temp_path_for(target, root=job.out_dir)
    kept: list[Any] = []
    start = time.perf_counter()
    try:
        out = papermill.execute_notebook(
            nb, None, parameters=job.parameters, kernel_name=KERNEL_NAME, language="python",
            engine_name=engine_name(), source_path=str(job.chapter.path), keep=kept,
            progress_bar=verbose, log_output=verbose, request_save_on_cell_execute=False,
            execution_timeout=timeout,
            km=kernel_manager(zygote=zygote, verbose=verbose, sockets=sockets),
            launch=launch_options(verbose),
            resources={"metadata": {"path": str(job.chapter.path.parent.resolve())}},
            # every output has arrived when the last cell replied: no need to wait ~0.3 s for
            # the kernel's graceful exit (its process is killed; nothing of it is kept)
            shutdown_kernel="immediate",
        )
    except (PapermillExecutionError, Exception) as exc:  # noqa: B014 - explicit for readers
        seconds = time.perf_counter() - start
        tmp.unlink(missing_ok=True)
        error = _error_message(exc)
        partial = kept[0].nb if kept else None
        unwritable = _keep_failed(partial, job)
        note = f" (salinan notebook yang gagal tidak tersimpan: {unwritable})" if unwritable \
            else ""
        return Execution(ok=False, seconds=seconds, error=error + note, unwritable=unwritable)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    seconds = time.perf_counter() - start
    record_relative_paths(out, job)
    try:
        atomic.fill(tmp, target, nbformat.writes(out).encode("utf-8"))
    except OSError as exc:
        problem = atomic.write_problem(exc, target)
        return Execution(ok=False, seconds=seconds, error=problem, unwritable=problem)
    failed.unlink(missing_ok=True)
    figures = read_figure_details(out)
    return Execution(ok=True, seconds=seconds, figures=figures, inputs=_inputs_of(figures),
                     notebook=out)


def _keep_failed(nb: Any, job: Job) -> str:
    """Write the notebook of a failed execution as far as it ran (atomically, paths relative);
    "" or why it could not be written. Without one, an older failed copy goes."""
    import nbformat

    failed = job.output(".failed.ipynb")
    if nb is None:
        failed.unlink(missing_ok=True)
        return ""
    try:
        record_relative_paths(nb, job)
        atomic.write_text(failed, nbformat.writes(nb), root=job.out_dir)
    except OSError as exc:
        failed.unlink(missing_ok=True)
        return atomic.write_problem(exc, failed)
    return ""


def recorded_parameters(job: Job) -> dict[str, Any]:
    """The job's parameters as its outputs record them: ``data_dir`` relative to the project
    (the current folder), else only the data folder's name; any other absolute path (a
    ``survey`` file) relative to the project, else to the data folder (:func:`shown_path`)."""
    shown = shown_parameters(job.parameters, Path.cwd(), job.data_dir)
    if isinstance(job.parameters.get("data_dir"), str):
        shown["data_dir"] = shown_path(job.parameters["data_dir"], Path.cwd())
    return shown


def record_relative_paths(nb: Any, job: Job) -> None:
    """Keep the machine's absolute paths out of an executed notebook: papermill's record of the
    parameters, its ``input_path`` and ``output_path``, and the injected-parameters cell
    (written again by papermill's own translator, with :func:`recorded_parameters`)."""
    from papermill.translators import translate_parameters

    from lkjip_nb.runner.kernel import KERNEL_NAME

    shown = recorded_parameters(job)
    record = nb.metadata.get("papermill")
    if record is not None:
        record["parameters"] = shown
        record["input_path"] = shown_path(job.chapter.path, Path.cwd(), NOTEBOOK_DIR.parent)
        record["output_path"] = shown_path(job.output(".ipynb"), Path.cwd(), job.out_dir)
    lkjip = nb.metadata.get("lkjip")
    if isinstance(lkjip, dict) and isinstance(lkjip.get("parameters"), dict):
        lkjip["parameters"] = shown
    for cell in nb.cells:
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            cell.source = translate_parameters(KERNEL_NAME, "python", shown, "Parameters")


def job_provenance(job: Job, run: dict[str, Any], data_hash: str,
                   notebook_hash: str) -> dict[str, Any]:
    """Provenance of one job: run-level facts plus parameters and input hashes."""
    return dict(run, opd=job.opd, agency=job.agency, government=job.government, year=job.year,
                chapter=job.chapter.id,
                chapter_order=job.chapter.order, notebook=job.chapter.path.name,
                notebook_sha256=notebook_hash, parameters=recorded_parameters(job),
                dataset_sha256=data_hash, data_sha256=data_hash)


def failed_copy(job: Job) -> Path:
    """Where the partial copy of a failed execution is kept."""
    return job.output(".failed.ipynb")
