"""Hardening of ``lkjip run``: writes stay inside --out, outputs carry no absolute paths, a full
disk or an unwritable folder is one clear line, kernel sockets live in the run's folder, two
runs on one --out cannot overlap, Ctrl-C stops the PDF printer cleanly."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest

from lkjip_nb.cli import main
from tests.test_runner_batch import FIX, args, copy_workspace

pytestmark = pytest.mark.notebooks


@pytest.fixture(scope="module")
def stable_package():
    """Others edit lkjip_nb while tests run; keep its hash fixed inside this module."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("lkjip_nb.runner.worker.package_source_hash", lambda: "fixed")
        yield


def command(ws: Path, *more: str) -> list[str]:
    return [sys.executable, "-m", "lkjip_nb", *args(ws, *more)]


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


# --- item 2: every write inside --out --------------------------------------------------------

@pytest.mark.parametrize("opd", ["../victim", "ABS"])
def test_a_path_as_opd_writes_nothing_outside_out(tmp_path, stable_package, capsys, opd):
    ws = copy_workspace(tmp_path / "ws")
    victim = tmp_path / "ws" / "victim"  # beside data/ and out/: reachable as ../victim
    shutil.copytree(ws / "data" / "demo-opd", victim)
    (victim / ".lkjip-tmp-keep.txt").write_text("not ours")
    before = _tree(tmp_path)
    opd = str(victim) if opd == "ABS" else opd
    assert main(args(ws, "--opd", opd, "--formats", "html")) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --opd ") and "tidak sah" in err
    assert _tree(tmp_path) == before  # nothing written, nothing deleted


def test_writes_outside_the_root_are_refused(tmp_path):
    from lkjip_nb.artifacts import atomic

    with pytest.raises(atomic.OutsideRoot):
        atomic.write_text(tmp_path / "out" / ".." / "x.html", "x", root=tmp_path / "out")
    with pytest.raises(atomic.OutsideRoot):
        atomic.write_text(tmp_path / "outside.html", "x", root=tmp_path / "out")
    atomic.write_text(tmp_path / "out" / "a" / "x.html", "x", root=tmp_path / "out")
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["x.html"]


# --- item 5: no absolute paths in outputs ----------------------------------------------------

def test_outputs_carry_no_absolute_path(tmp_path, stable_package):
    import nbformat

    ws = copy_workspace(tmp_path, extra=("03_broken.ipynb",))
    assert main(args(ws, "--formats", "html")) == 1  # broken fails: its failed copy too
    out = ws / "out"
    year = out / "demo-opd" / "2024"
    assert (year / "broken.failed.ipynb").is_file()
    leaks = {}
    for path in out.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            if str(tmp_path) in text or ".lkjip-tmp-" in text:
                leaks[str(path.relative_to(out))] = True
    assert leaks == {}
    nb = nbformat.read(str(year / "alpha.ipynb"), as_version=4)
    record = nb.metadata["papermill"]
    assert record["parameters"]["data_dir"] == "data"
    assert (record["input_path"], record["output_path"]) == ("01_alpha.ipynb",
                                                             "demo-opd/2024/alpha.ipynb")
    [injected] = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert 'data_dir = "data"' in injected.source
    assert nb.metadata["lkjip"]["parameters"]["data_dir"] == "data"
    analyst = (year / "alpha-analyst.html").read_text(encoding="utf-8")
    assert "data_dir" in analyst and str(ws) not in analyst


def test_paths_inside_the_project_are_recorded_relative_to_it(tmp_path, monkeypatch,
                                                              stable_package):
    import nbformat

    ws = copy_workspace(tmp_path)
    monkeypatch.chdir(ws)  # the project: data/, params/, notebooks/ and out/ inside
    assert main(["run", "--data", "data", "--params", "params", "--notebooks", "notebooks",
                 "--out", "out", "--years", "2024", "--quiet", "--formats", "html"]) == 0
    nb = nbformat.read(str(ws / "out/demo-opd/2024/alpha.ipynb"), as_version=4)
    assert nb.metadata["papermill"]["input_path"] == "notebooks/01_alpha.ipynb"
    assert nb.metadata["papermill"]["output_path"] == "out/demo-opd/2024/alpha.ipynb"
    assert nb.metadata["papermill"]["parameters"]["data_dir"] == "data"


