"""What the last run of a job left behind: fingerprint, status, timing, key figures.

One small JSON file per job in ``outputs/<opd>/<year>/.lkjip/<chapter>.json``; the index page and
the incremental check read only these files, never the (large) executed notebooks.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from lkjip_nb.artifacts import atomic


@dataclass
class JobState:
    """The outcome of a job's last execution."""

    status: str = "missing"  # ok | failed | missing
    opd: str = ""
    agency: str = ""
    year: int = 0
    chapter: str = ""
    order: int = 0
    title: str = ""
    fingerprint: dict[str, str] = field(default_factory=dict)
    inputs: list[str] | None = None
    seconds: float = 0.0
    finished_at: str = ""
    error: str = ""
    figures: dict[str, dict[str, Any]] = field(default_factory=dict)
    last_ok: dict[str, Any] = field(default_factory=dict)

    @property
    def public_figures(self) -> dict[str, dict[str, Any]]:
        """Recorded figures meant for readers (names not starting with ``_``)."""
        return {k: v for k, v in self.figures.items() if not k.startswith("_")}


def read_state(path: Path) -> JobState:
    """The stored state, or an empty one when there is none (or it is unreadable)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return JobState(**{k: v for k, v in data.items() if k in JobState.__dataclass_fields__})
    except (OSError, ValueError, TypeError):
        return JobState()


def write_state(path: Path, state: JobState, *, root: Path | None = None) -> None:
    """Store ``state`` atomically (inside ``root`` when given)."""
    atomic.write_text(path, json.dumps(asdict(state), ensure_ascii=False, indent=1, default=str),
                      root=root)


def read_key(path: Path) -> str:
    """The build key stored beside an output (empty when absent)."""
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def key_path(output: Path) -> Path:
    """Where the build key of ``output`` is kept."""
    return output.parent / ".lkjip" / (output.name + ".key")


def is_current(output: Path, key: str) -> bool:
    """True when ``output`` exists and was built from ``key``."""
    return output.is_file() and read_key(key_path(output)) == key


def mark_built(output: Path, key: str, *, root: Path | None = None) -> None:
    """Record that ``output`` was built from ``key`` (after the output itself is in place)."""
    atomic.write_text(key_path(output), key, root=root)
