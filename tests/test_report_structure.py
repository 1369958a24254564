"""The combined report's structure and lists: chapters placed by their registry ``level`` and
``heading`` (one Bab III with its parts A and B, hibah inside B), a new page only where a Bab
starts; a Daftar Isi of the front parts and headings, a Daftar Tabel and a Daftar Gambar, with
page numbers in the PDF that are the pages the PDF shows each heading and caption on, and as
Word's own fields in the .docx."""

from __future__ import annotations

import fcntl
import html
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from lkjip_nb import registry
from lkjip_nb.render.combined import ChapterDoc, combine
from lkjip_nb.render.pdf import find_browser
from tests.conftest import BUNDLED, DATA

HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1>", re.S)
BREAK = 'class="lkjip-chapter-break"'
#: The cell before which the printed report starts a new page (report.css).
PAGE_BREAK = '<div class="lkjip-chapter-break"></div>'


def plain(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def write_chapter(folder: Path, name: str, entry: dict, *cells) -> Path:
    """An executed chapter notebook ``NN_name`` with registry ``entry`` and ``cells``."""
    nb = new_notebook(cells=list(cells))
    nb.metadata[registry.METADATA_KEY] = {"id": name.split("_", 1)[1], **entry}
    path = folder / f"{name}.ipynb"
    nbformat.write(nb, str(path))
    return path


def header(title: str) -> object:
    """A code cell showing the chapter's title as lkjip_nb.present.header does."""
    return new_code_cell("header(ctx)", outputs=[new_output("display_data", data={
        "text/markdown": f"# {title}\n\n**Dinas** — LKJIP", "text/plain": "<Markdown>"})])


def md_headings(nb) -> list[tuple[int, str]]:
    """Every markdown heading of a notebook's text cells and markdown outputs, in order."""
    found = []
    for cell in nb.cells:
        texts = [cell.source] if cell.cell_type == "markdown" else []
        texts += [o["data"]["text/markdown"] for o in cell.get("outputs", [])
                  if "text/markdown" in o.get("data", {})]
        for text in texts:
            text = re.sub(r"^```.*?^```", "", text, flags=re.M | re.S)
            found += [(len(h), t) for h, t in re.findall(r"^(#{1,6}) (.+)$", text, re.M)]
    return found


# --- the registry ------------------------------------------------------------------------

def test_registry_reads_level_and_heading(tmp_path):
    write_chapter(tmp_path, "01_a", {"title": "Bab II Satu"}, new_markdown_cell("# Judul A"))
    write_chapter(tmp_path, "02_b", {"title": "Bab III.B Dua", "level": 2,
                                     "heading": "B. Dua"})
    write_chapter(tmp_path, "03_c", {"title": "Tiga", "level": "3"})
    write_chapter(tmp_path, "04_d", {"title": "Empat", "level": 7})
    found = {c.id: c for c in registry.find_chapters(tmp_path)}
    assert [(c.level, c.heading) for c in found.values()] == [
        (1, "Bab II Satu"), (2, "B. Dua"), (3, "Tiga"), (1, "Empat")]
    assert found["a"].first_heading == "Judul A"
    assert found["b"].display_title == "Bab III.B Dua"  # its own document keeps its title


def test_shipped_bab_iii_chapters_are_its_parts():
    """Every shipped chapter of the report has a level; the parts of Bab III have headings of
    their own, and no Bab of the report lacks its title."""
    chapters = [c for c in registry.find_chapters() if c.in_report]
    assert all(c.level in registry.LEVELS for c in chapters)
    parts = [c for c in chapters if c.level > 1]
    assert parts and all(c.bab in registry.BAB_TITLES for c in parts)
    assert all(c.heading != c.title for c in parts if c.title.startswith("Bab "))


# --- combining ----------------------------------------------------------------------------

def test_parts_of_a_bab_come_under_its_title_and_only_a_bab_starts_a_page(tmp_path):
    paths = {
        "10_bab2": write_chapter(tmp_path, "10_bab2", {"title": "Bab II Rencana", "bab": "2",
                                                       "level": 1},
                                 header("Bab II Rencana"), new_markdown_cell("## A. Renstra")),
        "11_a": write_chapter(tmp_path, "11_a", {"title": "Bab III.A Capaian", "bab": "3",
                                                 "level": 2, "heading": "A. Capaian"},
                              header("Bab III.A Capaian"),
                              new_markdown_cell("## 1. Target\n\n### a. Sasaran\n\n"
                                                "```\n# not a heading\n```")),
        "12_a5": write_chapter(tmp_path, "12_a5", {"title": "Bab III.A.5 Efisiensi", "bab": "3",
                                                   "level": 3, "heading": "5. Efisiensi"},
                               header("Bab III.A.5 Efisiensi"),
                               new_markdown_cell("## Alokasi\n\n##### Dalam")),
        "13_b": write_chapter(tmp_path, "13_b", {"title": "Bab III.B Anggaran", "bab": "3",
                                                 "level": 2, "heading": "B. Anggaran"},
                              header("Bab III.B Anggaran")),
        "14_lamp": write_chapter(tmp_path, "14_lamp", {"title": "Lampiran"},
                                 header("Lampiran")),
    }
    entries = {c.id: c for c in registry.find_chapters(tmp_path)}
    merged, _ = combine([ChapterDoc(c.id, c.order, paths[c.path.stem], c.display_title)
                         for c in entries.values()])
    assert md_headings(merged) == [
        (1, "Bab II Rencana"), (2, "A. Renstra"),
        (1, registry.BAB_TITLES["3"]), (2, "A. Capaian"), (3, "1. Target"), (4, "a. Sasaran"),
        (3, "5. Efisiensi"), (4, "Alokasi"), (6, "Dalam"),
        (2, "B. Anggaran"),
        (1, "Lampiran")]
    assert any("```\n# not a heading\n```" in c.source for c in merged.cells)
    # a page break right before each Bab but the first, nowhere else
    breaks = [i for i, c in enumerate(merged.cells) if c.source == PAGE_BREAK]
    assert len(breaks) == 2
    starts = [merged.cells[i + 1] for i in breaks]
    assert starts[0].source == f"# {registry.BAB_TITLES['3']}"
    assert "# Lampiran" in starts[1].outputs[0]["data"]["text/markdown"]
    # each chapter's own notebook is untouched
    assert md_headings(nbformat.read(str(paths["13_b"]), 4))[0] == (1, "Bab III.B Anggaran")


def test_a_bab_with_a_chapter_of_its_own_gets_no_second_title(tmp_path):
    first = write_chapter(tmp_path, "20_bab3", {"title": "Bab III Akuntabilitas", "bab": "3"},
                          header("Bab III Akuntabilitas"))
    part = write_chapter(tmp_path, "21_b", {"title": "Bab III.B X", "bab": "3", "level": 2,
                                            "heading": "B. X"}, header("Bab III.B X"))
    merged, _ = combine([ChapterDoc("bab3", 20, first), ChapterDoc("b", 21, part)])
    assert md_headings(merged) == [(1, "Bab III Akuntabilitas"), (2, "B. X")]
    assert not any(c.source == PAGE_BREAK for c in merged.cells)


# --- the bundled 2024 report --------------------------------------------------------------

needs_tools = pytest.mark.skipif(
    find_browser() is None or not (shutil.which("pdftotext") and shutil.which("pdfinfo")),
    reason="needs chromium and poppler-utils")


@pytest.fixture(scope="module")
def stable_package():
    """Others edit lkjip_nb while tests run; keep its hash fixed inside this module."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("lkjip_nb.runner.worker.package_source_hash", lambda: "fixed")
        yield


def shared_folder(tmp_path_factory) -> Path:
    """A folder of this test session that every xdist worker of it sees (the workers' common
    parent), so that the report below is built once per session, not once per worker."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="module")
def report2024(tmp_path_factory, stable_package) -> Path:
    """The bundled agency's 2024 combined report (HTML), its chapters executed by the runner,
    and (where a browser is) its PDF printed as the runner prints it, beside it."""
    from lkjip_nb.render.pdf import PdfPrinter
    from lkjip_nb.runner.batch import RunOptions, run_batch

    root = shared_folder(tmp_path_factory) / "report-structure"
    root.mkdir(exist_ok=True)
    target = root / "out" / BUNDLED / "2024" / "lkjip-2024.html"
    with open(root / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another worker may be building it
        if not (root / "done").exists():
            (root / "params").mkdir(exist_ok=True)
            (root / "params" / "2024.yaml").write_text(
                f"year: 2024\nopd: {BUNDLED}\nrounding: {{}}\n")
            chapters = [c.id for c in registry.find_chapters() if c.in_report]
            report = run_batch(RunOptions(
                data_dir=DATA, opds=[BUNDLED], years=[2024], chapters=chapters,
                formats=("html",), out_dir=root / "out", params_dir=root / "params", jobs=2,
                progress=False))
            assert not report.failed, [(r.job.key, r.error) for r in report.failed]
            if find_browser() is not None:
                with PdfPrinter(find_browser()) as printer:
                    printer.print_pdf(target, target.with_suffix(".pdf"), "Uji — LKJIP 2024")
            (root / "done").write_text("")
    return target


@pytest.fixture(scope="module")
def pdf2024(report2024) -> Path:
    return report2024.with_suffix(".pdf")


def body(page: str) -> str:
    """The notebook's part of a combined page: after the lists."""
    return page[page.rindex("</nav>"):]


def report_headings(page: str) -> list[tuple[int, str]]:
    return [(int(level), plain(text)) for level, text in HEADING.findall(body(page))]


def expected_babs() -> list[str]:
    """The Bab of the bundled report, in order, from the registry: a chapter of level 1, or
    the title of a Bab of parts, once."""
    expected: list[str] = []
    for chapter in (c for c in registry.find_chapters() if c.in_report):
        title = (chapter.report_heading if chapter.level == 1
                 else registry.BAB_TITLES[chapter.bab])
        if title not in expected:
            expected.append(title)
    return expected


@pytest.mark.notebooks
def test_bundled_2024_has_one_bab_iii_with_its_parts(report2024):
    page = report2024.read_text(encoding="utf-8")
    headings = report_headings(page)
    entries = [c for c in registry.find_chapters() if c.in_report]
    by_id = {c.id: c for c in entries}
    expected = expected_babs()
    tops = [text for level, text in headings if level == 1]
    assert tops[:len(expected)] == expected
    assert tops.count(registry.BAB_TITLES["3"]) == 1
    # each part at its level, right under the part or Bab before it
    parts = [c for c in entries if c.level > 1]
    for chapter in parts:
        assert (chapter.level, chapter.report_heading) in headings, chapter.id
        if chapter.display_title != chapter.report_heading:  # not under its own title
            assert chapter.display_title not in [t for _, t in headings]
    hibah, budget = by_id["hibah"], by_id["budget"]
    at = headings.index((hibah.level, hibah.report_heading))
    above = [h for h in headings[:at] if h[0] < hibah.level]
    assert above[-1] == (budget.level, budget.report_heading)  # Belanja Hibah inside B


@pytest.mark.notebooks
def test_bundled_2024_starts_a_page_only_at_a_bab(report2024):
    pieces = body(report2024.read_text(encoding="utf-8")).split(BREAK)
    first, *after = [HEADING.search(piece).groups() for piece in pieces]
    # a break before each Bab but the first, and nowhere else (the appendix after the Bab
    # has one of its own)
    babs = expected_babs()
    assert [plain(text) for _, text in [first, *after]][:len(babs)] == babs
    assert all(level == "1" for level, _ in after)


def pdf_text(pdf: Path, first: int, last: int | None = None, *more: str) -> str:
    return subprocess.run(["pdftotext", "-f", str(first), "-l", str(last or first), *more,
                           str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def pages_of(pdf: Path) -> list[str]:
    """Every page's text, whitespace collapsed."""
    total = int(re.search(r"^Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout, re.M)[1])
    return [" ".join(pdf_text(pdf, n).split()) for n in range(1, total + 1)]


LISTS = ("Daftar Isi", "Daftar Tabel", "Daftar Gambar")


def list_pages(pages: list[str], title: str, first_bab: str) -> tuple[int, int]:
    """The first and last page (1-based) of the list titled ``title``: from the page it heads
    to the page before the next list or the first Bab."""
    first = next(i for i, text in enumerate(pages) if text.startswith(title + " "))
    last = first
    ends = tuple(f"{t} " for t in (*LISTS, first_bab) if t != title)
    while last + 1 < len(pages) and not pages[last + 1].startswith(ends):
        last += 1
    return first + 1, last + 1


def listed(pdf: Path, pages: list[str], title: str, first_bab: str) -> list[tuple[str, int]]:
    """The entries of the list titled ``title``, as the PDF prints them: (text, page)."""
    first, last = list_pages(pages, title, first_bab)
    entries, pending = [], ""
    for line in pdf_text(pdf, first, last, "-layout").splitlines():
        if not line.strip() or line.strip() == title or "Halaman" in line:
            continue
        match = re.match(r"^\s*(.*?)\s{2,}(\d+)$", line)
        if match is None:
            pending += " " + line.strip()
            continue
        entries.append((" ".join(f"{pending} {match[1]}".split()), int(match[2])))
        pending = ""
    return entries


def html_entries(page: str, nav: str) -> list[tuple[str, str]]:
    """The (text, target id) of a list of the HTML page, in order."""
    start = page.index(nav)
    part = page[start:page.index("</nav>", start)]
    return [(plain(text), target) for target, text in
            re.findall(r'<a href="#([^"]+)">(.*?)</a>', part)]


@pytest.mark.notebooks
@pytest.mark.browser
@needs_tools
def test_daftar_isi_page_numbers_are_the_pages_of_the_headings(report2024, pdf2024):
    import pikepdf

    page = report2024.read_text(encoding="utf-8")
    pages = pages_of(pdf2024)
    printed = listed(pdf2024, pages, "Daftar Isi", report_headings(page)[0][1])
    wanted = html_entries(page, '<nav class="lkjip-toc"')
    assert [text for text, _ in printed] == [text for text, _ in wanted]
    assert [text for text, _ in printed][:4] == ["Kata Pengantar", "Daftar Isi", "Daftar Tabel",
                                                 "Daftar Gambar"]
    with pikepdf.open(pdf2024) as pdf:
        index = {p.obj.objgen: i + 1 for i, p in enumerate(pdf.pages)}
        dests = {str(k).lstrip("/"): index[dest[0].objgen]
                 for k, dest in pdf.Root.Dests.items()}
    for (text, number), (_, target) in zip(printed, wanted, strict=True):
        assert text.lower() in pages[number - 1].lower(), (text, number)
        assert f"Halaman {number} dari {len(pages)}" in pages[number - 1]
        assert dests[target] == number, (text, target)
    numbers = [number for _, number in printed]
    assert numbers == sorted(numbers)


@pytest.mark.notebooks
@pytest.mark.browser
@needs_tools
def test_daftar_tabel_and_gambar_list_every_caption_with_its_page(report2024, pdf2024):
    pages = pages_of(pdf2024)
    first_bab = report_headings(report2024.read_text(encoding="utf-8"))[0][1]
    lists = {kind: listed(pdf2024, pages, f"Daftar {kind}", first_bab)
             for kind in ("Tabel", "Gambar")}
    first_body = list_pages(pages, "Daftar Gambar", first_bab)[1]  # pages before the Bab I
    for kind, entries in lists.items():
        found = sorted({m for text in pages[first_body:]
                        for m in re.findall(rf"\b{kind} (\d+\.\d+)\b", text)},
                       key=lambda n: tuple(int(x) for x in n.split(".")))
        assert found, kind
        assert [re.match(rf"{kind} (\d+\.\d+) ", text)[1] for text, _ in entries] == found
        for text, number in entries:  # the caption, number and title, is on that page
            start = " ".join(text.split()[:5])
            assert start in pages[number - 1], (text, number)
            assert number > first_body


# --- Word -----------------------------------------------------------------------------------

@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
def test_word_has_fields_for_the_lists_and_caption_styles(tmp_path):
    from lkjip_nb.render import docx
    from lkjip_nb.render.html import ReportInfo, render_html

    table = ('<figure class="lkjip-table"><figcaption><span class="lkjip-label" '
             'data-kind="Tabel" data-key="t">Tabel</span> Anggaran Uji</figcaption><table>'
             "<tr><td>1</td></tr></table></figure>")
    nb = new_notebook(cells=[
        new_markdown_cell("# Bab I Satu\n\n## A. Dua"),
        new_code_cell("t", outputs=[new_output("display_data", data={"text/html": table})])])
    nb.metadata[registry.METADATA_KEY] = {"id": "satu", "bab": "1"}
    source = tmp_path / "chapter.ipynb"
    nbformat.write(nb, str(source))
    merged, _ = combine([ChapterDoc("satu", 1, source)])
    html_path = tmp_path / "r.html"
    html_path.write_text(render_html(merged, ReportInfo(agency="D", year=2024, combined=True)))
    target = tmp_path / "r.docx"
    docx.write_docx(html_path, target)
    with zipfile.ZipFile(target) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    assert 'TOC \\h \\z \\t "Table Caption,1"' in xml  # the Daftar Tabel, until updated ...
    assert ">Tabel 1.1 Anggaran Uji</w:t>" in xml  # ... showing its entry
    caption = re.search(r'<w:p><w:pPr><w:pStyle w:val="TableCaption" ?/>.*?</w:p>', xml,
                        re.S)
    assert caption and "Anggaran Uji" in caption[0]
    assert '\\t "TOC Heading,1"' in xml  # the Daftar Isi lists the lists
    assert "Image Caption" not in xml  # no figures: no Daftar Gambar
