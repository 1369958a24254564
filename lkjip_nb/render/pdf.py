"""PDF by printing the HTML in the system's Chromium (one browser per run, nothing downloaded).

:class:`PdfPrinter` drives the browser through Playwright in the calling thread.
:class:`PdfProcess` runs a :class:`PdfPrinter` in a process of its own session
(``python -m lkjip_nb.render.pdf``, see :func:`serve`): Ctrl-C on the terminal goes to the
terminal's process group, which would kill Playwright's driver (a Node.js process) in the middle
of its work — a traceback in the printing thread and "Future exception was never retrieved"
after it. In its own session the printer hears no Ctrl-C: the run stops it when it stops, and
it closes its browser properly; it also exits when the run dies (its stdin closes).
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from lkjip_nb.artifacts import atomic
from lkjip_nb.errors import LkjipError
from lkjip_nb.render.pagerefs import print_numbered

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


#: Page margins, as report.css's @page rule has them; passed to every print so that the page
#: keeps them without that rule. The footer sits in the bottom one.
MARGIN = {"top": "18mm", "bottom": "20mm", "left": "15mm", "right": "15mm"}
#: The tab's window: the default width (no other layout at load), hardly any height to paint.
VIEWPORT = {"width": 1280, "height": 50}
#: Chromium's header template: nothing (an empty string would get Chromium's default header).
HEADER_TEMPLATE = "<span></span>"
#: Chromium's footer template: the label left, the page number right, grey sans in the bottom
#: margin, the baseline ~9 mm above the paper's edge. Chromium fills the ``pageNumber`` and
#: ``totalPages`` elements itself. The label gets the width the page number leaves (a size
#: container) and is 8pt, smaller down to 6.5pt when its estimated width (:data:`LABEL_EM`
#: per character) needs it, and cut with an ellipsis if it still does not fit.
FOOTER_TEMPLATE = (
    '<div style="box-sizing:border-box;width:100%;display:flex;align-items:baseline;'
    'padding:0 15mm 3mm;font-family:\'DejaVu Sans\',sans-serif;font-size:8pt;color:#555;">'
    '<span style="flex:1 1 0;min-width:0;container-type:inline-size;">'
    '<span style="display:block;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;'
    'font-size:clamp(6.5pt,calc(100cqw / {ems}),8pt);">{label}</span></span>'
    '<span style="flex:none;padding-left:6mm;white-space:nowrap;">Halaman '
    '<span class="pageNumber"></span> dari <span class="totalPages"></span></span></div>')
#: Average advance of a label's character in DejaVu Sans, in em (mixed-case Indonesian text
#: measures ~0.57; a little more so that a label that nearly fits is not cut).
LABEL_EM = 0.6


def footer_template(label: str) -> str:
    """The footer template for a document labelled ``label`` (plain text, escaped here)."""
    ems = max(1.0, len(label) * LABEL_EM)
    return FOOTER_TEMPLATE.format(label=html.escape(label), ems=f"{ems:.1f}")


class PdfPrinter:
    """One headless Chromium printing many HTML files to A4 PDF. Use as a context manager,
    from a single thread (Playwright's sync API is bound to the thread that started it)."""

    def __init__(self, executable: str):
        self.executable = executable
        self._pw = None
        self._browser = None
        self._context = None
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

    def _tab(self):
        """The reused tab: JavaScript off (our pages need none), print media from the start."""
        if self._page is None:
            if self._context is None:
                self._context = self._browser.new_context(java_script_enabled=False,
                                                          viewport=VIEWPORT)
            self._page = self._context.new_page()
            self._page.emulate_media(media="print")
        return self._page

    def print_bytes(self, html_path: Path, label: str) -> bytes:
        """``html_path`` printed on A4, every page with Chromium's footer (``label``,
        "Halaman i dari n").

        A page with lists waiting for their page numbers (Daftar Isi, Daftar Tabel, Daftar
        Gambar) is printed again with them (:func:`lkjip_nb.render.pagerefs.print_numbered`).
        The PDF is tagged and has bookmarks from the headings (``outline``).

        The page must be self-contained (inline CSS, data: images, only #fragment links, as
        our templates write it): it is written into one reused tab (``set_content``) instead
        of navigated to, which costs Chromium ~0.1 core-s less per document, and the tab
        emulates print media from the start, so the page is not laid out again for printing.
        Its window is only a strip (:data:`VIEWPORT`): printing lays the page out at the paper
        size, and a small window leaves less to paint on screen. The paper size is the
        stylesheet's (``@page { size: A4 }``), A4 without one; the margins are :data:`MARGIN`.
        """
        page = self._tab()
        footer = footer_template(label)

        def print_page(markup: str) -> bytes:
            page.set_content(markup, wait_until="load")
            return page.pdf(format="A4", print_background=True, prefer_css_page_size=True,
                            margin=MARGIN, display_header_footer=True,
                            header_template=HEADER_TEMPLATE, footer_template=footer,
                            outline=True, tagged=True)

        try:
            return print_numbered(html_path.read_text(encoding="utf-8"), print_page)
        except BaseException:
            self._page = None  # a page in an unknown state is not reused
            page.close()
            raise

    def print_pdf(self, html_path: Path, pdf_path: Path, label: str,
                  root: Path | None = None) -> None:
        """Print ``html_path`` to ``pdf_path`` (A4, footer with ``label`` and page numbers),
        atomically (inside ``root`` when given)."""
        atomic.write_bytes(pdf_path, self.print_bytes(html_path, label), root=root)


class PdfFailed(LkjipError):
    """One document could not be printed (the message is the printer's first line)."""


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _reply(stream: IO[str], message: dict[str, Any]) -> None:
    stream.write(json.dumps(message, ensure_ascii=False) + "\n")
    stream.flush()


def serve(executable: str, requests: IO[str], replies: IO[str]) -> int:
    """The printing process: start the browser, answer ``{"ready": true}`` (or ``{"error":
    ...}`` when it cannot start), then print each request line ``{"html", "pdf", "label",
    "root"}`` and answer ``{"ok": true}`` or ``{"error": ...}``, until ``requests`` ends."""
    try:
        printer = PdfPrinter(executable).__enter__()
    except BrowserUnavailable as exc:
        _reply(replies, {"error": str(exc), "unavailable": True})
        return 0
    except Exception as exc:  # reported to the run, which goes on without PDFs
        _reply(replies, {"error": f"PDF dilewati: {_first_line(exc)}", "unavailable": True})
        return 0
    try:
        _reply(replies, {"ready": True})
        for line in requests:
            try:
                task = json.loads(line)
                printer.print_pdf(Path(task["html"]), Path(task["pdf"]), str(task["label"]),
                                  Path(task["root"]) if task.get("root") else None)
                _reply(replies, {"ok": True})
            except Exception as exc:  # one bad page must not stop the others
                _reply(replies, {"error": _first_line(exc)})
    finally:
        with contextlib.suppress(Exception):
            printer.__exit__(None, None, None)
    return 0


class PdfProcess:
    """A :class:`PdfPrinter` in a process of its own session (see the module docstring); the
    same use: a context manager, then :meth:`print_pdf` from one thread."""

    def __init__(self, executable: str):
        self.executable = executable
        self._process: subprocess.Popen | None = None

    def __enter__(self) -> PdfProcess:
        self._process = subprocess.Popen(
            [sys.executable, "-m", "lkjip_nb.render.pdf", self.executable],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True, encoding="utf-8", start_new_session=True)
        answer = self._answer()
        if not answer.get("ready"):
            self.__exit__(None, None, None)
            raise BrowserUnavailable(answer.get("error") or "PDF dilewati: Chromium tidak "
                                     "bisa dijalankan.")
        return self

    def _answer(self) -> dict[str, Any]:
        line = self._process.stdout.readline() if self._process else ""  # type: ignore[union-attr]
        if not line:
            return {"error": "PDF dilewati: proses pencetak PDF berhenti."}
        try:
            return json.loads(line)
        except ValueError:
            return {"error": f"PDF dilewati: jawaban pencetak tidak dimengerti: {line[:80]}"}

    def print_pdf(self, html_path: Path, pdf_path: Path, label: str,
                  root: Path | None = None) -> None:
        """Have the process print ``html_path`` to ``pdf_path`` (see
        :meth:`PdfPrinter.print_pdf`); :class:`PdfFailed` with its reason otherwise."""
        process = self._process
        if process is None or process.stdin is None:
            raise PdfFailed("pencetak PDF tidak berjalan")
        request = {"html": os.fspath(html_path), "pdf": os.fspath(pdf_path), "label": label,
                   "root": os.fspath(root) if root is not None else None}
        try:
            process.stdin.write(json.dumps(request, ensure_ascii=False) + "\n")
            process.stdin.flush()
        except OSError as exc:
            raise PdfFailed(f"pencetak PDF berhenti ({_first_line(exc)})") from exc
        answer = self._answer()
        if not answer.get("ok"):
            raise PdfFailed(answer.get("error") or "gagal")

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        with contextlib.suppress(OSError):
            if process.stdin:
                process.stdin.close()  # the printer closes its browser and exits
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        finally:
            if process.stdout:
                process.stdout.close()


if __name__ == "__main__":
    sys.exit(serve(sys.argv[1], sys.stdin, sys.stdout))
