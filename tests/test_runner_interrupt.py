"""Killing a run half-way leaves no broken file; the next run finishes the work."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

FIX = Path(__file__).parent / "fixtures"
pytestmark = pytest.mark.notebooks


def command(ws: Path) -> list[str]:
    return [sys.executable, "-m", "lkjip_nb", "run", "--data", str(FIX / "data"),
            "--params", str(FIX / "params"), "--notebooks", str(ws / "notebooks"),
            "--out", str(ws / "out"), "--years", "2024", "--formats", "html", "--quiet",
            "--jobs", "2"]


def test_kill_then_rerun(tmp_path):
    ws = tmp_path
    (ws / "notebooks").mkdir()
    shutil.copy(FIX / "notebooks" / "02_beta.ipynb", ws / "notebooks")
    shutil.copy(FIX / "extra" / "04_slow.ipynb", ws / "notebooks")
    year = ws / "out" / "demo-opd" / "2024"
    # a previous good run of both
    env = dict(os.environ, LKJIP_TEST_SLEEP="0")
    subprocess.run(command(ws), env=env, check=True, capture_output=True, timeout=300)
    good = (year / "slow.html").read_bytes()
    # change the slow notebook so it runs again, then kill the runner while it sleeps
    (ws / "notebooks" / "04_slow.ipynb").write_text(
        (ws / "notebooks" / "04_slow.ipynb").read_text().replace("Bab Lambat", "Bab Lambat 2"))
    env["LKJIP_TEST_SLEEP"] = "120"
    proc = subprocess.Popen(command(ws), env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not list(year.glob(".lkjip-tmp-slow*")):
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.2)
    time.sleep(1.0)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert (year / "slow.html").read_bytes() == good  # the good document is still there
    assert not (year / "slow.failed.ipynb").exists()
    env["LKJIP_TEST_SLEEP"] = "0"
    done = subprocess.run(command(ws), env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Bab Lambat 2" in (year / "slow.html").read_text()
    assert not list((ws / "out").rglob(".lkjip-tmp-*"))
    assert "beta" in done.stdout and "dilewati" in done.stdout
