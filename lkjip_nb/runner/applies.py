"""Which chapters apply to an agency and year: the dataset's facts against each ``requires``.

The dataset of every agency in a run is loaded and validated once, while planning
(:func:`dataset_facts`); what the requirements need of it — the years it reports on, the tables
holding rows in each year, the years with a survey file — is kept in
``<out>/<opd>/.lkjip/dataset.json`` beside the outputs, so a run whose data and package did not
change needs no pandas at all to plan. The format of ``requires`` is described in
:mod:`lkjip_nb.registry`.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lkjip_nb.artifacts import atomic
from lkjip_nb.registry import SURVEY_PREFIX, Chapter, Requirement
from lkjip_nb.runner.fingerprint import hash_file, hash_json, package_source_hash

#: Survey kinds a ``survey:<kind>`` alternative may name, with the folder their files live in.
SURVEY_FOLDERS = {"iks": "iks"}
#: Chapter parameter that names a survey file explicitly (it then counts as present).
SURVEY_PARAMETER = "survey"


@dataclass(frozen=True)
class DatasetFacts:
    """What planning needs to know of one agency's dataset (or why it is not valid)."""

    opd: str
    report_years: tuple[int, ...] = ()
    tables: Mapping[int, frozenset[str]] = field(default_factory=dict)  # year -> with rows
    surveys: Mapping[str, tuple[int, ...]] = field(default_factory=dict)  # kind -> years
    known: Mapping[str, str] = field(default_factory=dict)  # table name -> description
    problems: str = ""  # the validation report when the dataset is not valid

    @property
    def valid(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class NotApplicable:
    """Why a chapter does not apply: ``reason`` for readers, ``detail`` names what is missing."""

    reason: str
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.reason} ({self.detail})" if self.detail else self.reason


def _facts_key(files: Mapping[str, str]) -> str:
    return hash_json({"files": dict(files), "package": package_source_hash(),
                      "facts": hash_file(Path(__file__))})


def _to_json(facts: DatasetFacts, key: str) -> str:
    return json.dumps({"key": key, "opd": facts.opd, "report_years": list(facts.report_years),
                       "tables": {str(y): sorted(t) for y, t in facts.tables.items()},
                       "surveys": {k: list(v) for k, v in facts.surveys.items()},
                       "known": dict(facts.known)}, ensure_ascii=False, indent=1)


def _from_json(text: str, key: str) -> DatasetFacts | None:
    try:
        data = json.loads(text)
        if data.get("key") != key:
            return None
        return DatasetFacts(
            opd=str(data["opd"]), report_years=tuple(int(y) for y in data["report_years"]),
            tables={int(y): frozenset(t) for y, t in data["tables"].items()},
            surveys={str(k): tuple(int(y) for y in v) for k, v in data["surveys"].items()},
            known={str(k): str(v) for k, v in data["known"].items()})
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def load_facts(data_dir: Path, opd: str) -> DatasetFacts:
    """Load and validate ``<data_dir>/<opd>`` once and read off the facts (or the problems)."""
    from lkjip_nb.data import DataValidationError, load_dataset
    from lkjip_nb.data.schemas import TABLES
    from lkjip_nb.iks.sources import survey_files

    try:
        dataset = load_dataset(data_dir, opd)
    except DataValidationError as exc:
        return DatasetFacts(opd=opd, problems=exc.report())
    years = tuple(dataset.report_years)
    tables = {}
    for year in years:
        restricted = dataset.for_year(year)
        tables[year] = frozenset(name for name in TABLES if restricted.has(name))
    surveys = {"iks": tuple(sorted(survey_files(data_dir, opd)))}
    return DatasetFacts(opd=opd, report_years=years, tables=tables, surveys=surveys,
                        known={name: spec.description for name, spec in TABLES.items()})


def dataset_facts(data_dir: Path, opd: str, files: Mapping[str, str],
                  cache: Path | None = None) -> DatasetFacts:
    """The facts of one agency's dataset; ``files`` (relative path -> hash of every file of the
    agency folder) and the package sources key the ``cache`` file, reused while both hold."""
    key = _facts_key(files)
    if cache is not None and cache.is_file():
        cached = _from_json(cache.read_text(encoding="utf-8"), key)
        if cached is not None:
            return cached
    facts = load_facts(data_dir, opd)
    if cache is not None and facts.valid:
        with contextlib.suppress(OSError):  # only a cache: the run reports unwritable outputs
            atomic.write_text(cache, _to_json(facts, key))
    return facts


def unknown_alternatives(chapter: Chapter, facts: DatasetFacts) -> list[str]:
    """The alternatives of ``chapter``'s requirements that name nothing known."""
    bad = []
    for requirement in chapter.requires or ():
        if not requirement.alternatives:
            bad.append(requirement.label)
        for alternative in requirement.alternatives:
            if alternative.startswith(SURVEY_PREFIX):
                if alternative[len(SURVEY_PREFIX):] not in SURVEY_FOLDERS:
                    bad.append(alternative)
            elif alternative not in facts.known:
                bad.append(alternative)
    return bad


def _holds(alternative: str, facts: DatasetFacts, year: int,
           parameters: Mapping[str, Any]) -> bool:
    if alternative.startswith(SURVEY_PREFIX):
        if parameters.get(SURVEY_PARAMETER):
            return True  # the run names the file; the chapter reports it if it is not there
        return year in facts.surveys.get(alternative[len(SURVEY_PREFIX):], ())
    return alternative in facts.tables.get(year, frozenset())


def _shown(alternative: str, year: int) -> str:
    if alternative.startswith(SURVEY_PREFIX):
        folder = SURVEY_FOLDERS.get(alternative[len(SURVEY_PREFIX):], alternative)
        return f"{folder}/…{year}…"
    return alternative


def _label(requirement: Requirement, facts: DatasetFacts) -> str:
    if requirement.label:
        return requirement.label
    first = requirement.alternatives[0]
    description = facts.known.get(first, "")
    for stop in ("(", ":", ","):
        description = description.split(stop)[0]
    description = description.strip()
    if not description:
        return "data yang diperlukan"
    return "data " + description[0].lower() + description[1:]


def not_applicable(chapter: Chapter, facts: DatasetFacts, year: int,
                   parameters: Mapping[str, Any]) -> NotApplicable | None:
    """Why ``chapter`` does not apply to the agency in ``year`` (None when it does).

    A chapter without ``requires`` always applies; the year must be one the dataset reports on.
    """
    if chapter.requires is None:
        return None
    if year not in facts.report_years:
        return year_not_reported(facts, year)
    for requirement in chapter.requires:
        if not any(_holds(a, facts, year, parameters) for a in requirement.alternatives):
            return NotApplicable(f"dataset tidak memuat {_label(requirement, facts)}",
                                 " atau ".join(_shown(a, year) for a in requirement.alternatives))
    return None


def year_not_reported(facts: DatasetFacts, year: int) -> NotApplicable:
    """The reason for a year without realisasi in the dataset."""
    have = ", ".join(map(str, facts.report_years)) or "tidak ada"
    return NotApplicable(f"dataset tidak memuat realisasi IKU tahun {year}",
                         f"tahun yang ada: {have}")
