"""HTML export: reader version (no code) and analyst version (with code), one exporter each."""

from __future__ import annotations

import copy
import json
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import pass_context
from nbconvert.exporters import TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbformat import NotebookNode
from pygments import token
from pygments.style import Style
from traitlets.config import Config

from lkjip_nb.render import preprocessors as pp
from lkjip_nb.render import technical
from lkjip_nb.render.markdown import MarkdownWithMath, MathMLRenderer
from lkjip_nb.render.sanitize import sanitize_html
from lkjip_nb.render.text import format_datetime

if TYPE_CHECKING:
    from lkjip_nb.narrative import FrontMatter

TEMPLATES = Path(__file__).parent / "templates"
VARIANTS = ("reader", "analyst")
#: One exporter per variant, shared by the threads of a run under a lock: nbconvert exporters
#: are not thread-safe, rendering holds the GIL anyway, and each template compiles only once.
_exporters: dict[str, LkjipHTMLExporter] = {}
_lock = threading.Lock()


@dataclass
class ReportInfo:
    """What the title page and the "Catatan teknis" appendix (:mod:`technical`) show."""

    agency: str
    year: int
    doc_title: str = "Laporan Kinerja Instansi Pemerintah"
    chapter_title: str = ""
    government: str = ""
    provenance: list[dict[str, Any]] = field(default_factory=list)
    generated_at: str = ""
    combined: bool = False
    # the combined report's cover and Kata Pengantar (lkjip_nb.narrative.front_matter); None:
    # the plain title page with the build time
    front: FrontMatter | None = None


@lru_cache(maxsize=4096)
def _highlighted(source: str, language: str, magics: str | None) -> str:
    return Highlight2HTML(pygments_lexer=language)(
        source, language, {"magics_language": magics} if magics else None)


class MemoHighlight(Highlight2HTML):
    """Pygments highlighting remembered by source: a chapter's code is the same every year."""

    def __call__(self, source: str, language: str | None = None,
                 metadata: dict[str, Any] | None = None) -> str:
        if self.extra_formatter_options:  # configured formatting: not shared
            return super().__call__(source, language, metadata)
        magics = (metadata or {}).get("magics_language")
        return _highlighted(source, language or self.pygments_lexer, magics)


class ReportCodeStyle(Style):
    """Colours of the analyst version's code: those of JupyterLab's light theme (the
    jupyterlab_pygments style the lab template used), written out instead of read from
    JupyterLab's CSS variables."""

    background_color = "#f5f5f5"
    highlight_color = "#ffffff"
    styles = {
        token.Text: "#212121",
        token.Whitespace: "",
        token.Error: "#f00",
        token.Comment: "italic #408080",
        token.Keyword: "bold #008000",
        token.Operator: "bold #a2f",
        token.Operator.Word: "",
        token.String: "#ba2121",
        token.Number: "#080",
        token.Name: "",
        token.Punctuation: "#05a",
    }


class LkjipHTMLExporter(TemplateExporter):
    """nbconvert's template exporter with the lkjip template (nbconvert's basic template in a
    shell of our own, render/templates/lkjip), HTML output and MathML markdown.

    Not an HTMLExporter: that one parses every finished page with BeautifulSoup, to add an
    ``alt`` to images (the lkjip template writes its own) and ``tabindex`` to JupyterLab's cells
    (the basic template has none), which was most of a render's time.
    """

    output_mimetype = "text/html"

    def default_filters(self):  # noqa: D102 - TemplateExporter's extension point
        yield from super().default_filters()
        yield ("markdown2html", self.markdown2html)  # its HTML passes sanitize_html
        yield ("lkjip_sanitize", sanitize_html)  # the template's text/html outputs

    @pass_context
    def markdown2html(self, context, source):  # noqa: D102 - same contract as the parent
        cell = context.get("cell", {})
        path = context.get("resources", {}).get("metadata", {}).get("path", "")
        if cell.get("attachments"):
            return _markdown_html(source, path, cell["attachments"])
        return _remembered_markdown_html(source, path)


def _markdown_html(source: str, path: str, attachments: dict[str, Any] | None = None) -> str:
    renderer = MathMLRenderer(escape=False, attachments=attachments or {}, embed_images=True,
                              path=path, exclude_anchor_links=True)
    return sanitize_html(MarkdownWithMath(renderer=renderer).render(source))


@lru_cache(maxsize=4096)
def _remembered_markdown_html(source: str, path: str) -> str:
    """Markdown (with math) as HTML, remembered: a chapter's text cells recur every year and
    again in the combined report."""
    return _markdown_html(source, path)


#: What a page may show of an output, best first: nbconvert's choice without the types that
#: need a script (JavaScript, widgets, Mermaid), whose outputs fall back to their text.
DISPLAY_PRIORITY = ["text/html", "text/markdown", "image/svg+xml", "text/latex", "image/png",
                    "image/jpeg", "text/plain"]


