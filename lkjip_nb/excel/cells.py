"""Cell values to dataset text and back: numbers as the cell shows them, never guessed.

A number becomes the text its cell displays, without thousands separators: a cell formatted
``0.00`` holding 100 is ``100.00`` (as long as that loses nothing), a General cell shows up to
15 significant digits. Dates, Excel error values and Excel's own percent format (which stores
98 % as 0.98) are problems, not guesses.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')
_DECIMALS = re.compile(r"\.([0#?]*)")
INTEGER_KINDS = ("int", "year", "money")


@dataclass(frozen=True)
class CellText:
    """A cell as dataset text, or the rule it breaks (``text`` is then "")."""

    text: str
    problem: str = ""


def _section(number_format: str) -> str:
    """The positive section of a number format without its literal text."""
    return _QUOTED.sub("", (number_format or "General").split(";")[0])


def decimals(number_format: str | None) -> int | None:
    """Decimals a number format shows (fixed ones only); None for General and text formats."""
    section = _section(number_format or "General")
    if section.strip().lower() in ("general", "@", ""):
        return None
    if not any(c in section for c in "0#?"):
        return None
    match = _DECIMALS.search(section)  # the stored format always uses "." for decimals
    return len(match.group(1).rstrip("#?")) if match else 0


def is_excel_percent(number_format: str | None) -> bool:
    """Whether the format is Excel's percent (the value shown x 100), not a literal '%'."""
    return "%" in _section(number_format or "")


def shown(value: float | int, number_format: str | None) -> str:
    """A number as its cell displays it, without thousands separators, losing nothing."""
    if isinstance(value, int):
        places = decimals(number_format)
        return f"{value:.{places}f}" if places else str(value)
    places = decimals(number_format)
    if places is not None:
        text = f"{value:.{places}f}"
        if float(text) == value:
            return text
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.15g}"


def to_text(value: Any, number_format: str | None, kind: str,
            data_type: str = "n") -> CellText:
    """The dataset text of one cell of a column of ``kind`` (lkjip_nb.data.schemas kinds)."""
    if value is None:
        return CellText("")
    if data_type == "e":
        return CellText("", f"sel berisi galat Excel {value}; perbaiki rumus atau isi angkanya")
    if isinstance(value, bool):
        return CellText("true" if value else "false")
    if isinstance(value, dt.datetime | dt.date | dt.time | dt.timedelta):
        return CellText("", "sel terbaca sebagai tanggal atau waktu; format sel sebagai Teks "
                            "(atau Angka) lalu ketik ulang isinya")
    if isinstance(value, int | float):
        if is_excel_percent(number_format) and kind not in ("str", "code"):
            return CellText("", "sel memakai format persen Excel (nilai tersimpan "
                                f"{value:g}, tampil x 100); isi angka persennya (mis. 98.3) "
                                "dengan format angka biasa")
        if kind in ("str", "code") and abs(value) >= 1e15:
            return CellText("", "angka lebih dari 15 digit tidak tersimpan utuh di Excel; "
                                "format sel sebagai Teks lalu ketik ulang isinya")
        if kind in INTEGER_KINDS and float(value).is_integer():
            return CellText(str(int(value)))
        if kind == "code" and not float(value).is_integer():
            return CellText("", f"kode terbaca sebagai angka {value:g}; format kolom sebagai "
                                "Teks lalu ketik ulang kodenya (8.10 tidak boleh menjadi 8.1)")
        return CellText(shown(value, number_format))
    return CellText(str(value).strip())


def typed(value: Any, number_format: str | None) -> Any:
    """A cell value for profile.yaml: text stripped, numbers as they are (whole floats as int)."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value
