"""The table printed at the end of a run."""

from __future__ import annotations

from collections import Counter

from lkjip_nb.runner.worker import JobResult

HEADERS = ("OPD", "Tahun", "Bab", "Status", "Detik", "Keterangan")
STATUS_WORDS = {"ok": "ok", "cached": "dilewati", "failed": "gagal",
                "skipped": "tidak berlaku"}


def summary_table(results: list[JobResult], width: int = 70) -> str:
    """Plain-text table: one row per job, then the totals."""
    rows = [(r.job.opd, str(r.job.year), r.job.chapter.id, STATUS_WORDS[r.status],
             "" if r.status == "skipped" else f"{r.seconds:.1f}".replace(".", ","),
             (r.error or ("tidak berubah" if r.status == "cached" else ""))[:width])
            for r in sorted(results, key=lambda r: (r.job.opd, r.job.year, r.job.chapter.order))]
    widths = [max(len(h), *(len(row[i]) for row in rows)) if rows else len(h)
              for i, h in enumerate(HEADERS)]

    def line(cells) -> str:
        return "  ".join(c.rjust(w) if i == 4 else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    out = [line(HEADERS), line(["-" * w for w in widths])] + [line(r) for r in rows]
    counts = Counter(STATUS_WORDS[r.status] for r in results)
    total = sum(r.seconds for r in results)
    not_applicable = (f", {counts['tidak berlaku']} tidak berlaku"
                      if counts["tidak berlaku"] else "")
    out.append(f"Jumlah: {counts['ok']} ok, {counts['gagal']} gagal, {counts['dilewati']} "
               f"dilewati{not_applicable}; {total:.1f} detik kerja notebook"
               .replace(".", ",", 1))
    return "\n".join(out)
