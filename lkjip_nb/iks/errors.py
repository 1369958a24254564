"""Errors and warnings of the IKS survey workbook (messages in Bahasa Indonesia)."""

from __future__ import annotations

import pandas as pd

from lkjip_nb.errors import LkjipError

#: Columns of the problems table carried by :class:`SurveyDataError`.
PROBLEM_COLUMNS = ["baris", "responden", "kolom", "nilai", "aturan"]

#: How many problems the message itself lists (the table on the exception keeps all).
MESSAGE_LIMIT = 200


class CodebookError(LkjipError, ValueError):
    """The codebook YAML is missing, malformed or inconsistent."""


class SurveyFileError(LkjipError, ValueError):
    """A survey file cannot be found or read."""


class SurveyDataError(LkjipError, ValueError):
    """The survey microdata break codebook rules; ``problems`` lists every case."""

    def __init__(self, source: str, problems: pd.DataFrame) -> None:
        self.source = source
        self.problems = problems.reset_index(drop=True)
        super().__init__(_format(source, self.problems))


class IksDesignWarning(UserWarning):
    """The sampling design is usable but weak (e.g. a stratum with a single cluster)."""


def _format(source: str, problems: pd.DataFrame) -> str:
    total = len(problems)
    lines = [f"{source}: {total} masalah pada data survei IKS:"]
    for row in problems.head(MESSAGE_LIMIT).itertuples(index=False):
        where = f"baris {row.baris}" if pd.notna(row.baris) else "berkas"
        who = f", responden {row.responden}" if row.responden not in ("", None) else ""
        value = f", nilai {row.nilai!r}" if row.nilai not in ("", None) else ""
        lines.append(f"- {where}{who}, kolom '{row.kolom}'{value}: {row.aturan}")
    if total > MESSAGE_LIMIT:
        lines.append(f"... dan {total - MESSAGE_LIMIT} masalah lain (lihat atribut .problems)")
    return "\n".join(lines)
