"""Read one CSV table: parse every cell by its column kind, then run the schema's value rules.

The file is split into records by the standard :mod:`csv` reader, which knows on which line of
the file each record starts (blank lines and quoted cells spanning lines included), so every
problem names the real line. Structural faults — not UTF-8, another separator than the comma,
a record with more or fewer cells than the header — are reported as such, never as a traceback.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from lkjip_nb.data.parse import AMBIGUOUS_DOT, DTYPES, PARSERS, CellError, uses_dot_thousands
from lkjip_nb.data.problems import Problem
from lkjip_nb.data.schemas import TableSpec

HEADER_LINES = 1
#: Keys of ``DataFrame.attrs`` of a frame from :func:`parse_table`: the CSV line of each row,
#: and whether rows were left out (records with a wrong number of cells).
LINES = "csv_lines"
INCOMPLETE = "csv_incomplete"

_SEPARATORS = {";": "titik koma (;)", "\t": "tab", "|": "garis tegak (|)"}
_RESAVE_UTF8 = ("simpan ulang sebagai UTF-8: di Excel pilih Simpan Sebagai → "
                "'CSV UTF-8 (Comma delimited)'; di LibreOffice centang 'Edit filter settings' "
                "lalu pilih set karakter 'Unicode (UTF-8)'")
_EXCERPT = 80


def line_of(index: int) -> int:
    """CSV line number of the ``index``-th data row of a file without blank or split lines."""
    return int(index) + HEADER_LINES + 1


def take_lines(frame: pd.DataFrame) -> tuple[list[int], bool]:
    """The CSV line of each row of ``frame`` (counted if unknown) and whether no row was left
    out; both are removed from the frame's attrs."""
    lines = frame.attrs.pop(LINES, None)
    complete = not frame.attrs.pop(INCOMPLETE, False)
    if lines is None or len(lines) != len(frame):
        return [line_of(i) for i in range(len(frame))], complete
    return list(lines), complete


def empty_frame(spec: TableSpec) -> pd.DataFrame:
    """A table with the spec's columns and no rows (for optional tables that are absent)."""
    return pd.DataFrame({
        c.name: pd.Series(dtype=DTYPES[c.kind][1 if c.nullable else 0]) for c in spec.columns
    })


def unreadable_frame(spec: TableSpec) -> pd.DataFrame:
    """The empty table standing for a file that could not be read (marked incomplete)."""
    frame = empty_frame(spec)
    frame.attrs[INCOMPLETE] = True
    return frame


def read_table(path: Path, spec: TableSpec, label: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Parse and check ``path``; return the typed frame and every problem found."""
    return parse_table(path.read_bytes(), spec, label)


@dataclass
class _Records:
    header: list[str]
    header_line: int
    rows: list[list[str]]
    lines: list[int]  # line of the file on which each row starts


def _decode(data: bytes, label: str) -> tuple[str | None, list[Problem]]:
    """The text of a UTF-8 file (a byte order mark is fine), or the one problem saying why not."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(label, None, "", "", "bukan CSV yang sah: berkas tersimpan sebagai "
                              "UTF-16 ('Unicode Text'), bukan CSV UTF-8; " + _RESAVE_UTF8)]
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        bad = data[exc.start:exc.start + 1]
        line = data.count(b"\n", 0, exc.start) + 1
        column = _column_at(data, exc.start)
        seen = bad.decode("cp1252", errors="replace")
        where = f"karakter ke-{_char_in_line(data, exc.start)} pada baris ini"
        return None, [Problem(
            label, line, column, "",
            f"berkas bukan UTF-8: byte 0x{bad.hex().upper()} ({where}; '{seen}' bila dibaca "
            f"sebagai Windows-1252/ANSI) tidak terbaca; {_RESAVE_UTF8}")]


def _char_in_line(data: bytes, pos: int) -> int:
    start = data.rfind(b"\n", 0, pos) + 1
    return len(data[start:pos].decode("utf-8", errors="replace")) + 1


def _column_at(data: bytes, pos: int) -> str:
    """Name of the CSV column holding byte ``pos`` ("" when it cannot be told)."""
    text = (data[:pos].decode("utf-8", errors="replace") + "\x00"
            + data[pos + 1:].decode("utf-8", errors="replace"))
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        return ""
    header = [h.strip() for h in rows[0]] if rows else []
    for row in rows[1:]:
        for i, cell in enumerate(row):
            if "\x00" in cell:
                return header[i] if i < len(header) else ""
    return ""