def _exporter(variant: str) -> LkjipHTMLExporter:
    """The exporter of ``variant`` (call with :data:`_lock` held)."""
    if variant not in _exporters:
        reader = variant == "reader"
        config = Config()
        config.LkjipHTMLExporter.file_extension = ".html"
        config.LkjipHTMLExporter.exclude_input = reader
        config.LkjipHTMLExporter.exclude_input_prompt = reader
        config.LkjipHTMLExporter.exclude_output_prompt = reader
        # our preprocessors keep the notebook valid (tests/test_render_html.py): validate it
        # once after them rather than after each
        config.LkjipHTMLExporter.optimistic_validation = True
        config.LkjipHTMLExporter.filters = {"highlight_code": MemoHighlight}
        config.HighlightMagicsPreprocessor.enabled = True  # %%bash cells highlighted as bash
        config.NbConvertBase.display_data_priority = DISPLAY_PRIORITY
        exporter = LkjipHTMLExporter(config=config, template_name="lkjip",
                                     extra_template_basedirs=[str(TEMPLATES)])
        cleaner = pp.ReaderPreprocessor()
        cleaner.reader = reader
        for proc in (cleaner, pp.MathPreprocessor(), pp.TocPreprocessor(),
                     pp.NumberingPreprocessor()):
            exporter.register_preprocessor(proc, enabled=True)
        _exporters[variant] = exporter
    return _exporters[variant]


@lru_cache(maxsize=1)
def _css() -> str:
    """The page's one stylesheet: report.css and the rules of the highlighted code."""
    from pygments.formatters import HtmlFormatter

    report = (TEMPLATES / "lkjip" / "report.css").read_text(encoding="utf-8")
    code = HtmlFormatter(style=ReportCodeStyle).get_style_defs(".highlight")
    return f"{report.rstrip()}\n/* code (Pygments) */\n{code}"


def _front_view(front: FrontMatter) -> dict[str, Any]:
    """The cover and Kata Pengantar as the template shows them (the text as HTML, each
    fragment through :func:`sanitize_html`; the logo is a data: address of our own)."""
    view = {k: sanitize_html(v) if isinstance(v, str) and k != "logo" else v
            for k, v in vars(front).items()}
    view["signatory"] = {k: sanitize_html(str(v)) for k, v in front.signatory.items()}
    view["foreword_html"] = _remembered_markdown_html(front.foreword, "")
    return view


def render_html(nb: NotebookNode, info: ReportInfo, variant: str = "reader") -> str:
    """The HTML document of an executed notebook (chapter or combined)."""
    import lkjip_nb
    from lkjip_nb.artifacts.provenance import now_iso

    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}")
    langinfo = nb.metadata.get("language_info", {})
    generated = info.generated_at or now_iso()
    resources = {
        "metadata": {"name": info.chapter_title or info.doc_title},
        "lkjip": {
            "variant": variant, "agency": info.agency, "government": info.government,
            "year": info.year, "doc_title": info.doc_title, "chapter_title": info.chapter_title,
            "provenance_json": json.dumps(info.provenance, ensure_ascii=False, default=str),
            "generated_at_text": format_datetime(generated), "css": _css(),
            "generator_version": lkjip_nb.__version__, "combined": info.combined,
            "front": _front_view(info.front) if info.front is not None else None,
            # Daftar Isi entries after the notebook's headings, for parts the template adds
            # after the notebook: {"level": 1, "text": ..., "id": <the part's heading id>}
            "toc_after": [],
            # the code's lexer, chosen as HTMLExporter chooses it (None: nbconvert's default)
            "lexer": langinfo.get("pygments_lexer", langinfo.get("name")),
        },
    }
    # nbconvert copies the notebook itself; only the metadata changed here needs a copy
    nb = copy.copy(nb)
    nb.metadata = copy.copy(nb.metadata)
    # the technical appendix, last, as cells: headed and listed like any other part
    nb.cells = [*nb.cells, *technical.appendix_cells(nb, info.provenance,
                                                     format_datetime(generated))]
    nb.metadata["title"] = f"{info.chapter_title or info.doc_title} — {info.agency} {info.year}"
    with _lock:
        page, _ = _exporter(variant).from_notebook_node(nb, resources=resources)
    return page


def warm() -> None:
    """Build both exporters and render a tiny notebook once (nbconvert import, template
    compilation, the stylesheet), e.g. in a thread while the first kernels start."""
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    nb = new_notebook(cells=[
        new_markdown_cell("# Judul\n\nTeks $x^2$."),
        new_code_cell("x = 1", outputs=[new_output("display_data", data={
            "text/html": "<table><tr><td>1</td></tr></table>", "text/plain": "1"})]),
    ])
    info = ReportInfo(agency="-", year=2000, generated_at="2000-01-01T00:00:00+00:00")
    for variant in VARIANTS:
        render_html(nb, info, variant)
