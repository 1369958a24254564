"""Data text is inert wherever it lands: :func:`lkjip_nb.present.md_text` (a data text in
generated Markdown), :func:`lkjip_nb.narrative.safe_markdown` (the agency's own Markdown) and
:func:`lkjip_nb.render.sanitize.sanitize_html` (every HTML fragment a page shows).

Markup is compared as the DOM an HTML parser builds (tags, attributes, text), since the
sanitizer writes its own serialisation of the same document.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from lkjip_nb import present
from lkjip_nb.narrative import AgencyTexts, Caption, agency_block, placeholder, safe_markdown
from lkjip_nb.render.markdown import markdown_to_html
from lkjip_nb.render.mathml import to_mathml
from lkjip_nb.render.sanitize import IMAGE_PREFIXES, LINK_PREFIXES, TAGS, sanitize_html
from tests.conftest import BUNDLED, DATA

SETTINGS = settings(max_examples=300, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])
#: A text with an image whose error handler runs script, a script element, a javascript: link.
PAYLOAD = ('<img src=x onerror="alert(1)"> <script>alert(2)</script> [klik](javascript:alert(3)) '
           "& &lt;b&gt; `x` *y* _z_ $1$ \\(t\\) ~~s~~ | # https://contoh.go.id")
NOTEBOOKS = Path(present.__file__).parent / "notebooks"


class _Dom(HTMLParser):
    """The parse events of a fragment: elements with their attributes, and text."""

    VOID = {"br", "hr", "img", "col", "input", "mspace"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        self.events.append(("<", tag, tuple(sorted((k, v or "") for k, v in attrs))))
        if tag in self.VOID:
            self.events.append((">", tag))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.events.append((">", tag))

    def handle_endtag(self, tag):
        if tag not in self.VOID:
            self.events.append((">", tag))

    def handle_data(self, data):
        if data.strip():
            self.events.append(("text", " ".join(data.split())))


def dom(fragment: str) -> list[tuple]:
    parser = _Dom()
    parser.feed(fragment)
    parser.close()
    return parser.events


def elements(fragment: str) -> list[tuple[str, dict[str, str]]]:
    return [(e[1], dict(e[2])) for e in dom(fragment) if e[0] == "<"]


def text(fragment: str) -> str:
    return " ".join(e[1] for e in dom(fragment) if e[0] == "text")


def flat(value: str) -> str:
    """Text without its blanks (how a parser splits text into nodes does not matter)."""
    return re.sub(r"\s+", "", value)


def md(source: str) -> str:
    """Markdown as the report's renderer writes it (without the sanitizer)."""
    return markdown_to_html(source, exclude_anchor_links=True)


def live(fragment: str) -> list[str]:
    """What in ``fragment`` could act: script-capable elements, event handlers, addresses
    other than the allowed ones."""
    found = []
    for tag, attrs in elements(fragment):
        if tag not in TAGS:
            found.append(tag)
        found += [f"{tag}@{a}" for a in attrs if a.startswith("on") or a == "srcdoc"]
        href, src = attrs.get("href"), attrs.get("src")
        if href is not None and not re.sub(r"\s", "", href).lower().startswith(LINK_PREFIXES):
            found.append(f"href={href}")
        if src is not None and not src.startswith(IMAGE_PREFIXES + ("http://", "https://")):
            found.append(f"src={src}")
    return found


# --------------------------------------------------------------------------- md_text

CONTEXTS = {  # generated Markdown around a data text, and the elements it makes itself
    "Teks {} akhir.": {"p"},
    "- butir {}": {"ul", "li"},
    "### a. Sasaran {}": {"h3"},
    "1. **{}** ✔ *(didukung)*": {"ol", "li", "strong", "em"},
    "{}": {"p"},
    '<small>{}</small>': {"p", "small"},
}
texts = st.text(alphabet=st.sampled_from(
    "ab1 9\n\t" + "".join(chr(c) for c in range(33, 127) if not chr(c).isalnum()) + "é€\u00a0"),
    max_size=24)


@SETTINGS
@given(value=texts, context=st.sampled_from(sorted(CONTEXTS)))
def test_md_text_reads_exactly_as_typed(value, context):
    html = md(context.format(present.md_text(value)))
    assert {tag for tag, _ in elements(html)} <= CONTEXTS[context], html
    assert " ".join(value.split()) in text(html), html


def test_md_text_payload_is_text_not_markup():
    html = md(f"Sasaran: {present.md_text(PAYLOAD)}")
    assert elements(html) == [("p", {})]
    assert text(html) == f"Sasaran: {' '.join(PAYLOAD.split())}"


def test_md_text_never_starts_a_block():
    for value in ("1. satu", "- dua", "+ tiga", "# empat", "> lima", "---", "===", "12) x",
                  "    kode", "a\n\n- b", "a\n# b"):
        html = md(present.md_text(value))
        assert elements(html) == [("p", {})], (value, html)
        assert text(html) == " ".join(value.split())


