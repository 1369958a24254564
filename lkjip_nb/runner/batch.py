"""The whole run: plan, execute (locally or on Dask), print PDFs, combined reports, each
year's Excel export, index."""

from __future__ import annotations

import contextlib
import io
import os
import sys
import threading
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from lkjip_nb.artifacts import atomic
from lkjip_nb.artifacts.provenance import now_iso, run_provenance
from lkjip_nb.artifacts.state import is_current, key_path, mark_built, read_key, read_state
from lkjip_nb.errors import ParameterError
from lkjip_nb.registry import NOTEBOOK_DIR
from lkjip_nb.render.docx import DocxQueue, DocxReport
from lkjip_nb.runner.applies import DatasetFacts, dataset_facts, unknown_alternatives
from lkjip_nb.runner.cli import DEFAULT_FORMATS
from lkjip_nb.runner.discover import (
    Chapter,
    agency_info,
    find_chapters,
    find_years,
    select_chapters,
    select_opds,
    select_years,
)
from lkjip_nb.runner.fingerprint import (
    hash_file,
    hash_json,
    hash_parts,
    hash_tree,
    package_source_hash,
    render_source_hash,
)
from lkjip_nb.runner.pdfqueue import PdfQueue, PdfReport, PdfTask
from lkjip_nb.runner.plan import Job, Plan, plan_run
from lkjip_nb.runner.progress import Progress
from lkjip_nb.runner.worker import (
    JobResult,
    RunContext,
    built_from_same_data,
    failed_result,
    item_counts_of,
    needs_execution,
    record_skip,
    render_job_html,
    reset_cancel,
    run_data_folders,
    store_failure,
)

FORMATS = DEFAULT_FORMATS  # what a run makes unless told otherwise (--formats)


@dataclass
class RunOptions:
    """What ``lkjip run`` was asked to do."""

    data_dir: Path = Path("data")
    opds: list[str] | None = None
    years: list[int] | None = None
    chapters: list[str] | None = None
    formats: tuple[str, ...] = FORMATS
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    force: bool = False
    out_dir: Path = Path("outputs")
    notebooks_dir: Path = NOTEBOOK_DIR
    params_dir: Path = Path("params")  # absent or without <year>.yaml: the dataset's years
    scheduler: str | None = None
    browser: str | None = None
    verbose: bool = False
    timeout: int | None = None
    progress: bool = True
    zygote: bool = True  # fork kernels from a zygote (local runs only; see runner.zygote)
    final: bool = False  # final build: every notebook gets final=True (missing texts fail)


@dataclass
class RunReport:
    """Everything that happened, for the summary and the exit code."""

    results: list[JobResult] = field(default_factory=list)  # skipped jobs too
    combined: list[Path] = field(default_factory=list)
    pdf: PdfReport = field(default_factory=PdfReport)
    indexes: list[Path] = field(default_factory=list)
    bad_datasets: dict[str, str] = field(default_factory=dict)  # opd -> validation report
    notes: list[str] = field(default_factory=list)  # what planning said (skips, years)
    write_errors: list[str] = field(default_factory=list)  # outputs that could not be written
    docx: DocxReport | None = None  # the Word documents (--formats docx)
    xlsx: list[Path] = field(default_factory=list)  # Excel exports written (--formats xlsx)
    xlsx_errors: list[tuple[Path, str]] = field(default_factory=list)  # export, why it failed

    @property
    def failed(self) -> list[JobResult]:
        return [r for r in self.results if r.failed]

    @property
    def unwritable(self) -> list[str]:
        """Every output that could not be written, as :func:`atomic.write_problem` says it."""
        return list(dict.fromkeys([*(r.unwritable for r in self.results if r.unwritable),
                                   *self.write_errors]))


def _is_synthetic(job: Job) -> bool:
    """Whether the job's notebook recorded ``synthetic = True`` (built on demo data)."""
    if not job.state_path.is_file():
        return False
    return (read_state(job.state_path).figures.get("synthetic") or {}).get("value") is True