# --- item 11: full disk, unwritable folder ---------------------------------------------------

def test_out_that_is_a_file_is_one_clear_line(tmp_path, stable_package):
    ws = copy_workspace(tmp_path)
    (ws / "out").write_text("a file where the output folder should be")
    done = subprocess.run(command(ws, "--formats", "html"), capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 2, done.stdout + done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr
    assert lines[0].startswith("error: Folder hasil --out") and "seharusnya folder" in lines[0]


def test_year_folder_that_is_a_file_fails_its_jobs_with_one_line_each(tmp_path, stable_package,
                                                                     capsys):
    ws = copy_workspace(tmp_path)
    (ws / "out" / "demo-opd").mkdir(parents=True)
    (ws / "out" / "demo-opd" / "2024").write_text("not a folder")
    assert main(args(ws, "--formats", "html")) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    [line] = [x for x in captured.out.splitlines() if x.startswith("Hasil tidak bisa ditulis")]
    assert "demo-opd/2024: ada berkas di tempat yang seharusnya folder" in line
    assert "Indeks:" in captured.out  # the index is still written


def test_full_disk_fails_cleanly_and_keeps_good_outputs(tmp_path, stable_package, monkeypatch,
                                                        capsys):
    from lkjip_nb.artifacts import atomic

    ws = copy_workspace(tmp_path, extra=("03_broken.ipynb",))
    assert main(args(ws, "--formats", "html")) == 1  # a good run (broken fails, as it should)
    out = ws / "out"
    (out / "demo-opd/2024/broken.failed.ipynb").unlink()
    before = _tree(out)
    capsys.readouterr()

    def full(path: Path, data: bytes) -> None:
        path.write_bytes(data[: len(data) // 3])  # a third fits, then the disk is full
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(atomic, "write_file", full)
    assert main(args(ws, "--formats", "html", "--force")) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    [line] = [x for x in captured.out.splitlines() if x.startswith("Hasil tidak bisa ditulis")]
    assert "disk penuh (No space left on device)" in line and "berkas lain" in line
    assert "Indeks:" not in captured.out  # it could not be written either
    after = _tree(out)
    after.pop(".lkjip.lock", None)
    before.pop(".lkjip.lock", None)
    assert after == before  # every good output as it was; no truncated or temporary file


# --- item 12: kernel sockets in the run's folder ---------------------------------------------

def test_kernel_sockets_live_in_the_run_folder_and_are_cleaned_after_a_kill(tmp_path):
    ws = Path(tempfile.mkdtemp(prefix="lkh-"))  # short enough for sockets under out/
    (ws / "notebooks").mkdir()
    shutil.copy(FIX / "extra" / "04_slow.ipynb", ws / "notebooks")
    shutil.copytree(FIX / "data", ws / "data")
    shutil.copytree(FIX / "params", ws / "params")
    run_folder = ws / "out" / ".lkjip-run"
    env = dict(os.environ, LKJIP_TEST_SLEEP="120")
    proc = subprocess.Popen(command(ws, "--formats", "html"), env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 90
        while not list(run_folder.glob("k-*-[0-9]")):
            assert proc.poll() is None and time.monotonic() < deadline, "no socket in the run"
            time.sleep(0.2)
        sockets = sorted(p.name for p in run_folder.iterdir())
        assert any(name.endswith(".json") for name in sockets)  # the connection file too
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    assert list(run_folder.glob("k-*"))  # a killed run leaves them in its own folder
    env["LKJIP_TEST_SLEEP"] = "0"
    done = subprocess.run(command(ws, "--formats", "html"), env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert not run_folder.exists() or not list(run_folder.iterdir())
    shutil.rmtree(ws, ignore_errors=True)


def test_run_folder_falls_back_to_a_short_path(tmp_path):
    from lkjip_nb.runner.session import SOCKET_PATH_MAX, run_folder

    short = Path(tempfile.mkdtemp(prefix="lkh-"))  # pytest's tmp_path may itself be too long
    try:
        assert run_folder(short / "out") == short / "out" / ".lkjip-run"
    finally:
        shutil.rmtree(short, ignore_errors=True)
    deep = tmp_path.joinpath(*["a" * 30] * 4)
    folder = run_folder(deep)
    assert len(str(folder)) + 24 <= SOCKET_PATH_MAX and folder == run_folder(deep)


# --- item 13: one run per --out --------------------------------------------------------------

def test_a_second_run_on_the_same_out_stops_naming_the_first(tmp_path, stable_package, capsys):
    from lkjip_nb.runner.session import RunSession

    ws = copy_workspace(tmp_path)
    with RunSession(ws / "out"):
        assert main(args(ws, "--formats", "html")) == 2
    err = capsys.readouterr().err
    assert f"pid {os.getpid()}" in err and "sedang dipakai oleh lkjip run lain" in err
    assert "mulai 20" in err
    assert not list((ws / "out").rglob("*.ipynb"))  # no work was done
    assert main(args(ws, "--formats", "html")) == 0  # the lock is gone with its holder


def test_concurrent_runs_do_not_both_work(tmp_path, stable_package):
    ws = tmp_path
    (ws / "notebooks").mkdir()
    shutil.copy(FIX / "extra" / "04_slow.ipynb", ws / "notebooks")
    shutil.copytree(FIX / "data", ws / "data")
    shutil.copytree(FIX / "params", ws / "params")
    env = dict(os.environ, LKJIP_TEST_SLEEP="5")
    first = subprocess.Popen(command(ws, "--formats", "html"), env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not (ws / "out" / ".lkjip.lock").is_file() or \
            not (ws / "out" / ".lkjip.lock").read_text():
        assert time.monotonic() < deadline
        time.sleep(0.1)
    second = subprocess.run(command(ws, "--formats", "html"), env=env, capture_output=True,
                            text=True, timeout=300)
    first.communicate(timeout=300)
    assert first.returncode == 0
    assert second.returncode == 2 and f"pid {first.pid}" in second.stderr


def test_combined_report_holds_only_chapters_built_from_the_same_data(tmp_path,
                                                                       stable_package):
    ws = copy_workspace(tmp_path)
    assert main(args(ws, "--formats", "html")) == 0
    combined = ws / "out/demo-opd/2024/lkjip-2024.html"
    assert "Bab Alfa" in combined.read_text() and "Bab Beta" in combined.read_text()
    other = tmp_path / "other"  # another dataset of the same agency, different a.csv
    shutil.copytree(ws / "data", other)
    a = other / "demo-opd" / "a.csv"
    a.write_text(a.read_text().replace("2024,", "2024,9", 1))
    more = args(ws, "--formats", "html", "--chapters", "beta")
    more[more.index("--data") + 1] = str(other)
    assert main(more) == 0
    text = combined.read_text()
    assert "Bab Beta" in text and "Bab Alfa" not in text  # alfa was built from other data


# --- item 14: Ctrl-C while PDFs print --------------------------------------------------------

@pytest.mark.browser
@pytest.mark.skipif(not shutil.which("chromium"), reason="needs chromium")
def test_ctrl_c_to_the_process_group_stops_the_pdf_printer_cleanly(tmp_path):
    ws = copy_workspace(tmp_path)
    for n in range(3, 7):  # more chapters: PDFs are still printing when Ctrl-C comes
        source = (ws / "notebooks" / "02_beta.ipynb").read_text()
        (ws / "notebooks" / f"0{n}_beta{n}.ipynb").write_text(
            source.replace("Bab Beta", f"Bab Beta {n}").replace('"beta"', f'"beta{n}"'))
    mark = f"LKJIP_TEST_RUN={uuid.uuid4().hex}"  # inherited by every process of this run
    env = dict(os.environ, LKJIP_TEST_RUN=mark.split("=", 1)[1])
    proc = subprocess.Popen(command(ws, "--jobs", "2"), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True, env=env)
    year = ws / "out" / "demo-opd" / "2024"
    deadline = time.monotonic() + 120
    while not list(year.glob("*.pdf")):
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in the terminal does
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, out + err
    assert err.strip() == "dibatalkan (Ctrl-C)", err
    time.sleep(1)
    assert processes_with(mark) == []  # printer, browser, kernels: none of this run is left


def processes_with(mark: str) -> list[int]:
    """Processes whose environment holds ``mark`` (other tests print PDFs at the same time)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environ = (entry / "environ").read_bytes().split(b"\0")
        except OSError:  # gone meanwhile, or not ours to read
            continue
        if mark.encode() in environ:
            found.append(int(entry.name))
    return found
