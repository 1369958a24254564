"""Progress of the batch: a bar naming the notebooks being executed (or one line per job)."""

from __future__ import annotations

import sys
import threading

from lkjip_nb.render.text import format_seconds
from lkjip_nb.runner.plan import Job
from lkjip_nb.runner.worker import JobResult

_STATUS = {"ok": "selesai", "cached": "tak berubah", "failed": "GAGAL"}


class Progress:
    """tqdm bar on a terminal, plain lines otherwise; safe to call from worker threads."""

    def __init__(self, total: int, enabled: bool = True):
        from tqdm import tqdm

        self._lock = threading.Lock()
        self._running: list[str] = []
        self.tty = enabled and sys.stderr.isatty()
        self.enabled = enabled
        self.bar = tqdm(total=total, desc="Menjalankan notebook", unit="nb",
                        disable=not self.tty, file=sys.stderr, dynamic_ncols=True)

    def started(self, job: Job) -> None:
        """A notebook began executing."""
        with self._lock:
            self._running.append(job.key)
            self._show()

    def finished(self, result: JobResult) -> None:
        """A job ended (executed, cached or failed)."""
        with self._lock:
            if result.job.key in self._running:
                self._running.remove(result.job.key)
            self.bar.update(1)
            self._show()
            if self.enabled and (result.status != "cached" or not self.tty):
                line = f"{_STATUS[result.status]:>11}  {result.job.key}"
                if result.status != "cached":
                    line += f" ({format_seconds(result.seconds)})"
                if result.error:
                    line += f": {result.error}"
                self.bar.write(line, file=sys.stderr)

    def note(self, text: str) -> None:
        """A message that must not break the bar."""
        if self.enabled:
            with self._lock:
                self.bar.write(text, file=sys.stderr)

    def close(self) -> None:
        self.bar.close()

    def _show(self) -> None:
        self.bar.set_postfix_str(", ".join(self._running)[-60:], refresh=True)
