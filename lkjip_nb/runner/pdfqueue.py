"""A background thread owning the run's single browser; PDFs are printed as HTML appears."""

from __future__ import annotations

import queue
import threading
from dataclasses import dataclass, field
from pathlib import Path

from lkjip_nb.artifacts.state import is_current, mark_built


@dataclass
class PdfTask:
    """Print ``html`` to ``pdf`` whole, every page footed with ``label``; ``key`` identifies
    the HTML it is printed from (a PDF already printed from it is not printed again)."""

    html: Path
    pdf: Path
    label: str
    key: str
    root: Path | None = None  # the run's output folder: the PDF must be written inside it


@dataclass
class PdfReport:
    """What the PDF step did."""

    printed: list[Path] = field(default_factory=list)
    errors: list[tuple[Path, str]] = field(default_factory=list)
    skipped: int = 0
    notice: str = ""  # one line for the user when no browser could be used


class PdfQueue:
    """Start the browser on the first task, print tasks in order, close on :meth:`finish`."""

    def __init__(self, browser: str | None = None, force: bool = False):
        self.browser = browser
        self.force = force
        self.report = PdfReport()
        self._queue: queue.Queue[PdfTask | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._drained = threading.Event()  # every task done; the browser may still be closing
        self._start_lock = threading.Lock()

    def submit(self, task: PdfTask) -> None:
        """Queue a PDF unless it is already up to date."""
        if not self.force and is_current(task.pdf, task.key):
            return
        self.warm()
        self._queue.put(task)

    def warm(self) -> None:
        """Start the browser now (e.g. when a notebook starts executing, so PDFs will follow):
        its ~1-2 s launch then overlaps the execution instead of delaying the first PDF."""
        with self._start_lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="lkjip-pdf",
                                                daemon=True)
                self._thread.start()

    def finish(self, cancel: bool = False, close: bool = True) -> PdfReport:
        """Wait for the queued PDFs (or drop them with ``cancel``) and close the browser.

        With ``close=False`` return as soon as every PDF is written, while the browser is
        still closing (e.g. to write the index pages meanwhile); then call :meth:`close`.
        """
        if self._thread is not None:
            if cancel:
                self._stop.set()
            self._queue.put(None)
            if close:
                self._thread.join()
            else:
                self._drained.wait()
        return self.report

    def cancel(self) -> None:
        """Print nothing more (Ctrl-C): the PDF in progress is finished, the rest dropped."""
        self._stop.set()

    def close(self) -> None:
        """Wait until the browser is closed (after :meth:`finish`)."""
        if self._thread is not None:
            self._thread.join()

    def _tasks(self):
        while True:
            task = self._queue.get()
            if task is None:
                return
            if self._stop.is_set():
                self.report.skipped += 1
                continue
            yield task

    def _run(self) -> None:
        from lkjip_nb.render.pdf import INSTALL_HINT, BrowserUnavailable, PdfProcess, find_browser

        tasks = self._tasks()
        try:
            executable = find_browser(self.browser)
            if executable is None:
                raise BrowserUnavailable(INSTALL_HINT)
            with PdfProcess(executable) as printer:  # deaf to the terminal's Ctrl-C
                for task in tasks:
                    try:
                        printer.print_pdf(task.html, task.pdf, task.label, task.root)
                        mark_built(task.pdf, task.key, root=task.root)
                        self.report.printed.append(task.pdf)
                    except Exception as exc:  # one bad page must not stop the others
                        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
                        self.report.errors.append((task.pdf, first))
                self._drained.set()  # the browser closes next
        except BrowserUnavailable as exc:
            self.report.notice = str(exc)
        except Exception as exc:  # the printer could not start: the run goes on without PDFs
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            self.report.notice = f"PDF dilewati: {first}"
        finally:
            for _ in tasks:  # drain: nothing more can be printed
                self.report.skipped += 1
            self._drained.set()

