"""Cell parsers: turn the text of a CSV cell into a typed value or say which rule it breaks."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

_INT = re.compile(r"^[+-]?\d+$")
_FLOAT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_TRUE = {"true", "ya", "y", "1", "benar"}
_FALSE = {"false", "tidak", "t", "0", "salah"}


class CellError(ValueError):
    """The cell's text cannot be read as the column's type."""


def parse_int(text: str) -> int:
    if not _INT.match(text):
        hint = ""
        if re.match(r"^[+-]?\d{1,3}([.,]\d{3})+$", text):
            hint = " tanpa pemisah ribuan"
        raise CellError(f"harus bilangan bulat{hint}")
    return int(text)


def parse_money(text: str) -> int:
    if not _INT.match(text):
        raise CellError("harus nilai Rupiah bulat tanpa pemisah ribuan (contoh 66348353265)")
    return int(text)


def parse_float(text: str) -> float:
    if not _FLOAT.match(text):
        hint = " (pakai titik sebagai pemisah desimal, contoh 84.61)" if "," in text else ""
        raise CellError("harus bilangan" + hint)
    return float(text)


def parse_bool(text: str) -> bool:
    low = text.strip().lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise CellError("harus true atau false")


def parse_str(text: str) -> str:
    return text


PARSERS: dict[str, Callable[[str], Any]] = {
    "int": parse_int,
    "year": parse_int,
    "money": parse_money,
    "float": parse_float,
    "bool": parse_bool,
    "str": parse_str,
    "code": parse_str,
}

#: pandas dtype of each kind, without and with empty cells allowed.
DTYPES: dict[str, tuple[str, str]] = {
    "int": ("int64", "Int64"),
    "year": ("int64", "Int64"),
    "money": ("int64", "Int64"),
    "float": ("float64", "float64"),
    "bool": ("bool", "boolean"),
    "str": ("object", "object"),
    "code": ("object", "object"),
}
