"""The combined report of one agency and year: its chapters, in order, in one document.

The caller decides which chapters go in (the runner: those built from the current data, and
those whose last execution failed); a chapter given without an executed notebook is reported
as not available under its title.

Each chapter's cells are tagged with its place and its Bab (from its registry entry in the
notebook metadata, :func:`lkjip_nb.render.preprocessors.tag_chapter`), so the renderer numbers
tables and figures "Tabel <Bab>.<k>" through all chapters of a Bab in report order, and resolves
references across chapters.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbformat import NotebookNode
from nbformat.v4 import new_markdown_cell, new_notebook

from lkjip_nb.render.preprocessors import tag_chapter


@dataclass(frozen=True)
class ChapterDoc:
    """One chapter going into the combined report."""

    id: str
    order: int
    ipynb: Path | None  # None when the chapter's execution failed
    title: str = ""  # reader-facing title, for the note standing in for a failed chapter


def combine(chapters: list[ChapterDoc]) -> tuple[NotebookNode, list[dict]]:
    """Merge the chapters' executed notebooks; return the notebook and their provenance."""
    merged = new_notebook()
    provenance: list[dict] = []
    for index, chapter in enumerate(sorted(chapters, key=lambda c: c.order)):
        if chapter.ipynb is not None and chapter.ipynb.is_file():
            nb = nbformat.read(str(chapter.ipynb), as_version=4)
            provenance.append(dict(nb.metadata.get("lkjip", {})))
            number = str(nb.metadata.get("lkjip_number", chapter.order))
        else:
            nb = new_notebook(cells=[new_markdown_cell(
                f"# {chapter.title or f'Bab {chapter.order}'}\n\n"
                "*Bab ini belum tersedia: notebook-nya gagal dijalankan. "
                "Lihat halaman indeks untuk pesan galatnya.*")])
            number = str(chapter.order)
        if index:
            nb.cells.insert(0, new_markdown_cell('<div class="lkjip-chapter-break"></div>'))
        tag_chapter(nb, number, chapter.order)
        for cell in nb.cells:
            cell["id"] = uuid.uuid4().hex[:12]
            merged.cells.append(cell)
    merged.metadata["kernelspec"] = {"name": "python3", "language": "python",
                                     "display_name": "Python 3"}
    merged.metadata["language_info"] = {"name": "python"}
    return merged, provenance

