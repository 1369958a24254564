"""Kernels forked from the run's zygote: results, isolation, lifecycle, fallback."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from lkjip_nb.artifacts.state import read_state
from lkjip_nb.runner import zygote
from lkjip_nb.runner.batch import RunOptions, run_batch

FIX = Path(__file__).parent / "fixtures"
pytestmark = pytest.mark.notebooks

PROBE = """\
import os
from pathlib import Path
import lkjip_nb.record as rec
from lkjip_nb.data import cache
from lkjip_nb.record import record

record("pid", os.getpid())
record("warm", [Path(p).name for p in cache.cached_files()])
record("ppid", os.getppid())
record("leftover", "marker" in globals() or hasattr(rec, "probe_marker"))
marker = rec.probe_marker = 1
"""


def probe_notebook(title: str) -> nbformat.NotebookNode:
    nb = new_notebook(cells=[
        new_markdown_cell(f"# {title}"),
        new_code_cell('year = 2024\nopd = "demo-opd"\ndata_dir = "data"\nrounding = {}\n',
                      metadata={"tags": ["parameters"]}),
        new_code_cell(PROBE)])
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python",
                                 "display_name": "Python 3"}
    return nb


def workspace(root: Path, notebooks: list[str], probes: int = 2) -> Path:
    shutil.copytree(FIX / "data", root / "data")
    shutil.copytree(FIX / "params", root / "params")
    (root / "notebooks").mkdir()
    for name in notebooks:
        shutil.copy(FIX / name, root / "notebooks")
    for k in range(probes):
        target = root / "notebooks" / f"1{k}_probe{k}.ipynb"
        nbformat.write(probe_notebook(f"Probe {k}"), str(target))
    return root


def options(ws: Path, **kw) -> RunOptions:
    kw.setdefault("jobs", 1)  # one slot: the notebooks run one after the other
    return RunOptions(data_dir=ws / "data", params_dir=ws / "params",
                      notebooks_dir=ws / "notebooks", out_dir=ws / "out", years=[2024],
                      formats=("html",), progress=False, **kw)


def figures(ws: Path, chapter: str) -> dict:
    state = read_state(ws / "out/demo-opd/2024/.lkjip" / f"{chapter}.json")
    assert state.status == "ok", state.error
    return {name: item["value"] for name, item in state.figures.items()}


@pytest.fixture(scope="module")
def zygote_run(tmp_path_factory):
    ws = workspace(tmp_path_factory.mktemp("zyg"), ["notebooks/01_alpha.ipynb"])
    report = run_batch(options(ws))
    assert not report.failed, [r.error for r in report.failed]
    return ws


def test_zygote_kernel_executes_a_notebook_and_records_figures(zygote_run):
    assert figures(zygote_run, "alpha")["total_a"] == 45
    nb = nbformat.read(str(zygote_run / "out/demo-opd/2024/alpha.ipynb"), as_version=4)
    outputs = [o for cell in nb.cells for o in cell.get("outputs", [])]
    assert any("image/png" in o.get("data", {}) for o in outputs)  # inline matplotlib
    assert "<img" in (zygote_run / "out/demo-opd/2024/alpha.html").read_text()


def test_each_notebook_gets_its_own_forked_process(zygote_run):
    first, second = figures(zygote_run, "probe0"), figures(zygote_run, "probe1")
    assert first["pid"] != second["pid"]
    assert first["ppid"] == second["ppid"] != os.getpid()  # both forked by the same zygote
    assert first["leftover"] is False and second["leftover"] is False


def test_forked_kernels_inherit_the_parsed_data(zygote_run):
    assert figures(zygote_run, "probe0")["warm"] == ["profile.yaml"]  # parsed by the zygote


def test_zygote_is_stopped_at_the_end_of_the_run(zygote_run):
    assert zygote._zygote is None
    ppid = figures(zygote_run, "probe0")["ppid"]
    assert not Path(f"/proc/{ppid}").exists() or _state(ppid) == "Z"


def test_disabled_zygote_launches_kernels_plainly(tmp_path):
    ws = workspace(tmp_path, [])
    report = run_batch(options(ws, zygote=False))
    assert not report.failed
    pids = [figures(ws, f"probe{k}") for k in range(2)]
    assert all(p["ppid"] == os.getpid() for p in pids)  # launched by this process
    assert all(p["warm"] == [] for p in pids)


def test_env_switch_and_failed_start_fall_back(tmp_path, monkeypatch):
    monkeypatch.setenv("LKJIP_NO_ZYGOTE", "1")
    assert zygote.zygote_kernel_argv({}) is None
    monkeypatch.delenv("LKJIP_NO_ZYGOTE")
    broken = tmp_path / "broken"
    (broken / "ipykernel").mkdir(parents=True)
    (broken / "ipykernel" / "__init__.py").write_text("raise ImportError('no kernel here')\n")
    try:
        assert zygote.zygote_kernel_argv({"PYTHONPATH": str(broken)}) is None
        assert zygote._refused  # not retried for every notebook of the run
    finally:
        zygote.stop_zygote()
    assert not zygote._refused


def test_interrupt_and_kill_reach_the_forked_kernel():
    from lkjip_nb.runner.kernel import kernel_manager

    async def scenario() -> tuple[str, int]:
        km = kernel_manager(zygote=True)
        assert "zygote_launcher.py" in km.kernel_spec.argv[3]
        await km.start_kernel()
        kc = km.client()
        kc.start_channels()
        try:
            await kc.wait_for_ready(timeout=60)
            pid_reply = await kc.execute_interactive("import os; print(os.getpid())",
                                                     output_hook=_keep, timeout=60)
            assert pid_reply["content"]["status"] == "ok"
            kernel_pid = _printed[-1]
            await kc.execute_interactive("print(int(get_ipython().history_manager.enabled))",
                                         output_hook=_keep, timeout=60)
            history = _printed[-1]
            msg_id = kc.execute("import time; time.sleep(60)")
            await asyncio.sleep(0.5)
            await km.interrupt_kernel()
            while True:
                reply = await kc.get_shell_msg(timeout=30)
                if reply["parent_header"].get("msg_id") == msg_id:
                    break
        finally:
            kc.stop_channels()
            await km.shutdown_kernel(now=True)  # SIGKILL to the launcher
        return reply["content"].get("ename", ""), kernel_pid, history

    ename, kernel_pid, history = asyncio.run(scenario())
    zygote.stop_zygote()
    assert ename == "KeyboardInterrupt"
    assert history == 0  # batch kernels keep no IPython history (KERNEL_OPTIONS)
    assert _gone([kernel_pid], within=30)


_printed: list[int] = []


def _keep(msg: dict) -> None:
    if msg["msg_type"] == "stream":
        _printed.append(int(msg["content"]["text"].strip()))


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return "gone"


def _gone(pids: list[int], within: float) -> bool:
    """Wait until every pid has exited (a zombie counts as exited)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if all(_state(pid) in ("gone", "Z") for pid in pids):
            return True
        time.sleep(0.2)
    return False


