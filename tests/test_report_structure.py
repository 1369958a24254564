"""The combined report's structure and lists: chapters placed by their registry ``level`` and
``heading`` (one Bab III with its parts A and B, hibah inside B), a new page only where a Bab
starts; a Daftar Isi of the front parts and headings, a Daftar Tabel and a Daftar Gambar, with
page numbers in the PDF that are the pages the PDF shows each heading and caption on, and as
Word's own fields in the .docx."""

from __future__ import annotations

import html
import math
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from string import ascii_uppercase

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from lkjip_nb import registry
from lkjip_nb.data import load_dataset
from lkjip_nb.render import technical
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


def test_the_combined_report_leaves_out_the_header_line_but_not_the_synthetic_note(tmp_path):
    """present.header's line naming agency and year (data as Markdown text) is left out of the
    combined report, whose cover names both; the heading and a synthetic dataset's warning
    stay, and the chapter's own notebook keeps the line."""
    from types import SimpleNamespace

    from lkjip_nb import present

    ctx = SimpleNamespace(title="Bab II Rencana", year=2024, agency="Dinas *Uji* <b>",
                          dataset=SimpleNamespace(synthetic=True), profile={})
    said = present.header_markdown(ctx)
    assert f"**{present.md_text(present.agency_label(ctx))}** — " in said
    assert r"Dinas \*Uji\* &lt;b&gt; (data sintetis)" in said  # Markdown text, not HTML
    shown = new_code_cell("header(ctx)", outputs=[new_output("display_data", data={
        "text/markdown": said, "text/plain": "<Markdown>"})])
    path = write_chapter(tmp_path, "10_bab2", {"title": "Bab II Rencana", "bab": "2"}, shown,
                         new_markdown_cell("## A. Renstra"))
    merged, _ = combine([ChapterDoc("bab2", 10, path)])
    text = merged.cells[0].outputs[0]["data"]["text/markdown"]
    assert md_headings(merged) == [(1, "Bab II Rencana"), (2, "A. Renstra")]
    assert "Dinas" not in text and "Tahun 2024" not in text
    assert "> **Data sintetis.**" in text
    own = nbformat.read(str(path), 4).cells[0].outputs[0]["data"]["text/markdown"]
    assert own == said


# --- the bundled 2024 report --------------------------------------------------------------

needs_tools = pytest.mark.skipif(
    find_browser() is None or not (shutil.which("pdftotext") and shutil.which("pdfinfo")),
    reason="needs chromium and poppler-utils")


#: The footer label of the combined report, as the runner prints it.
PDF_LABEL = f"{load_dataset(DATA, BUNDLED).name} — LKJIP 2024"


@pytest.fixture(scope="module")
def report2024(report_2024) -> Path:
    """The bundled agency's 2024 combined report (HTML), its PDF beside it where a browser is
    (tests/conftest.py builds them once per session)."""
    return report_2024 / "lkjip-2024.html"


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
#: A table's or figure's number: its Bab (a number, or a letter as the Lampiran's "L") and k.
NUMBER = r"[0-9A-Z]+\.\d+"


def number_key(number: str) -> tuple:
    """Report order of numbers "2.1", "3.10", "L.1": the Bab by number, lettered ones after."""
    bab, k = number.split(".")
    return (0, int(bab), "", int(k)) if bab.isdigit() else (1, 0, bab, int(k))


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
                        for m in re.findall(rf"\b{kind} ({NUMBER})\b", text)}, key=number_key)
        assert found, kind
        assert [re.match(rf"{kind} ({NUMBER}) ", text)[1] for text, _ in entries] == found
        for text, number in entries:  # the caption, number and title, is on that page
            start = " ".join(text.split()[:5])
            assert start in pages[number - 1], (text, number)
            assert number > first_body


