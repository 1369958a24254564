"""The grid of work: agencies x years x chapters, each a :class:`Job` with checked parameters.

:func:`plan_run` also decides which chapters apply to each agency and year
(:mod:`lkjip_nb.runner.applies`): a job whose chapter does not apply is skipped, with its reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lkjip_nb.errors import ParameterError
from lkjip_nb.params import allowed_parameters, check_parameters, load_params_file
from lkjip_nb.runner.applies import DatasetFacts, NotApplicable, not_applicable
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
    def group(self) -> tuple[str, int]:
        """The agency and year whose combined report the job belongs to."""
        return self.opd, self.year

    @property
    def year_dir(self) -> Path:
        return self.out_dir / self.opd / str(self.year)

    def output(self, suffix: str) -> Path:
        """``outputs/<opd>/<year>/<chapter><suffix>`` (suffix like ``.html``, ``-analyst.html``)."""
        return self.year_dir / f"{self.chapter.id}{suffix}"

    @property
    def state_path(self) -> Path:
        return self.year_dir / ".lkjip" / f"{self.chapter.id}.json"


@dataclass(frozen=True)
class Skip:
    """A selected job whose chapter does not apply to the agency's data that year."""

    job: Job
    why: NotApplicable

    @property
    def message(self) -> str:
        """E.g. ``hibah 2024 dilewati: dataset tidak memuat data hibah (...)``."""
        return f"{self.job.chapter.id} {self.job.year} dilewati: {self.why}"


@dataclass
class Plan:
    """What a run will do, decided before any kernel starts."""

    jobs: list[Job] = field(default_factory=list)  # to execute (or find unchanged)
    invalid: list[tuple[Job, str]] = field(default_factory=list)  # bad parameters
    skipped: list[Skip] = field(default_factory=list)  # selected but not applicable
    # every applicable job with valid parameters of the run's agency-years, selected or not
    # (the chapters a year's combined report may hold)
    context: list[Job] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # printed before the run
    bad_datasets: dict[str, str] = field(default_factory=dict)  # opd -> validation report
    agencies: dict[str, str] = field(default_factory=dict)  # opd -> agency name


def chapter_parameters(values: Mapping[str, Any], chapter: Chapter,
                       chapters: list[Chapter]) -> dict[str, Any]:
    """The run's parameters a chapter accepts (a chapter's own go only to that chapter).

    A name no chapter of ``chapters`` accepts is left in, so :func:`check_parameters` reports it.
    """
    own = allowed_parameters(chapter)
    extras = {name for c in chapters for name, _ in c.parameters}
    return {k: v for k, v in values.items() if k in own or k not in extras}


def _agency_years(years: Mapping[int, Path | None], wanted: list[int] | None,
                  facts: DatasetFacts | None) -> dict[int, Path | None]:
    """The years to run for one agency: the params files', else the dataset's report years."""
    if years:
        return dict(years)
    if wanted:
        return {y: None for y in wanted}
    return {y: None for y in (facts.report_years if facts is not None else ())}


def plan_run(*, opds: list[str], years: Mapping[int, Path | None], chapters: list[Chapter],
             data_dir: Path, out_dir: Path, selected: list[Chapter] | None = None,
             facts: Mapping[str, DatasetFacts] | None = None,
             wanted_years: list[int] | None = None) -> Plan:
    """The run's plan over ``opds`` x years x ``chapters`` (all chapters; ``selected`` those
    asked for, default all).

    ``years`` maps a year to its params file (None: no file, common parameters only); when
    empty, each agency runs ``wanted_years`` or every year its dataset reports on. With
    ``facts`` of an agency its chapters are checked against the data (an invalid dataset plans
    nothing for that agency); without, every chapter applies. Parameters are checked here,
    before any kernel starts.
    """
    data_dir = data_dir.resolve()
    picked = set(chapters if selected is None else selected)
    facts = facts or {}
    plan = Plan()
    for opd in opds:
        known = facts.get(opd)
        if known is not None and not known.valid:
            plan.bad_datasets[opd] = known.problems
            continue
        name, government = agency_info(data_dir, opd)
        plan.agencies[opd] = name
        for year, params_file in sorted(_agency_years(years, wanted_years, known).items()):
            base = load_params_file(params_file) if params_file is not None else {}
            base.update({"opd": opd, "data_dir": str(data_dir)})
            base.setdefault("year", year)
            year_noted = False
            for chapter in chapters:
                values = chapter_parameters(base, chapter, chapters)
                job = Job(opd=opd, year=year, chapter=chapter, parameters=values,
                          out_dir=out_dir, data_dir=data_dir, agency=name,
                          government=government)
                try:
                    check_parameters(values, chapter)
                    if values["year"] != year:
                        where = params_file.name if params_file is not None else "parameter"
                        raise ParameterError(
                            f"{where}: year = {values['year']} tidak sama dengan "
                            f"nama berkas ({year})")
                except ParameterError as exc:
                    if chapter in picked:
                        plan.invalid.append((job, str(exc)))
                    continue
                why = not_applicable(chapter, known, year, values) if known else None
                if why is not None and year not in known.report_years:
                    if chapter in picked and not year_noted:
                        year_noted = True
                        prefix = f"{opd}: " if len(opds) > 1 else ""
                        plan.notes.append(f"{prefix}tahun {year} dilewati: {why}")
                    continue
                if why is not None:
                    if chapter in picked:
                        plan.skipped.append(Skip(job, why))
                        prefix = f"{opd}: " if len(opds) > 1 else ""
                        plan.notes.append(prefix + plan.skipped[-1].message)
                    continue
                plan.context.append(job)
                if chapter in picked:
                    plan.jobs.append(job)
    return plan


def build_plan(*, opds: list[str], years: dict[int, Path], chapters: list[Chapter],
               data_dir: Path, out_dir: Path) -> tuple[list[Job], list[tuple[Job, str]]]:
    """Every job of the grid, and the jobs whose parameters are invalid (with the message).

    Parameters are checked here, before any kernel starts (see :func:`plan_run`).
    """
    plan = plan_run(opds=opds, years=years, chapters=chapters, data_dir=data_dir,
                    out_dir=out_dir)
    return plan.jobs, plan.invalid
