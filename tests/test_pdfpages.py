"""Footers stamped on printed pages, and the combined report assembled from chapter prints."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from lkjip_nb.render import pdfpages
from lkjip_nb.render.pdfpages import (
    BODY_MARK,
    STUBS_MARK,
    assemble,
    body_start,
    destinations,
    fit_label,
    stamped,
)

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")


def printed(pages: list[dict]) -> bytes:
    """A stand-in for a Chromium print: one page per dict with ``text``, named destinations
    ``dests`` and links ``links`` to destination names, written the way Chromium writes them
    (a /Dests dictionary in the catalog, /Link annotations with a /Dest name)."""
    buf = io.BytesIO()
    drawing = canvas.Canvas(buf, pagesize=(595.28, 841.89))
    for page in pages:
        drawing.drawString(72, 760, page.get("text", ""))
        drawing.showPage()
    drawing.save()
    pdf = pikepdf.open(io.BytesIO(buf.getvalue()))
    dests = {}
    for spec, page in zip(pages, pdf.pages, strict=True):
        for name in spec.get("dests", []):
            dests["/" + name] = pikepdf.Array([page.obj, pikepdf.Name.XYZ, 72, 770, 0])
        annots = [pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Dest=pikepdf.Name("/" + name),
            Rect=[72, 700 - 20 * i, 300, 715 - 20 * i], Border=[0, 0, 0]))
            for i, name in enumerate(spec.get("links", []))]
        if annots:
            page.obj.Annots = pikepdf.Array(annots)
    pdf.Root.Dests = pdf.make_indirect(pikepdf.Dictionary(dests))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def page_texts(data: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    return text.split("\f")[:-1]


def chapter(tmp_path: Path, name: str, prefix: str, n_content: int) -> Path:
    pages = [{"text": f"Judul {name}"},
             {"text": f"Daftar isi {name}", "links": [f"{prefix}-a", f"{prefix}-b"]}]
    for i in range(n_content):
        dests = [BODY_MARK, f"{prefix}-a"] if i == 0 else []
        if i == n_content - 1:
            dests.append(f"{prefix}-b")
        pages.append({"text": f"Isi {name} {i + 1}", "dests": dests})
    path = tmp_path / f"{name}.body.pdf"
    path.write_bytes(printed(pages))
    return path


def test_short_label_keeps_its_size_and_long_one_shrinks_then_ends_in_ellipsis():
    assert fit_label("Dinas X", 300) == ("Dinas X", 8.0)
    long = "Badan Kesatuan Bangsa dan Politik Kabupaten Contoh — LKJIP 2024 — DATA SINTETIS"
    text, size = fit_label(long, stringWidth(long, pdfpages._footer_font(), 7.0) + 0.1)
    assert (text, size) == (long, 7.0)
    text, size = fit_label(long * 3, 300)
    assert text.endswith("…") and size == pdfpages.FOOTER_SIZES[-1]
    assert stringWidth(text, pdfpages._footer_font(), size) <= 300


@needs_poppler
def test_every_page_gets_label_and_page_number(tmp_path):
    data = stamped(printed([{"text": "satu"}, {"text": "dua"}, {"text": "tiga"}]), "Dinas X")
    texts = page_texts(data, tmp_path)
    assert len(texts) == 3
    for number, text in enumerate(texts, start=1):
        assert "Dinas X" in text and f"Halaman {number} dari 3" in text


def test_body_start_is_the_page_of_the_content_mark(tmp_path):
    pdf = pikepdf.open(chapter(tmp_path, "alpha", "b1", 2))
    assert body_start(pdf) == 2
    plain = pikepdf.open(io.BytesIO(printed([{"text": "tanpa penanda"}])))
    with pytest.raises(ValueError, match=BODY_MARK):
        body_start(plain)


@needs_poppler
def test_combined_report_is_front_matter_plus_chapter_content_with_working_links(tmp_path):
    front = printed([{"text": "Sampul"},
                     {"text": "Daftar isi", "links": ["b1-a", "b1-b", "b2-a"]},
                     {"text": "stub", "dests": [STUBS_MARK, "b1-a", "b1-b", "b2-a", "b2-b"]}])
    alpha = chapter(tmp_path, "alpha", "b1", 3)
    beta = chapter(tmp_path, "beta", "b2", 1)

    data = assemble(front, [alpha, beta], "LKJIP 2024")

    texts = page_texts(data, tmp_path)
    firsts = [t.strip().splitlines()[0].strip() for t in texts]
    assert firsts == ["Sampul", "Daftar isi", "Isi alpha 1", "Isi alpha 2", "Isi alpha 3",
                      "Isi beta 1"]
    assert all(f"Halaman {i} dari 6" in t and "LKJIP 2024" in t
               for i, t in enumerate(texts, start=1))
    pdf = pikepdf.open(io.BytesIO(data))
    dests = destinations(pdf)
    assert {name: page for name, (page, _) in dests.items()} == {
        "b1-a": 2, "b1-b": 4, "b2-a": 5, "b2-b": 5}
    index = {p.objgen: i for i, p in enumerate(pdf.pages)}
    links = [str(a.Dest).lstrip("/") for a in pdf.pages[1].Annots]
    assert links == ["b1-a", "b1-b", "b2-a"]
    assert all(index[pdf.Root.Dests[a.Dest][0].objgen] == dests[str(a.Dest).lstrip("/")][0]
               for a in pdf.pages[1].Annots)


def test_front_matter_without_its_stub_page_is_refused(tmp_path):
    with pytest.raises(ValueError, match=STUBS_MARK):
        assemble(printed([{"text": "Sampul"}]), [chapter(tmp_path, "a", "b1", 1)], "x")


@needs_poppler
def test_footer_font_is_embedded_once_and_any_label_stays_text(tmp_path):
    label = "Dinas Ä — Öffentlich · 2024"
    data = stamped(printed([{"text": "satu"}, {"text": "dua"}]), label)
    assert all(label in text for text in page_texts(data, tmp_path))
    pdf = pikepdf.open(io.BytesIO(data))
    fonts = {page.Resources.Font[pdfpages.FOOTER_RESOURCE].objgen for page in pdf.pages}
    assert len(fonts) == 1
    assert pdf.check_pdf_syntax() == []