@pytest.mark.notebooks
def test_bundled_2024_parts_of_each_bab_are_lettered_in_order(report2024):
    """As PermenPANRB 53/2014 structures a Bab: its parts (level 2) are "A.", "B.", ... in
    order, nothing unlettered between them; Bab II's chart of the Renstra targets is an item of
    its part A (Rencana Strategis), before B."""
    page = body(report2024.read_text(encoding="utf-8"))
    entries = [c for c in registry.find_chapters() if c.in_report and c.bab in registry.BAB_TITLES]
    babs = {c.report_heading if c.level == 1 else registry.BAB_TITLES[c.bab] for c in entries}
    parts: dict[str, list[str]] = {}
    current = None
    for match in HEADING.finditer(page):
        level, text = int(match[1]), plain(match[2])
        if level == 1:
            current = text if text in babs else None
            if current:
                parts[current] = []
        elif level == 2 and current:
            parts[current].append(text)
    assert set(parts) == babs
    for bab, found in parts.items():
        assert [t[:3] for t in found] == [f"{c}. " for c in ascii_uppercase[:len(found)]], bab
    planning = next(c for c in entries if c.id == "planning")
    chart = page.index('data-key="renstra-chart"')
    starts = [m.start() for m in HEADING.finditer(page) if m[1] in "12"]
    heads = {plain(m[2]): m.start() for m in HEADING.finditer(page) if m[1] == "2"}
    part_a = heads["A. Rencana Strategis"]
    assert page.index(planning.report_heading) < part_a < chart
    assert chart < min(at for at in starts if at > part_a)  # before the next part


@pytest.mark.notebooks
def test_bundled_2024_lampiran_numbers_its_items_as_lampiran(report2024):
    """The Lampiran's tables are "Tabel L.1", ... (its ``bab``), not numbered by its place among
    the notebooks, in the document and in the Daftar Tabel."""
    page = report2024.read_text(encoding="utf-8")
    lampiran = next(c for c in registry.find_chapters() if c.id == "lampiran")
    assert lampiran.bab and lampiran.bab != str(lampiran.order)
    part = body(page)
    start = part.index(f">{lampiran.report_heading} <a ")
    end = part.index(f">{technical.TITLE} <a ", start)
    labels = re.findall(r'<span class="lkjip-label" id="[^"]+">Tabel ([^<]+)</span>',
                        part[start:end])
    assert labels == [f"{lampiran.bab}.{k}" for k in range(1, len(labels) + 1)] and labels
    listed = [text for text, _ in html_entries(page, '<nav class="lkjip-toc-list"')]
    assert f"Tabel {labels[0]} " in " ".join(listed) + " "


@pytest.mark.notebooks
def test_bundled_2024_chapters_do_not_repeat_agency_and_year(report2024):
    """The cover names agency and year; no chapter repeats them in a line under its title."""
    text = plain(body(report2024.read_text(encoding="utf-8")))
    assert "Laporan Kinerja Instansi Pemerintah (LKJIP) Tahun" not in text


def bbox_lines(pdf: Path) -> list[tuple[int, float, str]]:
    """Every line the PDF prints: (page, left edge in pt, text)."""
    out = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    found, page = [], 0
    for chunk in re.split(r"(<page |<line )", out):
        if chunk == "<page ":
            page += 1
        elif chunk.startswith("xMin=") and "<word" in chunk:
            words = re.findall(r"<word [^>]*>([^<]*)</word>", chunk)
            left = float(re.search(r'<word xMin="([\d.]+)"', chunk)[1])
            found.append((page, left, html.unescape(" ".join(words))))
    return found


@pytest.mark.notebooks
@pytest.mark.browser
@needs_tools
def test_headings_of_text_cells_and_of_outputs_start_at_the_same_margin(report2024, pdf2024):
    """A Bab's and a part's heading starts at the text's left margin whether a text cell holds
    it ("Bab III Akuntabilitas Kinerja", inserted by the combined report) or an output (a
    chapter's title)."""
    headings = report_headings(report2024.read_text(encoding="utf-8"))
    lists_end = list_pages(pages_of(pdf2024), "Daftar Gambar", headings[0][1])[1]
    lines = [line for line in bbox_lines(pdf2024) if line[0] > lists_end]
    lefts = {}
    at = 0
    for level, text in headings:
        if level > 2:
            continue
        for i in range(at, len(lines)):
            if lines[i][2] and text.startswith(lines[i][2]):
                lefts[text], at = lines[i][1], i + 1
                break
    assert registry.BAB_TITLES["3"] in lefts and len(lefts) > 10
    assert max(lefts.values()) - min(lefts.values()) < 0.5, lefts