def _pdf_task(html: Path, label: str, root: Path) -> PdfTask:
    return PdfTask(html=html, pdf=html.with_suffix(".pdf"), label=label,
                   key=read_key(key_path(html)), root=root)


def _report_docs(jobs: list[Job], results: dict[str, JobResult],
                 ctx: RunContext) -> list[tuple[Job, Path | None]]:
    """The chapters of an agency-year's combined report, in order, each with its executed
    notebook (None: it goes in as failed).

    ``jobs`` are the year's applicable chapters (selected in this run or not); chapters that
    are documents of their own (registry ``in_report: false``) never go in. A chapter goes
    in when it was built from the current data (executed now, unchanged, or left from an earlier
    run with the same data and parameters); one whose last execution failed goes in as failed;
    any other — not built, or built from other data — is left out.
    """
    docs: list[tuple[Job, Path | None]] = []
    for job in sorted(jobs, key=lambda j: (j.chapter.order, j.chapter.id)):
        if not job.chapter.in_report:
            continue
        result = results.get(job.key)
        if result is not None:
            built, failed = not result.failed, result.failed
        else:
            state = read_state(job.state_path)
            built = built_from_same_data(job, ctx, state)
            failed = not built and state.status == "failed"
        if built or failed:
            docs.append((job, job.output(".ipynb") if built else None))
    return docs


def _bab_start(job: Job, docs: list[tuple[Job, Path | None]],
               counts: Callable[[Job, Path], dict[str, int]]) -> dict[str, int] | None:
    """The tables and figures of the chapters before ``job``'s in its Bab in the combined
    report (``docs``, :func:`_report_docs`), per kind; None when ``job`` is not in it as built."""
    total: dict[str, int] = {}
    for peer, path in docs:
        if peer.key == job.key:
            return total if path is not None else None
        if path is not None and job.chapter.bab and peer.chapter.bab == job.chapter.bab:
            for kind, n in counts(peer, path).items():
                total[kind] = total.get(kind, 0) + n
    return None


def _bab_before(chapters: list[Chapter]) -> dict[str, tuple[str, ...]]:
    """Chapter id -> the chapters of the report before it that number in the same Bab."""
    ordered = sorted((c for c in chapters if c.in_report and c.bab),
                     key=lambda c: (c.order, c.id))
    return {c.id: tuple(p.id for p in ordered[:i] if p.bab == c.bab)
            for i, c in enumerate(ordered) if any(p.bab == c.bab for p in ordered[:i])}


def _combined_report(jobs: list[Job], results: dict[str, JobResult], ctx: RunContext,
                     force: bool) -> tuple[Path | None, list[Job]]:
    """Write ``lkjip-<year>.html`` of one agency-year when its content changed; return it (None
    when unchanged or empty) and the jobs whose notebooks went in (:func:`_report_docs`)."""
    docs = _report_docs(jobs, results, ctx)
    included = [job for job, path in docs if path is not None]
    if not docs:
        return None, included
    first = docs[0][0]
    from lkjip_nb.narrative import front_matter

    front = front_matter(first.data_dir, first.opd, first.year)  # cover and Kata Pengantar
    key = hash_parts([render_source_hash(), "combined", front.digest()] +
                     [f"{job.chapter.id}:{hash_file(path) if path else 'failed'}:"
                      f"{job.chapter.display_title}" for job, path in docs])
    target = first.year_dir / f"lkjip-{first.year}.html"
    if not force and is_current(target, key):
        return None, included
    from lkjip_nb.render.combined import ChapterDoc, combine
    from lkjip_nb.render.html import ReportInfo, render_html

    nb, provenance = combine([ChapterDoc(job.chapter.id, job.chapter.order, path,
                                         job.chapter.display_title) for job, path in docs])
    info = ReportInfo(agency=first.agency, government=first.government, year=first.year,
                      provenance=provenance, combined=True, generated_at=now_iso(),
                      front=front)
    atomic.write_text(target, render_html(nb, info, "reader"), root=first.out_dir)
    mark_built(target, key, root=first.out_dir)
    return target, included


