"""Which job a free slot takes next: years in order, the longest expected job first."""

from __future__ import annotations

from pathlib import Path

from lkjip_nb.runner.backends import JobQueue
from lkjip_nb.runner.discover import Chapter
from lkjip_nb.runner.plan import Job
from lkjip_nb.runner.worker import JobResult

CHAPTERS = [Chapter(id=name, order=i, path=Path(f"{i:02d}_{name}.ipynb"))
            for i, name in enumerate(["short", "medium", "long"], start=1)]


def jobs(years: list[int]) -> list[Job]:
    return [Job(opd="x", year=year, chapter=c, parameters={}) for year in years
            for c in CHAPTERS]


def drain(queue: JobQueue) -> list[str]:
    taken = []
    while (job := queue.take()) is not None:
        taken.append(f"{job.year}/{job.chapter.id}")
    return taken


def test_without_any_timing_the_plan_order_is_kept():
    assert drain(JobQueue(jobs([2023, 2024]))) == [
        "2023/short", "2023/medium", "2023/long", "2024/short", "2024/medium", "2024/long"]


def test_recorded_times_put_the_longest_job_of_a_year_first():
    recorded = {"short": 1.0, "medium": 2.0, "long": 5.0}
    queue = JobQueue(jobs([2023, 2024]), lambda job: recorded[job.chapter.id])
    assert drain(queue) == ["2023/long", "2023/medium", "2023/short",
                            "2024/long", "2024/medium", "2024/short"]


def test_times_measured_in_this_run_order_the_later_years():
    queue = JobQueue(jobs([2023, 2024]))
    first_year = [queue.take() for _ in CHAPTERS]
    for job, seconds in zip(first_year, [1.0, 2.0, 5.0], strict=True):
        queue.learn(JobResult(job, "ok", seconds))
    queue.learn(JobResult(first_year[0], "cached", 9.0))  # not executed: learns nothing
    assert drain(queue) == ["2024/long", "2024/medium", "2024/short"]


def test_a_closed_queue_hands_out_nothing():
    queue = JobQueue(jobs([2024]))
    queue.close()
    assert queue.take() is None
