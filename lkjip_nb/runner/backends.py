"""Where jobs execute: threads of this process, or an existing Dask distributed cluster.

Both call :func:`lkjip_nb.runner.worker.process_job` and hand each result to ``on_result`` in the
calling thread as soon as it is ready.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
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


def run_local(jobs: list[Job], ctx: RunContext, n_jobs: int,
              on_result: Callable[[JobResult], None], on_start: Any = None) -> None:
    """Run ``jobs`` on ``n_jobs`` threads (each drives its own kernel process)."""
    with ThreadPoolExecutor(max_workers=max(1, n_jobs), thread_name_prefix="lkjip-job") as pool:
        pending = {pool.submit(process_job, job, ctx, on_start) for job in jobs}
        try:
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    on_result(future.result())
        except BaseException:
            cancel_pending()
            for future in pending:
                future.cancel()
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
