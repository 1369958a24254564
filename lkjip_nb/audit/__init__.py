"""Audit of a report's figures: every printed figure against the one recomputed from the data.

    from lkjip_nb.audit import audit
    findings = audit(load_dataset("data", "bakesbangpol-kab-blitar"), 2024)

Each :class:`Finding` names the check, the tables and rows, the printed and recomputed figures,
the cause in plain Indonesian and a suggestion; severities are ``error`` (the print contradicts
the data), ``warning`` (an inconsistency the data cannot settle) and ``info`` (a rounding
convention, a plain mean, an element the dataset lacks). A table of the agency's printed report
is named as such (e.g. "Tabel 3.6 laporan tercetak", :mod:`lkjip_nb.audit.wording`); a table a
document may show is also recorded as a :class:`Mention`, for that document to name its own.
Pure domain code: no notebook or rendering imports.
"""

from lkjip_nb.audit.build import CHAPTERS
from lkjip_nb.audit.finding import (
                                    KEYS,
                                    SEVERITIES,
                                    SEVERITY_LABELS,
                                    Finding,
                                    Mention,
                                    counts,
                                    for_row,
                                    has_errors,
                                    select,
                                    sort_findings,
)
from lkjip_nb.audit.run import audit

__all__ = ["CHAPTERS", "KEYS", "SEVERITIES", "SEVERITY_LABELS", "Finding", "Mention", "audit",
           "counts", "for_row", "has_errors", "select", "sort_findings"]
