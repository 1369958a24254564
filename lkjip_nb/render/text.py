"""Indonesian formatting of the small texts the templates show (dates, parameters, versions)."""

from __future__ import annotations

import json
from datetime import datetime
from functools import lru_cache
from html.parser import HTMLParser
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


@lru_cache(maxsize=4096)
def plain_markdown(text: str) -> str:
    """A heading's text as the reader sees it, for tables of contents and titles: its Markdown
    rendered as the page renders a heading, then the text of that (escapes and entities
    resolved; emphasis, links' addresses and HTML elements dropped, their text kept)."""
    from lkjip_nb.render.markdown import markdown_to_html
    from lkjip_nb.render.sanitize import sanitize_html

    heading = markdown_to_html("# " + " ".join(text.split()), exclude_anchor_links=True)
    reader = _TextOf()
    reader.feed(sanitize_html(heading))
    reader.close()
    return " ".join("".join(reader.parts).split())


class _TextOf(HTMLParser):
    """The text of an HTML fragment, character references resolved."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def chapter_title(nb: Any, fallback: str) -> str:
    """The title in the notebook's chapter entry (:mod:`lkjip_nb.registry`), else the first
    level-1 heading (of a markdown cell or a generated markdown output), else ``fallback``."""
    entry = nb.metadata.get("lkjip_chapter")
    if isinstance(entry, dict) and entry.get("title"):
        return str(entry["title"])
    for cell in nb.cells:
        texts = [cell.source] if cell.cell_type == "markdown" else [
            o.get("data", {}).get("text/markdown", "") for o in cell.get("outputs", [])]
        for text in texts:
            for line in text.splitlines():
                if line.startswith("# "):
                    return plain_markdown(line[2:])
    return fallback


def format_value(value: Any, unit: str = "") -> str:
    """A recorded figure for people: Indonesian number format, with its unit."""
    from babel.numbers import format_decimal

    if isinstance(value, bool):
        text = "ya" if value else "tidak"
    elif isinstance(value, int):
        text = format_decimal(value, locale="id_ID")
    elif isinstance(value, float):
        text = format_decimal(value, format="#,##0.##", locale="id_ID")
    elif value is None:
        text = "-"
    elif isinstance(value, str):
        text = value
    else:
        text = json.dumps(value, ensure_ascii=False)
        text = text if len(text) <= 80 else text[:77] + "..."
    if not unit:
        return text
    return f"{unit} {text}" if unit.lower() in {"rp", "rp."} else f"{text} {unit}"
