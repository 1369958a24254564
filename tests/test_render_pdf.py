"""PDF through the system Chromium, and the one-line message when there is none."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from lkjip_nb.render.pdf import BROWSER_ENV, BrowserUnavailable, find_browser
from lkjip_nb.runner.pdfqueue import PdfQueue, PdfTask

HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><style>
.p { break-after: page; }</style></head><body><div class="p">Halaman satu</div>
<div>Kedua <math><mfrac><mi>R</mi><mi>A</mi></mfrac></math></div></body></html>"""


def test_explicit_browser_that_does_not_exist(monkeypatch):
    monkeypatch.setenv(BROWSER_ENV, "/nope/chromium")
    with pytest.raises(BrowserUnavailable, match="/nope/chromium"):
        find_browser()


def test_no_browser_gives_one_line_and_no_pdf(tmp_path, monkeypatch):
    monkeypatch.delenv(BROWSER_ENV, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # no chromium anywhere
    html = tmp_path / "a.html"
    html.write_text(HTML)
    queue = PdfQueue()
    queue.submit(PdfTask(html, tmp_path / "a.pdf", "label", "k"))
    report = queue.finish()
    assert "apt-get install chromium" in report.notice
    assert "\n" not in report.notice
    assert report.skipped == 1 and not (tmp_path / "a.pdf").exists()


@pytest.mark.browser
@pytest.mark.skipif(find_browser() is None or not shutil.which("pdfinfo"),
                    reason="needs chromium and poppler-utils")
def test_pdf_is_a4_with_page_numbers(tmp_path):
    pages = []
    for name in ("a", "b"):
        (tmp_path / f"{name}.html").write_text(HTML)
        pages.append(PdfTask(tmp_path / f"{name}.html", tmp_path / f"{name}.pdf", "Dinas X", name))
    queue = PdfQueue()
    for task in pages:
        queue.submit(task)
    report = queue.finish(close=False)  # returns once every PDF is written ...
    assert not report.errors and not report.notice and len(report.printed) == 2
    assert all(task.pdf.is_file() for task in pages)
    queue.close()  # ... and the browser is closed after
    assert not queue._thread.is_alive()
    info = subprocess.run(["pdfinfo", str(tmp_path / "a.pdf")], capture_output=True,
                          text=True, check=True).stdout
    assert "Pages:           2" in info and "(A4)" in info
    text = subprocess.run(["pdftotext", str(tmp_path / "a.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Halaman 2 dari 2" in text and "Dinas X" in text
    # up to date: a second queue prints nothing
    again = PdfQueue()
    for task in pages:
        again.submit(task)
    assert again.finish().printed == []


def test_combined_report_is_printed_whole_when_a_chapter_print_is_missing(tmp_path):
    """A chapter without a current kept print (e.g. its notebook failed) sends the combined
    report back to a whole print; nothing is asked of the browser for the assembly."""
    from lkjip_nb.runner.pdfqueue import _assemble, body_path
    from lkjip_nb.artifacts.state import mark_built

    class NoBrowser:
        def print_body(self, html):
            raise AssertionError("must not print")

    front, alpha, beta = (tmp_path / f"{n}.html" for n in ("front", "alpha", "beta"))
    for page in (front, alpha, beta):
        page.write_text(HTML)
        mark_built(page, page.stem)
    body_path(alpha).write_bytes(b"%PDF-1.4")
    mark_built(body_path(alpha), "alpha")
    task = PdfTask(tmp_path / "all.html", tmp_path / "all.pdf", "x", "k", front=front,
                   parts=(alpha, beta))
    assert _assemble(NoBrowser(), task) is False  # beta has no kept print
    body_path(beta).write_bytes(b"%PDF-1.4")
    mark_built(body_path(beta), "old key")
    assert _assemble(NoBrowser(), task) is False  # beta's print is of an older page
    assert not task.pdf.exists()
