"""Indonesian formatting of the small texts the templates show (dates, parameters, versions)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

_MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
           "September", "Oktober", "November", "Desember")


def format_datetime(iso: str) -> str:
    """``2025-02-28T09:05:00+07:00`` -> ``28 Februari 2025 pukul 09.05 (UTC+07:00)``."""
    try:
        moment = datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return iso or "-"
    offset = moment.strftime("%z")
    zone = f" (UTC{offset[:3]}:{offset[3:]})" if offset else ""
    return (f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year} "
            f"pukul {moment:%H.%M}{zone}")


def format_seconds(seconds: float) -> str:
    """``12.345`` -> ``12,3 dtk`` (decimal comma)."""
    return f"{seconds:.1f}".replace(".", ",") + " dtk"


def parameters_text(parameters: dict[str, Any]) -> str:
    """Parameters as compact JSON."""
    return json.dumps(parameters, ensure_ascii=False, sort_keys=True, default=str)


def libraries_text(libraries: dict[str, str]) -> str:
    """``python 3.11.7, pandas 2.2.3, ...``."""
    return ", ".join(f"{k} {v}" for k, v in libraries.items()) or "-"
