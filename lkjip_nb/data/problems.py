"""Validation problems: where (file, row, column), what (value) and which rule, all at once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from lkjip_nb.errors import LkjipError


@dataclass(frozen=True, order=True)
class Problem:
    """One failing cell (or row, or file) of a dataset."""

    file: str
    row: int | None  # line of the file: CSV (header = line 1) or profile.yaml; None: whole file
    column: str
    value: str
    rule: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f" baris {self.row}"
        if self.column:
            where += f", kolom '{self.column}'"
        value = f": nilai {self.value!r}" if self.value != "" else ""
        return f"{where}{value} — {self.rule}"


def problems_frame(problems: Iterable[Problem]) -> pd.DataFrame:
    """Problems as a table (berkas, baris, kolom, nilai, aturan) for notebooks and reports."""
    rows = [
        {"berkas": p.file, "baris": p.row, "kolom": p.column, "nilai": p.value, "aturan": p.rule}
        for p in sorted(problems, key=lambda p: (p.file, p.row or 0, p.column))
    ]
    return pd.DataFrame(rows, columns=["berkas", "baris", "kolom", "nilai", "aturan"])


class DataValidationError(LkjipError, ValueError):
    """A dataset failed validation; carries every problem found, not only the first."""

    def __init__(self, dataset: str, problems: list[Problem]):
        self.dataset = dataset
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.row or 0, p.column, p.rule))
        super().__init__(self.report())

    def report(self) -> str:
        n = len(self.problems)
        lines = [f"Dataset {self.dataset} tidak valid: {n} masalah ditemukan."]
        lines += [f"- {p}" for p in self.problems]
        lines.append("Tidak ada data yang dimuat; perbaiki berkas di atas lalu jalankan lagi.")
        return "\n".join(lines)

    def frame(self) -> pd.DataFrame:
        return problems_frame(self.problems)
