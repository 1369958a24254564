"""--scheduler: the same grid on a Dask distributed cluster (a local one here)."""

from __future__ import annotations

import pytest

from lkjip_nb.artifacts.state import read_state
from lkjip_nb.runner.batch import run_batch
from tests.test_runner_batch import copy_workspace, options

pytestmark = pytest.mark.notebooks


def test_grid_runs_on_a_dask_cluster(tmp_path):
    distributed = pytest.importorskip("distributed")
    ws = copy_workspace(tmp_path)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster:
        report = run_batch(options(ws, scheduler=cluster.scheduler_address, formats=("html",)))
    assert sorted((r.job.chapter.id, r.status) for r in report.results) == [
        ("alpha", "ok"), ("beta", "ok")]
    year = ws / "out" / "demo-opd" / "2024"
    assert (year / "alpha.html").is_file() and (year / "lkjip-2024.html").is_file()
    assert read_state(year / ".lkjip" / "beta.json").status == "ok"
    assert (ws / "out" / "demo-opd" / "index.html").is_file()


def test_unreachable_scheduler_is_a_clear_error(tmp_path):
    from lkjip_nb.errors import LkjipError

    ws = copy_workspace(tmp_path)
    with pytest.raises(LkjipError, match="Dask"):
        run_batch(options(ws, scheduler="tcp://127.0.0.1:9", formats=("html",)))