def export_rounding(jobs: list[Job]) -> dict | None:
    """The run's rounding overrides (``params/<year>.yaml`` ``rounding``) for an agency-year,
    as its chapters receive them (None: the agency's own convention)."""
    return next((job.parameters["rounding"] for job in jobs if "rounding" in job.parameters),
                None) or None


def export_key(job: Job, ctx: RunContext, rounding: dict | None) -> str:
    """Build key of an agency-year's Excel export: the dataset's files, the package's code
    (the export, the domain and the audit), the year and the rounding overrides."""
    return hash_json({"export": job.year, "data": ctx.data_files.get(job.opd, {}),
                      "package": package_source_hash(), "rounding": rounding or {}})


class _LastDataset:
    """The dataset loaded last (agency-years come agency by agency: each is loaded once)."""

    def __init__(self) -> None:
        self._held: tuple[Path, Any] | None = None

    def __call__(self, job: Job) -> Any:
        from lkjip_nb.data import load_dataset

        folder = job.data_dir / job.opd
        if self._held is None or self._held[0] != folder:
            self._held = (folder, load_dataset(job.data_dir, job.opd))
        return self._held[1]


def _excel_export(jobs: list[Job], ctx: RunContext, force: bool,
                  datasets: _LastDataset) -> Path | None:
    """Write ``lkjip-<year>.xlsx`` of an agency-year (the workbook ``lkjip export`` makes,
    with the rounding the chapters used) when its inputs changed; return it, or None when
    unchanged or when the dataset does not report on the year. Raises when it cannot be made;
    the previous workbook then stays."""
    first = jobs[0]
    target = first.year_dir / f"lkjip-{first.year}.xlsx"
    rounding = export_rounding(jobs)
    key = export_key(first, ctx, rounding)
    if not force and is_current(target, key):
        return None
    from lkjip_nb.data import DataValidationError
    from lkjip_nb.excel import build_export

    try:
        dataset = datasets(first)
    except DataValidationError:
        return None  # not a dataset (planning did not check it): nothing to export
    if first.year not in dataset.report_years:
        return None
    buffer = io.BytesIO()
    build_export(dataset, first.year, dataset.rounding(rounding)).save(buffer)
    atomic.write_bytes(target, buffer.getvalue(), root=first.out_dir)
    mark_built(target, key, root=first.out_dir)
    return target


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


