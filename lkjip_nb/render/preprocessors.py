"""nbconvert preprocessors: what a reader sees is changed here, never in the generated HTML.

Each works on the copy of the notebook being exported; the executed ``.ipynb`` is untouched.
Cells carry their chapter in ``metadata.lkjip_chapter`` (set by :func:`tag_chapter`): its
number, its place in the report and its Bab, so the same preprocessors number tables per Bab in
a single chapter and, across chapters, in the combined report.
"""

from __future__ import annotations

import copy
import html
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from nbconvert.preprocessors import Preprocessor
from nbformat import NotebookNode
from nbformat.v4 import new_output

from lkjip_nb.present import LABEL, REF
from lkjip_nb.record import MIME_TYPE as FIGURE_MIME
from lkjip_nb.registry import METADATA_KEY
from lkjip_nb.render.mathml import replace_math
from lkjip_nb.render.text import plain_markdown

REMOVE_CELL_TAGS = {"remove-cell", "remove_cell", "hide-cell"}
REMOVE_INPUT_TAGS = {"remove-input", "remove_input", "hide-input"}
REMOVE_OUTPUT_TAGS = {"remove-output", "remove_output", "hide-output"}
IMAGE_TYPES = ("image/png", "image/svg+xml", "image/jpeg")
#: An ATX heading; closing "#" marks count only after a blank (CommonMark), so an escaped
#: "\#" ending a heading stays part of it.
_HEADING = re.compile(r"^(#{1,3})[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$", re.M)
_FENCE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)
_TABLE = re.compile(r"<table\b[^>]*>", re.I)
_CAPTION = re.compile(r"\s*<caption\b[^>]*>(?P<text>.*?)</caption>", re.I | re.S)
_NUMBERED = re.compile(r"^\s*(Tabel|Gambar)\s+[\dIVX]+[.\d]*", re.I)
_TAGS = re.compile(r"<[^>]+>")
_CAPTION_END = re.compile(r"</(?:figcaption|caption|p)\s*>", re.I)


#: What is numbered, in the order of the counts kept per Bab.
KINDS = ("Tabel", "Gambar")


def tag_chapter(nb: NotebookNode, number: str, order: int,
                start: Mapping[str, int] | None = None) -> None:
    """Mark every cell as belonging to chapter ``number`` at place ``order`` of the report.

    The chapter's Bab comes from its registry entry in the notebook metadata (``bab``); tables
    and figures are numbered "<Bab>.<k>" (without a Bab: "<number>.<k>"). ``start`` counts the
    tables and figures ("Tabel", "Gambar") that the chapters before it in the same Bab show, so
    a chapter's own document numbers them as the combined report does (:func:`item_counts`).
    """
    entry = nb.metadata.get(METADATA_KEY)
    bab = entry.get("bab") if isinstance(entry, Mapping) else None
    tag: dict[str, Any] = {"number": str(number), "order": order}
    if bab not in (None, ""):
        tag["bab"] = str(bab)
    if start:
        tag["start"] = {kind: int(start.get(kind, 0)) for kind in KINDS}
    for cell in nb.cells:
        cell.metadata["lkjip_chapter"] = copy.deepcopy(tag)


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
    """Number tables ("Tabel N.k") and figures ("Gambar N.k") per Bab, in order of appearance,
    then resolve the references to them (:func:`lkjip_nb.present.ref`).

    N is the chapter's Bab (else its number, :func:`tag_chapter`); the count runs on through the
    chapters of the same Bab, from the chapter's ``start`` when one is given. A chapter that
    captions its own tables or figures (``<figcaption>``, a ``<caption>`` or a
    ``lkjip-figcaption`` paragraph starting with "Tabel"/"Gambar", as lkjip_nb.present makes
    them) has only its unnumbered labels (:data:`lkjip_nb.present.LABEL`) numbered; a number it
    wrote itself ("IKS.1") stays. Otherwise every output table and image is numbered; the caption
    text may come from the cell metadata ``lkjip.caption``. A reference becomes a link to the
    number, or its words when the document does not show that table.
    ``resources["lkjip"]["numbering"]`` holds the result (:class:`Numbering`).
    """

    def preprocess(self, nb: NotebookNode, resources: dict[str, Any]):
        numbering = number_items(nb)
        resolve_references(nb, numbering)
        resources.setdefault("lkjip", {})["numbering"] = numbering
        return nb, resources


