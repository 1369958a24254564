"""One job, start to finish, wherever it runs (a local thread or a Dask worker).

Decide from the fingerprint whether to execute; execute; write the state; render the two HTML
versions when the executed notebook changed, its tables and figures numbered on from the
chapters before it in its Bab as far as their states tell (:func:`guess_start`; the caller
settles the numbering once they are done). PDFs are printed by the caller, which owns the
single browser of the run.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lkjip_nb.artifacts import atomic
from lkjip_nb.artifacts.provenance import now_iso
from lkjip_nb.artifacts.state import JobState, is_current, mark_built, read_state, write_state
from lkjip_nb.runner.fingerprint import (
    data_fingerprint,
    hash_file,
    hash_json,
    hash_parts,
    package_source_hash,
    render_source_hash,
)
from lkjip_nb.runner.plan import Job

#: Output suffix of each HTML variant.
HTML_SUFFIX = {"reader": ".html", "analyst": "-analyst.html"}


@dataclass
class RunContext:
    """Everything a job needs besides itself; plain data so it travels to Dask workers."""

    force: bool = False
    formats: tuple[str, ...] = ("html", "pdf")
    verbose: bool = False
    timeout: int | None = None
    zygote: bool = False  # fork kernels from this process's zygote (lkjip_nb.runner.zygote)
    run_provenance: dict[str, Any] = field(default_factory=dict)
    data_files: dict[str, dict[str, str]] = field(default_factory=dict)  # opd -> rel -> hash
    sockets: str = ""  # the run's folder for kernel sockets (local runs; lkjip_nb.runner.session)
    # chapter id -> the chapters before it in the report that number in the same Bab
    bab_before: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass
class JobResult:
    """What happened to a job."""

    job: Job
    status: str  # ok | cached | failed | skipped (the chapter does not apply)
    seconds: float = 0.0
    error: str = ""
    rendered: list[str] = field(default_factory=list)
    unwritable: str = ""  # why an output could not be written (disk full, read-only folder)

    @property
    def failed(self) -> bool:
        return self.status == "failed"


def fingerprint(job: Job, ctx: RunContext, inputs: list[str] | None) -> dict[str, str]:
    """The hashes an execution depends on."""
    return {
        "notebook": hash_file(job.chapter.path),
        "parameters": hash_json(job.parameters),
        "package": package_source_hash(),
        "data": data_fingerprint(ctx.data_files.get(job.opd, {}), inputs,
                                 job.data_dir / job.opd),
    }


def run_data_folders(job: Job, ctx: RunContext) -> list[Path]:
    """Dataset folders of the run (every job of a run shares ``job.data_dir``)."""
    return sorted({job.data_dir / job.opd, *(job.data_dir / opd for opd in ctx.data_files)})


def is_built(job: Job, ctx: RunContext, state: JobState) -> bool:
    """Whether the executed notebook is current: its last good execution used exactly the
    inputs the job has now (notebook, parameters, package, the data it read)."""
    if state.status != "ok" or not job.output(".ipynb").is_file():
        return False
    return state.fingerprint == fingerprint(job, ctx, state.inputs)


def built_from_same_data(job: Job, ctx: RunContext, state: JobState) -> bool:
    """Whether the executed notebook was built from the data and parameters the job has now
    (the code may have changed since: a chapter not selected in a run still belongs in that
    year's report while its numbers are those of the current data)."""
    if state.status != "ok" or not job.output(".ipynb").is_file():
        return False
    now = fingerprint(job, ctx, state.inputs)
    return all(state.fingerprint.get(part) == now[part] for part in ("data", "parameters"))


def needs_execution(job: Job, ctx: RunContext, state: JobState) -> bool:
    """True unless the last good execution used exactly the same inputs."""
    return ctx.force or not is_built(job, ctx, state)


def html_key(ipynb: Path, variant: str, start: Mapping[str, int] | None = None) -> str:
    """Build key of an HTML version: executed notebook + rendering code + the numbers its
    tables and figures start from (:func:`render_job_html`)."""
    counts = ",".join(f"{kind}={n}" for kind, n in sorted((start or {}).items()) if n)
    return hash_parts([hash_file(ipynb), render_source_hash(), variant, counts])


def _items_record(ipynb: Path) -> Path:
    """Where the item counts of an executed notebook are kept (beside its state)."""
    return ipynb.parent / ".lkjip" / f"{ipynb.name}.items"  # not *.json: those are states


def _store_items(ipynb: Path, key: str, counts: dict[str, int], root: Path) -> None:
    with contextlib.suppress(OSError):  # only a shortcut: counted again when missing
        atomic.write_text(_items_record(ipynb), json.dumps({"key": key, "counts": counts}),
                          root=root)


def item_counts_of(ipynb: Path, order: int, root: Path) -> dict[str, int]:
    """How many tables and figures ("Tabel", "Gambar") an executed chapter notebook shows a
    reader; kept beside its state while the notebook and the rendering code stay the same,
    so that asking needs neither nbconvert nor the notebook (``root``: the output folder)."""
    key = hash_parts([hash_file(ipynb), render_source_hash()])
    with contextlib.suppress(OSError, ValueError, TypeError, KeyError):
        record = json.loads(_items_record(ipynb).read_text(encoding="utf-8"))
        if record["key"] == key:
            return {str(kind): int(n) for kind, n in record["counts"].items()}
    import nbformat

    from lkjip_nb.render.preprocessors import item_counts, tag_chapter

    nb = nbformat.read(str(ipynb), as_version=4)
    tag_chapter(nb, str(nb.metadata.get("lkjip_number", order)), order)
    counts = item_counts(nb)
    _store_items(ipynb, key, counts, root)
    return counts


def guess_start(job: Job, ctx: RunContext) -> dict[str, int] | None:
    """The tables and figures the chapters before ``job``'s in its Bab show, as far as their
    states on disk tell (a chapter that failed or does not apply shows none); None while one
    of them has no state yet (still executing in a fresh run: the caller renders later).

    A guess for rendering as soon as the chapter is executed; the runner settles the number
    once the year's chapters are done (``lkjip_nb.runner.batch``), which re-renders only when
    the guess was wrong.
    """
    total: dict[str, int] = {}
    for peer in ctx.bab_before.get(job.chapter.id, ()):
        state = read_state(job.year_dir / ".lkjip" / f"{peer}.json")
        ipynb = job.year_dir / f"{peer}.ipynb"
        if state.status == "missing":
            return None
        if state.status == "ok" and ipynb.is_file():
            for kind, n in item_counts_of(ipynb, state.order, job.out_dir).items():
                total[kind] = total.get(kind, 0) + n
    return total


def render_provenance(nb: Any, state: JobState, ctx: RunContext, job: Job) -> dict[str, Any]:
    """The notebook's provenance plus the hash of the files it read (known after execution)."""
    prov = dict(nb.metadata.get("lkjip", {}))
    files = ctx.data_files.get(job.opd, {})
    if state.inputs is not None:
        prov["inputs"] = state.inputs
        prov["data_sha256"] = hash_json({k: files.get(k, "missing") for k in state.inputs})
    return prov


def render_job_html(job: Job, ctx: RunContext, state: JobState, nb: Any = None,
                    start: Mapping[str, int] | None = None) -> list[str]:
    """(Re)write the HTML versions that are out of date; return the paths written.

    ``start`` counts the tables and figures ("Tabel", "Gambar") of the chapters before this one
    in its Bab, so the chapter's own document numbers them as the combined report does.
    """
    ipynb = job.output(".ipynb")
    keys = {variant: html_key(ipynb, variant, start) for variant in HTML_SUFFIX}
    stale = {variant: key for variant, key in keys.items()
             if ctx.force or not is_current(job.output(HTML_SUFFIX[variant]), key)}
    if not stale:
        return []  # nothing to do: nbconvert is not even imported
    import nbformat

    from lkjip_nb.render.html import ReportInfo, render_html
    from lkjip_nb.render.preprocessors import item_counts, tag_chapter
    from lkjip_nb.render.text import chapter_title

    if nb is None:
        nb = nbformat.read(str(ipynb), as_version=4)
    work = nbformat.from_dict(nb)
    tag_chapter(work, str(work.metadata.get("lkjip_number", job.chapter.order)),
                job.chapter.order, start=start)
    if job.chapter.bab:  # what the chapters after it in its Bab number on from
        _store_items(ipynb, hash_parts([hash_file(ipynb), render_source_hash()]),
                     item_counts(work), job.out_dir)
    info = ReportInfo(agency=job.agency, government=job.government, year=job.year,
                      chapter_title=chapter_title(work, job.chapter.display_title),
                      provenance=[render_provenance(work, state, ctx, job)])
    written = []
    for variant, key in stale.items():
        target = job.output(HTML_SUFFIX[variant])
        atomic.write_text(target, render_html(work, info, variant), root=job.out_dir)
        mark_built(target, key, root=job.out_dir)
        written.append(str(target))
    return written


def identity(job: Job) -> dict[str, Any]:
    """The fields of a state that say which job it belongs to."""
    return {"opd": job.opd, "agency": job.agency, "year": job.year, "chapter": job.chapter.id,
            "order": job.chapter.order}


def record_failure(job: Job, error: str, seconds: float = 0.0,
                   previous: JobState | None = None) -> None:
    """Store a failed state, keeping what the last good execution recorded."""
    previous = previous or read_state(job.state_path)
    last_ok = ({"finished_at": previous.finished_at, "figures": previous.figures}
               if previous.status == "ok" else previous.last_ok)
    kept = previous.title if previous.title != job.chapter.id else ""  # older states: the id
    write_state(job.state_path, JobState(
        status="failed", inputs=previous.inputs, seconds=seconds, finished_at=now_iso(),
        error=error, last_ok=last_ok, title=kept or job.chapter.display_title, **identity(job)),
        root=job.out_dir)


def record_skip(job: Job, reason: str) -> None:
    """Store that the job's chapter does not apply (``reason`` for readers, kept in ``error``);
    an unchanged skip is not written again."""
    previous = read_state(job.state_path)
    title = job.chapter.display_title
    if (previous.status, previous.error, previous.title) == ("skipped", reason, title):
        return
    write_state(job.state_path, JobState(status="skipped", finished_at=now_iso(), error=reason,
                                         title=title, **identity(job)), root=job.out_dir)


_cancelled = threading.Event()


def cancel_pending() -> None:
    """Make jobs that have not started yet return at once (Ctrl-C)."""
    _cancelled.set()


def process_job(job: Job, ctx: RunContext, on_start: Any = None) -> JobResult:
    """Execute (if needed) and render HTML for one job; never raises for a bad job, nor when
    its outputs cannot be written (disk full, read-only folder): the result says so."""
    unwritable = ""
    try:
        return _process_job(job, ctx, on_start)
    except atomic.WriteFailed as exc:
        error = unwritable = str(exc)
    except Exception as exc:  # a bug or I/O error in one job must not stop the batch
        first = (str(exc).strip().splitlines() or [""])[0]
        error = f"galat saat memproses: {type(exc).__name__}: {first}"
    not_stored = store_failure(job, error)
    return failed_result(job, error, unwritable=unwritable or not_stored,
                         not_stored=not_stored)


def failed_result(job: Job, error: str, seconds: float = 0.0, unwritable: str = "",
                  not_stored: str = "") -> JobResult:
    """A failed job's result; ``not_stored``: why its failed state could not be written."""
    note = f"; status tidak tersimpan: {not_stored}" if not_stored else ""
    return JobResult(job, "failed", seconds, error + note, unwritable=unwritable)


def store_failure(job: Job, error: str, seconds: float = 0.0,
                  previous: JobState | None = None) -> str:
    """:func:`record_failure`; "" or why the failure could not be stored."""
    try:
        record_failure(job, error, seconds, previous)
    except OSError as exc:
        return atomic.write_problem(exc, job.state_path)
    return ""


def process_job_in_fresh_context(job: Job, ctx: RunContext) -> JobResult:
    """:func:`process_job` in an empty ``contextvars.Context`` (Dask tasks).

    Dask runs tasks in a copy of the submitting thread's context; jupyter_core keeps the event
    loop of its ``run_sync`` in a context variable, so two worker threads could share one loop
    ("RuntimeError: This event loop is already running") once the submitting thread had run a
    notebook. The loop created for the job is closed afterwards.
    """
    import asyncio
    import contextvars

    context = contextvars.Context()
    try:
        return context.run(process_job, job, ctx)
    finally:
        for value in context.values():
            if isinstance(value, asyncio.AbstractEventLoop) and not value.is_running():
                value.close()


def _process_job(job: Job, ctx: RunContext, on_start: Any = None) -> JobResult:
    from lkjip_nb.render.text import chapter_title
    from lkjip_nb.runner.execute import execute_job, job_provenance, skip_slow_optional_imports

    skip_slow_optional_imports()  # before anything imports nbformat
    if _cancelled.is_set():
        return JobResult(job, "failed", error="dibatalkan")
    state = read_state(job.state_path)
    nb = None
    status = "cached"
    seconds = 0.0
    if needs_execution(job, ctx, state):
        if on_start is not None:
            on_start(job)
        prov = job_provenance(job, ctx.run_provenance,
                              hash_json(ctx.data_files.get(job.opd, {})),
                              hash_file(job.chapter.path))
        result = execute_job(job, prov, verbose=ctx.verbose, timeout=ctx.timeout,
                             zygote=ctx.zygote, warm_data=run_data_folders(job, ctx),
                             sockets=ctx.sockets or None)
        seconds = result.seconds
        if not result.ok:
            not_stored = store_failure(job, result.error, seconds, state)
            return failed_result(job, result.error, seconds,
                                 unwritable=result.unwritable or not_stored,
                                 not_stored=not_stored)
        state = JobState(status="ok", fingerprint=fingerprint(job, ctx, result.inputs),
                         inputs=result.inputs, seconds=seconds, finished_at=now_iso(),
                         figures=result.figures, **identity(job),
                         title=chapter_title(result.notebook, job.chapter.display_title))
        write_state(job.state_path, state, root=job.out_dir)
        nb, status = result.notebook, "ok"
    rendered: list[str] = []
    if {"html", "pdf"} & set(ctx.formats):
        began = time.perf_counter()
        start = guess_start(job, ctx)
        if start is not None:  # else rendered once the chapters before it are done
            rendered = render_job_html(job, ctx, state, nb, start)
        seconds += time.perf_counter() - began if rendered else 0.0
    return JobResult(job, status, seconds, rendered=rendered)


def reset_cancel() -> None:
    """Allow jobs to run again (a new batch in the same process, e.g. tests)."""
    _cancelled.clear()