def test_md_text_keeps_our_markup_and_escapes_its_text():
    shown = present.versus("84,61", "[k](javascript:1) *x*")
    assert isinstance(shown, Markup)
    html = md(f"Realisasi {present.md_text(shown)}.")
    assert elements(html) == [("p", {}), *elements(str(shown))]
    assert flat(text(html)) == flat(f"Realisasi {text(str(shown))}.")


# --------------------------------------------------------------------------- agency Markdown

def _without_comments(html: str) -> list[tuple]:
    return dom(re.sub(r"<!--.*?-->", "", html, flags=re.S))


def test_bundled_agency_texts_render_as_before():
    files = sorted((DATA / BUNDLED / "narasi").rglob("*.md"))
    files = [f for f in files if f.parent.name.isdigit() or f.parent.parent.name.isdigit()]
    assert files
    for path in files:
        source = path.read_text(encoding="utf-8").strip()
        plain = source.replace("$", "\\$")  # prose: a dollar sign is one
        assert dom(md(safe_markdown(source))) == _without_comments(md(plain)), path.name


def test_agency_markdown_keeps_its_markdown():
    source = ("Paragraf *miring* dan **tebal**.\n\n- a. butir\n   - nested\n\n1. satu\n\n"
              "> kutipan\n\n[situs](https://contoh.go.id/a?b=1) [surel](mailto:humas@contoh.go.id) "
              "[tabel](#tabel-3-1) <https://contoh.go.id>\n\n`kode <b>` dan\n\n```\n<i>x</i>\n```")
    html = md(safe_markdown(source))
    assert dom(html) == dom(md(source))  # nothing of it is raw HTML or an address elsewhere
    links = [a["href"] for t, a in elements(html) if t == "a"]
    assert links == ["https://contoh.go.id/a?b=1", "mailto:humas@contoh.go.id", "#tabel-3-1",
                     "https://contoh.go.id"]
    assert {"em", "strong", "ul", "ol", "blockquote", "code", "pre"} <= {t for t, _ in
                                                                          elements(html)}
    assert "kode <b>" in text(html) and "<i>x</i>" in text(html)


@pytest.mark.parametrize("address", [
    "javascript:alert(3)", " JaVaScRiPt:alert(3)", "java&#115;cript:alert(3)",
    "&#x6A;avascript:alert(3)", "java\tscript:alert(3)", "<javascript:alert(3)>",
    "data:text/html;base64,PHNjcmlwdD4=", "data:image/png;base64,AAAA", "vbscript:msgbox(1)",
    "file:///etc/passwd", "foto.png", "../../rahasia.txt", ""])
def test_agency_links_elsewhere_show_as_text(address):
    for source in (f"[klik]({address})", f"![foto]({address})",
                   f"[klik][r]\n\n[r]: {address}", f"[klik][r]\n\n[r]:\n  {address}"):
        html = md(safe_markdown(source))
        assert not [t for t, _ in elements(html) if t in ("a", "img")], (source, html)
        assert "klik" in text(html) or "foto" in text(html)


def test_agency_raw_html_shows_as_text():
    source = ('Teks <img src=x onerror="alert(1)"> <script>alert(2)</script>\n\n'
              '<div onclick="x">blok</div>\n\n<a href="javascript:alert(3)">tautan</a>'
              "<!-- catatan penyusun -->")
    html = md(safe_markdown(source))
    assert {t for t, _ in elements(html)} == {"p"}
    assert text(html) == ('Teks <img src=x onerror="alert(1)"> <script>alert(2)</script> '
                          '<div onclick="x">blok</div> <a href="javascript:alert(3)">tautan</a>')


markdownish = st.lists(st.sampled_from([
    "<", ">", "[", "]", "(", ")", "!", ":", "`", "```", "~~~", "\n", "\n\n", " ", "  ", "*",
    "\\", "&", "#", ";", "-", "x", "klik", "img src=x onerror=a", "script", "javascript:",
    "JavaScript&#58;", "data:", "http://a.b", "mailto:a@b", "<!--", "-->", '"', "'", "/", "="]),
    max_size=30).map("".join)


@SETTINGS
@given(source=markdownish)
def test_agency_markdown_never_becomes_live(source):
    html = md(safe_markdown(source))
    assert not live(html), (source, html)
    assert not [t for t, _ in elements(html) if t in ("script", "iframe", "style", "img")]


