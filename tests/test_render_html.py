"""Reader and analyst HTML from a synthetic executed notebook (no kernel needed)."""

from __future__ import annotations

import base64
import re
import shutil

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from lkjip_nb.record import MIME_TYPE
from lkjip_nb.render.combined import ChapterDoc, combine
from lkjip_nb.render.html import VARIANTS, ReportInfo, render_html
from lkjip_nb.render.mathml import replace_math, to_mathml
from lkjip_nb.render.preprocessors import tag_chapter

PNG = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082")).decode()
TABLE = '<div><table border="1" class="dataframe"><tr><th>a</th></tr><tr><td>1</td></tr></table>'
PROV = {"opd": "demo-opd", "agency": "Dinas Contoh", "year": 2024, "chapter": "alpha",
        "notebook": "01_alpha.ipynb", "notebook_sha256": "ab" * 32, "parameters": {"year": 2024},
        "data_sha256": "cd" * 32, "lkjip_nb": "0.1.0", "git_commit": "deadbeef",
        "executed_at": "2025-02-28T09:05:00+07:00", "libraries": {"pandas": "2.2"}}


def executed_notebook():
    code = new_code_cell("SECRET_CODE = 1\ndf", execution_count=1, outputs=[
        new_output("display_data", data={MIME_TYPE: {"name": "x", "value": 1}}),
        new_output("stream", name="stderr", text="WarningNoise\n"),
        new_output("execute_result", data={"text/html": TABLE, "text/plain": "df"},
                   execution_count=1),
        new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure>"}),
    ])
    styled = new_code_cell("t", execution_count=2, outputs=[new_output(
        "display_data", data={"text/html": "<table><caption>Efisiensi</caption>"
                                           "<tr><td>1</td></tr></table>"})])
    narrative = new_code_cell("display(Markdown(...))", execution_count=3, outputs=[new_output(
        "display_data", data={"text/markdown": "## Ringkasan Hasil\n\nNilai $x^2$."})])
    hidden = new_code_cell("rahasia", execution_count=4, metadata={"tags": ["remove-cell"]},
                           outputs=[new_output("stream", name="stdout", text="TERSEMBUNYI")])
    nb = new_notebook(cells=[
        new_markdown_cell("# Bab Alfa\n\nRumus $E = \\frac{R}{A}$ dan\n\n$$\\sum_i x_i$$"),
        code, styled, narrative, hidden])
    nb.metadata["lkjip"] = PROV
    tag_chapter(nb, "3", 3)
    return nb


@pytest.fixture(scope="module")
def pages():
    nb = executed_notebook()
    info = ReportInfo(agency="Dinas Contoh", year=2024, chapter_title="Bab Alfa",
                      government="Pemerintah Kabupaten Uji", provenance=[PROV])
    return {v: render_html(nb, info, v) for v in ("reader", "analyst")}


def test_reader_has_no_code_and_analyst_has(pages):
    assert "SECRET_CODE" not in pages["reader"]
    assert "SECRET_CODE" in pages["analyst"]
    assert "WarningNoise" not in pages["reader"]
    assert "TERSEMBUNYI" not in pages["reader"] and "TERSEMBUNYI" not in pages["analyst"]


def test_math_is_mathml_and_nothing_is_fetched(pages):
    for page in pages.values():
        assert page.count("<math") >= 3
        assert "mathjax" not in page.lower()
        assert not re.search(r"<script[^>]+src=", page)
        assert not re.search(r"<link[^>]+href=[\"']https?:", page)
        assert "$" not in re.sub(r"<style.*?</style>", "", page, flags=re.S).replace(
            "$$", "")  # no raw TeX left


def test_tables_and_figures_are_numbered(pages):
    page = pages["reader"]
    assert "Tabel 3.1" in page
    assert "Tabel 3.2 Efisiensi" in page  # the table's own caption text, numbered
    assert "Gambar 3.1" in page


def test_title_page_toc_and_provenance(pages):
    page = pages["reader"]
    assert "Pemerintah Kabupaten Uji" in page and "Tahun 2024" in page
    toc = page.split('class="lkjip-toc"')[1].split("</nav>")[0]
    assert "Bab Alfa" in toc and "Ringkasan Hasil" in toc
    anchor = re.search(r'href="#(b3-ringkasan-hasil)"', toc).group(1)
    assert f'id="{anchor}"' in page
    assert "Asal-usul dokumen" in page and "deadbeef" in page and "cd" * 32 in page
    assert 'name="lkjip-provenance"' in page
    assert "28 Februari 2025 pukul 09.05" in page


