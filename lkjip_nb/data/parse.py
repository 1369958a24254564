"""Cell parsers: turn the text of a CSV cell into a typed value or say which rule it breaks."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

_INT = re.compile(r"^[+-]?\d+$")
_FLOAT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_TRUE = {"true", "ya", "y", "1", "benar"}
_FALSE = {"false", "tidak", "t", "0", "salah"}


class CellError(ValueError):
    """The cell's text cannot be read as the column's type."""


# Written the Indonesian way: dots between thousands, maybe a decimal comma (1.234.567 / 1.234,5)
_DOT_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")
# Written the English way: commas between thousands (1,234,567 / 1,234.5)
_COMMA_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_SPACE_THOUSANDS = re.compile(r"^[+-]?\d{1,3}( \d{3})+([.,]\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d*,\d+$")
_CURRENCY = re.compile(r"^\s*rp\.?\s*|\s*%\s*$", re.IGNORECASE)
#: One dot and three digits: a decimal by the format's rule, but 1234 to an Indonesian eye.
AMBIGUOUS_DOT = re.compile(r"^[+-]?\d{1,3}\.\d{3}$")


def uses_dot_thousands(text: str) -> bool:
    """Whether ``text`` plainly uses dots as thousands separators (1.234.567 or 1.234,5)."""
    return bool(_DOT_THOUSANDS.match(text)) and not _FLOAT.match(text)


def _plain(text: str) -> str | None:
    """The number without its thousands separators when that reading is unambiguous."""
    if _DOT_THOUSANDS.match(text) and (text.count(".") > 1 or "," in text):
        return text.replace(".", "").replace(",", ".")
    if _COMMA_THOUSANDS.match(text) and (text.count(",") > 1 or "." in text):
        return text.replace(",", "")
    if _SPACE_THOUSANDS.match(text):
        return text.replace(" ", "").replace(",", ".")
    return None


def _separators(text: str, integer: bool) -> str:
    """How to write ``text`` without separators ("" when it is not a number with them)."""
    plain = _plain(text)
    if plain is not None:
        if integer and "." in plain:
            return "tanpa pemisah ribuan dan tanpa desimal"
        decimal = "" if integer else ", dengan titik sebagai pemisah desimal"
        return f"tanpa pemisah ribuan{decimal}, contoh {plain}"
    if _COMMA_THOUSANDS.match(text) or (integer and _DOT_THOUSANDS.match(text)):
        if integer:
            return f"tanpa pemisah ribuan, contoh {text.replace(',', '').replace('.', '')}"
        return (f"tanpa pemisah ribuan, dengan titik sebagai pemisah desimal ('{text}' bisa "
                f"berarti {text.replace(',', '')} atau {text.replace(',', '.')})")
    if _DECIMAL_COMMA.match(text) and not integer:
        return f"dengan titik sebagai pemisah desimal, contoh {text.replace(',', '.')}"
    return ""


def number_hint(text: str, integer: bool) -> str:
    """Why ``text`` is no number in the dataset's format, and how to write it; "" if no idea.

    Never guesses silently: a hint shows the number as it would be read, and a text that reads
    two ways (``1,234``) says both.
    """
    rest = _CURRENCY.sub("", text).strip()
    if rest == text:
        how = _separators(text, integer)
        return f"; tulis {how}" if how else ""
    fine = _INT.match(rest) or (not integer and _FLOAT.match(rest)
                                and not AMBIGUOUS_DOT.match(rest))
    how = f"contoh {rest}" if fine else _separators(rest, integer)
    return "; tulis angkanya saja, tanpa 'Rp' atau '%'" + (f", {how}" if how else "")


#: Largest count or number (``int`` columns: votes, voters, rows): a billion, beyond any count
#: an agency reports, and far inside what a 64-bit column holds.
MAX_COUNT = 10**9
#: Largest amount of Rupiah (``money`` columns), and largest magnitude of any other number:
#: a thousand trillion (10^15), about a third of the whole national budget's yearly total.
MAX_AMOUNT = 10**15


def _dotted(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def parse_int(text: str) -> int:
    if not _INT.match(text):
        raise CellError("harus bilangan bulat" + number_hint(text, integer=True))
    value = int(text)
    if abs(value) > MAX_COUNT:
        raise CellError(f"bilangan terlalu besar: paling besar {_dotted(MAX_COUNT)} "
                        "(satu miliar)")
    return value


def parse_money(text: str) -> int:
    if not _INT.match(text):
        hint = number_hint(text, integer=True) or " tanpa pemisah ribuan (contoh 66348353265)"
        raise CellError("harus nilai Rupiah bulat" + hint)
    value = int(text)
    if abs(value) > MAX_AMOUNT:
        raise CellError(f"nilai Rupiah terlalu besar: paling besar {_dotted(MAX_AMOUNT)} "
                        "(seribu triliun); periksa jumlah digitnya")
    return value


def parse_float(text: str) -> float:
    if not _FLOAT.match(text):
        raise CellError("harus bilangan" + number_hint(text, integer=False))
    value = float(text)
    if not math.isfinite(value) or abs(value) > MAX_AMOUNT:
        raise CellError(f"bilangan terlalu besar: paling besar {_dotted(MAX_AMOUNT)} "
                        "(10^15); periksa pangkat (e) dan jumlah digitnya")
    return value


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