class _ChapterDocs:
    """The chapter documents of a run, numbered as in their year's combined report.

    A chapter's tables and figures continue the count of the chapters before it in its Bab
    (:func:`_bab_start`). The worker renders a chapter with the count its peers' states on disk
    give (:func:`lkjip_nb.runner.worker.guess_start`); once the chapters before it are done the
    count is settled here, the chapter re-rendered only if it differs, and its PDF queued.
    Chapters of the year not run now are settled when the year is done.
    """

    def __init__(self, ctx: RunContext, report: RunReport, results: dict[str, JobResult],
                 chapters_of: dict[tuple[str, int], list[Job]], pdfs: PdfQueue | None,
                 out_dir: Path, jobs: list[Job]) -> None:
        self.ctx, self.report, self.results, self.pdfs = ctx, report, results, pdfs
        self.chapters_of, self.out_dir = chapters_of, out_dir
        self.wanted = bool({"html", "pdf"} & set(ctx.formats))
        self.pending = {job.key for job in jobs}
        self.waiting: list[Job] = []  # done, numbered once the chapters before them are
        self.settled: set[str] = set()
        self.rendered: dict[str, bool] = {}  # job run now -> whether its worker rendered it
        self._counts: dict[Path, tuple[tuple[int, int], dict[str, int]]] = {}

    def done(self, result: JobResult) -> None:
        """A job finished: queue its PDF, or settle its numbering first."""
        job = result.job
        self.pending.discard(job.key)
        self.rendered[job.key] = bool(result.rendered)
        if result.status != "failed":
            if self.ctx.bab_before.get(job.chapter.id):
                self.waiting.append(job)
            else:
                self.settled.add(job.key)
                self.print_pdf(job)
        for ready in [j for j in self.waiting if j.group == job.group and not any(
                f"{j.opd}/{j.year}/{peer}" in self.pending
                for peer in self.ctx.bab_before[j.chapter.id])]:
            self.waiting.remove(ready)
            self.settle(ready)

    def settle_year(self, group: tuple[str, int]) -> None:
        """Settle every chapter of a finished agency-year that numbers after others."""
        docs = _report_docs(self.chapters_of[group], self.results, self.ctx)
        for job, _ in docs:
            if self.ctx.bab_before.get(job.chapter.id) and job.key not in self.settled:
                self.settle(job, docs)

    def settle(self, job: Job, docs: list[tuple[Job, Path | None]] | None = None) -> None:
        """Render ``job``'s documents (when their numbering changed) and queue its PDF."""
        self.settled.add(job.key)
        if docs is None:
            docs = _report_docs(self.chapters_of[job.group], self.results, self.ctx)
        try:
            start = _bab_start(job, docs, self.counts)
            if start is None:
                return  # not in the report as built: its documents stay as they are
            # --force renders a chapter of this run once: again only when its numbers changed
            forced = self.ctx.force and self.rendered.get(job.key) is False
            render_job_html(job, replace(self.ctx, force=forced), read_state(job.state_path),
                            start=start)
        except OSError as exc:
            self.report.write_errors.append(atomic.write_problem(exc, job.output(".html")))
            return
        except Exception as exc:  # one chapter's documents must not stop the run
            self.report.write_errors.append(
                f"{job.output('.html')}: galat saat merender: {type(exc).__name__}: "
                f"{_first_line(exc)}")
            return
        self.print_pdf(job)

    def counts(self, job: Job, ipynb: Path) -> dict[str, int]:
        """The tables and figures of a chapter's executed notebook (kept while unchanged)."""
        stat = ipynb.stat()
        seen = self._counts.get(ipynb)
        if seen is None or seen[0] != (stat.st_mtime_ns, stat.st_size):
            seen = ((stat.st_mtime_ns, stat.st_size),
                    item_counts_of(ipynb, job.chapter.order, self.out_dir))
            self._counts[ipynb] = seen
        return seen[1]

    def print_pdf(self, job: Job) -> None:
        if self.pdfs is None or not job.output(".html").is_file():
            return
        state = read_state(job.state_path)
        label = f"{job.agency} — {state.title or job.chapter.display_title} — {job.year}"
        if _is_synthetic(job):
            label += " — DATA SINTETIS"  # on every page of a chapter built on demo data
        self.pdfs.submit(_pdf_task(job.output(".html"), label, self.out_dir))


def _prestart_zygote(jobs: list[Job], ctx: RunContext, verbose: bool) -> None:
    """Start the zygote's imports now, before the runner's own, when a notebook will execute
    (the first job would start it otherwise, after importing papermill and jupyter_client)."""
    if not ctx.zygote:
        return
    if any(needs_execution(job, ctx, read_state(job.state_path)) for job in jobs):
        from lkjip_nb.runner.zygote import kernel_env, prestart_zygote, warm_env

        prestart_zygote({**kernel_env(), **warm_env(run_data_folders(jobs[0], ctx))}, verbose,
                        ctx.sockets or None)