@dataclass(frozen=True)
class Item:
    """One numbered table or figure as a list of tables or figures shows it."""

    kind: str  # "Tabel" or "Gambar"
    label: str  # "Tabel 3.6"
    anchor: str  # "tabel-3-6", the id of its caption's number
    title: str = ""  # the caption after the number, plain text

    @property
    def text(self) -> str:
        """The entry: "Tabel 3.6 Anggaran dan Realisasi Belanja"."""
        return f"{self.label} {self.title}".strip()


@dataclass
class Numbering:
    """What a document numbered: the label and anchor of each key, the counts per Bab, and
    every numbered table and figure in order (:class:`Item`)."""

    labels: dict[str, str] = field(default_factory=dict)  # key -> "Tabel 3.6"
    anchors: dict[str, str] = field(default_factory=dict)  # key -> "tabel-3-6"
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # Bab -> kind -> count
    items: list[Item] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[Item]:
        """The numbered items of ``kind`` ("Tabel", "Gambar"), in order."""
        return [item for item in self.items if item.kind == kind]

    def next(self, prefix: str, kind: str) -> tuple[str, str]:
        """The label and anchor of the next ``kind`` of Bab ``prefix``."""
        count = self.counts.setdefault(prefix, dict.fromkeys(KINDS, 0))
        count[kind] += 1
        label = f"{kind} {prefix}.{count[kind]}"
        return label, slugify(label)


def number_items(nb: NotebookNode) -> Numbering:
    """Number the tables and figures of ``nb`` in place (see :class:`NumberingPreprocessor`)."""
    numbering = Numbering()
    self_captioned = {_order(c) for c in nb.cells if _has_captions(c)}
    started: set[int] = set()
    for cell in nb.cells:
        prefix, order = _prefix(cell), _order(cell)
        count = numbering.counts.setdefault(prefix, dict.fromkeys(KINDS, 0))
        start = cell.metadata.get("lkjip_chapter", {}).get("start")
        if isinstance(start, Mapping) and order not in started:
            for kind in KINDS:
                count[kind] = max(count[kind], int(start.get(kind, 0)))
        started.add(order)
        if cell.cell_type != "code":
            continue
        if order in self_captioned:
            _number_labels(cell, prefix, numbering)
        else:
            _number_bare(cell, prefix, numbering)
    return numbering


def _number_labels(cell: NotebookNode, prefix: str, numbering: Numbering) -> None:
    """Number the labels of a cell's outputs; a figure's image takes its numbered caption as
    alternative text."""
    image = None
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if any(t in data for t in IMAGE_TYPES):
            image = output
        markup = _text(data.get("text/html", ""))
        if not LABEL.search(markup):
            continue

        def number(match: re.Match, image: NotebookNode | None = image,
                   markup: str = markup) -> str:
            kind, key = match["kind"], html.unescape(match["key"])
            label, anchor = numbering.next(prefix, kind)
            numbering.items.append(Item(kind, label, anchor, _caption_after(markup,
                                                                            match.end())))
            if key not in numbering.labels:  # a key shown twice: references go to the first
                numbering.labels[key], numbering.anchors[key] = label, anchor
            if kind == "Gambar" and image is not None:
                _number_alt(image, label)
            return f'<span class="lkjip-label" id="{anchor}">{label}</span>'

        data["text/html"] = LABEL.sub(number, markup)
        image = None


def _caption_after(markup: str, start: int) -> str:
    """The plain text of a caption from ``start`` (after its label) to its end."""
    end = _CAPTION_END.search(markup, start)
    return _plain(markup[start:end.start() if end else len(markup)])


def _plain(markup: str) -> str:
    """Markup as one line of plain text."""
    return " ".join(html.unescape(_TAGS.sub("", markup)).split())


def _number_alt(output: NotebookNode, label: str) -> None:
    """The image's alternative text "Gambar Judul" as "Gambar 3.2 Judul"."""
    kind = label.split(" ", 1)[0]
    for meta in output.get("metadata", {}).values():
        alt = meta.get("alt") if isinstance(meta, Mapping) else None
        if isinstance(alt, str) and alt.startswith(f"{kind} "):
            meta["alt"] = label + alt[len(kind):]


def _number_bare(cell: NotebookNode, prefix: str, numbering: Numbering) -> None:
    """Caption every output table and image of a cell that captions nothing itself."""
    caption = str(cell.metadata.get("lkjip", {}).get("caption", ""))
    outputs = []
    for output in cell.outputs:
        data = output.get("data", {})
        if "text/html" in data and "<table" in _text(data["text/html"]):
            data["text/html"] = _number_tables(_text(data["text/html"]), prefix, numbering,
                                               caption)
        outputs.append(output)
        if any(t in data for t in IMAGE_TYPES) and "text/html" not in data:
            label, anchor = numbering.next(prefix, "Gambar")
            numbering.items.append(Item("Gambar", label, anchor, _plain(caption)))
            text = f"{label} {html.escape(caption)}".strip()
            outputs.append(new_output("display_data", data={
                "text/html": f'<p class="lkjip-figcaption" id="{anchor}">{text}</p>'}))
    cell.outputs = outputs


