"""The combined report as a Word document: pandoc's conversion of its HTML with Word tables,
headings (the navigation pane), pictures, equations, a table-of-contents field, page breaks,
the cover and signature; ``--formats docx`` beside the PDF; without pandoc one clear line and
everything else made."""

from __future__ import annotations

import argparse
import base64
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from lkjip_nb import narrative
from lkjip_nb.render import docx
from lkjip_nb.runner.batch import RunOptions, run_batch
from tests.conftest import BUNDLED, DATA

PANDOC = shutil.which("pandoc")
needs_pandoc = pytest.mark.skipif(PANDOC is None, reason="pandoc is not installed")


def png() -> str:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 20), "navy").save(out, format="PNG")
    return base64.b64encode(out.getvalue()).decode("ascii")


def combined_page() -> str:
    """A small combined report with the bundled agency's cover and Kata Pengantar."""
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    from lkjip_nb.render.combined import tag_chapter
    from lkjip_nb.render.html import ReportInfo, render_html

    table = ('<figure class="lkjip-table"><figcaption>Tabel Uji</figcaption><table>'
             '<thead><tr><th colspan="2">Realisasi</th></tr></thead><tbody>'
             '<tr><td>Anggaran</td><td>99,56 %</td></tr></tbody></table></figure>')
    nb = new_notebook(cells=[
        new_markdown_cell("# Bab I Pendahuluan\n\n## A. Latar Belakang\n\nRumus $x^2 + 1$."),
        new_code_cell("x", outputs=[
            new_output("display_data", data={"text/html": table, "text/plain": "t"}),
            new_output("display_data", data={"image/png": png(), "text/plain": "g"})]),
        new_markdown_cell('<div class="lkjip-chapter-break"></div>'),
        new_markdown_cell("# Bab IV Penutup\n\n## A. Kesimpulan\n\nSelesai."),
    ])
    tag_chapter(nb, "1", 1)
    info = ReportInfo(agency="Badan Uji", year=2024, combined=True,
                      front=narrative.front_matter(DATA, BUNDLED, 2024))
    return render_html(nb, info, "reader")


def document_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("word/document.xml").decode("utf-8")


