"""A dataset folder as written: profile.yaml as loaded YAML, every table as rows of text.

Used where values must survive exactly as written (``100.00``, codes, quoting): the template
pre-filled from a dataset, the start of a new year. Nothing is validated here; that is the
loader's job (:func:`lkjip_nb.data.load_dataset`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from lkjip_nb.data.profile import PROFILE_FILE
from lkjip_nb.data.schemas import TABLES
from lkjip_nb.excel.csvtext import CsvStyle, detect_style, read_rows
from lkjip_nb.yamlsafe import safe_load

#: The files a workbook replaces in a dataset folder (everything else there is kept).
MANAGED = frozenset({PROFILE_FILE, *(spec.file for spec in TABLES.values())})


@dataclass
class RawDataset:
    """Profile and tables of one folder, as text; ``present``: tables that have a file."""

    folder: Path
    profile: dict[str, Any] = field(default_factory=dict)
    profile_bytes: bytes | None = None
    tables: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    styles: dict[str, CsvStyle] = field(default_factory=dict)
    present: set[str] = field(default_factory=set)
    unreadable: list[str] = field(default_factory=list)  # files that could not be read


def read_profile_text(data: bytes) -> dict[str, Any] | None:
    """The mapping a profile.yaml holds; None when it is no YAML mapping."""
    try:
        loaded = safe_load(data.decode("utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError):
        return None
    return loaded if isinstance(loaded, dict) else ({} if loaded is None else None)


def read_raw(folder: str | Path) -> RawDataset:
    """Read ``folder`` (a missing folder or file reads as empty)."""
    folder = Path(folder)
    raw = RawDataset(folder)
    path = folder / PROFILE_FILE
    if path.is_file():
        raw.profile_bytes = path.read_bytes()
        loaded = read_profile_text(raw.profile_bytes)
        if loaded is None:
            raw.unreadable.append(PROFILE_FILE)
        raw.profile = loaded or {}
    for name, spec in TABLES.items():
        path = folder / spec.file
        if not path.is_file():
            continue
        data = path.read_bytes()
        raw.present.add(name)
        raw.styles[name] = detect_style(data, spec)
        header, rows = read_rows(data)
        if not header and data.strip():
            raw.unreadable.append(spec.file)
        raw.tables[name] = [{h: (row[i].strip() if i < len(row) else "")
                             for i, h in enumerate(header) if h}
                            for row in rows]
    return raw
