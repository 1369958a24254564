"""PDF by printing the HTML in the system's Chromium (one browser per run, nothing downloaded)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from types import TracebackType

from lkjip_nb.errors import LkjipError
from lkjip_nb.artifacts import atomic

#: Environment variable naming the Chromium/Chrome executable.
BROWSER_ENV = "LKJIP_CHROMIUM"
_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL_HINT = ("PDF dilewati: Chromium tidak ditemukan. Pasang dengan `sudo apt-get install "
                f"chromium`, atau beri --browser PATH / variabel {BROWSER_ENV}.")


class BrowserUnavailable(LkjipError):
    """No usable Chromium: HTML is still produced, PDFs are skipped."""


def find_browser(explicit: str | None = None) -> str | None:
    """Path of a Chromium executable: ``explicit``, ``$LKJIP_CHROMIUM``, then the PATH."""
    for candidate in (explicit, os.environ.get(BROWSER_ENV)):
        if candidate:
            found = shutil.which(candidate) or (candidate if Path(candidate).is_file() else None)
            if not found:
                raise BrowserUnavailable(f"PDF dilewati: browser '{candidate}' tidak ditemukan.")
            return found
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


#: Page margins of report.css's @page rule; the stamped footer sits in the bottom one.
MARGIN = {"top": "18mm", "bottom": "20mm", "left": "15mm", "right": "15mm"}
#: The tab's window: the default width (no other layout at load), hardly any height to paint.
VIEWPORT = {"width": 1280, "height": 50}


class PdfPrinter:
    """One headless Chromium printing many HTML files to A4 PDF. Use as a context manager,
    from a single thread (Playwright's sync API is bound to the thread that started it)."""

    def __init__(self, executable: str):
        self.executable = executable
        self._pw = None
        self._browser = None
        self._page = None

    def __enter__(self) -> PdfPrinter:
        try:
            from playwright.sync_api import Error, sync_playwright
        except ImportError as exc:
            raise BrowserUnavailable("PDF dilewati: paket Python 'playwright' belum terpasang "
                                     "(pip install playwright).") from exc
        self._pw = sync_playwright().start()
        try:
            self._browser = self._pw.chromium.launch(
                executable_path=self.executable, headless=True,
                args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        except Error as exc:
            self._pw.stop()
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise BrowserUnavailable(
                f"PDF dilewati: Chromium di {self.executable} tidak bisa dijalankan ({first})."
            ) from exc
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            if self._browser is not None:
                self._browser.close()
        finally:
            if self._pw is not None:
                self._pw.stop()

    def print_body(self, html_path: Path) -> bytes:
        """``html_path`` printed on A4 without header or footer (see :mod:`pdfpages`).

        The page must be self-contained (inline CSS, data: images, only #fragment links, as
        our templates write it): it is written into one reused tab (``set_content``) instead
        of navigated to, which costs Chromium ~0.1 core-s less per document, and the tab
        emulates print media from the start, so the page is not laid out again for printing.
        Its window is only a strip (:data:`VIEWPORT`): printing lays the page out at the paper
        size, and a small window leaves less to paint on screen (~0.45 core-s per batch).
        """
        if self._page is None:
            self._page = self._browser.new_page(viewport=VIEWPORT)
            self._page.emulate_media(media="print")
        page = self._page
        try:
            page.set_content(html_path.read_text(encoding="utf-8"), wait_until="load")
            return page.pdf(format="A4", print_background=True, prefer_css_page_size=True,
                            margin=MARGIN)
        except BaseException:
            self._page = None  # a page in an unknown state is not reused
            page.close()
            raise

    def print_pdf(self, html_path: Path, pdf_path: Path, label: str,
                  body_path: Path | None = None) -> None:
        """Print ``html_path`` to ``pdf_path`` (A4, footer with ``label`` and page numbers),
        atomically; keep the unstamped print at ``body_path`` when given (for the combined
        report, :func:`lkjip_nb.render.pdfpages.assemble`)."""
        from lkjip_nb.render.pdfpages import stamped

        body = self.print_body(html_path)
        document = stamped(body, label)
        if body_path is not None:
            atomic.write_bytes(body_path, body)
        atomic.write_bytes(pdf_path, document)
