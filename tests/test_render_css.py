"""Pruning of the JupyterLab stylesheet to the rules a page can use (render/css.py)."""

from __future__ import annotations

import re

from lkjip_nb.render.css import BEGIN, END, Stylesheet, page_names, prune_page

CSS = """
:root { --a: var(--b); --b: 1px; --unused: var(--c); --c: red; --d: 2px; }
.jp-Present { margin: var(--a); }
.jp-Absent { color: blue; }
.jp-Absent, p.jp-Present > span { padding: 0; }
div#main .jp-Present { border: 0; }
div#other { border: 1px; }
.jp-Present:hover, .jp-Present:not(.jp-Absent), [data-x="1"], * { outline: 0; }
@media print {
  .jp-Present { display: block; }
  .jp-Absent { display: none; }
}
@media screen { .jp-Absent { display: none; } }
@keyframes spin { from { opacity: 0; } }
@keyframes fade { from { opacity: 1; } }
.jp-Spinner { animation: spin 1s; }
.jp-Present { animation: fade 1s; }
@page { margin: 1cm; }
"""
PAGE = '<html><body><div id="main" class="jp-Present x"><p class="jp-Present"><span>t</span>'


def pruned(css: str = CSS, page: str = PAGE, used: set[str] | None = None) -> str:
    return Stylesheet(css).prune(page_names(page), used)


def test_page_names():
    names = page_names(PAGE + "<SVG class='y'>")
    assert {"html", "body", "div", "p", "span", "svg", "#main", ".jp-Present", ".x", ".y"} <= names
    assert ".jp-Absent" not in names
    # attribute names in capitals, unquoted values
    assert {".Upper", ".b", "#x", "div"} <= page_names('<DIV CLASS="Upper b" ID=x>')


def test_rule_for_a_class_not_on_the_page_is_dropped():
    out = pruned()
    assert ".jp-Absent{color:blue}" not in out
    assert "div#other" not in out
    assert ".jp-Spinner" not in out


def test_rule_for_present_classes_and_elements_is_kept():
    out = pruned()
    assert ".jp-Present{margin:var(--a)}" in out
    assert "div#main .jp-Present{border:0}" in out
    # a selector list is kept whole when one of its selectors can match
    assert ".jp-Absent, p.jp-Present > span{padding:0}" in out
    # pseudo-classes, :not(), attribute and universal selectors never drop a rule
    assert '[data-x="1"], *{outline:0}' in out
    assert "@page { margin: 1cm; }" in out


def test_media_blocks_are_filtered():
    out = pruned()
    assert re.search(r"@media print\{\s*\.jp-Present\{display:block\}\s*\}", out)
    assert "@media screen" not in out
    assert out.count("display:none") == 0


def test_custom_properties_used_transitively_are_kept():
    out = pruned()
    assert "--a:var(--b)" in out and "--b:1px" in out
    assert "--unused" not in out and "--c:red" not in out and "--d" not in out
    # used outside the stylesheet (report.css, a style attribute): kept, with what it uses
    out = pruned(used={"--unused"})
    assert "--unused:var(--c)" in out and "--c:red" in out and "--d" not in out


def test_keyframes_only_when_a_kept_rule_names_them():
    out = pruned()
    assert "@keyframes fade" in out
    assert "@keyframes spin" not in out


def test_prune_page_replaces_the_marked_stylesheets():
    page = (f'<html><head>{BEGIN}<style type="text/css">{CSS}</style>\n'
            f'<style>.jp-Present {{ color: var(--d); }}</style>{END}'
            '<style>.mine { width: var(--c); }</style></head>'
            '<body class="jp-Notebook"><div class="jp-Present mine"></div></body></html>')
    out = prune_page(page)
    assert BEGIN not in out and END not in out
    assert out.count("<style") == 2
    assert ".jp-Absent{" not in out
    assert "--d:2px" in out  # used by the second marked stylesheet
    assert "--c:red" in out  # used by a stylesheet outside the markers
    assert out.endswith('<body class="jp-Notebook"><div class="jp-Present mine"></div></body>'
                        '</html>')
    assert prune_page("<html><style>.a{}</style></html>") == "<html><style>.a{}</style></html>"


def test_rendered_page_embeds_only_what_it_uses():
    from lkjip_nb.render.html import ReportInfo, render_html
    from tests.test_render_html import executed_notebook

    info = ReportInfo(agency="Dinas Contoh", year=2024, chapter_title="Bab Alfa")
    html = render_html(executed_notebook(), info, "analyst")
    assert BEGIN not in html
    assert len(html) < 100_000  # the lab stylesheets alone are ~250 KB
    assert ".jp-RenderedHTMLCommon" in html and ".jp-InputPrompt" in html
    assert ".jp-FileBrowser" not in html and "--jp-icon-jupyter" not in html