def test_agency_texts_are_made_safe_where_they_are_read(tmp_path):
    folder = tmp_path / "opd" / "narasi" / "2024"
    folder.mkdir(parents=True)
    (folder / "saran.md").write_text(f"Saran {PAYLOAD}\n", encoding="utf-8")
    shown = AgencyTexts(tmp_path, "opd", 2024, profile={}).text("saran")
    html = md(shown)
    assert not live(html) and ("a", {}) not in elements(html)
    assert "[klik](javascript:alert(3))" in text(html) and "<script>" in text(html)


# --------------------------------------------------------------------------- the sanitizer

def _figure_table() -> str:
    frame = pd.DataFrame([
        {"no": "1.", "name": "Program A & B", "value": present.versus("99,56", "99,57"),
         "row_class": "total"},
        {"no": "2.", "name": "<b>kode</b>", "value": "1.234", "row_class": ""}])
    return present.table_html(
        frame, [present.Col("no", "No."), present.Col("name", "Program"),
                present.Col("value", "Realisasi", True)],
        title="Anggaran", key="belanja", source="DPA 2024", row_class="row_class",
        notes=[f"Lihat {present.ref('program-tree')} dan {present.ref('belanja', aside=True)}."],
        header_rows=['<tr><th colspan="2"></th><th style="text-align:center">2024</th></tr>'])


def _numbered(fragment: str) -> str:
    """``fragment`` as an output after the renderer numbered it and resolved its references."""
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    from lkjip_nb.render.preprocessors import NumberingPreprocessor, tag_chapter

    nb = new_notebook(cells=[new_code_cell("", outputs=[new_output(
        "display_data", data={"text/html": fragment})])])
    tag_chapter(nb, "3", 1)
    nb, _ = NumberingPreprocessor().preprocess(nb, {})
    return nb.cells[0].outputs[0].data["text/html"]


def _notebook_formulas() -> list[str]:
    """The display formulas of the chapter notebooks' text cells."""
    found = []
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell["source"]) if cell["cell_type"] == "markdown" else ""
            found += re.findall(r"\$\$.+?\$\$", source, re.S)
    return found


def _tree_markdown() -> str:
    from lkjip_nb import budget
    from lkjip_nb.chapters.planning import tree_html
    from lkjip_nb.data import load_dataset

    ds = load_dataset(DATA, BUNDLED, 2024)
    return tree_html(budget.budget_tree(ds.table("sub_kegiatan"), ds.table("kegiatan"),
                                        ds.table("programs")))


def our_markup(folder: Path) -> dict[str, str]:
    """One fragment of each kind of markup lkjip_nb writes into a page."""
    from lkjip_nb.chapters.lampiran import _image_html

    agency = sorted((DATA / BUNDLED / "narasi").rglob("gambaran-umum.md"))[0]
    photo = folder / "foto.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    return {
        "table": _figure_table(),
        "numbered table": _numbered(_figure_table()),
        "bare table numbered": _numbered("<table><tbody><tr><td>1</td></tr></tbody></table>"),
        "figure caption": (f'<p class="lkjip-figcaption" data-key="belanja-chart">'
                           f'{present.caption_html("Gambar", "Komposisi", key="belanja-chart")}'
                           '</p><p class="lkjip-source">Sumber: DPA</p>'),
        "generated markdown": md(
            "# Bab II <a id=\"b1-bab-ii\" class=\"lkjip-anchor\"></a>\n\n**Badan** — Tahun 2024"
            "\n\n> **Data sintetis.** rekaan\n\n<small>Kode: * diturunkan</small>\n\n"
            "1. **Misi** ✔ *(didukung)*\n2. lain\n\n3. tiga\n4. empat\n\na.&nbsp;**Dimensi**  \n"
            "b. kedua\n\n- Tahap I: [Tabel 3.1](#tabel-3-1) dan [situs](https://contoh.go.id)\n"
            "- [surel](mailto:a@contoh.go.id)\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n---\n\n"
            "```python\nx = 1  # kode\n```\n\n`kode` ~~coret~~"),
        "agency text": md(agency_block(safe_markdown(agency.read_text(encoding="utf-8")))),
        "placeholder": md(placeholder("Latar Belakang", block=True)) + placeholder("NIP"),
        "program tree": md(_tree_markdown()),
        "formulas": md("\n\n".join(_notebook_formulas()))
                    + to_mathml(r"\frac{\text{a}}{\text{b}} \times 100 = \text{9}\,\%", True)
                    + '<div class="lkjip-math">'
                    + to_mathml(r"\sqrt{x^2} + \overline{y} - \left( a_{i}^{2} \right)", True)
                    + "</div>",
        "photo": _image_html(Caption("1", 1, "Rapat <koordinasi>", photo)),
    }


def as_parsed(fragment: str) -> str:
    """``fragment`` as an HTML parser reads it where Python's does not: a paragraph ends where
    a block (the renderer's display math) starts."""
    return re.sub(r"<p>(<div [^>]*>.*?</div>)</p>", r"<p></p>\1<p></p>", fragment, flags=re.S)