def _descendants(root: int) -> dict[int, str]:
    """pid -> command line of every process under ``root``."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1]
                                               .split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found, todo = {}, [root]
    while todo:
        pid = todo.pop()
        for child, parent in parents.items():
            if parent == pid and child not in found:
                cmd = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ")
                found[child] = cmd.decode(errors="replace")
                todo.append(child)
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc")
def test_killing_the_runner_leaves_no_zygote_or_kernel(tmp_path):
    ws = workspace(tmp_path, ["notebooks/02_beta.ipynb", "extra/04_slow.ipynb"], probes=0)
    cmd = [sys.executable, "-m", "lkjip_nb", "run", "--data", str(ws / "data"),
           "--params", str(ws / "params"), "--notebooks", str(ws / "notebooks"),
           "--out", str(ws / "out"), "--years", "2024", "--formats", "html", "--quiet",
           "--jobs", "1"]
    env = dict(os.environ, LKJIP_TEST_SLEEP="120")
    env.pop("LKJIP_NO_ZYGOTE", None)
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    tree: dict[int, str] = {}
    try:
        deadline = time.monotonic() + 120
        while not (ws / "out/demo-opd/2024/.lkjip/beta.json").is_file():  # beta done: slow runs
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.2)
        while sum("zygote" in c for c in tree.values()) < 3:  # launcher, zygote, forked kernel
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.2)
            tree = _descendants(proc.pid)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert _gone(list(tree), within=30), {p: c for p, c in tree.items()
                                              if _state(p) not in ("gone", "Z")}
    finally:
        for pid in tree:
            if _state(pid) not in ("gone", "Z"):
                os.kill(pid, signal.SIGKILL)
        if proc.poll() is None:
            proc.kill()
