"""PDF through the system Chromium (footers from its own footer template), and the one-line
message when there is none."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from lkjip_nb.render.pdf import BROWSER_ENV, BrowserUnavailable, find_browser, footer_template
from lkjip_nb.runner.pdfqueue import PdfQueue, PdfTask

HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><style>
.p { break-after: page; }</style></head><body><div class="p">Halaman satu
<a href="#tujuan">ke tujuan</a></div>
<div class="p">Kedua <math><mfrac><mi>R</mi><mi>A</mi></mfrac></math></div>
<h2 id="tujuan">Bagian tujuan</h2>
<script>document.body.textContent = "SKRIP BERJALAN";</script></body></html>"""
#: A label from data, with characters that mean something in HTML.
LABEL = """Dinas <b>Satu</b> & "Dua" 'Tiga' — 2024"""

needs_browser = pytest.mark.skipif(
    find_browser() is None or not (shutil.which("pdfinfo") and shutil.which("pdftotext")),
    reason="needs chromium and poppler-utils")


def page_count(pdf: Path) -> int:
    """Pages of ``pdf``, as poppler's pdfinfo counts them."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def page_text(pdf: Path, number: int, *more: str) -> str:
    """Text of page ``number`` (1-based) of ``pdf``, by poppler's pdftotext."""
    return subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), *more, str(pdf),
                           "-"], capture_output=True, text=True, check=True).stdout


def assert_numbered_through(pdf: Path, label: str) -> int:
    """Every page of ``pdf`` shows ``label`` and "Halaman i dari n"; returns n."""
    total = page_count(pdf)
    for number in range(1, total + 1):
        text = " ".join(page_text(pdf, number).split())
        assert label in text, (number, text[-200:])
        assert f"Halaman {number} dari {total}" in text, (number, text[-200:])
    return total


def print_all(tasks: list[PdfTask]):
    queue = PdfQueue()
    for task in tasks:
        queue.submit(task)
    return queue, queue.finish(close=False)


def test_footer_template_escapes_the_label():
    footer = footer_template(LABEL)
    assert "&lt;b&gt;Satu&lt;/b&gt; &amp; &quot;Dua&quot; &#x27;Tiga&#x27;" in footer
    assert "<b>" not in footer
    assert '<span class="pageNumber"></span>' in footer
    assert '<span class="totalPages"></span>' in footer


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
@needs_browser
def test_pdf_is_a4_with_footers_from_the_label_and_page_numbers(tmp_path):
    tasks = []
    for name in ("a", "b"):
        (tmp_path / f"{name}.html").write_text(HTML)
        tasks.append(PdfTask(tmp_path / f"{name}.html", tmp_path / f"{name}.pdf",
                             f"{LABEL} {name}", name))
    queue, report = print_all(tasks)  # returns once every PDF is written ...
    assert not report.errors and not report.notice and len(report.printed) == 2
    assert all(task.pdf.is_file() for task in tasks)
    queue.close()  # ... and the browser is closed after
    assert not queue._thread.is_alive()
    info = subprocess.run(["pdfinfo", str(tmp_path / "a.pdf")], capture_output=True,
                          text=True, check=True).stdout
    assert "(A4)" in info
    assert assert_numbered_through(tmp_path / "a.pdf", f"{LABEL} a") == 3
    assert assert_numbered_through(tmp_path / "b.pdf", f"{LABEL} b") == 3
    # the page's own script did not run (JavaScript is off in the printing tab)
    assert "SKRIP BERJALAN" not in page_text(tmp_path / "a.pdf", 1)
    # up to date: a second queue prints nothing, the files stay as they are
    before = {task.pdf: task.pdf.stat().st_mtime_ns for task in tasks}
    again = PdfQueue()
    for task in tasks:
        again.submit(task)
    assert again.finish().printed == []
    assert {task.pdf: task.pdf.stat().st_mtime_ns for task in tasks} == before


def footer_words(pdf: Path, number: int) -> list[tuple[str, float, float, float]]:
    """The footer's words on page ``number``: (text, left, right, height) in points."""
    words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                       r'yMax="([\d.]+)">([^<]*)</word>', page_text(pdf, number, "-bbox"))
    return [(w, float(x0), float(x1), float(y1) - float(y0))
            for x0, y0, x1, y1, w in words if float(y0) > 780]


@pytest.mark.browser
@needs_browser
@pytest.mark.parametrize("label", [
    "Badan Kesatuan Bangsa dan Politik Kabupaten Blitar — LKJIP 2024 — memuat bab dengan "
    "DATA SINTETIS",
    "Badan Kesatuan Bangsa dan Politik Kabupaten Blitar — Survei Indeks Kepuasan Masyarakat "
    "(IKS) — 2024 — DATA SINTETIS",
])
def test_a_label_too_long_for_8pt_is_printed_smaller_and_whole(tmp_path, label):
    (tmp_path / "a.html").write_text(HTML)
    _, report = print_all([PdfTask(tmp_path / "a.html", tmp_path / "a.pdf", label, "k")])
    assert not report.errors, report.errors
    footer = footer_words(tmp_path / "a.pdf", 1)
    assert " ".join(w for w, *_ in footer) == f"{label} Halaman 1 dari 3"
    number = next(i for i, (w, *_) in enumerate(footer) if w == "Halaman")
    assert max(right for _, _, right, _ in footer[:number]) < footer[number][1]
    assert max(h for *_, h in footer[:number]) < footer[number][3]  # smaller type


