"""CSV files as the dataset keeps them: read as text, written back in the canonical layout.

The canonical layout is that of the bundled files: UTF-8, comma, LF, the header in the schema's
column order, every value as written (``100.00`` stays ``100.00``), quotes only where a value
needs them. A file being replaced keeps its own layout (:class:`CsvStyle`: a byte order mark,
CRLF line ends, a column quoted throughout, optional columns left out), so rewriting a dataset
that did not change gives the same bytes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from lkjip_nb.data.schemas import TableSpec

BOM = "\ufeff"
_SPECIAL = (",", '"', "\n", "\r")


@dataclass(frozen=True)
class CsvStyle:
    """How one CSV file is laid out (the canonical layout when every field is left default)."""

    newline: str = "\n"
    bom: bool = False
    quoted: frozenset[str] = field(default_factory=frozenset)  # every non-empty cell quoted
    # (column, value) quoted in the file although the value needs no quotes
    quoted_values: frozenset[tuple[str, str]] = field(default_factory=frozenset)
    omitted: frozenset[str] = field(default_factory=frozenset)  # optional columns left out

    def to_dict(self) -> dict:
        return {"newline": self.newline, "bom": self.bom, "quoted": sorted(self.quoted),
                "quoted_values": sorted(list(v) for v in self.quoted_values),
                "omitted": sorted(self.omitted)}

    @classmethod
    def from_dict(cls, data: dict) -> CsvStyle:
        newline = data.get("newline")
        return cls(newline=newline if newline in ("\n", "\r\n") else "\n",
                   bom=data.get("bom") is True,
                   quoted=frozenset(str(c) for c in data.get("quoted") or ()),
                   quoted_values=frozenset((str(v[0]), str(v[1])) for v in
                                           data.get("quoted_values") or () if len(v) == 2),
                   omitted=frozenset(str(c) for c in data.get("omitted") or ()))


CANONICAL = CsvStyle()


def decode(data: bytes) -> str:
    """The text of a UTF-8 file, without its byte order mark (undecodable bytes replaced)."""
    return data.decode("utf-8", errors="replace").removeprefix(BOM)


def read_rows(data: bytes) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a CSV file as text; blank lines and lines of commas are skipped."""
    try:
        records = list(csv.reader(io.StringIO(decode(data), newline="")))
    except csv.Error:
        return [], []
    records = [r for r in records if any(cell.strip() for cell in r)]
    if not records:
        return [], []
    return [h.strip() for h in records[0]], records[1:]


def _field_quotes(text: str) -> list[list[tuple[bool, bool]]]:
    """Per record, per field: (was quoted, was empty) — what :mod:`csv` does not tell; records
    of empty fields only are left out, as :func:`read_rows` leaves them."""
    records: list[list[tuple[bool, bool]]] = []
    record: list[tuple[bool, bool]] = []
    i, n = 0, len(text)
    while i < n:
        start = i
        if text[i] == '"':
            i += 1
            while i < n and not (text[i] == '"' and text[i + 1:i + 2] != '"'):
                i += 2 if text[i] == '"' else 1
            record.append((True, i == start + 1))
            i += 1
            while i < n and text[i] not in ",\r\n":
                i += 1
        else:
            while i < n and text[i] not in ",\r\n":
                i += 1
            record.append((False, not text[start:i].strip()))
        if i >= n:
            break
        if text[i] == ",":
            i += 1
            if i >= n:
                record.append((False, True))
            continue
        i += 2 if text[i:i + 2] == "\r\n" else 1
        records.append(record)
        record = []
    if record:
        records.append(record)
    return [r for r in records if not all(empty for _, empty in r)]


def detect_style(data: bytes, spec: TableSpec) -> CsvStyle:
    """The layout of an existing file of ``spec``'s table."""
    raw = data.decode("utf-8", errors="replace")
    text = raw.removeprefix(BOM)
    first_end = text.find("\n")
    newline = "\r\n" if first_end > 0 and text[first_end - 1] == "\r" else "\n"
    header, rows = read_rows(data)
    quotes = _field_quotes(text)[1:]
    quoted: set[str] = set()
    values: set[tuple[str, str]] = set()
    if len(quotes) == len(rows):  # else the file is broken: keep the canonical layout
        for i, name in enumerate(header):
            cells = [(q[i][0], row[i]) for q, row in zip(quotes, rows, strict=True)
                     if i < len(q) and i < len(row) and not q[i][1]]
            if cells and all(was for was, _ in cells):
                quoted.add(name)
                continue
            values |= {(name, value.strip()) for was, value in cells
                       if was and not any(c in value for c in _SPECIAL)}
    omitted = {c.name for c in spec.columns if c.optional and c.name not in header} \
        if header else set()
    return CsvStyle(newline=newline, bom=raw.startswith(BOM), quoted=frozenset(quoted),
                    quoted_values=frozenset(values), omitted=frozenset(omitted))


def _field(value: str, always: bool) -> str:
    if always and value != "" or any(c in value for c in _SPECIAL):
        return '"' + value.replace('"', '""') + '"'
    return value


def _line_count(text: str) -> int:
    """Lines of ``text`` as the dataset loader counts them (\\n, \\r\\n and \\r end a line)."""
    return len(list(io.StringIO(text, newline="")))


def columns_of(spec: TableSpec, style: CsvStyle, rows: Sequence[dict[str, str]]) -> list[str]:
    """The header to write: the schema's columns, less optional ones the style leaves out
    (only while every row leaves them empty)."""
    return [c.name for c in spec.columns
            if c.name not in style.omitted or any(r.get(c.name) for r in rows)]


def render(spec: TableSpec, rows: Sequence[dict[str, str]],
           style: CsvStyle = CANONICAL) -> tuple[bytes, list[int]]:
    """The bytes of ``spec``'s CSV file holding ``rows`` (column -> text) and the line on which
    each row starts (the header is line 1)."""
    header = columns_of(spec, style, rows)
    parts = [",".join(_field(h, False) for h in header) + style.newline]
    lines: list[int] = []
    line = 1 + _line_count(parts[0])
    for row in rows:
        record = ",".join(_field(value := row.get(h, ""), h in style.quoted
                                 or (h, value) in style.quoted_values) for h in header)
        record += style.newline
        lines.append(line)
        line += _line_count(record)
        parts.append(record)
    text = (BOM if style.bom else "") + "".join(parts)
    return text.encode("utf-8"), lines
