"""Page-level PDF work after Chromium has printed: footers, and the combined report assembled
from the chapters' printed pages instead of printing every page a second time.

Chromium prints each document without header or footer (:meth:`PdfPrinter.print_body`); the
footer — document label left, "Halaman i dari n" right — is stamped here on every page
(reportlab draws it, pikepdf lays it over the page). The combined report is the separately
printed front matter (title page and table of contents) followed by each chapter's pages after
its own title page and table of contents. Link targets travel as PDF named destinations, which
Chromium writes for every element a link points to:

- ``lkjip-body`` marks where a chapter's content starts (see the lkjip template);
- ``lkjip-stubs`` marks the page of empty link targets appended to the front matter so that
  Chromium writes its table-of-contents links; that page is dropped and the links then resolve
  to the chapters' own destinations of the same names.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pikepdf

BODY_MARK = "lkjip-body"
STUBS_MARK = "lkjip-stubs"
#: Footer geometry, as the page margins of report.css (left/right 15 mm, bottom 20 mm).
MM = 72 / 25.4
FOOTER_SIDE = 15 * MM
FOOTER_BASELINE = 9 * MM
FOOTER_GAP = 6 * MM
FOOTER_SIZES = (8.0, 7.5, 7.0, 6.5)  # a long label shrinks before it is cut
FOOTER_GREY = 0x55 / 255
FONT_NAME = "LkjipFooterSans"


@lru_cache(maxsize=1)
def _footer_font() -> str:
    """Register the footer font (DejaVu Sans, found through matplotlib's font manager) once."""
    from matplotlib import font_manager
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    path = font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans"))
    pdfmetrics.registerFont(TTFont(FONT_NAME, path))
    return FONT_NAME


def fit_label(label: str, width: float) -> tuple[str, float]:
    """The label and font size that fit ``width`` points: smaller type first, then an ellipsis."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    font = _footer_font()
    for size in FOOTER_SIZES:
        if stringWidth(label, font, size) <= width:
            return label, size
    size = FOOTER_SIZES[-1]
    cut = label
    while cut and stringWidth(cut + "…", font, size) > width:
        cut = cut[:-1]
    return cut.rstrip() + "…", size


def footer_pages(sizes: Sequence[tuple[float, float]], label: str) -> bytes:
    """A PDF of footers only, one page per entry of ``sizes`` (width, height in points)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    font = _footer_font()
    total = len(sizes)
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=sizes[0] if sizes else (595, 842), pageCompression=1)
    pdf.setAuthor("lkjip_nb")
    for number, (width, height) in enumerate(sizes, start=1):
        pdf.setPageSize((width, height))
        right = f"Halaman {number} dari {total}"
        room = width - 2 * FOOTER_SIDE - stringWidth(right, font, 8) - FOOTER_GAP
        text, size = fit_label(label, room)
        pdf.setFillGray(FOOTER_GREY)
        pdf.setFont(font, size)
        pdf.drawString(FOOTER_SIDE, FOOTER_BASELINE, text)
        pdf.setFont(font, 8)
        pdf.drawRightString(width - FOOTER_SIDE, FOOTER_BASELINE, right)
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


def stamp_footers(pdf: pikepdf.Pdf, label: str) -> None:
    """Lay a footer (``label``, "Halaman i dari n") over every page of ``pdf``, in place."""
    sizes = [(float(p.mediabox[2] - p.mediabox[0]), float(p.mediabox[3] - p.mediabox[1]))
             for p in pdf.pages]
    if not sizes:
        return
    footers = pikepdf.open(io.BytesIO(footer_pages(sizes, label)))
    for page, footer in zip(pdf.pages, footers.pages, strict=True):
        page.add_overlay(footer)


def destinations(pdf: pikepdf.Pdf) -> dict[str, tuple[int, list]]:
    """Named destinations as {name: (page index, [fit type, coordinates ...])}."""
    index = {page.objgen: i for i, page in enumerate(pdf.pages)}
    found: dict[str, tuple[int, list]] = {}
    entries = list(pdf.Root.get("/Dests", pikepdf.Dictionary()).items())  # Chromium's form
    names = pdf.Root.get("/Names")
    if names is not None and "/Dests" in names:  # the name tree other writers use
        entries += list(pikepdf.NameTree(names.Dests).items())
    for name, dest in entries:
        if isinstance(dest, pikepdf.Dictionary):  # {/D [...]} form
            dest = dest.get("/D")
        if not isinstance(dest, pikepdf.Array) or len(dest) < 2:
            continue
        page = index.get(dest[0].objgen)
        if page is not None:
            found[str(name).lstrip("/")] = (page, list(dest)[1:])
    return found


def body_start(pdf: pikepdf.Pdf) -> int:
    """Index of the first content page of a printed chapter (after title page and contents)."""
    mark = destinations(pdf).get(BODY_MARK)
    if mark is None:
        raise ValueError(f"PDF bab tanpa penanda '{BODY_MARK}' (dicetak dengan templat lama?)")
    return mark[0]


def stamped(body: bytes, label: str) -> bytes:
    """A printed document with its footers."""
    pdf = pikepdf.open(io.BytesIO(body))
    stamp_footers(pdf, label)
    return _save(pdf)


def assemble(front: bytes, chapters: Sequence[Path], label: str) -> bytes:
    """The combined report: ``front`` (printed front matter with its stub page) followed by the
    content pages of each chapter's printed body, footers for the whole, links kept."""
    out = pikepdf.open(io.BytesIO(front))
    stubs = destinations(out).get(STUBS_MARK)
    if stubs is None:
        raise ValueError(f"halaman depan tanpa penanda '{STUBS_MARK}'")
    while len(out.pages) > stubs[0]:
        del out.pages[-1]
    names: dict[str, pikepdf.Array] = {}
    sources = []  # copied pages read their streams from these until the save
    for path in chapters:
        src = pikepdf.open(path)
        sources.append(src)
        start = body_start(src)
        first = len(out.pages)
        out.pages.extend(src.pages[start:])
        for name, (page, view) in destinations(src).items():
            if page >= start and name != BODY_MARK:
                target = out.pages[first + page - start].obj
                names[name] = pikepdf.Array([target, *[_number(v) for v in view]])
    out.Root.Dests = out.make_indirect(pikepdf.Dictionary(
        {"/" + name: dest for name, dest in sorted(names.items())}))
    stamp_footers(out, label)
    data = _save(out)
    for src in sources:
        src.close()
    return data


def _number(value: object) -> object:
    return float(value) if isinstance(value, Decimal) else value


def _save(pdf: pikepdf.Pdf) -> bytes:
    buf = io.BytesIO()
    pdf.save(buf, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return buf.getvalue()
