"""nbconvert preprocessors: what a reader sees is changed here, never in the generated HTML.

Each works on the copy of the notebook being exported; the executed ``.ipynb`` is untouched.
Cells carry their chapter in ``metadata.lkjip_chapter`` (set by :func:`tag_chapter`), so the
same preprocessors number tables per chapter in a single chapter and in the combined report.
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Any

from nbconvert.preprocessors import Preprocessor
from nbformat import NotebookNode
from nbformat.v4 import new_output

from lkjip_nb.record import MIME_TYPE as FIGURE_MIME
from lkjip_nb.render.mathml import replace_math
from lkjip_nb.render.text import plain_markdown

REMOVE_CELL_TAGS = {"remove-cell", "remove_cell", "hide-cell"}
REMOVE_INPUT_TAGS = {"remove-input", "remove_input", "hide-input"}
REMOVE_OUTPUT_TAGS = {"remove-output", "remove_output", "hide-output"}
IMAGE_TYPES = ("image/png", "image/svg+xml", "image/jpeg")
_HEADING = re.compile(r"^(#{1,3})[ \t]+(.+?)[ \t]*#*[ \t]*$", re.M)
_FENCE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)
_TABLE = re.compile(r"<table\b[^>]*>", re.I)
_CAPTION = re.compile(r"\s*<caption\b[^>]*>(?P<text>.*?)</caption>", re.I | re.S)
_NUMBERED = re.compile(r"^\s*(Tabel|Gambar)\s+[\dIVX]+[.\d]*", re.I)
_TAGS = re.compile(r"<[^>]+>")


def tag_chapter(nb: NotebookNode, number: str, order: int) -> None:
    """Mark every cell as belonging to chapter ``number`` (used for numbering and anchors)."""
    for cell in nb.cells:
        cell.metadata["lkjip_chapter"] = {"number": str(number), "order": order}


def slugify(text: str) -> str:
    """ASCII slug for anchors."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "bagian"


class ReaderPreprocessor(Preprocessor):
    """Drop what a reader should not see: recorded-figure payloads, stderr, warnings, tagged
    cells; in the reader variant also code-only cells with no visible output."""

    reader = True

    def preprocess(self, nb: NotebookNode, resources: dict[str, Any]):
        kept = []
        for cell in nb.cells:
            tags = set(cell.metadata.get("tags", []))
            if tags & REMOVE_CELL_TAGS:
                continue
            if cell.cell_type == "code":
                if tags & REMOVE_OUTPUT_TAGS:
                    cell.outputs = []
                cell.outputs = [o for o in cell.outputs if _visible(o, self.reader)]
                if tags & REMOVE_INPUT_TAGS:
                    cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
                    cell.metadata.setdefault("transient", {})["remove_source"] = True
                if self.reader and not cell.outputs:
                    continue
            kept.append(cell)
        nb.cells = kept
        return nb, resources


def _visible(output: NotebookNode, reader: bool) -> bool:
    """Whether ``output`` is shown: not a recorded figure's payload, nor stderr to a reader."""
    if output.get("output_type") == "stream" and output.get("name") == "stderr":
        return not reader
    data = output.get("data", {})
    return not (data and set(data) <= {FIGURE_MIME, "text/plain"} and FIGURE_MIME in data)


class MathPreprocessor(Preprocessor):
    """``text/latex`` outputs become ``text/html`` MathML (markdown math is done by the filter)."""

    def preprocess_cell(self, cell, resources, index):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/latex" in data and "text/html" not in data:
                data["text/html"] = replace_math(data.pop("text/latex"))
        return cell, resources


