"""Page-level PDF work after Chromium has printed: footers, and the combined report assembled
from the chapters' printed pages instead of printing every page a second time.

Chromium prints each document without header or footer (:meth:`PdfPrinter.print_body`); the
footer — document label left, "Halaman i dari n" right — is stamped here on every page
(written into the pages' content with pikepdf; reportlab measures and subsets the font). The
combined report is the separately printed front matter (title page and table of contents)
followed by each chapter's pages after its own title page and table of contents. Link targets
travel as PDF named destinations, which Chromium writes for every element a link points to:

- ``lkjip-body`` marks where a chapter's content starts (see the lkjip template);
- ``lkjip-stubs`` marks the page of empty link targets appended to the front matter so that
  Chromium writes its table-of-contents links; that page is dropped and the links then resolve
  to the chapters' own destinations of the same names.
"""

from __future__ import annotations

import importlib.util
import io
import zlib
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
FOOTER_RESOURCE = "/LkjipFooter"  # the font's name in each page's resources


def _font_path() -> str:
    """DejaVu Sans as matplotlib bundles it, found without importing matplotlib (~0.4 s)."""
    spec = importlib.util.find_spec("matplotlib")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder, "mpl-data", "fonts", "ttf", "DejaVuSans.ttf")
        if path.is_file():
            return str(path)
    from matplotlib import font_manager

    return font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans"))


@lru_cache(maxsize=1)
def _footer_font() -> str:
    """Register the footer font (DejaVu Sans) with reportlab once; its name for the metrics."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(FONT_NAME, _font_path()))
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


@lru_cache(maxsize=8)
def _font_subset(extra: str) -> tuple[dict[int, int], dict[str, object], bytes, bytes]:
    """The footer font as reportlab would embed it: ASCII at its own codes, the characters of
    ``extra`` at free ones. Returns (char -> code, font dictionary entries, compressed font
    program, compressed ToUnicode CMap); cached, as a run's labels share their characters."""
    from reportlab.pdfbase.pdfmetrics import getFont
    from reportlab.pdfbase.ttfonts import makeToUnicodeCMap

    face = getFont(_footer_font()).face
    subset = list(range(128))
    free = [*range(1, 32), 127, *range(128, 256)]
    for char, code in zip(extra, free, strict=False):  # past 160 free codes: notdef
        if code < len(subset):
            subset[code] = ord(char)
        else:
            subset.append(ord(char))
    base = "AAAAAA+" + face.name.decode("latin-1")
    program = face.makeSubset(subset)
    entries = {"/BaseFont": pikepdf.Name("/" + base), "/FirstChar": 0,
               "/LastChar": len(subset) - 1, "/Length1": len(program),
               "/Widths": [face.getCharWidth(c) for c in subset],
               "/Descriptor": {"/Type": pikepdf.Name.FontDescriptor, "/Ascent": face.ascent,
                               "/CapHeight": face.capHeight, "/Descent": face.descent,
                               "/Flags": face.flags & ~32 | 4, "/FontBBox": list(face.bbox),
                               "/FontName": pikepdf.Name("/" + base),
                               "/ItalicAngle": face.italicAngle, "/StemV": face.stemV,
                               "/MissingWidth": face.defaultWidth}}
    codes = {u: i for i, u in enumerate(subset) if i and u in face.charToGlyph}
    codes[0xA0] = 32  # no-break space drawn as a space, as reportlab does
    return (codes, entries, zlib.compress(program),
            zlib.compress(makeToUnicodeCMap(base, subset).encode("latin-1")))


def _footer_font_object(pdf: pikepdf.Pdf, text: str) -> tuple[pikepdf.Object, dict[int, int]]:
    """The footer font embedded in ``pdf`` for ``text``, and its character codes."""
    codes, entries, program, cmap = _font_subset("".join(sorted(
        {c for c in text if not 32 <= ord(c) < 127})))
    file = pikepdf.Stream(pdf, b"")
    file.write(program, filter=pikepdf.Name.FlateDecode)
    file.Length1 = entries["/Length1"]
    unicode = pikepdf.Stream(pdf, b"")
    unicode.write(cmap, filter=pikepdf.Name.FlateDecode)
    descriptor = pikepdf.Dictionary(entries["/Descriptor"])
    descriptor.FontFile2 = pdf.make_indirect(file)
    font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.TrueType, BaseFont=entries["/BaseFont"],
        FirstChar=entries["/FirstChar"], LastChar=entries["/LastChar"],
        Widths=entries["/Widths"], ToUnicode=pdf.make_indirect(unicode),
        FontDescriptor=pdf.make_indirect(descriptor))
    return pdf.make_indirect(font), codes


def stamp_footers(pdf: pikepdf.Pdf, label: str) -> None:
    """Lay a footer (``label``, "Halaman i dari n") over every page of ``pdf``, in place.

    The text goes straight into each page's content, after the page's own content wrapped in
    q/Q, in DejaVu Sans embedded once per document as reportlab would subset it.
    """
    from reportlab.lib.rl_accel import fp_str
    from reportlab.pdfbase.pdfmetrics import stringWidth

    total = len(pdf.pages)
    if not total:
        return
    font_name = _footer_font()
    lines = []
    for number, page in enumerate(pdf.pages, start=1):
        x0, y0, x1, _ = (float(v) for v in page.mediabox)
        right = f"Halaman {number} dari {total}"
        right_width = stringWidth(right, font_name, 8)
        text, size = fit_label(label, x1 - x0 - 2 * FOOTER_SIDE - right_width - FOOTER_GAP)
        lines.append((page, x0, y0, x1, right, right_width, text, size))
    font, codes = _footer_font_object(pdf, "".join(line[6] for line in lines))
    push = pdf.make_stream(b"q\n")
    for page, x0, y0, x1, right, right_width, text, size in lines:
        y = fp_str(y0 + FOOTER_BASELINE)
        shows = [(text, size, x0 + FOOTER_SIDE), (right, 8, x1 - FOOTER_SIDE - right_width)]
        ops = "".join(f"BT {FOOTER_RESOURCE} {fp_str(s)} Tf 1 0 0 1 {fp_str(x)} {y} Tm "
                      f"<{bytes(codes.get(ord(c), 0) for c in t).hex()}> Tj ET\n"
                      for t, s, x in shows)
        page.contents_add(push, prepend=True)
        page.contents_add(pdf.make_stream(f"Q\nq {fp_str(FOOTER_GREY)} g\n{ops}Q\n".encode()))
        resources = page.resources
        if "/Font" not in resources:
            resources.Font = pikepdf.Dictionary()
        resources.Font[FOOTER_RESOURCE] = font


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