def resolve_references(nb: NotebookNode, numbering: Numbering) -> None:
    """Replace every reference (:data:`lkjip_nb.present.REF`) in markdown cells and in HTML and
    markdown outputs by a link to its number, or by its words when not numbered here.

    Markdown gets a markdown link: the exporter's markdown filter breaks inline HTML elements
    apart (nbconvert parses each tag on its own when embedding images)."""

    def resolver(markdown: bool):
        def resolve(match: re.Match) -> str:
            key = html.unescape(match["key"])
            label = numbering.labels.get(key)
            if label is None:
                return match["words"]
            anchor = numbering.anchors[key]
            link = (f"[{label}](#{anchor})" if markdown
                    else f'<a class="lkjip-ref" href="#{anchor}">{label}</a>')
            return f" ({link})" if match["aside"] else link
        return resolve

    for cell in nb.cells:
        if cell.cell_type == "markdown" and "lkjip-ref" in cell.source:
            cell.source = REF.sub(resolver(True), cell.source)
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            for mime in ("text/html", "text/markdown"):
                if mime in data and "lkjip-ref" in _text(data[mime]):
                    data[mime] = REF.sub(resolver(mime == "text/markdown"), _text(data[mime]))


def item_counts(nb: NotebookNode) -> dict[str, int]:
    """How many tables and figures ("Tabel", "Gambar") a tagged chapter notebook numbers, as a
    reader sees it: the ``start`` of the chapters after it in the same Bab adds these up."""
    work = copy.deepcopy(nb)
    work.cells = [c for c in work.cells
                  if not set(c.metadata.get("tags", [])) & REMOVE_CELL_TAGS
                  and not (c.cell_type == "code"
                           and set(c.metadata.get("tags", [])) & REMOVE_OUTPUT_TAGS)]
    for cell in work.cells:
        cell.metadata.get("lkjip_chapter", {}).pop("start", None)
    counts = number_items(work).counts
    return {kind: sum(c[kind] for c in counts.values()) for kind in KINDS}


def _text(value: Any) -> str:
    """An output's text (nbformat may keep it as a list of lines)."""
    return "".join(value) if isinstance(value, list) else str(value)


def _prefix(cell: NotebookNode) -> str:
    """What numbers the tables of ``cell``: its chapter's Bab, else its chapter number."""
    tag = cell.metadata.get("lkjip_chapter", {})
    return str(tag.get("bab") or tag.get("number", "1"))


def _order(cell: NotebookNode) -> int:
    """The place of the chapter of ``cell`` in the report (:func:`tag_chapter`)."""
    try:
        return int(cell.metadata.get("lkjip_chapter", {}).get("order", 0))
    except (TypeError, ValueError):
        return 0


def _has_captions(cell: NotebookNode) -> bool:
    """Whether an output of ``cell`` captions its own table or figure."""
    for output in cell.get("outputs", []):
        markup = _text(output.get("data", {}).get("text/html", ""))
        if "<figcaption" in markup or "lkjip-figcaption" in markup:
            return True
        if any(_NUMBERED.match(_TAGS.sub("", m["text"])) for m in _CAPTION.finditer(markup)):
            return True
    return False


def _number_tables(markup: str, prefix: str, numbering: Numbering, caption: str) -> str:
    """``markup`` with a "Tabel N.k" caption on each table not numbered yet."""
    parts, last = [], 0
    for match in _TABLE.finditer(markup):
        parts.append(markup[last:match.end()])
        last = match.end()
        cap = _CAPTION.match(markup, last)
        text = _TAGS.sub("", cap["text"]) if cap else ""
        if cap and _NUMBERED.match(text):
            continue
        label, anchor = numbering.next(prefix, "Tabel")
        body = (cap["text"] if cap else html.escape(caption)).strip()
        numbering.items.append(Item("Tabel", label, anchor, _plain(body)))
        parts.append(f'<caption class="lkjip-caption" id="{anchor}">{label} {body}'.rstrip()
                     + "</caption>")
        if cap:
            last = cap.end()
    parts.append(markup[last:])
    return "".join(parts)