@pytest.mark.notebooks
@pytest.mark.browser
@needs_tools
def test_the_cover_title_is_the_first_bookmark_with_its_spaces(report2024, pdf2024):
    import pikepdf

    page = report2024.read_text(encoding="utf-8")
    cover = re.search(r'<h1 class="lkjip-doc-title">(.*?)</h1>', page, re.S)
    with pikepdf.open(pdf2024) as pdf, pdf.open_outline() as outline:
        first = outline.root[0].title
    assert first == plain(cover[1]) and " " in first


def stranded(pdf: Path, page: str, label: str) -> list[tuple[int, str]]:
    """Headings and bold label paragraphs ("**Analisis capaian ...**") that end the text of
    their page, what they introduce on the next: found in document order in the pages' text."""
    part = body(page)
    marks = [(m.start(), plain(m[2])) for m in HEADING.finditer(part)]
    marks += [(m.start(), plain(m[1])) for m in re.finditer(
        r"<p><strong>((?:(?!</?p\b|</strong>).)*)</strong></p>", part, re.S)]
    texts = [text for _, text in sorted(marks) if len(text) > 3]
    pages = pages_of(pdf)
    ends = [text.rfind(f"{label} Halaman ") for text in pages]
    bodies = [text[:end] if end >= 0 else text for text, end in zip(pages, ends, strict=True)]
    found, at, pos = [], 0, 0
    for text in texts:
        for i in range(at, len(bodies)):
            hit = bodies[i].find(text, pos if i == at else 0)
            if hit >= 0:
                at, pos = i, hit + len(text)
                if not bodies[i][pos:].strip():
                    found.append((i + 1, text))
                break
    return found


@pytest.mark.notebooks
@pytest.mark.browser
@needs_tools
def test_no_heading_or_label_is_left_at_the_foot_of_a_page(report2024, pdf2024):
    page = report2024.read_text(encoding="utf-8")
    assert stranded(pdf2024, page, PDF_LABEL) == []


def _times(m1: list[float], m2: list[float]) -> list[float]:
    """The PDF matrix product ``m1 × m2`` ([a b c d e f])."""
    a1, b1, c1, d1, e1, f1 = m1
    a2, b2, c2, d2, e2, f2 = m2
    return [a1 * a2 + b1 * c2, a1 * b2 + b1 * d2, c1 * a2 + d1 * c2, c1 * b2 + d1 * d2,
            e1 * a2 + f1 * c2 + e2, e1 * b2 + f1 * d2 + f2]


def printed_sizes(pdf: Path) -> list[tuple[int, float]]:
    """(page, size in pt) of every text the PDF's pages show: the font size times the vertical
    scale of the text and current transformation matrices."""
    import pikepdf

    found = []
    with pikepdf.open(pdf) as doc:
        for number, pdf_page in enumerate(doc.pages, 1):
            ctm, saved, size, tm = [1.0, 0, 0, 1.0, 0, 0], [], 0.0, [1.0, 0, 0, 1.0, 0, 0]
            for operands, op in pikepdf.parse_content_stream(pdf_page):
                name = str(op)
                if name == "q":
                    saved.append(ctm)
                elif name == "Q":
                    ctm = saved.pop()
                elif name == "cm":
                    ctm = _times([float(x) for x in operands], ctm)
                elif name == "BT":
                    tm = [1.0, 0, 0, 1.0, 0, 0]
                elif name == "Tf":
                    size = float(operands[1])
                elif name == "Tm":
                    tm = [float(x) for x in operands]
                elif name in ("Tj", "TJ", "'", '"'):
                    m = _times(tm, ctm)
                    found.append((number, size * math.hypot(m[2], m[3])))
    return found


@pytest.mark.notebooks
@pytest.mark.browser
@needs_tools
def test_no_text_of_the_pdf_is_printed_under_6_5_pt(pdf2024):
    """Nothing the reader must read is smaller than 6.5 pt: the wide tables' smaller cells,
    their code labels, <small> in tables, the footer."""
    sizes = printed_sizes(pdf2024)
    assert len(sizes) > 1000
    small = sorted({(number, round(size, 2)) for number, size in sizes if size < 6.49})
    assert small == []


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
