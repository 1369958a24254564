"""The grid of work: agencies x years x chapters, each a :class:`Job` with checked parameters."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lkjip_nb.errors import ParameterError
from lkjip_nb.params import allowed_parameters, check_parameters, load_params_file
from lkjip_nb.runner.discover import Chapter, agency_info


@dataclass(frozen=True)
class Job:
    """Execute one chapter notebook for one agency and year."""

    opd: str
    year: int
    chapter: Chapter
    parameters: dict[str, Any] = field(hash=False, compare=False)
    out_dir: Path = Path("outputs")
    data_dir: Path = Path("data")
    agency: str = ""
    government: str = ""

    @property
    def key(self) -> str:
        """Short label, e.g. ``bakesbangpol-kab-blitar/2024/planning``."""
        return f"{self.opd}/{self.year}/{self.chapter.id}"

    @property
    def year_dir(self) -> Path:
        return self.out_dir / self.opd / str(self.year)

    def output(self, suffix: str) -> Path:
        """``outputs/<opd>/<year>/<chapter><suffix>`` (suffix like ``.html``, ``-analyst.html``)."""
        return self.year_dir / f"{self.chapter.id}{suffix}"

    @property
    def state_path(self) -> Path:
        return self.year_dir / ".lkjip" / f"{self.chapter.id}.json"


def chapter_parameters(values: Mapping[str, Any], chapter: Chapter,
                       chapters: list[Chapter]) -> dict[str, Any]:
    """The run's parameters a chapter accepts (a chapter's own go only to that chapter).

    A name no chapter of ``chapters`` accepts is left in, so :func:`check_parameters` reports it.
    """
    own = allowed_parameters(chapter)
    extras = {name for c in chapters for name, _ in c.parameters}
    return {k: v for k, v in values.items() if k in own or k not in extras}


def build_plan(*, opds: list[str], years: dict[int, Path], chapters: list[Chapter],
               data_dir: Path, out_dir: Path) -> tuple[list[Job], list[tuple[Job, str]]]:
    """Every job of the grid, and the jobs whose parameters are invalid (with the message).

    Parameters are checked here, before any kernel starts.
    """
    data_dir = data_dir.resolve()
    jobs: list[Job] = []
    invalid: list[tuple[Job, str]] = []
    for opd in opds:
        name, government = agency_info(data_dir, opd)
        for year, params_file in sorted(years.items()):
            base = load_params_file(params_file)
            base.update({"opd": opd, "data_dir": str(data_dir)})
            base.setdefault("year", year)
            for chapter in chapters:
                values = chapter_parameters(base, chapter, chapters)
                job = Job(opd=opd, year=year, chapter=chapter, parameters=values,
                          out_dir=out_dir, data_dir=data_dir, agency=name,
                          government=government)
                try:
                    check_parameters(values, chapter)
                    if values["year"] != year:
                        raise ParameterError(
                            f"{params_file.name}: year = {values['year']} tidak sama dengan "
                            f"nama berkas ({year})")
                except ParameterError as exc:
                    invalid.append((job, str(exc)))
                    continue
                jobs.append(job)
    return jobs, invalid