def test_bad_latex_still_shows_the_formula():
    assert "lkjip-math-error" in to_mathml("\\frac{a}{")
    assert "<math" in replace_math("jumlah $a+b$ rupiah")
    assert replace_math("Rp 5 dan Rp 6") == "Rp 5 dan Rp 6"


def test_combined_report_orders_chapters_and_marks_missing(tmp_path):
    import nbformat

    first = executed_notebook()
    path = tmp_path / "alpha.ipynb"
    nbformat.write(first, str(path))
    merged, provenance = combine([ChapterDoc("zeta", 9, None), ChapterDoc("alpha", 3, path)])
    assert merged.cells[0].source.startswith("# Bab Alfa")
    assert "belum tersedia" in merged.cells[-1].source
    assert merged.cells[-1].metadata["lkjip_chapter"]["number"] == "9"
    assert len(provenance) == 1
    page = render_html(merged, ReportInfo(agency="Dinas", year=2024, combined=True,
                                          provenance=provenance), "reader")
    assert "lkjip-chapter-break" in page and "lkjip-combined" in page


def test_chapter_with_its_own_captions_is_not_renumbered():
    nb = executed_notebook()
    nb.cells[1].outputs.append(new_output("display_data", data={
        "text/html": '<figure class="lkjip-table"><figcaption>Tabel 3.6 Anggaran</figcaption>'
                     "<table><tr><td>1</td></tr></table></figure>"}))
    page = render_html(nb, ReportInfo(agency="D", year=2024), "reader")
    assert "Tabel 3.6 Anggaran" in page
    assert "Tabel 3.1" not in page and "Gambar 3.1" not in page


def test_chapter_title_from_generated_markdown():
    from lkjip_nb.render.text import chapter_title

    nb = new_notebook(cells=[new_code_cell("header(ctx)", outputs=[new_output(
        "display_data", data={"text/markdown": "# Bab III.A.5 Efisiensi\n\nteks"})])])
    assert chapter_title(nb, "efficiency") == "Bab III.A.5 Efisiensi"
    nb.metadata["lkjip_chapter"] = {"id": "x", "title": "Judul Lain"}
    assert chapter_title(nb, "efficiency") == "Judul Lain"


@pytest.mark.parametrize("variant", ["reader", "analyst"])
def test_preprocessed_notebook_is_valid_and_the_input_untouched(variant):
    """The preprocessors keep the notebook valid (nbconvert validates only once, after all of
    them), and rendering leaves the caller's notebook as it was."""
    import copy

    import nbformat

    from lkjip_nb.render import preprocessors as pp

    nb = executed_notebook()
    before = copy.deepcopy(nb)
    render_html(nb, ReportInfo(agency="D", year=2024), variant)
    assert nb == before
    cleaner = pp.ReaderPreprocessor()
    cleaner.reader = variant == "reader"
    processed, resources = copy.deepcopy(nb), {}
    for proc in (cleaner, pp.MathPreprocessor(), pp.TocPreprocessor(),
                 pp.NumberingPreprocessor()):
        proc.enabled = True
        processed, resources = proc(processed, resources)
    nbformat.validate(processed)
    assert resources["lkjip"]["toc"]


def body(page: str) -> str:
    """The page without its head (where the stylesheet names every class)."""
    return page.split("</head>", 1)[1]


def test_page_is_one_self_contained_document(pages):
    """Our own shell: Indonesian, one small stylesheet of our own, no JupyterLab CSS, no
    script, nothing fetched."""
    for page in pages.values():
        assert page.lstrip().lower().startswith("<!doctype html>")
        assert '<html lang="id">' in page
        assert page.count("<style") == 1 and "<script" not in page and "<link" not in page
        style = page.split("<style", 1)[1].split("</style>", 1)[0]
        assert len(style) < 30_000
        assert "--jp-" not in page and "jp-Notebook" not in page
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
        generator = re.search(r'<meta [^>]*name="generator"[^>]*>', page).group(0)
        assert 'content="lkjip_nb ' in generator
        assert '@page { size: A4; margin: 18mm 15mm 20mm 15mm; }' in style
        assert "Bab Alfa — Dinas Contoh 2024</title>" in page


def test_analyst_code_is_highlighted_with_our_colours(pages):
    style = pages["analyst"].split("<style", 1)[1].split("</style>", 1)[0]
    assert re.search(r"\.highlight \.k \{[^}]*color: #008000", style)  # keywords
    assert re.search(r"\.highlight \{ background: #f5f5f5", style)
    code = pages["analyst"].split('class="input_area"', 1)[1].split("</pre>", 1)[0]
    assert re.search(r'class=" ?highlight hl-ipython3"', code)
    assert '<span class="n">SECRET_CODE</span>' in code
    prompt = r"In(&nbsp;|\xa0)\[1\]:"
    assert re.search(prompt, pages["analyst"])  # prompts in the analyst version only
    assert not re.search(prompt, pages["reader"]) and "input_area" not in body(pages["reader"])


