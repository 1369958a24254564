"""Data text stays text in the last places it reached unescaped: the words of a formula
(:func:`lkjip_nb.render.mathml.to_mathml`, :func:`lkjip_nb.tex.tex_text`), the Daftar Isi and
titles (:func:`lkjip_nb.render.text.plain_markdown`), and the IKS survey chapter, whose
codebook's names go into its sentences, its formula and its charts."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from lkjip_nb.present import md_text
from lkjip_nb.render.mathml import replace_math, to_mathml
from lkjip_nb.render.sanitize import MATH_TAGS
from lkjip_nb.render.text import plain_markdown
from tests.conftest import BUNDLED, DATA
from tests.test_sanitize import SETTINGS, elements, flat, live, md, text

#: Script, a script address, HTML entities, Markdown, TeX and matplotlib math: each a way a
#: text could become something else than the text.
PAYLOAD = ('Racun <img src=x onerror="alert(1)"> <script>alert(2)</script> '
           "[klik](javascript:alert(3)) & &lt;b&gt; `x` *y* _z_ $1$ \\(t\\) ~~s~~ | # } "
           "\\end{x} % $\\foo$")
#: Elements of the page template around the notebook's outputs.
TEMPLATE_TAGS = {"main", "section", "nav"}
PUNCTUATION = "".join(chr(c) for c in range(33, 127) if not chr(c).isalnum())
texts = st.text(alphabet=st.sampled_from("ab1 9\t" + PUNCTUATION + "é€\u00a0"), max_size=24)


def folded(value: str) -> str:
    return " ".join(value.split())


class _Characters(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def math_text(fragment: str) -> str:
    """The characters a formula shows, in order (its elements' texts joined, blanks folded;
    TeX's \\sim as the "~" it stands for)."""
    reader = _Characters()
    reader.feed(fragment)
    reader.close()
    return folded("".join(reader.parts))


# --------------------------------------------------------------------------- MathML

@SETTINGS
@given(value=st.text(alphabet=st.sampled_from("ab1 9" + PUNCTUATION.translate(
    str.maketrans("", "", "{}\\%#")) + "é€"), max_size=24))
def test_text_of_a_formula_is_text(value):
    """Whatever a ``\\text{}`` holds (but TeX's braces, backslash and comment sign, and
    latex2mathml's character references) shows as typed and makes no element."""
    shown = to_mathml(r"\frac{\text{" + value + r"}}{2}", display=True)
    assert {tag for tag, _ in elements(shown)} <= MATH_TAGS, shown
    assert math_text(shown) == folded(value + "2"), shown


def test_markup_in_a_formula_text_shows_as_typed():
    shown = to_mathml(r"\text{<b>x</b> <img src=x onerror=alert(1)> &lt;}")
    assert {tag for tag, _ in elements(shown)} == {"math", "mrow", "mtext"}
    assert math_text(shown) == "<b>x</b> <img src=x onerror=alert(1)> &lt;"
    assert not live(shown)


def test_a_latex_output_is_math_and_text():
    """A text/latex output: its math as MathML (an escaped dollar inside it too), its text as
    text."""
    shown = replace_math(r"Rumus <b>a</b> $\displaystyle \text{x}\$ + 1$ dan $$\text{y}$$.")
    assert [tag for tag, _ in elements(shown)].count("math") == 2
    assert "b" not in {tag for tag, _ in elements(shown)}
    assert text(shown).startswith("Rumus <b>a</b>")


# --------------------------------------------------------------------------- Daftar Isi

@SETTINGS
@given(value=texts)
def test_heading_text_is_the_data_as_typed(value):
    """A heading holding a data text (:func:`md_text`) is listed with that text."""
    assert plain_markdown(f"Sasaran {md_text(value)}") == folded(f"Sasaran {value}")


def test_heading_text_as_the_reader_sees_it():
    """Emphasis, links, code and our anchors dropped, escapes and entities resolved."""
    for heading, shown in [
            ("**Bab II** Perencanaan Kinerja", "Bab II Perencanaan Kinerja"),
            ('A. Capaian <a id="b3-a" class="lkjip-anchor"></a>', "A. Capaian"),
            ("Lihat [Tabel 3.1](#tabel-3-1) dan `kode`", "Lihat Tabel 3.1 dan kode"),
            ("Belanja &amp; Hibah *Tahun* 2024", "Belanja & Hibah Tahun 2024"),
            (r"Program 1\. Sasaran \*utama\* a\_b", "Program 1. Sasaran *utama* a_b"),
            ("Hibah &lt;Ormas&gt; &#92;", "Hibah <Ormas> \\")]:
        assert plain_markdown(heading) == shown, heading


def test_daftar_isi_lists_each_heading_as_the_page_shows_it():
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    from lkjip_nb.render.html import ReportInfo, render_html

    names = [PAYLOAD, "Kesbangpol & Linmas", "Sasaran *1*: <Kerukunan>", "A_b [c](d) \\e"]
    nb = new_notebook(cells=[new_markdown_cell("# Bab Uji"), new_code_cell("", outputs=[
        new_output("display_data", data={"text/markdown": "\n\n".join(
            f"## {i}. Sasaran {md_text(name)}" for i, name in enumerate(names, 1))})])])
    page = render_html(nb, ReportInfo(agency="Dinas Uji", year=2024), "reader")
    toc = re.findall(r'<li class="lkjip-toc-l\d"><a href="#([^"]+)">(.*?)</a>', page, re.S)
    headings = {}  # anchor id -> the heading's markup
    for content in re.findall(r"<(h[1-3])\b[^>]*>(.*?)</\1>", page, re.S):
        anchor = re.search(r'<a [^>]*class="lkjip-anchor"[^>]*>', content[1])
        if anchor:
            headings[re.search(r'id="([^"]+)"', anchor.group(0))[1]] = content[1]
    for ident, listed in toc:
        assert html.unescape(listed) == text(headings[ident]), ident
    listed = [html.unescape(entry) for _, entry in toc[:len(names) + 1]]
    assert listed == ["Bab Uji", *(folded(f"{i}. Sasaran {name}")
                                   for i, name in enumerate(names, 1))]


# --------------------------------------------------------------------------- IKS chapter

def _poisoned(node: object) -> object:
    """Every text of a codebook part with :data:`PAYLOAD` appended (ids and values kept)."""
    if isinstance(node, list):
        return [_poisoned(v) for v in node]
    if isinstance(node, dict):
        return {k: (v + " " + PAYLOAD if k in ("name", "text", "label") and isinstance(v, str)
                    else _poisoned(v) if k in ("subdimensions", "items") else v)
                for k, v in node.items()}
    return node


def _poison_codebook(path: Path) -> None:
    cb = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key in ("name", "instrument_note", "weights_note"):
        cb[key] = f"{cb.get(key, '')} {PAYLOAD}"
    for part in ("scale", "missing"):
        labels = cb[part].get("labels" if part == "scale" else "codes", {})
        for code in labels:
            labels[code] = f"{labels[code]} {PAYLOAD}"
    cb["domains"] = _poisoned(cb["domains"])
    for domain in cb["domains"]:
        if "labels" in domain:
            domain["labels"] = [f"{label} {PAYLOAD}" for label in domain["labels"]]
    cb["dimensions"] = _poisoned(cb["dimensions"])
    path.write_text(yaml.safe_dump(cb, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _poison_profile(path: Path) -> None:
    profile = yaml.safe_load(path.read_text(encoding="utf-8"))
    profile["agency"]["name"] += " " + PAYLOAD
    for row in profile["iks_categories"]["scale"]:
        row["category"] += " " + PAYLOAD
    path.write_text(yaml.safe_dump(profile, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")


@pytest.fixture(scope="module")
def iks_run(tmp_path_factory) -> Path:
    """The IKS chapter of the bundled dataset whose codebook and IKS categories hold
    :data:`PAYLOAD` in every name and text, run as ``lkjip run`` runs it (few bootstrap
    replicates): the folder of its executed notebook and pages."""
    root = tmp_path_factory.mktemp("iks-poisoned")
    data = root / "data"
    shutil.copytree(DATA / BUNDLED, data / BUNDLED)
    _poison_codebook(data / BUNDLED / "iks" / "codebook.yaml")
    _poison_profile(data / BUNDLED / "profile.yaml")
    params = root / "params"
    params.mkdir()
    (params / "2024.yaml").write_text(f"year: 2024\nopd: {BUNDLED}\nbootstrap_replicates: 20\n",
                                      encoding="utf-8")
    out = root / "out"
    done = subprocess.run(
        [sys.executable, "-m", "lkjip_nb", "run", "--data", str(data), "--out", str(out),
         "--params", str(params), "--years", "2024", "--chapters", "iks_survey",
         "--formats", "html", "--quiet", "--jobs", "1"],
        capture_output=True, text=True, timeout=600, cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr
    return out / BUNDLED / "2024"


def _outputs(folder: Path, mime: str) -> list[str]:
    nb = nbformat.read(folder / "iks_survey.ipynb", as_version=4)
    return [o["data"][mime] for c in nb.cells for o in c.get("outputs", [])
            if mime in o.get("data", {})]


@pytest.mark.notebooks
def test_iks_sentences_show_the_codebook_names_as_typed(iks_run):
    """Each generated Markdown text naming the codebook's dimensions, groups, notes, and the
    agency: no element of the data, the names read as typed."""
    ours = {"p", "strong", "em", "small", "blockquote", "ul", "li", "h1"}
    poisoned = [m for m in _outputs(iks_run, "text/markdown") if "Racun" in m]
    assert len(poisoned) >= 5  # header, headline, dimensions, comparisons, method notes
    for source in poisoned:
        shown = md(source)
        assert {tag for tag, _ in elements(shown)} <= ours, shown
        assert flat(text(shown)).count(flat(PAYLOAD)) == source.count("Racun"), shown


@pytest.mark.notebooks
def test_iks_formula_shows_the_dimension_names_as_typed(iks_run):
    (latex,) = _outputs(iks_run, "text/latex")
    shown = replace_math(latex)
    assert {tag for tag, _ in elements(shown)} <= MATH_TAGS, shown
    assert math_text(shown).count(folded(PAYLOAD)) == 4, shown


@pytest.mark.notebooks
def test_iks_pages_have_no_live_markup_and_show_the_names(iks_run):
    for page in ("iks_survey.html", "iks_survey-analyst.html"):
        source = (iks_run / page).read_text(encoding="utf-8")
        main = source[source.index("<main>"):source.index("</main>")]
        assert not set(live(main)) - TEMPLATE_TAGS, page
        formulas = re.findall(r"<math.*?</math>", main, re.S)
        assert any(folded(PAYLOAD) in math_text(f) for f in formulas)
        assert flat(PAYLOAD) in flat(text(main))


@pytest.mark.parametrize("name", ["Sasaran Nomor #", "C#", "Biasa ##", "#1 dan # 2"])
def test_a_heading_ending_in_a_hash_keeps_it_in_the_contents(name):
    from lkjip_nb.render.preprocessors import TocPreprocessor

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(f"## {md_text(name)}")])
    _, resources = TocPreprocessor().preprocess(nb, {})
    assert [item["text"] for item in resources["lkjip"]["toc"]] == [name]
    assert "\\#" in nb.cells[0].source or "#" not in name
