"""Errors and warnings of the IKS survey workbook (messages in Bahasa Indonesia)."""

from __future__ import annotations

import pandas as pd

from lkjip_nb.errors import LkjipError

#: Columns of the problems table carried by :class:`SurveyDataError`.
PROBLEM_COLUMNS = ["baris", "responden", "kolom", "nilai", "aturan"]

#: How many kinds of problem the message itself lists (the table on the exception keeps all).
MESSAGE_LIMIT = 200
#: How many rows the message shows for one kind of problem (a column and a rule).
ROWS_SHOWN = 5


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


class ChoiceError(LkjipError, KeyError):
    """A name that is not among the valid choices (a breakdown key, a group, a level); the
    message names the valid ones. Still a ``KeyError`` for code that catches that."""

    def __init__(self, what: str, given: object, choices: list[str] | tuple[str, ...]) -> None:
        self.what = what
        self.given = given
        self.choices = tuple(choices)
        self.message = f"{what} {given!r} tidak dikenal; pilihan yang sah: " + ", ".join(
            str(c) for c in self.choices)
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple:
        return type(self), (self.what, self.given, self.choices)


def _where(row) -> str:
    where = f"baris {row.baris}" if pd.notna(row.baris) else "berkas"
    who = f", responden {row.responden}" if row.responden not in ("", None) else ""
    return where + who


def _value(row) -> str:
    return f"nilai {row.nilai!r}" if row.nilai not in ("", None) else ""


def _format(source: str, problems: pd.DataFrame) -> str:
    """One line per kind of problem (a column and a rule): a single case in full, several as a
    count with the first rows."""
    total = len(problems)
    lines = [f"{source}: {total} masalah pada data survei IKS:"]
    kinds = problems.groupby(["kolom", "aturan"], sort=False, dropna=False)
    for shown, ((column, rule), rows) in enumerate(kinds):
        if shown == MESSAGE_LIMIT:
            rest = kinds.ngroups - MESSAGE_LIMIT
            lines.append(f"... dan {rest} jenis masalah lain (lihat atribut .problems)")
            break
        if len(rows) == 1:
            row = next(rows.itertuples(index=False))
            value = _value(row)
            lines.append(f"- {_where(row)}, kolom '{column}'" + (f", {value}" if value else "")
                         + f": {rule}")
            continue
        first = []
        for row in rows.head(ROWS_SHOWN).itertuples(index=False):
            value = _value(row)
            first.append(_where(row) + (f" ({value})" if value else ""))
        more = f" dan {len(rows) - ROWS_SHOWN} lainnya" if len(rows) > ROWS_SHOWN else ""
        lines.append(f"- kolom '{column}': {rule} — {len(rows)} baris: " + "; ".join(first)
                     + more)
    return "\n".join(lines)