def test_our_markup_passes_unchanged(tmp_path):
    fragments = our_markup(tmp_path)
    assert "<math" in fragments["formulas"] and "lkjip-label" in fragments["numbered table"]
    for kind, fragment in fragments.items():
        assert dom(sanitize_html(fragment)) == dom(as_parsed(fragment)), kind


@pytest.mark.parametrize(("hostile", "kept"), [
    ("<p>a<script>alert(1)</script>b</p>", "ab"),
    ('<img src="x" onerror="alert(1)" alt="foto">', ""),
    ('<a href="javascript:alert(1)">klik</a>', "klik"),
    ('<a href=" JaVaScRiPt:alert(1)">klik</a>', "klik"),
    ('<a href="java&#x09;script:alert(1)">klik</a>', "klik"),
    ('<a href="data:text/html,<script>alert(1)</script>">klik</a>', "klik"),
    ('<a href="vbscript:x">klik</a><a href="file:///etc/passwd">b</a>', "klik b"),
    ('<a href="halaman.html">klik</a>', "klik"),
    ('<span style="background:url(javascript:alert(1))">teks</span>', "teks"),
    ('<div style="color:red; background-image: url(x.png)">teks</div>', "teks"),
    ('<td style="width:expression(alert(1))">1</td>', "1"),
    ('<span style="color:#c00000;behavior:url(x.htc)">teks</span>', "teks"),
    ('<img src="http://pelacak.example/x.png"><img src="data:image/svg+xml;base64,PHN2Zz4=">', ""),
    ('<iframe src="https://x"></iframe><object data="x"></object><embed src="x">t', "t"),
    ('<svg onload="alert(1)"><circle r="1"/></svg>t', "t"),
    ("<math><mi><mglyph><style><img src=x onerror=alert(1)></style></mglyph></mi></math>", ""),
    ('<style>body{background:url(x)}</style><link rel="stylesheet" href="x">t', "t"),
    ('<meta http-equiv="refresh" content="0;url=x"><base href="https://x/">t', "t"),
    ('<form action="https://x"><input name="a" value="b"><button>kirim</button></form>',
     "kirim"),
    ("<p>a<!-- catatan --></p>", "a"),
    ('<p onclick="alert(1)" onmouseover="x" class="lkjip-note">t</p>', "t"),
])
def test_hostile_markup_is_removed(hostile, kept):
    clean = sanitize_html(hostile)
    assert not live(clean), clean
    assert "<script" not in clean and "url(" not in clean and "<!--" not in clean, clean
    assert text(clean) == kept


def test_plain_styles_stay():
    fragment = ('<table><tbody><tr><td class="num" style="text-align:right;white-space:nowrap">'
                '1</td><th style="color:#c00000;font-weight:bold">a</th></tr></tbody></table>'
                '<p><span style="font-size:85%">b</span></p>'
                '<ol type="a" style="list-style-type:lower-alpha"><li>c</li></ol>')
    assert dom(sanitize_html(fragment)) == dom(fragment)


def test_pages_show_only_sanitized_outputs():
    """A notebook's HTML and Markdown outputs and its text cells, and the front matter, come
    out of the exporter without script, handler or script address (their text stays)."""
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    from lkjip_nb.narrative import FrontMatter
    from lkjip_nb.render.html import ReportInfo, render_html

    nb = new_notebook(cells=[
        new_markdown_cell("# Judul\n\nTeks <script>alert(0)</script> [a](javascript:alert(1))"),
        new_code_cell("x = 1", outputs=[
            new_output("display_data", data={
                "text/html": '<table class="lkjip"><tr><td>1</td></tr></table>'
                             '<img src=x onerror="alert(2)"><script>alert(3)</script>',
                "text/plain": "1"}),
            new_output("display_data", data={
                "text/markdown": '<img src=x onerror="alert(4)"> [b](javascript:alert(5))',
                "text/plain": "2"})])])
    front = FrontMatter(government="<script>alert(6)</script>PEMDA", agency="A", agency_caps="A",
                        year=2024, title="LKJIP", place_date="Blitar", address="Jl. A",
                        foreword="Kata <img src=x onerror=alert(7)>",
                        signatory={"name": "<b onclick='alert(8)'>N</b>", "rank": "r",
                                   "nip": "1", "place_date": "p", "title": "t"})
    for info in (ReportInfo(agency="A", year=2024), ReportInfo(agency="A", year=2024,
                                                               combined=True, front=front)):
        page = render_html(nb, info, "reader")
        main = page[page.index("<main>"):page.index("</main>")]
        assert "<script" not in main and "onerror" not in main and "onclick" not in main
        assert "javascript:" not in main
        assert '<table class="lkjip">' in main and "Teks" in text(main)
        assert ("PEMDA" in text(main)) is (info.front is not None)