@pytest.mark.browser
@needs_browser
def test_a_very_long_label_is_cut_before_the_page_number(tmp_path):
    label = "Dinas Kesatuan Bangsa dan Politik " * 8 + "AKHIR"
    (tmp_path / "a.html").write_text(HTML)
    _, report = print_all([PdfTask(tmp_path / "a.html", tmp_path / "a.pdf", label, "k")])
    assert not report.errors, report.errors
    footer = footer_words(tmp_path / "a.pdf", 1)
    text = " ".join(w for w, *_ in footer)
    assert text.startswith("Dinas Kesatuan Bangsa") and text.endswith("… Halaman 1 dari 3")
    assert "AKHIR" not in text
    number = next(i for i, (w, *_) in enumerate(footer) if w == "Halaman")
    assert number > 3  # the label is there, cut ...
    assert max(right for _, _, right, _ in footer[:number]) < footer[number][1]  # ... in time
    # inside the side margins (15 mm = 42.5 pt of A4's 595.3 pt), give or take a point
    assert footer[0][1] >= 41.5 and footer[-1][2] <= 595.3 - 41.5


@pytest.mark.browser
@needs_browser
def test_links_point_inside_the_document(tmp_path):
    import pikepdf

    (tmp_path / "a.html").write_text(HTML)
    _, report = print_all([PdfTask(tmp_path / "a.html", tmp_path / "a.pdf", "x", "k")])
    assert not report.errors, report.errors
    with pikepdf.open(tmp_path / "a.pdf") as pdf:
        assert link_targets(pdf, 0) == [2]  # the link on page 1 goes to page 3


def link_targets(pdf, index: int) -> list[int]:
    """Page indexes the internal links on page ``index`` of ``pdf`` (a pikepdf.Pdf) go to:
    a link's /Dest is a destination array or the name of one in the catalog's /Dests."""
    import pikepdf

    pages = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
    found = []
    for annot in pdf.pages[index].get("/Annots", []):
        dest = annot.get("/Dest")
        if dest is None:
            continue
        if not isinstance(dest, pikepdf.Array):
            dest = pdf.Root.Dests[pikepdf.Name("/" + str(dest).lstrip("/"))]
        found.append(pages[dest[0].objgen])
    return found


def toc_entries(pdf: Path) -> list[tuple[str, int]]:
    """The Daftar Isi on page 2 as printed: (text, page number) per line."""
    lines = page_text(pdf, 2, "-layout").splitlines()
    return [(m[1], int(m[2])) for m in (re.match(r"^\s*(\S.*?)\s{2,}(\d+)$", line)
                                        for line in lines) if m and "Halaman" not in m[1]]


@pytest.mark.browser
@needs_browser
def test_contents_show_the_pages_of_their_headings_and_the_pdf_has_bookmarks(tmp_path):
    """A document with a table of contents is printed with each entry's page number (the
    footer's numbering) and bookmarks of its headings; the HTML itself shows no numbers."""
    import pikepdf
    from nbformat.v4 import new_markdown_cell, new_notebook

    from lkjip_nb.render.html import ReportInfo, render_html

    filler = "\n\n".join(["Kalimat pengisi halaman yang cukup panjang untuk satu baris."] * 30)
    cells = []
    for bab in ("Satu", "Dua", "Tiga"):
        cells += [new_markdown_cell('<div class="lkjip-chapter-break"></div>'),
                  new_markdown_cell(f"# Bab {bab}\n\n{filler}\n\n## Bagian {bab}\n\n{filler}")]
    page = render_html(new_notebook(cells=cells[1:]), ReportInfo(agency="D", year=2024))
    source = tmp_path / "a.html"
    source.write_text(page)
    _, report = print_all([PdfTask(source, tmp_path / "a.pdf", "x", "k")])
    assert not report.errors, report.errors
    entries = toc_entries(tmp_path / "a.pdf")
    ours = [f"{kind} {bab}" for bab in ("Satu", "Dua", "Tiga") for kind in ("Bab", "Bagian")]
    assert [text for text, _ in entries][:len(ours)] == ours  # (an appendix may follow)
    total = page_count(tmp_path / "a.pdf")
    for text, number in entries:
        shown = " ".join(page_text(tmp_path / "a.pdf", number).split())
        assert text in shown and f"Halaman {number} dari {total}" in shown, (text, number)
    assert [n for _, n in entries] == sorted(n for _, n in entries) and entries[0][1] == 3
    with pikepdf.open(tmp_path / "a.pdf") as pdf, pdf.open_outline() as outline:
        titles = [item.title for item in outline.root]
    assert [t for t in titles if t.startswith("Bab ")] == ["Bab Satu", "Bab Dua", "Bab Tiga"]
    assert 'data-page-of="' in page and not re.search(r'data-page-of="[^"]*">\d', page)