class TocPreprocessor(Preprocessor):
    """Give every level 1-3 heading an anchor and list them in ``resources['lkjip']['toc']``."""

    def preprocess(self, nb: NotebookNode, resources: dict[str, Any]):
        toc: list[dict[str, Any]] = []
        used: set[str] = set()

        def anchor(match: re.Match, prefix: str) -> str:
            level, text = len(match.group(1)), match.group(2)
            base = f"{prefix}-{slugify(plain_markdown(text))}"
            ident, n = base, 1
            while ident in used:
                n += 1
                ident = f"{base}-{n}"
            used.add(ident)
            toc.append({"level": level, "text": plain_markdown(text), "id": ident})
            return f'{match.group(1)} {text} <a id="{ident}" class="lkjip-anchor"></a>'

        def rewrite(source: str, prefix: str) -> str:
            fences = [(m.start(), m.end()) for m in _FENCE.finditer(source)]

            def sub(m: re.Match) -> str:
                if any(a <= m.start() < b for a, b in fences):
                    return m.group(0)
                return anchor(m, prefix)
            return _HEADING.sub(sub, source)

        for cell in nb.cells:
            prefix = "b" + str(cell.metadata.get("lkjip_chapter", {}).get("order", 0))
            if cell.cell_type == "markdown":
                cell.source = rewrite(cell.source, prefix)
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if "text/markdown" in data:
                    data["text/markdown"] = rewrite(data["text/markdown"], prefix)
        resources.setdefault("lkjip", {})["toc"] = toc
        return nb, resources


class NumberingPreprocessor(Preprocessor):
    """Number output tables ("Tabel N.k") and figures ("Gambar N.k") per chapter.

    A chapter that captions its own tables or figures (``<figcaption>``, a ``<caption>`` or a
    ``lkjip-figcaption`` paragraph starting with "Tabel"/"Gambar", as lkjip_nb.present makes
    them) is left exactly as it is: the report's own numbering wins. Otherwise every output
    table and image is numbered; the caption text may come from the cell metadata
    ``lkjip.caption``.
    """

    def preprocess(self, nb: NotebookNode, resources: dict[str, Any]):
        self_captioned = {_chapter(c) for c in nb.cells if _has_captions(c)}
        counters: dict[str, list[int]] = {}
        for cell in nb.cells:
            number = _chapter(cell)
            if cell.cell_type != "code" or number in self_captioned:
                continue
            count = counters.setdefault(number, [0, 0])
            caption = str(cell.metadata.get("lkjip", {}).get("caption", ""))
            outputs = []
            for output in cell.outputs:
                data = output.get("data", {})
                if "text/html" in data and "<table" in data["text/html"]:
                    data["text/html"] = _number_tables(data["text/html"], number, count, caption)
                outputs.append(output)
                if any(t in data for t in IMAGE_TYPES) and "text/html" not in data:
                    count[1] += 1
                    label = f"Gambar {number}.{count[1]}"
                    text = f"{label} {html.escape(caption)}".strip()
                    outputs.append(new_output("display_data", data={
                        "text/html": f'<p class="lkjip-figcaption">{text}</p>'}))
            cell.outputs = outputs
        return nb, resources


def _chapter(cell: NotebookNode) -> str:
    """The chapter number of ``cell`` (:func:`tag_chapter`)."""
    return str(cell.metadata.get("lkjip_chapter", {}).get("number", "1"))


def _has_captions(cell: NotebookNode) -> bool:
    """Whether an output of ``cell`` captions its own table or figure."""
    for output in cell.get("outputs", []):
        markup = output.get("data", {}).get("text/html", "")
        if "<figcaption" in markup or "lkjip-figcaption" in markup:
            return True
        if any(_NUMBERED.match(_TAGS.sub("", m["text"])) for m in _CAPTION.finditer(markup)):
            return True
    return False


def _number_tables(markup: str, number: str, count: list[int], caption: str) -> str:
    """``markup`` with a "Tabel N.k" caption on each table not numbered yet (``count[0]``
    counts the chapter's tables)."""
    parts, last = [], 0
    for match in _TABLE.finditer(markup):
        parts.append(markup[last:match.end()])
        last = match.end()
        cap = _CAPTION.match(markup, last)
        text = _TAGS.sub("", cap["text"]) if cap else ""
        if cap and _NUMBERED.match(text):
            continue
        count[0] += 1
        label = f"Tabel {number}.{count[0]}"
        body = (cap["text"] if cap else html.escape(caption)).strip()
        parts.append(f'<caption class="lkjip-caption">{label} {body}'.rstrip() + "</caption>")
        if cap:
            last = cap.end()
    parts.append(markup[last:])
    return "".join(parts)