def _warm_renderer() -> None:
    """Ready the HTML exporters in the background when the first notebook is about to execute:
    the first notebooks wait for their kernels (the zygote's imports) meanwhile, and would
    otherwise each wait for this afterwards."""

    from lkjip_nb.runner.execute import skip_slow_optional_imports

    skip_slow_optional_imports()  # before the thread imports nbformat

    def warm() -> None:
        from lkjip_nb.render.html import warm as warm_html

        with contextlib.suppress(Exception):  # a real render reports any problem itself
            warm_html()

    threading.Thread(target=warm, name="lkjip-warm-html", daemon=True).start()


def _order_jobs(jobs: list[Job]) -> list[Job]:
    """Agency-year by agency-year, longest first (last recorded time) within each.

    A year's combined report and its PDF need all of that year's chapters: finishing the years
    one after the other lets them render and print while the next year executes, instead of
    piling up at the end of the run.
    """
    groups: dict[tuple[str, int], int] = {}
    for job in jobs:
        groups.setdefault((job.opd, job.year), len(groups))
    return sorted(jobs, key=lambda j: (groups[(j.opd, j.year)],
                                       -read_state(j.state_path).seconds))


def _say(lines: list[str], stream=None) -> None:
    for line in lines:
        print(line, file=stream or sys.stdout)
    (stream or sys.stdout).flush()


def _facts(opts: RunOptions, opds: list[str], chapters: list[Chapter],
           data_files: dict[str, dict[str, str]]) -> dict[str, DatasetFacts]:
    """Each agency's dataset loaded and validated once; unknown ``requires`` names stop here."""
    data_dir = opts.data_dir.resolve()
    facts = {opd: dataset_facts(data_dir, opd, data_files[opd],
                                opts.out_dir / opd / ".lkjip" / "dataset.json") for opd in opds}
    sample = next((f for f in facts.values() if f.valid), None)
    if sample is not None:
        for chapter in chapters:
            bad = unknown_alternatives(chapter, sample)
            if bad:
                raise ParameterError(
                    f"Notebook {chapter.path.name}: 'requires' memuat yang tidak dikenal: "
                    f"{', '.join(bad)} (yang dikenal: nama tabel dataset, survey:iks)")
    return facts


def make_plan(opts: RunOptions) -> tuple[Plan, RunContext]:
    """Discover, load the datasets, plan: everything decided before a kernel starts."""
    every_chapter = find_chapters(opts.notebooks_dir)
    if not every_chapter:
        raise ParameterError(f"Tidak ada notebook bab (NN_<bab>.ipynb) di {opts.notebooks_dir}")
    chapters = select_chapters(every_chapter, opts.chapters)
    opds = select_opds(opts.data_dir, opts.opds)
    available = find_years(opts.params_dir) if opts.params_dir.is_dir() else {}
    years = select_years(available, opts.years) if available else {}
    notes = []
    if not available:
        notes.append(f"Tidak ada berkas parameter <tahun>.yaml di {opts.params_dir}: "
                     + ("tahun yang diminta" if opts.years else
                        "setiap tahun yang memiliki realisasi IKU dalam dataset")
                     + " dijalankan dengan parameter bawaan.")
    data_files = {opd: hash_tree(opts.data_dir.resolve() / opd) for opd in opds}
    facts = {}
    if not available or any(c.requires is not None for c in every_chapter):
        facts = _facts(opts, opds, every_chapter, data_files)
    plan = plan_run(opds=opds, years=years, chapters=every_chapter, selected=chapters,
                    data_dir=opts.data_dir, out_dir=opts.out_dir, facts=facts,
                    wanted_years=opts.years)
    plan.notes[:0] = notes
    if opts.final:  # set after the checks: a common parameter every chapter accepts
        for job in plan.context + plan.jobs:
            job.parameters["final"] = True
    ctx = RunContext(
        force=opts.force, formats=opts.formats, verbose=opts.verbose, timeout=opts.timeout,
        # a zygote pays off once a slot runs two notebooks; Dask workers launch plainly
        zygote=opts.zygote and not opts.scheduler and len(plan.jobs) > max(1, opts.jobs),
        run_provenance=run_provenance(opts.notebooks_dir.resolve()),
        bab_before=_bab_before(every_chapter),
        data_files={opd: files for opd, files in data_files.items()
                    if opd not in plan.bad_datasets})
    return plan, ctx


