"""The whole run: plan, execute (locally or on Dask), print PDFs, combined reports, index."""

from __future__ import annotations

import contextlib
import os
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from lkjip_nb.artifacts import atomic
from lkjip_nb.artifacts.provenance import now_iso, run_provenance
from lkjip_nb.artifacts.state import is_current, key_path, mark_built, read_key, read_state
from lkjip_nb.runner.discover import (
    Chapter,
    find_chapters,
    find_years,
    select_chapters,
    select_opds,
    select_years,
)
from lkjip_nb.runner.fingerprint import hash_file, hash_parts, hash_tree, render_source_hash
from lkjip_nb.runner.pdfqueue import PdfQueue, PdfReport, PdfTask
from lkjip_nb.runner.plan import Job, build_plan
from lkjip_nb.runner.progress import Progress
from lkjip_nb.runner.worker import (
    JobResult,
    RunContext,
    needs_execution,
    record_failure,
    reset_cancel,
    run_data_folders,
)

FORMATS = ("html", "pdf")


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
    notebooks_dir: Path = Path("notebooks")
    params_dir: Path = Path("params")
    scheduler: str | None = None
    browser: str | None = None
    verbose: bool = False
    timeout: int | None = None
    progress: bool = True
    zygote: bool = True  # fork kernels from a zygote (local runs only; see runner.zygote)


@dataclass
class RunReport:
    """Everything that happened, for the summary and the exit code."""

    results: list[JobResult] = field(default_factory=list)
    combined: list[Path] = field(default_factory=list)
    pdf: PdfReport = field(default_factory=PdfReport)
    indexes: list[Path] = field(default_factory=list)

    @property
    def failed(self) -> list[JobResult]:
        return [r for r in self.results if r.failed]


def _is_synthetic(job: Job) -> bool:
    """Whether the job's notebook recorded ``synthetic = True`` (built on demo data)."""
    if not job.state_path.is_file():
        return False
    return (read_state(job.state_path).figures.get("synthetic") or {}).get("value") is True


def _pdf_task(html: Path, label: str) -> PdfTask:
    return PdfTask(html=html, pdf=html.with_suffix(".pdf"), label=label,
                   key=read_key(key_path(html)))


def _combined_report(first: Job, all_chapters: list[Chapter], force: bool) -> Path | None:
    """Write ``lkjip-<year>.html`` from every chapter's executed notebook (also chapters not
    selected in this run) when any changed."""
    chapters = []
    for chapter in all_chapters:
        ipynb = first.year_dir / f"{chapter.id}.ipynb"
        chapters.append((chapter.id, chapter.order, ipynb if ipynb.is_file() else None))
    key = hash_parts([render_source_hash(), "combined"] +
                     [f"{cid}:{hash_file(path) if path else '-'}" for cid, _, path in chapters])
    target = first.year_dir / f"lkjip-{first.year}.html"
    if not force and is_current(target, key):
        return None
    from lkjip_nb.render.combined import ChapterDoc, combine
    from lkjip_nb.render.html import ReportInfo, render_html

    docs = [ChapterDoc(cid, order, path) for cid, order, path in chapters]
    nb, provenance = combine(docs)
    info = ReportInfo(agency=first.agency, government=first.government, year=first.year,
                      provenance=provenance, combined=True, generated_at=now_iso())
    atomic.write_text(target, render_html(nb, info, "reader"))
    mark_built(target, key)
    return target


def _prestart_zygote(jobs: list[Job], ctx: RunContext, verbose: bool) -> None:
    """Start the zygote's imports now, before the runner's own, when a notebook will execute
    (the first job would start it otherwise, after importing papermill and jupyter_client)."""
    if not ctx.zygote:
        return
    if any(needs_execution(job, ctx, read_state(job.state_path)) for job in jobs):
        from lkjip_nb.runner.zygote import kernel_env, prestart_zygote, warm_env

        prestart_zygote({**kernel_env(), **warm_env(run_data_folders(jobs[0], ctx))}, verbose)


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


