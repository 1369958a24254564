"""Index pages: ``outputs/<opd>/index.html`` (years x chapters) and ``outputs/index.html``.

Built from the small state files the runner keeps (``<year>/.lkjip/<chapter>.json``), so they
list every year and chapter ever run, not only the last run's. A chapter that does not apply to
the agency's data (state ``skipped``, its reason in ``error``) is shown as "tidak berlaku".
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lkjip_nb import registry
from lkjip_nb.artifacts import atomic
from lkjip_nb.artifacts.state import JobState, read_state
from lkjip_nb.render.text import format_datetime, format_seconds, format_value

TEMPLATES = Path(__file__).parent / "templates" / "index"
STATUS_TEXT = {"ok": "berhasil", "failed": "gagal", "missing": "belum dijalankan",
               "skipped": "tidak berlaku"}
#: The year's combined report in each format (label on the index, suffix of lkjip-<year>),
#: each listed when its file exists; the Excel workbook holds the year's computed tables.
REPORT_FILES = (("HTML", ".html"), ("PDF", ".pdf"), ("Word", ".docx"),
                ("Tabel (Excel)", ".xlsx"))


@dataclass
class ChapterRow:
    """One chapter of one year on the agency index."""

    state: JobState
    links: dict[str, str]
    figures: list[tuple[str, str]]
    last_ok_links: dict[str, str] = field(default_factory=dict)

    @property
    def status_text(self) -> str:
        return STATUS_TEXT.get(self.state.status, self.state.status)

    @property
    def title(self) -> str:
        """The chapter's title: as recorded, else from the shipped notebooks, else "Bab NN"."""
        if self.state.title and self.state.title != self.state.chapter:
            return self.state.title
        entry = registry.chapter(self.state.chapter) if self.state.chapter else None
        return entry.display_title if entry is not None else f"Bab {self.state.order}"

    @property
    def skipped(self) -> bool:
        return self.state.status == "skipped"


@dataclass
class YearBlock:
    """One year on the agency index."""

    year: int
    rows: list[ChapterRow]
    report: dict[str, str]

    @property
    def failed(self) -> int:
        return sum(r.state.status == "failed" for r in self.rows)

    @property
    def skipped(self) -> int:
        return sum(r.skipped for r in self.rows)


def _links(year_dir: Path, chapter: str, opd_dir: Path) -> dict[str, str]:
    names = {"HTML": f"{chapter}.html", "Analis": f"{chapter}-analyst.html",
             "PDF": f"{chapter}.pdf", "ipynb": f"{chapter}.ipynb"}
    return {label: os.path.relpath(year_dir / name, opd_dir)
            for label, name in names.items() if (year_dir / name).is_file()}


def _figures(figures: dict[str, dict[str, Any]]) -> list[tuple[str, str]]:
    return [(item.get("label") or name, format_value(item.get("value"), item.get("unit", "")))
            for name, item in figures.items() if not name.startswith("_")]


def collect_opd(opd_dir: Path) -> list[YearBlock]:
    """Every year and chapter found under ``outputs/<opd>/``, newest year first."""
    blocks = []
    for year_dir in sorted((p for p in opd_dir.iterdir() if p.is_dir() and p.name.isdigit()),
                           key=lambda p: -int(p.name)):
        rows = []
        for state_file in (year_dir / ".lkjip").glob("*.json"):
            state = read_state(state_file)
            chapter = state.chapter or state_file.stem
            if state.status == "skipped":  # files of an earlier build are not this chapter's
                rows.append(ChapterRow(state, {}, []))
                continue
            links = _links(year_dir, chapter, opd_dir)
            failed = year_dir / f"{chapter}.failed.ipynb"
            if state.status == "failed" and failed.is_file():
                links["ipynb gagal"] = os.path.relpath(failed, opd_dir)
            figures = state.figures if state.status == "ok" else state.last_ok.get("figures", {})
            rows.append(ChapterRow(state, links, _figures(figures)))
        rows.sort(key=lambda r: (r.state.order, r.state.chapter))
        report = {label: os.path.relpath(year_dir / f"lkjip-{year_dir.name}{ext}", opd_dir)
                  for label, ext in REPORT_FILES
                  if (year_dir / f"lkjip-{year_dir.name}{ext}").is_file()}
        if rows:
            blocks.append(YearBlock(int(year_dir.name), rows, report))
    return blocks


def _environment():
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    from lkjip_nb.render.cache import jinja_bytecode_cache

    env = Environment(loader=FileSystemLoader(str(TEMPLATES)),
                      autoescape=select_autoescape(["html", "j2"]),
                      bytecode_cache=jinja_bytecode_cache())  # kept between runs
    env.filters["tanggal"] = format_datetime
    env.filters["detik"] = format_seconds
    env.filters["capitalize_first"] = lambda text: str(text)[:1].upper() + str(text)[1:]
    return env


def write_opd_index(opd_dir: Path, agency: str, footer: dict[str, Any], *,
                    root: Path | None = None) -> Path:
    """Write ``outputs/<opd>/index.html`` (inside ``root``, the output folder, when given)."""
    blocks = collect_opd(opd_dir)
    page = _environment().get_template("opd.html.j2").render(
        agency=agency, opd=opd_dir.name, years=blocks, footer=footer)
    target = opd_dir / "index.html"
    atomic.write_text(target, page, root=root if root is not None else opd_dir.parent)
    return target


def write_root_index(out_dir: Path, footer: dict[str, Any]) -> Path:
    """Write ``outputs/index.html`` listing every agency found in ``out_dir``."""
    agencies = []
    for opd_dir in sorted(p for p in out_dir.iterdir() if p.is_dir()):
        blocks = collect_opd(opd_dir)
        if not blocks:
            continue
        name = next((r.state.agency for b in blocks for r in b.rows if r.state.agency),
                    opd_dir.name)
        agencies.append({
            "opd": opd_dir.name, "agency": name, "years": [b.year for b in blocks],
            "ok": sum(r.state.status == "ok" for b in blocks for r in b.rows),
            "failed": sum(b.failed for b in blocks),
            "skipped": sum(b.skipped for b in blocks),
            "reports": [(b.year, f"{opd_dir.name}/{b.report['HTML']}") for b in blocks
                        if "HTML" in b.report],
        })
    page = _environment().get_template("root.html.j2").render(agencies=agencies, footer=footer)
    target = out_dir / "index.html"
    atomic.write_text(target, page, root=out_dir)
    return target
