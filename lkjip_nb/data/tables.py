"""Read one CSV table: parse every cell by its column kind, then run the schema's value rules."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from lkjip_nb.data.parse import DTYPES, PARSERS, CellError
from lkjip_nb.data.problems import Problem
from lkjip_nb.data.schemas import TableSpec

HEADER_LINES = 1


def line_of(index: int) -> int:
    """CSV line number of a data row (the header is line 1)."""
    return int(index) + HEADER_LINES + 1


def empty_frame(spec: TableSpec) -> pd.DataFrame:
    """A table with the spec's columns and no rows (for optional tables that are absent)."""
    return pd.DataFrame({
        c.name: pd.Series(dtype=DTYPES[c.kind][1 if c.nullable else 0]) for c in spec.columns
    })


def read_table(path: Path, spec: TableSpec, label: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Parse and check ``path``; return the typed frame and every problem found."""
    return parse_table(path.read_bytes(), spec, label)


def parse_table(data: bytes, spec: TableSpec, label: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Parse and check the bytes of a CSV file (see :func:`read_table`)."""
    try:
        text = io.StringIO(data.decode("utf-8-sig"), newline=None)  # newlines as read_text
        raw = pd.read_csv(text, dtype=str, keep_default_na=False, skip_blank_lines=True)
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return empty_frame(spec), [Problem(label, None, "", "", f"bukan CSV yang sah: {first}")]
    raw.columns = [c.strip() for c in raw.columns]
    problems: list[Problem] = []
    missing = [c.name for c in spec.columns if c.name not in raw.columns and not c.optional]
    for name in missing:
        problems.append(Problem(label, HEADER_LINES, name, "", "kolom wajib tidak ada"))
    known = {c.name for c in spec.columns}
    for name in raw.columns:
        if name not in known:
            problems.append(Problem(label, HEADER_LINES, name, "",
                                    "kolom tidak dikenal (periksa ejaan nama kolom)"))
    if missing:
        return empty_frame(spec), problems

    typed: dict[str, pd.Series] = {}
    for col in spec.columns:
        texts = raw[col.name] if col.name in raw.columns else pd.Series([""] * len(raw))
        values, nulls = [], []
        for idx, text in texts.items():
            text = text.strip()
            if text == "":
                nulls.append(True)
                values.append(None)
                if not col.nullable:
                    problems.append(Problem(label, line_of(idx), col.name, "",
                                            "wajib diisi (sel kosong)"))
                continue
            try:
                values.append(PARSERS[col.kind](text))
                nulls.append(False)
            except CellError as exc:
                values.append(None)
                nulls.append(True)
                problems.append(Problem(label, line_of(idx), col.name, text, str(exc)))
        typed[col.name] = _to_series(values, col.kind, any(nulls), raw.index)
    frame = pd.DataFrame(typed, index=raw.index)
    problems += _check_values(frame, spec, label)
    problems += _check_unique(frame, spec, label)
    return frame.reset_index(drop=True), problems


def _to_series(values: list, kind: str, has_nulls: bool, index: pd.Index) -> pd.Series:
    plain, nullable = DTYPES[kind]
    dtype = nullable if has_nulls else plain
    if kind in ("str", "code"):
        return pd.Series(values, index=index, dtype=object)
    return pd.Series(values, index=index).astype(dtype)


def _check_values(frame: pd.DataFrame, spec: TableSpec, label: str) -> list[Problem]:
    schema = pa.DataFrameSchema(
        {c.name: pa.Column(checks=list(c.checks), nullable=True, required=False)
         for c in spec.columns if c.checks},
        strict=False,
    )
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        problems = []
        for case in err.failure_cases.itertuples(index=False):
            row = None if pd.isna(case.index) else line_of(case.index)
            value = "" if pd.isna(case.failure_case) else str(case.failure_case)
            problems.append(Problem(label, row, str(case.column), value, str(case.check)))
        return problems
    return []


def _check_unique(frame: pd.DataFrame, spec: TableSpec, label: str) -> list[Problem]:
    problems = []
    for key in spec.unique:
        if not set(key) <= set(frame.columns):
            continue
        dup = frame.duplicated(list(key), keep=False)
        for idx in frame.index[dup]:
            first = frame.index[(frame[list(key)] == frame.loc[idx, list(key)]).all(axis=1)][0]
            if first == idx:
                continue
            others = ", ".join(f"{k}={frame.at[idx, k]}" for k in key[:-1])
            scope = f" untuk {others}" if others else ""
            problems.append(Problem(
                label, line_of(idx), key[-1], str(frame.at[idx, key[-1]]),
                f"duplikat{scope}: sudah ada di baris {line_of(first)}"))
    return problems