def styled(xml: str, style: str) -> list[str]:
    """The text of every paragraph in ``style``."""
    found = []
    for para in re.findall(r"<w:p>.*?</w:p>|<w:p .*?</w:p>", xml, re.S):
        if f'<w:pStyle w:val="{style}"' in para:
            found.append("".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", para)))
    return found


def test_formats_accept_docx_and_a_final_flag():
    from lkjip_nb.runner.cli import add_arguments, options_from

    parser = argparse.ArgumentParser()
    add_arguments(parser)
    opts = options_from(parser.parse_args(["--formats", "html", "pdf", "docx", "--final"]))
    assert opts.formats == ("html", "pdf", "docx") and opts.final is True
    plain = options_from(parser.parse_args([]))
    assert {"html", "pdf"} <= set(plain.formats) and "docx" not in plain.formats
    assert plain.final is False


def test_the_html_for_pandoc_has_no_stylesheet_and_marks_the_contents():
    page = docx.docx_html(combined_page())
    assert "<style>" not in page and "<title>" not in page
    assert '<div class="lkjip-docx-toc"></div>' in page and "lkjip-toc-l1" not in page
    assert "Kata Pengantar" in page and "lkjip-cover" in page


@needs_pandoc
def test_the_reference_document_is_a4_with_bordered_tables():
    ref = zipfile.ZipFile(io.BytesIO(docx.reference_docx(PANDOC)))
    styles = ref.read("word/styles.xml").decode("utf-8")
    table_style = styles[styles.index('w:styleId="Table"'):]
    assert "<w:tblBorders>" in table_style[:table_style.index("</w:style>")]
    assert 'w:styleId="Cover"' in styles and 'w:styleId="Signature"' in styles
    assert '<w:pgSz w:w="11906" w:h="16838"/>' in ref.read("word/document.xml").decode("utf-8")


@needs_pandoc
def test_the_combined_report_becomes_a_word_document(tmp_path):
    source = tmp_path / "lkjip-2024.html"
    source.write_text(combined_page(), encoding="utf-8")
    target = tmp_path / "lkjip-2024.docx"
    docx.write_docx(source, target)
    xml = document_xml(target)
    assert styled(xml, "Title") == ["LAPORAN KINERJA INSTANSI PEMERINTAH"]
    cover = styled(xml, "Cover")
    assert "TAHUN 2024" in cover and "PEMERINTAH KABUPATEN BLITAR" in cover
    assert styled(xml, "Heading1") == ["Kata Pengantar", "Bab I Pendahuluan", "Bab IV Penutup",
                                       "Catatan teknis"]
    assert styled(xml, "Heading2") == ["A. Latar Belakang", "A. Kesimpulan",
                                       "A. Asal-usul dokumen"]
    signature = styled(xml, "Signature")
    assert "Ir. SETIYANA, MM." in signature and "NIP. 19680810 199703 1 003" in signature
    assert "<w:tbl>" in xml and "w:gridSpan" in xml  # a real Word table, spans kept
    assert "<m:oMath" in xml  # the formula as a Word equation
    assert 'TOC \\o "1-3"' in xml and "Daftar isi dibuat saat dokumen dibuka" in xml
    assert xml.count('<w:br w:type="page"/>') >= 4  # cover, Kata Pengantar, contents, Bab
    with zipfile.ZipFile(target) as archive:
        assert any(n.startswith("word/media/") for n in archive.namelist())
    back = subprocess.run([PANDOC, str(target), "-t", "html"], capture_output=True, text=True,
                          check=True).stdout
    assert re.search(r"<h1[^>]*>Bab I Pendahuluan", back) and "<table" in back
    assert "<img" in back and "Dengan memanjatkan puji syukur" in back


def test_without_pandoc_a_clear_error(monkeypatch):
    monkeypatch.setenv(docx.PANDOC_ENV, "/nonexistent/pandoc")
    with pytest.raises(docx.PandocUnavailable, match="pandoc"):
        docx.find_pandoc()
    monkeypatch.delenv(docx.PANDOC_ENV)
    monkeypatch.setattr(docx.shutil, "which", lambda name: None)
    assert docx.find_pandoc() is None


def test_a_failing_pandoc_leaves_no_document(tmp_path):
    fake = tmp_path / "pandoc"
    fake.write_text("#!/bin/sh\necho 'rusak' >&2\nexit 3\n")
    fake.chmod(0o755)
    source = tmp_path / "out" / "lkjip-2024.html"
    source.parent.mkdir()
    source.write_text("<html><body><h1>X</h1></body></html>", encoding="utf-8")
    queue = docx.DocxQueue(pandoc=str(fake))
    queue.submit(source)
    report = queue.finish()
    assert report.errors and "pandoc gagal (kode 3): rusak" in report.errors[0][1]
    assert sorted(p.name for p in source.parent.iterdir()) == ["lkjip-2024.html"]


@pytest.fixture
def stable_package(monkeypatch):
    """Others edit lkjip_nb while tests run; keep its hash fixed."""
    monkeypatch.setattr("lkjip_nb.runner.worker.package_source_hash", lambda: "fixed")


@pytest.mark.notebooks
@needs_pandoc
def test_formats_docx_writes_the_word_document_beside_the_report(tmp_path, monkeypatch,
                                                                 stable_package):
    params = tmp_path / "params"
    params.mkdir()
    (params / "2024.yaml").write_text(f"year: 2024\nopd: {BUNDLED}\nrounding: {{}}\n")

    def run():
        return run_batch(RunOptions(
            data_dir=DATA, opds=[BUNDLED], years=[2024], chapters=["pendahuluan", "lampiran"],
            formats=("html", "docx"), out_dir=tmp_path / "out", params_dir=params, jobs=2,
            progress=False))

    year = tmp_path / "out" / BUNDLED / "2024"
    with monkeypatch.context() as mp:  # no pandoc: one line, the HTML all the same
        mp.setattr(docx, "find_pandoc", lambda explicit=None: None)
        report = run()
    assert not report.failed and report.docx.notice == docx.INSTALL_HINT
    assert (year / "lkjip-2024.html").is_file() and not (year / "lkjip-2024.docx").exists()

    report = run()  # pandoc back: the notebooks are current, the document is made
    assert report.docx.written == [year / "lkjip-2024.docx"] and not report.docx.errors
    xml = document_xml(year / "lkjip-2024.docx")
    headings = styled(xml, "Heading1")
    assert headings[:2] == ["Kata Pengantar", "Bab I Pendahuluan"] and "Lampiran" in headings
    assert "E. Sistematika Penyajian" in styled(xml, "Heading2")
    assert "<w:tbl>" in xml and "Ir. SETIYANA, MM." in styled(xml, "Signature")
    assert any(c.startswith("Tabel L.1 ") for c in styled(xml, "TableCaption"))  # Lampiran
    # every part the Lua filter rewrites is one the report's HTML has: no dead branch
    page = docx.docx_html((year / "lkjip-2024.html").read_text(encoding="utf-8"))
    classes = set(re.findall(r'classes:includes\("([\w-]+)"\)', docx.LUA_FILTER))
    assert classes and {c for c in classes if not re.search(rf'class="[^"]*\b{c}\b', page)} == set()
    assert not list(year.glob("*lkjip-tmp*"))
    assert run().docx.written == []  # unchanged HTML: the document is kept


@needs_pandoc
def test_table_columns_are_as_wide_as_their_content_needs(tmp_path):
    """Without widths Word gives every column the same share: a long name would wrap word by
    word beside a wide column of two-digit numbers."""
    name = "Program Peningkatan Peran Partai Politik dan Lembaga Pendidikan melalui Pendidikan"
    rows = "".join(f"<tr><td>{i}</td><td>{name} {i}</td><td>{i * 7}</td></tr>" for i in range(3))
    page = tmp_path / "report.html"
    page.write_text("<html><body><table><thead><tr><th>No</th><th>Program</th><th>Jumlah</th>"
                    f"</tr></thead><tbody>{rows}</tbody></table></body></html>", encoding="utf-8")
    from lkjip_nb.render.docx import docx_bytes

    out = tmp_path / "report.docx"
    out.write_bytes(docx_bytes(page, PANDOC))
    xml = document_xml(out)
    assert '<w:tblW w:type="pct" w:w="5000"' in xml  # the page's width
    no, program, jumlah = (int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"', xml))
    assert program > 2 * max(no, jumlah)