def test_images_keep_their_size_and_alternative_text():
    nb = new_notebook(cells=[new_code_cell("fig", outputs=[new_output(
        "display_data", data={"image/png": PNG, "text/plain": "<Figure>"},
        metadata={"image/png": {"width": 640, "height": 480, "alt": 'Gambar 1 "A" & B'}})])])
    page = render_html(nb, ReportInfo(agency="D", year=2024))
    img = re.search(r"<img [^>]*>", page).group(0)
    assert re.search(r'width="?640\b', img) and re.search(r'height="?480\b', img)
    assert 'alt=\'Gambar 1 "A" &amp; B\'' in img or 'alt="Gambar 1 &quot;A&quot; &amp; B"' in img
    assert f"data:image/png;base64,{PNG}" in img


def test_error_and_stderr_show_escaped_in_the_analyst_version():
    nb = new_notebook(cells=[new_code_cell("run()", execution_count=1, outputs=[
        new_output("stream", name="stdout", text="<b>keluar</b>\n"),
        new_output("stream", name="stderr", text="UserWarning: <awas>\n"),
        new_output("error", ename="ValueError", evalue="<nilai>",
                   traceback=["\x1b[0;31mValueError\x1b[0m: <nilai>"]),
    ])])
    reader, analyst = (render_html(nb, ReportInfo(agency="D", year=2024), v)
                       for v in ("reader", "analyst"))
    assert "&lt;b&gt;keluar&lt;/b&gt;" in analyst and "<b>keluar" not in analyst
    stderr = body(analyst).split("output_stderr", 1)[1].split("</div>", 1)[0]
    assert "UserWarning: &lt;awas&gt;" in stderr
    error = body(analyst).split("output_error", 1)[1].split("</div>", 1)[0]
    assert '<span class="ansi-red-fg">ValueError</span>: &lt;nilai&gt;' in error
    assert "UserWarning" not in reader and "&lt;b&gt;keluar" in reader


def test_script_outputs_fall_back_to_their_text():
    nb = new_notebook(cells=[new_code_cell("widget", outputs=[
        new_output("display_data", data={"application/javascript": "alert(1)",
                                         "text/plain": "<Teks pengganti>"}),
        new_output("display_data", data={
            "application/vnd.jupyter.widget-view+json": {"model_id": "m", "version_major": 2,
                                                         "version_minor": 0},
            "text/plain": "IntSlider(value=3)"}),
    ])])
    page = render_html(nb, ReportInfo(agency="D", year=2024), "analyst")
    assert "alert(1)" not in page and "<script" not in page
    assert "&lt;Teks pengganti&gt;" in page and "IntSlider(value=3)" in page


def test_combined_report_keeps_contents_and_provenance():
    nb = executed_notebook()
    combined = render_html(nb, ReportInfo(agency="D", year=2024, combined=True))
    assert 'href="#b3-ringkasan-hasil"' in combined and 'id="b3-ringkasan-hasil"' in combined
    assert "Asal-usul dokumen" in combined and "Tabel 3.1" in combined


@pytest.mark.browser
@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium")
def test_script_from_data_does_not_run_in_the_page(tmp_path):
    """Markup a dataset smuggled into an output (as HTML would be) fires no script when read."""
    from playwright.sync_api import sync_playwright

    hostile = ('<img src=x onerror="document.title=\'pwned\'">'
               '<script>document.title="pwned"</script>'
               '<a id="js" href="javascript:void(document.title=\'pwned\')">x</a>')
    nb = new_notebook(cells=[new_code_cell("x", outputs=[new_output(
        "display_data", data={"text/html": hostile, "text/plain": "x"})])])
    page_file = tmp_path / "page.html"
    for variant in VARIANTS:
        page_file.write_text(render_html(nb, ReportInfo(agency="D", year=2024), variant))
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=shutil.which("chromium"),
                                         args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            dialogs: list[str] = []
            page.on("dialog", lambda d, seen=dialogs: (seen.append(d.message), d.dismiss()))
            page.goto(page_file.as_uri())
            page.click("#js")
            page.wait_for_timeout(200)
            title = page.title()
            browser.close()
        assert title != "pwned" and not dialogs, variant