def _separator_problem(header: list[str], spec: TableSpec, label: str) -> Problem | None:
    """One problem when the header is split by another separator than the comma."""
    known = {c.name for c in spec.columns}
    for cell in header:
        names = [n for n in re.split(r"[^\w]+", cell) if n in known]
        others = [sep for sep in _SEPARATORS if sep in cell]
        if (len(header) == 1 and others) or len(names) >= 2:
            sep = max(others, key=cell.count) if others else None
            what = _SEPARATORS[sep] if sep else "pemisah selain koma"
            return Problem(label, None, "", "", (
                f"berkas memakai {what} sebagai pemisah kolom; simpan ulang sebagai CSV dengan "
                "pemisah koma. Excel memakai 'Pemisah daftar' (List separator) Pengaturan "
                "Wilayah Windows, yang untuk Indonesia titik koma: ubah menjadi koma lalu simpan "
                "ulang sebagai 'CSV UTF-8', atau simpan dari LibreOffice Calc atau Google Sheets "
                "dengan pemisah koma. Angka desimal pakai titik, tanpa pemisah ribuan"))
    return None


def _records(text: str, spec: TableSpec, label: str) -> tuple[_Records | None, list[Problem]]:
    """Split ``text`` into header and rows; every row with a wrong cell count is a problem."""
    source = list(io.StringIO(text, newline=""))  # the lines as the reader counts them
    reader = csv.reader(source, strict=True)
    header: list[str] | None = None
    header_line = HEADER_LINES
    rows: list[list[str]] = []
    lines: list[int] = []
    problems: list[Problem] = []
    last = 0
    while True:
        start = last + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error:
            if reader.line_num >= len(source):  # a quote opened and never closed
                return None, [Problem(label, None, "", "", (
                    f"bukan CSV yang sah: tanda kutip (\") yang dibuka di baris {start} tidak "
                    "ditutup sampai akhir berkas; teks yang memuat koma diapit tanda kutip, dan "
                    "tanda kutip di dalam teks ditulis dua kali (\"\")"))]
            return None, problems + [Problem(label, reader.line_num, "", "", (
                "bukan CSV yang sah: tanda kutip (\") tidak pada tempatnya; teks yang "
                "memuat koma diapit tanda kutip, dan tanda kutip di dalam teks ditulis dua kali "
                "(\"\")"))]
        last = reader.line_num
        if not any(cell.strip() for cell in record):
            continue  # blank line, or a line of commas only
        if header is None:
            header, header_line = [cell.strip() for cell in record], start
            while header and not header[-1]:  # trailing empty columns, as Excel may add
                header.pop()
            separator = _separator_problem(header, spec, label)
            if separator is not None:
                return None, [separator]
            continue
        if len(record) > len(header) and not any(c.strip() for c in record[len(header):]):
            record = record[:len(header)]
        if len(record) != len(header):
            excerpt = " ".join(x.rstrip("\r\n") for x in source[start - 1:last])[:_EXCERPT]
            hint = ("ada koma di dalam teks yang tidak diberi tanda kutip?" if len(record) >
                    len(header) else "ada sel yang terlewat? Sel kosong tetap perlu komanya")
            problems.append(Problem(label, start, "", excerpt,
                                    f"baris ini punya {len(record)} kolom, header punya "
                                    f"{len(header)} — {hint}"))
            continue
        rows.append(record)
        lines.append(start)
    if header is None:
        return None, [Problem(label, None, "", "", "bukan CSV yang sah: berkas kosong (tidak ada "
                              "baris header)")]
    return _Records(header, header_line, rows, lines), problems


