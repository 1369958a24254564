"""Page numbers in a printed document's lists (Daftar Isi, Daftar Tabel, Daftar Gambar).

The template writes each entry's page number as an empty placeholder naming the entry's target
(:data:`PLACEHOLDER`): a browser has no pages, so the HTML a reader opens shows none. To print,
the page is printed once; Chromium writes every ``#id`` a link points to as a named
destination of the PDF, on the page where the element landed; those pages (counted from the
first page, as the footer's "Halaman i dari n" counts them) are written into the placeholders
and the page printed again, until the pages no longer move (:func:`print_numbered`). No script
runs in the page: JavaScript is off while printing.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Callable, Mapping

#: An entry's page-number placeholder, as the template writes it (the number empty or filled).
PLACEHOLDER = re.compile(r'(<span class="lkjip-toc-page" data-page-of="(?P<id>[^"]*)">)'
                         r"[^<]*(</span>)")
#: Most prints of one document: the first, then until the numbers hold (they do at the second
#: unless writing them in moved a heading to another page).
MAX_PRINTS = 4


def has_placeholders(page: str) -> bool:
    """Whether ``page`` has entries waiting for their page numbers."""
    return PLACEHOLDER.search(page) is not None


def targets(page: str) -> list[str]:
    """The ids whose page numbers ``page`` asks for, in order."""
    return [html.unescape(m["id"]) for m in PLACEHOLDER.finditer(page)]


def fill(page: str, pages: Mapping[str, int]) -> str:
    """``page`` with each placeholder holding the page of its target (empty when unknown)."""

    def number(match: re.Match) -> str:
        found = pages.get(html.unescape(match["id"]))
        return f"{match[1]}{found if found else ''}{match[3]}"
    return PLACEHOLDER.sub(number, page)


def destination_pages(pdf: bytes) -> tuple[dict[str, int], int]:
    """The named destinations of ``pdf`` (name -> page, 1-based) and its number of pages.

    Chromium writes them in the catalog's ``/Dests`` dictionary; the ``/Names`` tree of later
    PDF versions is read too."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        numbers = {page.obj.objgen: i + 1 for i, page in enumerate(doc.pages)}
        found: dict[str, int] = {}
        entries: list[tuple[str, object]] = []
        dests = doc.Root.get("/Dests")
        if isinstance(dests, pikepdf.Dictionary):
            entries += [(str(key).lstrip("/"), value) for key, value in dests.items()]
        names = doc.Root.get("/Names")
        if isinstance(names, pikepdf.Dictionary) and "/Dests" in names:
            entries += [(str(key), value)
                        for key, value in pikepdf.NameTree(names.Dests).items()]
        for name, value in entries:
            if isinstance(value, pikepdf.Dictionary):
                value = value.get("/D")
            if isinstance(value, pikepdf.Array) and len(value) and \
                    isinstance(value[0], pikepdf.Dictionary):
                page = numbers.get(value[0].objgen)
                if page is not None:
                    found.setdefault(name, page)
        return found, len(doc.pages)


def print_numbered(page: str, print_page: Callable[[str], bytes]) -> bytes:
    """``page`` printed by ``print_page`` (HTML -> PDF) with the page numbers of its lists.

    Without placeholders one print. Otherwise print, write the pages found into the
    placeholders, print again; done when that print puts every target and the document's end
    where the one before did (at most :data:`MAX_PRINTS` prints)."""
    if not has_placeholders(page):
        return print_page(page)
    wanted = set(targets(page))
    pdf = print_page(page)
    found, total = destination_pages(pdf)
    for _ in range(MAX_PRINTS - 1):
        shown = {name: found[name] for name in wanted if name in found}
        pdf = print_page(fill(page, shown))
        found, again = destination_pages(pdf)
        if again == total and {name: found[name] for name in wanted if name in found} == shown:
            break
        total = again
    return pdf