def run_batch(opts: RunOptions) -> RunReport:
    """Run the grid described by ``opts``; never raises for a failing notebook.

    Chapters that do not apply to an agency's data are skipped (recorded, shown on the index as
    not applicable); an agency whose dataset is not valid is not run (its validation report is
    printed before any kernel starts and kept in the report). The run holds the lock of its
    output folder throughout (:class:`~lkjip_nb.runner.session.RunSession`): a second run on
    the same ``--out`` stops at once with :class:`~lkjip_nb.runner.session.OutputBusy`. Outputs
    that cannot be written (disk full, read-only) fail their job or are listed in
    :attr:`RunReport.write_errors`; nothing written before is lost.
    """
    from lkjip_nb.runner.session import RunSession

    reset_cancel()
    with RunSession(opts.out_dir) as session:
        return _run_locked(opts, session.folder)


def _guarded(report: RunReport, step, *args):
    """``step(*args)``, with an output it cannot write noted in ``report`` instead of raised."""
    try:
        return step(*args)
    except OSError as exc:
        report.write_errors.append(atomic.write_problem(exc))
        return None


def _run_locked(opts: RunOptions, run_folder: Path) -> RunReport:
    """:func:`run_batch` once the output folder is locked."""
    plan, ctx = make_plan(opts)
    if not opts.scheduler:  # Dask workers keep their kernels' sockets in their own /tmp
        ctx.sockets = str(run_folder)
    jobs = plan.jobs
    report = RunReport(bad_datasets=dict(plan.bad_datasets), notes=list(plan.notes))
    _say(list(plan.bad_datasets.values()), sys.stderr)
    _say(plan.notes)
    results: dict[str, JobResult] = {}
    for job, message in plan.invalid:
        not_stored = store_failure(job, message)
        results[job.key] = failed_result(job, message.replace("\n", " "), unwritable=not_stored,
                                         not_stored=not_stored)
        report.results.append(results[job.key])
    for skip in plan.skipped:
        _guarded(report, record_skip, skip.job, skip.why.reason)
        report.results.append(JobResult(skip.job, "skipped", error=str(skip.why)))
    for opd in plan.agencies:
        atomic.remove_stale_temps(atomic.inside(opts.out_dir, opts.out_dir / opd))
    want_pdf = "pdf" in opts.formats
    pdfs = PdfQueue(opts.browser, force=opts.force) if want_pdf else None
    docxs = DocxQueue(force=opts.force) if "docx" in opts.formats else None
    chapters_of: dict[tuple[str, int], list[Job]] = defaultdict(list)
    for job in plan.context + [j for j, _ in plan.invalid]:
        chapters_of[job.group].append(job)
    planned = {job.group for job in plan.context}  # agency-years with chapters to report
    remaining = Counter(job.group for job in jobs)
    progress = Progress(len(jobs), enabled=opts.progress)
    for job, _ in plan.invalid:
        progress.note(f"      GAGAL  {job.key}: {results[job.key].error}")
    docs = _ChapterDocs(ctx, report, results, chapters_of, pdfs, opts.out_dir, jobs)
    datasets = _LastDataset()

    def export_year(group: tuple[str, int]) -> None:
        """The agency-year's Excel export; a failure is one line of the summary."""
        if "xlsx" not in opts.formats or group not in planned:
            return
        first = chapters_of[group][0]
        try:
            written = _excel_export(chapters_of[group], ctx, opts.force, datasets)
        except Exception as exc:  # the run goes on; the previous workbook stays
            report.xlsx_errors.append((first.year_dir / f"lkjip-{first.year}.xlsx",
                                       _first_line(exc)))
            return
        if written is not None:
            report.xlsx.append(written)

    def finish_year(group: tuple[str, int]) -> None:
        """Once every job of an agency-year is done: its chapter documents numbered as in its
        combined report, that report and its PDF, the Excel export."""
        if not chapters_of[group]:
            return
        if docs.wanted:
            docs.settle_year(group)
        if {"html", "pdf", "docx"} & set(opts.formats):
            report_year(group)
        export_year(group)

    def report_year(group: tuple[str, int]) -> None:
        made = _guarded(report, _combined_report, chapters_of[group], results, ctx, opts.force)
        combined, included = made if made is not None else (None, [])
        if combined is not None:
            report.combined.append(combined)
        first = chapters_of[group][0]
        html = first.year_dir / f"lkjip-{first.year}.html"
        if pdfs is not None and html.is_file() and included:
            label = f"{first.agency} — LKJIP {first.year}"
            if any(_is_synthetic(j) for j in included):
                label += " — memuat bab dengan DATA SINTETIS"
            pdfs.submit(_pdf_task(html, label, opts.out_dir))
        if docxs is not None and html.is_file() and included:
            docxs.submit(html)

    def on_result(result: JobResult) -> None:
        report.results.append(result)
        results[result.job.key] = result
        progress.finished(result)
        job = result.job
        if docs.wanted:
            docs.done(result)
        remaining[job.group] -= 1
        if remaining[job.group] == 0:
            finish_year(job.group)

    for group in chapters_of:
        if remaining[group] == 0:  # nothing to execute there (failed parameters, skips only)
            finish_year(group)

    warming = threading.Lock()
    warmed: list[bool] = []

    def on_start(job: Job) -> None:
        progress.started(job)
        if pdfs is not None:
            pdfs.warm()  # an executed notebook will want its PDF
        with warming:
            if not warmed and {"html", "pdf"} & set(opts.formats):
                warmed.append(True)
                _warm_renderer()  # ... and its HTML

    from lkjip_nb.runner.backends import run_dask, run_local
    from lkjip_nb.runner.zygote import stop_zygote

    try:
        if opts.scheduler:
            run_dask(_order_jobs(jobs), ctx, opts.scheduler, on_result)
        else:
            _prestart_zygote(jobs, ctx, opts.verbose)
            run_local(_order_jobs(jobs), ctx, opts.jobs, on_result, on_start,
                      recorded=lambda job: read_state(job.state_path).seconds)
    except BaseException:
        progress.close()
        if pdfs is not None:
            pdfs.finish(cancel=True)
        if docxs is not None:
            docxs.finish(cancel=True)
        raise
    finally:
        stop_zygote()
    progress.close()
    try:
        if pdfs is not None:
            report.pdf = pdfs.finish(close=False)  # every PDF is written; the browser closes
        if docxs is not None:
            report.docx = docxs.finish()
        names = {opd: plan.agencies.get(opd) or agency_info(opts.data_dir, opd)[0]
                 for opd in dict.fromkeys([*plan.agencies, *plan.bad_datasets])}
        report.indexes = _guarded(report, write_indexes, opts.out_dir, names,
                                  ctx.run_provenance) or []
    except BaseException:
        if pdfs is not None:
            pdfs.cancel()  # Ctrl-C while the last PDFs print: the one in progress ends it
        raise
    finally:
        if pdfs is not None:
            pdfs.close()
    return report


def write_indexes(out_dir: Path, agencies: dict[str, str], run: dict) -> list[Path]:
    """Agency index pages of this run's agencies (opd -> agency name), then the index across
    agencies."""
    from lkjip_nb.render.index import write_opd_index, write_root_index

    footer = dict(run, generated_at=now_iso())
    written = [write_opd_index(atomic.inside(out_dir, out_dir / opd), name, footer, root=out_dir)
               for opd, name in agencies.items() if (out_dir / opd).is_dir()]
    if out_dir.is_dir():
        written.append(write_root_index(out_dir, footer))
    return written
