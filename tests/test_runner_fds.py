"""In-process runs leave no file descriptors behind (a long-lived process runs many of them).

Every notebook used to leave its kernel process running, the kernel client's heartbeat thread
with its event loop and two zmq contexts (~17 descriptors), and every worker thread an unclosed
event loop: a pytest-xdist worker passed 1024 descriptors, and ``select.select`` in the zygote
failed ("filedescriptor out of range in select()").
"""

from __future__ import annotations

import collections
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from lkjip_nb.runner import zygote
from lkjip_nb.runner.batch import run_batch
from tests.test_runner_batch import copy_workspace, options

pytestmark = [pytest.mark.notebooks,
              pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")]


def open_fds() -> collections.Counter[str]:
    """This process's descriptors by kind (``socket``, ``anon_inode:[eventfd]``, ``file``...)."""
    kinds: collections.Counter[str] = collections.Counter()
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:  # the descriptor listdir itself used
            continue
        if target.startswith("/"):
            kinds["file"] += 1
        elif target.startswith("anon_inode:"):
            kinds[target] += 1  # anon_inode:[eventfd], anon_inode:[eventpoll]...
        else:
            kinds[target.split(":[")[0]] += 1  # socket, pipe
    return kinds


def running_children() -> set[str]:
    """``pid command`` of this process's child processes that are still running."""
    out = subprocess.run(["ps", "--no-headers", "--ppid", str(os.getpid()),
                          "-o", "stat=,pid=,args="],
                         capture_output=True, text=True, check=False).stdout
    return {line.split(None, 1)[1] for line in out.splitlines()
            if not line.startswith("Z") and "ps --no-headers" not in line}


@pytest.mark.parametrize("use_zygote", [False, True], ids=["plain", "zygote"])
def test_a_second_run_adds_no_descriptors(tmp_path, use_zygote):
    """Run the two fixture notebooks twice, executing every time (``force``); one slot, so that
    the zygote (when asked for) is used. The first run may keep one-off things (imports,
    caches); the second must leave the process with no more descriptors than the first, and no
    kernel process left running after either."""
    ws = copy_workspace(tmp_path)
    opts = options(ws, formats=("html",), force=True, jobs=1, zygote=use_zygote)
    children = running_children()
    counts = []
    for _ in range(2):
        report = run_batch(opts)
        assert not [r for r in report.results if r.failed], report.results
        assert sum(r.status == "ok" for r in report.results) == 2
        assert running_children() - children == set()  # every kernel was shut down
        counts.append(open_fds())
    added = counts[1] - counts[0]
    # no tolerance: nothing of a run is left to the garbage collector or to a later run
    assert not added, f"the second run left {dict(added)} more descriptors open"


def test_the_zygote_is_awaited_on_descriptors_past_1024(tmp_path):
    """:meth:`Zygote.wait_ready` still works when the zygote's pipe is descriptor >= 1024
    (``select.select`` refused those)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 1100:
        pytest.skip("the descriptor limit cannot be raised past 1024")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 1100), hard))
    filler: list[int] = []
    try:
        while not filler or filler[-1] < 1030:
            filler.append(os.open(os.devnull, os.O_RDONLY))
        process = subprocess.Popen([sys.executable, "-c", "print('ready', flush=True)"],
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert process.stdout is not None and process.stdout.fileno() >= 1024
        z = zygote.Zygote(process, str(tmp_path / "z"))
        (tmp_path / "z").mkdir()
        z.wait_ready()
        assert z.ready
        z.stop(timeout=5)
    finally:
        for fd in filler:
            os.close(fd)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
