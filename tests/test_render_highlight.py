"""Remembered highlighting gives exactly what nbconvert's highlighter gives."""

from __future__ import annotations

from nbconvert.filters.highlight import Highlight2HTML

from lkjip_nb.render.html import MemoHighlight


def test_same_html_as_nbconvert_and_magics_language_respected():
    plain = Highlight2HTML(pygments_lexer="ipython3")
    memo = MemoHighlight(pygments_lexer="ipython3")
    for source in ("x = 1  # angka\nprint(x)", "", "%%bash\necho hi"):
        assert memo(source) == plain(source)
        assert memo(source) == plain(source)  # second call from the memo
    bash = {"magics_language": "bash"}
    assert memo("echo $HOME", metadata=bash) == plain("echo $HOME", metadata=bash)
    assert memo("echo $HOME", metadata=bash) != memo("echo $HOME")


def test_warm_builds_both_exporters():
    from lkjip_nb.render import html

    html._exporters.clear()
    html.warm()
    assert set(html._exporters) == set(html.VARIANTS)


def test_remembered_markdown_is_the_markdown_rendering():
    from lkjip_nb.render import html

    source = "## Capaian $x^2$\n\nTeks **tebal**."
    first = html._remembered_markdown_html(source, "")
    assert first == html._markdown_html(source, "") == html._remembered_markdown_html(source, "")
    assert "<math" in first and "<strong>tebal</strong>" in first


def test_page_code_uses_the_notebooks_lexer():
    """As nbconvert chooses it: language_info's pygments_lexer, else its name, else ipython3."""
    from nbformat.v4 import new_code_cell, new_notebook

    from lkjip_nb.render.html import ReportInfo, render_html

    info = ReportInfo(agency="D", year=2024)
    nb = new_notebook(cells=[new_code_cell("x = 1", execution_count=1)])
    assert "hl-ipython3" in render_html(nb, info, "analyst")
    nb.metadata["language_info"] = {"name": "python"}
    page = render_html(nb, info, "analyst")
    assert "hl-python" in page and "hl-ipython3" not in page
    nb.metadata["language_info"]["pygments_lexer"] = "ipython3"
    assert "hl-ipython3" in render_html(nb, info, "analyst")
