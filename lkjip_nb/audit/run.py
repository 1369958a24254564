"""Run every check of one agency and year."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from lkjip_nb.audit import (
    budget_checks,
    completeness,
    efficiency_checks,
    election_checks,
    hibah_checks,
    indicator_checks,
    unchecked,
)
from lkjip_nb.audit.build import CHAPTERS
from lkjip_nb.audit.finding import Finding, sort_findings
from lkjip_nb.audit.scope import Scope
from lkjip_nb.data import Dataset
from lkjip_nb.rounding import RoundingPolicy

#: Every check module, in the order they run (unchecked last: it lists what none compared).
MODULES: tuple[Callable[[Scope], list[Finding]], ...] = (
    indicator_checks.checks, election_checks.checks, efficiency_checks.checks,
    budget_checks.checks, hibah_checks.checks, completeness.checks, unchecked.checks)


def audit(dataset: Dataset, year: int | None = None,
          rounding: Mapping[str, Any] | None = None,
          policy: RoundingPolicy | None = None) -> list[Finding]:
    """Every finding of ``dataset`` for ``year`` (default: its latest report year).

    ``rounding`` overrides the agency's rounding rules as a run's params do (``policy``, when
    given, is used as it is). Findings are sorted errors first; a finding appears once however
    many checks reach it.
    """
    years = dataset.report_years
    if year is None:
        if not years:
            return []
        year = years[-1]
    scope = Scope(dataset=dataset, year=int(year),
                  policy=policy if policy is not None else dataset.rounding(rounding))
    found: list[Finding] = []
    for check in MODULES:
        found += check(scope)
    return sort_findings(found, CHAPTERS)
