"""The combined report of one agency and year: its chapters, in order, in one document.

The caller decides which chapters go in (the runner: those built from the current data, and
those whose last execution failed); a chapter given without an executed notebook is reported
as not available under its title.

Each chapter's cells are tagged with its place and its Bab (from its registry entry in the
notebook metadata, :func:`lkjip_nb.render.preprocessors.tag_chapter`), so the renderer numbers
tables and figures "Tabel <Bab>.<k>" through all chapters of a Bab in report order, and resolves
references across chapters.

The report has the structure of its registry entries' ``level`` and ``heading``
(:mod:`lkjip_nb.registry`): a chapter of level 2 or 3 is a part of its Bab, whose title
(:data:`lkjip_nb.registry.BAB_TITLES`) is written once before its first chapter when no chapter
of level 1 of that Bab is in the report. A chapter's title heading (its first ``#`` heading)
becomes its ``heading`` at its level and its other headings move down by ``level - 1``. A new
page starts only where a Bab starts. The line under each chapter's title naming agency and year
(:func:`lkjip_nb.present.header_markdown`) is left out: the cover names both. A chapter's own
document is rendered from its own notebook and keeps its own headings and that line.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbformat import NotebookNode
from nbformat.v4 import new_markdown_cell, new_notebook

from lkjip_nb import registry
from lkjip_nb.budget import roman
from lkjip_nb.present import HEADER_LINE_MARK
from lkjip_nb.render.preprocessors import tag_chapter

#: The marker before which the printed report starts a new page (report.css, render/docx.py).
PAGE_BREAK = '<div class="lkjip-chapter-break"></div>'
_MD_HEADING = re.compile(r"^(#{1,6})([ \t]+)(.*)$", re.M)
_FENCE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)
_HTML_HEADING = re.compile(r"<(/?)h([1-6])\b", re.I)


@dataclass(frozen=True)
class ChapterDoc:
    """One chapter going into the combined report."""

    id: str
    order: int
    ipynb: Path | None  # None when the chapter's execution failed
    title: str = ""  # reader-facing title, for the note standing in for a failed chapter


@dataclass(frozen=True)
class Place:
    """Where a chapter sits in the report: its Bab, level and heading there."""

    bab: str
    level: int
    heading: str  # "": the chapter's own title heading, as written


def _place(nb: NotebookNode | None, doc: ChapterDoc) -> Place:
    """The chapter's place: from its executed notebook's registry entry, else (a failed
    chapter) from the registry of the shipped notebooks."""
    if nb is not None:
        entry = registry.chapter_of(nb, doc.ipynb or Path(), doc.order, doc.id)
    else:
        entry = registry.chapter(doc.id)
    if entry is None:
        return Place("", 1, "")
    return Place(entry.bab, entry.level, entry.heading)


def bab_title(bab: str) -> str:
    """The title of Bab ``bab`` ("3" -> "Bab III Akuntabilitas Kinerja")."""
    if bab in registry.BAB_TITLES:
        return registry.BAB_TITLES[bab]
    return f"Bab {roman(int(bab))}" if bab.isdigit() and int(bab) > 0 else f"Bab {bab}"


def _shift_markdown(source: str, level: int, heading: str, titled: list[bool]) -> str:
    """``source`` with its headings placed at ``level``: the first level-1 heading (while
    ``titled`` is empty) becomes ``heading`` (its own text when ""), the others move down by
    ``level - 1``."""
    fences = [(m.start(), m.end()) for m in _FENCE.finditer(source)]

    def sub(match: re.Match) -> str:
        if any(a <= match.start() < b for a, b in fences):
            return match.group(0)
        hashes, space, text = match.groups()
        if len(hashes) == 1 and not titled:
            titled.append(True)
            return f"{'#' * level} {heading or text}"
        return "#" * min(6, len(hashes) + level - 1) + space + text
    return _MD_HEADING.sub(sub, source)


def _shift_html(markup: str, level: int) -> str:
    """``markup`` with its HTML headings moved down by ``level - 1`` (at most to h6)."""
    return _HTML_HEADING.sub(lambda m: f"<{m[1]}h{min(6, int(m[2]) + level - 1)}", markup)


def place_headings(nb: NotebookNode, level: int, heading: str) -> None:
    """Give a chapter notebook its headings in the report (see the module docstring); a
    chapter without a title heading gets ``heading`` as one."""
    if level == 1 and not heading:
        return
    titled: list[bool] = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = _shift_markdown(cell.source, level, heading, titled)
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/markdown" in data:
                text = data["text/markdown"]
                text = "".join(text) if isinstance(text, list) else text
                data["text/markdown"] = _shift_markdown(text, level, heading, titled)
            if "text/html" in data and level > 1:
                text = data["text/html"]
                text = "".join(text) if isinstance(text, list) else text
                data["text/html"] = _shift_html(text, level)
    if not titled and heading:
        nb.cells.insert(0, new_markdown_cell(f"{'#' * level} {heading}"))


def drop_header_lines(nb: NotebookNode) -> None:
    """Leave out the lines of ``nb``'s markdown outputs marked as a header's line naming agency
    and year (:data:`lkjip_nb.present.HEADER_LINE_MARK`); the rest of the header stays."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            text = data.get("text/markdown")
            text = "".join(text) if isinstance(text, list) else text
            if isinstance(text, str) and HEADER_LINE_MARK in text:
                data["text/markdown"] = "\n".join(
                    line for line in text.split("\n") if HEADER_LINE_MARK not in line)


def combine(chapters: list[ChapterDoc]) -> tuple[NotebookNode, list[dict]]:
    """Merge the chapters' executed notebooks; return the notebook and their provenance."""
    merged = new_notebook()
    provenance: list[dict] = []
    loaded: list[tuple[ChapterDoc, NotebookNode, str, Place]] = []
    for chapter in sorted(chapters, key=lambda c: c.order):
        if chapter.ipynb is not None and chapter.ipynb.is_file():
            nb = nbformat.read(str(chapter.ipynb), as_version=4)
            provenance.append(dict(nb.metadata.get("lkjip", {})))
            number = str(nb.metadata.get("lkjip_number", chapter.order))
            place = _place(nb, chapter)
        else:
            place = _place(None, chapter)
            nb = new_notebook(cells=[new_markdown_cell(
                f"# {chapter.title or f'Bab {chapter.order}'}\n\n"
                "*Bab ini belum tersedia: notebook-nya gagal dijalankan. "
                "Lihat halaman indeks untuk pesan galatnya.*")])
            number = str(chapter.order)
        loaded.append((chapter, nb, number, place))
    # the Bab that a chapter of their own (level 1) opens; the others get a title of theirs
    titled = {place.bab for *_, place in loaded if place.level == 1 and place.bab}
    for index, (chapter, nb, number, place) in enumerate(loaded):
        place_headings(nb, place.level, place.heading)
        drop_header_lines(nb)
        starts = place.level == 1
        if place.level > 1 and place.bab and place.bab not in titled:
            titled.add(place.bab)
            nb.cells.insert(0, new_markdown_cell(f"# {bab_title(place.bab)}"))
            starts = True
        if index and starts:
            nb.cells.insert(0, new_markdown_cell(PAGE_BREAK))
        tag_chapter(nb, number, chapter.order)
        for cell in nb.cells:
            cell["id"] = uuid.uuid4().hex[:12]
            merged.cells.append(cell)
    merged.metadata["kernelspec"] = {"name": "python3", "language": "python",
                                     "display_name": "Python 3"}
    merged.metadata["language_info"] = {"name": "python"}
    return merged, provenance
