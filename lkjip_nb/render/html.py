"""HTML export: reader version (no code) and analyst version (with code), one exporter each."""

from __future__ import annotations

import copy
import json
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import pass_context
from nbconvert import HTMLExporter
from nbconvert.exporters.templateexporter import TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from nbformat import NotebookNode
from traitlets.config import Config

from lkjip_nb.render import preprocessors as pp
from lkjip_nb.render.css import prune_page
from lkjip_nb.render.markdown import MarkdownWithMath, MathMLRenderer
from lkjip_nb.render.text import format_datetime, libraries_text, parameters_text

TEMPLATES = Path(__file__).parent / "templates"
VARIANTS = ("reader", "analyst")
#: One exporter per variant, shared by the threads of a run under a lock: nbconvert exporters
#: are not thread-safe, rendering holds the GIL anyway, and each template compiles only once.
_exporters: dict[str, LkjipHTMLExporter] = {}
_lock = threading.Lock()


@dataclass
class ReportInfo:
    """What the title page and the provenance section show."""

    agency: str
    year: int
    doc_title: str = "Laporan Kinerja Instansi Pemerintah"
    chapter_title: str = ""
    government: str = ""
    provenance: list[dict[str, Any]] = field(default_factory=list)
    generated_at: str = ""
    combined: bool = False
    front_only: bool = False  # title page and contents only (render/pdfpages.assemble)


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


class LkjipHTMLExporter(HTMLExporter):
    """HTMLExporter with the lkjip template and MathML markdown."""

    def from_notebook_node(self, nb: NotebookNode, resources: dict[str, Any] | None = None,
                           **kw: Any) -> tuple[str, dict[str, Any]]:
        """HTMLExporter's conversion without its BeautifulSoup pass over the finished page.

        That pass adds ``alt`` to images, which the lkjip template writes itself, and
        ``tabindex`` to cells for keyboard use of a live notebook, which a printed report does
        not need; re-parsing a page full of base64 images cost ~20 % of a render.
        """
        langinfo = nb.metadata.get("language_info", {})
        lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
        self.register_filter("highlight_code", self.filters.get(
            "highlight_code", MemoHighlight(pygments_lexer=lexer, parent=self)))
        resources = self._init_resources(resources)
        self.register_filter("filter_data_type", WidgetsDataTypeFilter(
            notebook_metadata=self._nb_metadata, parent=self, resources=resources))
        return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    def _preprocess(self, nb: NotebookNode, resources: dict[str, Any]
                    ) -> tuple[NotebookNode, dict[str, Any]]:
        """The preprocessors in order, on ``nb`` itself.

        ``nb`` is already the private deep copy ``Exporter.from_notebook_node`` made; nbconvert
        would copy it twice more (once inside ``normalize``) and validate it, ~40 % of a render.
        The notebooks come from nbclient, which validated every output, and the preprocessors
        are lkjip's own (tests/test_render_html.py validates their result).
        """
        for preprocessor in self._preprocessors:
            nb, resources = preprocessor(nb, resources)
        return nb, resources

    def _create_environment(self) -> Any:
        """nbconvert's Jinja environment, its compiled templates kept in the user's cache
        between runs (:mod:`lkjip_nb.render.cache`; Jinja checks each template's source)."""
        from lkjip_nb.render.cache import jinja_bytecode_cache

        environment = super()._create_environment()
        environment.bytecode_cache = jinja_bytecode_cache()
        return environment

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
    return MarkdownWithMath(renderer=renderer).render(source)


@lru_cache(maxsize=4096)
def _remembered_markdown_html(source: str, path: str) -> str:
    """Markdown (with math) as HTML, remembered: a chapter's text cells recur every year and
    again in the combined report."""
    return _markdown_html(source, path)


def _exporter(variant: str) -> LkjipHTMLExporter:
    """The exporter of ``variant`` (call with :data:`_lock` held)."""
    if variant not in _exporters:
        reader = variant == "reader"
        config = Config()
        config.HTMLExporter.exclude_input = reader
        config.HTMLExporter.exclude_input_prompt = reader
        config.HTMLExporter.exclude_output_prompt = reader
        config.HTMLExporter.exclude_anchor_links = True
        config.HTMLExporter.embed_images = True
        exporter = LkjipHTMLExporter(config=config, template_name="lkjip",
                                     extra_template_basedirs=[str(TEMPLATES)])
        cleaner = pp.ReaderPreprocessor()
        cleaner.reader = reader
        for proc in (cleaner, pp.MathPreprocessor(), pp.TocPreprocessor(),
                     pp.NumberingPreprocessor()):
            exporter.register_preprocessor(proc, enabled=True)
        _exporters[variant] = exporter
    return _exporters[variant]


def _css() -> str:
    return (TEMPLATES / "lkjip" / "report.css").read_text(encoding="utf-8")


def _provenance_view(p: dict[str, Any]) -> dict[str, Any]:
    view = {k: p.get(k, "-") for k in ("agency", "opd", "year", "chapter", "notebook",
                                        "lkjip_nb", "git_commit", "data_sha256")}
    view["notebook_sha256"] = str(p.get("notebook_sha256", "-"))
    view["inputs"] = p.get("inputs") or []
    view["executed_at"] = format_datetime(p.get("executed_at", ""))
    view["parameters_text"] = parameters_text(p.get("parameters", {}))
    view["libraries_text"] = libraries_text(p.get("libraries", {}))
    return view


def render_html(nb: NotebookNode, info: ReportInfo, variant: str = "reader") -> str:
    """The HTML document of an executed notebook (chapter or combined)."""
    import lkjip_nb
    from lkjip_nb.artifacts.provenance import now_iso

    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}")
    generated = info.generated_at or now_iso()
    resources = {
        "metadata": {"name": info.chapter_title or info.doc_title},
        "lkjip": {
            "variant": variant, "agency": info.agency, "government": info.government,
            "year": info.year, "doc_title": info.doc_title, "chapter_title": info.chapter_title,
            "provenance": [_provenance_view(p) for p in info.provenance],
            "provenance_json": json.dumps(info.provenance, ensure_ascii=False, default=str),
            "generated_at_text": format_datetime(generated), "css": _css(),
            "generator_version": lkjip_nb.__version__, "combined": info.combined,
            "front_only": info.front_only,
        },
    }
    # nbconvert deep-copies the notebook itself; only the metadata changed here needs a copy
    nb = copy.copy(nb)
    nb.metadata = copy.copy(nb.metadata)
    nb.metadata["title"] = f"{info.chapter_title or info.doc_title} — {info.agency} {info.year}"
    with _lock:
        body, _ = _exporter(variant).from_notebook_node(nb, resources=resources)
    return prune_page(body)


def warm() -> None:
    """Build both exporters and render a tiny notebook once (nbconvert import, template
    compilation, the parsed lab stylesheet), e.g. in a thread while the first kernels start."""
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    nb = new_notebook(cells=[
        new_markdown_cell("# Judul\n\nTeks $x^2$."),
        new_code_cell("x = 1", outputs=[new_output("display_data", data={
            "text/html": "<table><tr><td>1</td></tr></table>", "text/plain": "1"})]),
    ])
    info = ReportInfo(agency="-", year=2000, generated_at="2000-01-01T00:00:00+00:00")
    for variant in VARIANTS:
        render_html(nb, info, variant)
