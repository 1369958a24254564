"""Where jobs execute: threads of this process, or an existing Dask distributed cluster.

Both call :func:`lkjip_nb.runner.worker.process_job` and hand each result to ``on_result`` in the
calling thread as soon as it is ready.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from lkjip_nb.errors import LkjipError
from lkjip_nb.runner.plan import Job
from lkjip_nb.runner.worker import (
    JobResult,
    RunContext,
    cancel_pending,
    process_job,
    process_job_in_fresh_context,
)


class JobQueue:
    """Jobs handed to free slots one at a time.

    Agency-years in the order given (a year's combined report can be made while the next year
    runs); within the current agency-year the job expected to take longest goes first, so that
    no long notebook starts last while the other slots sit idle. Expectations are the time a
    chapter took earlier in this run (another year, another agency), else its last recorded
    time, else zero (plan order).
    """

    def __init__(self, jobs: list[Job], recorded: Callable[[Job], float] = lambda job: 0.0):
        self._pending = list(jobs)
        self._group = {}
        for job in jobs:
            self._group.setdefault((job.opd, job.year), len(self._group))
        self._recorded = recorded
        self._learned: dict[str, float] = {}
        self._lock = threading.Lock()
        self._closed = False

    def take(self) -> Job | None:
        """The next job, or None when there is none left (or the queue was closed)."""
        with self._lock:
            if self._closed or not self._pending:
                return None
            first = min(self._group[(j.opd, j.year)] for j in self._pending)
            group = [j for j in self._pending if self._group[(j.opd, j.year)] == first]
            job = max(group, key=self._expected)  # max keeps plan order among equals
            self._pending.remove(job)
            return job

    def learn(self, result: JobResult) -> None:
        """Remember how long an executed chapter took."""
        if result.status == "ok":
            with self._lock:
                self._learned[result.job.chapter.id] = result.seconds

    def close(self) -> None:
        """Hand out nothing more."""
        with self._lock:
            self._closed = True

    def _expected(self, job: Job) -> float:
        learned = self._learned.get(job.chapter.id)
        return learned if learned is not None else self._recorded(job)


def run_local(jobs: list[Job], ctx: RunContext, n_jobs: int,
              on_result: Callable[[JobResult], None], on_start: Any = None,
              recorded: Callable[[Job], float] = lambda job: 0.0) -> None:
    """Run ``jobs`` on ``n_jobs`` threads (each drives its own kernel process), in the order of
    a :class:`JobQueue`; ``recorded`` gives a job's last recorded seconds."""
    todo = JobQueue(jobs, recorded)
    results: queue.Queue[JobResult | BaseException] = queue.Queue()

    def slot() -> None:
        while (job := todo.take()) is not None:
            try:
                result = process_job(job, ctx, on_start)
            except BaseException as exc:  # handed to the calling thread
                results.put(exc)
                return
            todo.learn(result)
            results.put(result)

    with ThreadPoolExecutor(max_workers=max(1, n_jobs), thread_name_prefix="lkjip-job") as pool:
        for _ in range(max(1, min(n_jobs, len(jobs)))):
            pool.submit(slot)
        try:
            for _ in range(len(jobs)):
                item = results.get()
                if isinstance(item, BaseException):
                    raise item
                on_result(item)
        except BaseException:
            todo.close()
            cancel_pending()
            raise


def run_dask(jobs: list[Job], ctx: RunContext, address: str,
             on_result: Callable[[JobResult], None]) -> None:
    """Submit ``jobs`` to the Dask scheduler at ``address`` (outputs go to the shared --out).

    Workers launch each kernel plainly (``ctx.zygote`` is off): a worker process outlives the
    run and may serve several runs, so a zygote there would have no "end of run" to stop at and
    could keep serving lkjip_nb code older than the run's.
    """
    try:
        from distributed import Client, as_completed
    except ImportError as exc:
        raise LkjipError("--scheduler memerlukan paket 'distributed' (pip install "
                         "distributed)") from exc
    try:
        client = Client(address, timeout="10s", set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise LkjipError(f"Tidak bisa terhubung ke penjadwal Dask {address}: {exc}") from exc
    try:
        futures = [client.submit(process_job_in_fresh_context, job, ctx,
                                 key=f"lkjip-{job.key}-{id(ctx)}", pure=False) for job in jobs]
        try:
            for future in as_completed(futures, loop=client.loop):
                on_result(future.result())
        except BaseException:
            client.cancel(futures)
            raise
    finally:
        client.close()