def run_batch(opts: RunOptions) -> RunReport:
    """Run the grid described by ``opts``; never raises for a failing notebook."""
    reset_cancel()
    every_chapter = find_chapters(opts.notebooks_dir)
    chapters = select_chapters(every_chapter, opts.chapters)
    years = select_years(find_years(opts.params_dir), opts.years)
    opds = select_opds(opts.data_dir, opts.opds)
    from lkjip_nb.errors import ParameterError

    if not chapters:
        raise ParameterError(f"Tidak ada notebook bab (NN_<bab>.ipynb) di {opts.notebooks_dir}")
    if not years:
        raise ParameterError(f"Tidak ada berkas parameter (<tahun>.yaml) di {opts.params_dir}")
    jobs, invalid = build_plan(opds=opds, years=years, chapters=chapters,
                               data_dir=opts.data_dir, out_dir=opts.out_dir)
    report = RunReport()
    for job, message in invalid:
        record_failure(job, message)
        report.results.append(JobResult(job, "failed", error=message.replace("\n", " ")))
    for opd in opds:
        atomic.remove_stale_temps(opts.out_dir / opd)
    ctx = RunContext(
        force=opts.force, formats=opts.formats, verbose=opts.verbose, timeout=opts.timeout,
        # a zygote pays off once a slot runs two notebooks; Dask workers launch plainly
        zygote=opts.zygote and not opts.scheduler and len(jobs) > max(1, opts.jobs),
        run_provenance=run_provenance(opts.notebooks_dir.resolve()),
        data_files={opd: hash_tree(opts.data_dir.resolve() / opd) for opd in opds})
    want_pdf = "pdf" in opts.formats
    pdfs = PdfQueue(opts.browser, force=opts.force) if want_pdf else None
    by_year: dict[tuple[str, int], list[Job]] = defaultdict(list)
    for job in jobs + [j for j, _ in invalid]:
        by_year[(job.opd, job.year)].append(job)
    remaining = {k: len(v) for k, v in by_year.items()}
    progress = Progress(len(jobs), enabled=opts.progress)
    for result in report.results:
        progress.note(f"      GAGAL  {result.job.key}: {result.error}")
        remaining[(result.job.opd, result.job.year)] -= 1

    def on_result(result: JobResult) -> None:
        report.results.append(result)
        progress.finished(result)
        job = result.job
        if pdfs is not None and result.status != "failed" and job.output(".html").is_file():
            state = read_state(job.state_path)
            label = f"{job.agency} — {state.title or job.chapter.id} — {job.year}"
            if _is_synthetic(job):
                label += " — DATA SINTETIS"  # on every page of a chapter built on demo data
            pdfs.submit(_pdf_task(job.output(".html"), label))
        group = (job.opd, job.year)
        remaining[group] -= 1
        if remaining[group] == 0 and {"html", "pdf"} & set(opts.formats):
            combined = _combined_report(job, every_chapter, opts.force)
            if combined is not None:
                report.combined.append(combined)
            html = job.year_dir / f"lkjip-{job.year}.html"
            if pdfs is not None and html.is_file():
                label = f"{job.agency} — LKJIP {job.year}"
                if any(_is_synthetic(j) for j in by_year[group]):
                    label += " — memuat bab dengan DATA SINTETIS"
                pdfs.submit(_pdf_task(html, label))

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
        raise
    finally:
        stop_zygote()
    progress.close()
    try:
        if pdfs is not None:
            report.pdf = pdfs.finish(close=False)  # every PDF is written; the browser closes
        report.indexes = write_indexes(opts.out_dir, opds, jobs, ctx.run_provenance)
    finally:
        if pdfs is not None:
            pdfs.close()
    return report


def write_indexes(out_dir: Path, opds: list[str], jobs: list[Job], run: dict) -> list[Path]:
    """Agency index pages of this run's agencies, then the index across agencies."""
    from lkjip_nb.render.index import write_opd_index, write_root_index

    footer = dict(run, generated_at=now_iso())
    names = {j.opd: j.agency for j in jobs}
    written = [write_opd_index(out_dir / opd, names.get(opd, opd), footer)
               for opd in opds if (out_dir / opd).is_dir()]
    if out_dir.is_dir():
        written.append(write_root_index(out_dir, footer))
    return written
