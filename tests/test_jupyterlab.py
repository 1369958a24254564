"""An analyst in JupyterLab, in a real browser: open the IKS workbook, Run All, change the year
in the parameters cell, Run All again in the same kernel: the new year's tables, no error.

Starts ``jupyter lab`` on localhost in a temporary copy of the notebooks folder and drives it
with Playwright on Debian's Chromium; skips when either is missing.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from lkjip_nb.registry import NOTEBOOK_DIR

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
JUPYTER = Path(sys.executable).with_name("jupyter")
NOTEBOOK = "06_iks_survey.ipynb"
TOKEN = "lkjip-test-token"
#: JupyterLab settings: every cell in the page (no windowing), no news or update checks.
SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false", "checkForUpdates": False},
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_server(url: str, proc: subprocess.Popen, timeout: float = 40.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError("jupyter lab stopped before it served")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"jupyter lab did not answer {url}")


@pytest.fixture
def lab(tmp_path):
    """A JupyterLab server on a free localhost port, serving a copy of the notebooks folder."""
    if not CHROMIUM or not JUPYTER.exists():
        pytest.skip("chromium or jupyter lab absent")
    folder = tmp_path / "notebooks"
    folder.mkdir()
    for nb in NOTEBOOK_DIR.glob("*.ipynb"):
        shutil.copy(nb, folder / nb.name)
    settings = tmp_path / "settings"
    for name, value in SETTINGS.items():
        path = settings / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))
    port = _free_port()
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
               JUPYTER_CONFIG_DIR=str(tmp_path / "config"), MPLBACKEND="Agg")
    log = open(tmp_path / "lab.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [str(JUPYTER), "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
         f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={folder}",
         f"--LabApp.user_settings_dir={settings}",
         f"--LabApp.workspaces_dir={tmp_path / 'workspaces'}",
         "--LabApp.news_url=", "--ServerApp.port_retries=0",
         *(["--allow-root"] if os.geteuid() == 0 else [])],
        cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_for_server(f"http://127.0.0.1:{port}/api/status?token={TOKEN}", proc)
        yield f"http://127.0.0.1:{port}", folder
    finally:
        _stop(proc)
        log.close()


def _stop(proc: subprocess.Popen) -> None:
    """End the server and the kernels it started (its own process group)."""
    for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


_PROMPTS = """() => Array.from(document.querySelectorAll(
    '.jp-Notebook .jp-CodeCell .jp-InputArea-prompt')).map(e => e.textContent.trim())"""


def _run_all(page, before: list[str], timeout: float = 60.0) -> list[str]:
    """Choose Run > Run All Cells; wait until every code cell has a new execution count."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        prompts = page.evaluate(_PROMPTS)
        done = all(re.fullmatch(r"\[\d+\]:", p) for p in prompts)
        if done and prompts != before:
            return prompts
        errors = _errors(page)
        if errors and "[*]:" not in prompts and prompts != before:
            raise AssertionError("Run All stopped on an error: " + errors[0][:600])
        page.wait_for_timeout(250)
    raise TimeoutError(f"Run All did not finish: {page.evaluate(_PROMPTS)}")


def _notebook_text(page) -> str:
    return page.evaluate("() => document.querySelector('.jp-Notebook').textContent")


def _errors(page) -> list[str]:
    return page.evaluate("""() => Array.from(document.querySelectorAll(
        '.jp-OutputArea-output')).map(e => e.textContent).filter(
        t => /Traceback|Error:|ParameterError|tidak dikenal/.test(t))""")


def test_run_all_edit_the_year_run_all_again_in_the_same_kernel(lab):
    from playwright.sync_api import sync_playwright

    base, folder = lab
    started = time.monotonic()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{base}/lab/tree/{NOTEBOOK}?token={TOKEN}", timeout=60_000)
            # the status bar says the kernel is connected and idle
            page.get_by_text(re.compile(r"\(ipykernel\) \| Idle")).wait_for(timeout=60_000)
            first = _run_all(page, page.evaluate(_PROMPTS))
            text = _notebook_text(page)
            assert not _errors(page)
            assert "Indeks Kesalehan Sosial Tahun 2024" in text

            # edit the parameters cell as a person does: click, select the first line, type
            editor = page.locator(".jp-Notebook .jp-CodeCell").first.locator(".cm-content")
            editor.click()
            page.keyboard.press("Control+Home")
            page.keyboard.press("Shift+End")
            page.keyboard.type("year = 2023")
            source = editor.text_content() or ""
            assert source.startswith("year = 2023") and "2024" not in source.split("opd")[0]

            second = _run_all(page, first)
            text = _notebook_text(page)
            assert not _errors(page), _errors(page)
            assert "Indeks Kesalehan Sosial Tahun 2023" in text
            assert "Indeks Kesalehan Sosial Tahun 2024" not in text
            # the same kernel: execution counts went on from the first run
            numbers = [int(p[1:-2]) for p in second]
            assert min(numbers) > max(int(p[1:-2]) for p in first)
        except Exception:
            page.screenshot(path=str(folder.parent / "failure.png"))
            raise
        finally:
            browser.close()
    assert time.monotonic() - started < 90