def parse_table(data: bytes, spec: TableSpec, label: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Parse and check the bytes of a CSV file (see :func:`read_table`).

    The frame has a plain 0..n-1 index; ``frame.attrs[LINES]`` holds each row's CSV line.
    """
    text, problems = _decode(data, label)
    if text is None:
        return unreadable_frame(spec), problems
    records, problems = _records(text, spec, label)
    if records is None:
        return unreadable_frame(spec), problems
    incomplete = bool(problems)  # records with a wrong number of cells were left out
    header, header_line = records.header, records.header_line
    seen: set[str] = set()
    for name in header:
        if name in seen:
            problems.append(Problem(label, header_line, name, "", "nama kolom ganda di header"))
        seen.add(name)
    missing = [c.name for c in spec.columns if c.name not in header and not c.optional]
    for name in missing:
        problems.append(Problem(label, header_line, name, "", "kolom wajib tidak ada"))
    known = {c.name for c in spec.columns}
    for name in header:
        if name not in known:
            problems.append(Problem(label, header_line, name, "",
                                    "kolom tidak dikenal (periksa ejaan nama kolom)"))
    if missing or len(seen) != len(header):
        return unreadable_frame(spec), problems

    index = pd.Index(records.lines, dtype="int64")
    position = {name: i for i, name in enumerate(header)}
    typed: dict[str, pd.Series] = {}
    for col in spec.columns:
        i = position.get(col.name)
        texts = [row[i].strip() if i is not None else "" for row in records.rows]
        values, nulls, dotted = [], [], False
        for line, text in zip(records.lines, texts, strict=True):
            if text == "":
                nulls.append(True)
                values.append(None)
                if not col.nullable:
                    problems.append(Problem(label, line, col.name, "",
                                            "wajib diisi (sel kosong)"))
                continue
            try:
                values.append(PARSERS[col.kind](text))
                nulls.append(False)
            except CellError as exc:
                values.append(None)
                nulls.append(True)
                dotted = dotted or uses_dot_thousands(text)
                problems.append(Problem(label, line, col.name, text, str(exc)))
        if dotted and col.kind == "float":
            problems += _ambiguous_dots(texts, records.lines, col.name, label)
        typed[col.name] = _to_series(values, col.kind, any(nulls), index)
    frame = pd.DataFrame(typed, index=index)
    problems += _check_values(frame, spec, label)
    problems += _check_unique(frame, spec, label)
    frame = frame.reset_index(drop=True)
    frame.attrs[LINES] = tuple(records.lines)
    if incomplete:
        frame.attrs[INCOMPLETE] = True
    return frame, problems


def _ambiguous_dots(texts: list[str], lines: list[int], column: str,
                    label: str) -> list[Problem]:
    """Cells like 1.234 in a column whose other cells use dots as thousands separators."""
    return [Problem(label, line, column, text,
                    f"bisa berarti {text.replace('.', '')}, karena sel lain di kolom ini memakai "
                    "titik sebagai pemisah ribuan; di berkas ini titik selalu pemisah desimal: "
                    f"tulis {text.replace('.', '')} bila itu maksudnya")
            for line, text in zip(lines, texts, strict=True) if AMBIGUOUS_DOT.match(text)]


def _to_series(values: list, kind: str, has_nulls: bool, index: pd.Index) -> pd.Series:
    plain, nullable = DTYPES[kind]
    dtype = nullable if has_nulls else plain
    if kind in ("str", "code"):
        return pd.Series(values, index=index, dtype=object)
    return pd.Series(values, index=index).astype(dtype)


def _check_values(frame: pd.DataFrame, spec: TableSpec, label: str) -> list[Problem]:
    """Pandera value rules on a frame indexed by CSV line."""
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
            row = None if pd.isna(case.index) else int(case.index)
            value = "" if pd.isna(case.failure_case) else str(case.failure_case)
            problems.append(Problem(label, row, str(case.column), value, str(case.check)))
        return problems
    return []


def _check_unique(frame: pd.DataFrame, spec: TableSpec, label: str) -> list[Problem]:
    """Duplicate keys, on a frame indexed by CSV line (rows with an empty key cell are left to
    the problem already reported for that cell)."""
    problems = []
    for key in spec.unique:
        if not set(key) <= set(frame.columns):
            continue
        keyed = frame[list(key)].dropna()
        dup = keyed[keyed.duplicated(keep=False)]
        first: dict[tuple, int] = {}
        for idx, values in zip(dup.index, dup.itertuples(index=False, name=None), strict=True):
            if values not in first:
                first[values] = int(idx)
                continue
            others = ", ".join(f"{k}={v}" for k, v in zip(key[:-1], values, strict=False))
            scope = f" untuk {others}" if others else ""
            problems.append(Problem(label, int(idx), key[-1], str(values[-1]),
                                    f"duplikat{scope}: sudah ada di baris {first[values]}"))
    return problems
