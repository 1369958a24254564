"""The one registry of chapters: the chapter notebooks themselves and their metadata.

A chapter is a notebook ``NN_<id>.ipynb`` (``NN`` orders the combined report). What the product
needs to know about it sits in the notebook's metadata under :data:`METADATA_KEY`::

    "lkjip_chapter": {"id": "iks_survey", "title": "Survei Indeks Kesalehan Sosial",
                      "parameters": {"survey": "str", "seed": "int"}}

``title`` is the chapter's reader-facing title; ``parameters`` the chapter's own parameters
beyond the common ones (:data:`lkjip_nb.params.COMMON_PARAMETERS`), by type name. The runner
plans from this registry, the notebooks' first cell checks its parameters against it, and the
renderer titles the chapter from it; no other list of chapters exists.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

#: Notebook metadata key holding a chapter's registry entry.
METADATA_KEY = "lkjip_chapter"
#: The chapter notebooks shipped inside the package (``notebooks/`` at the top links here).
NOTEBOOK_DIR = Path(__file__).resolve().parent / "notebooks"
#: Type names a chapter parameter may be declared with.
TYPES: dict[str, type] = {"int": int, "str": str, "float": float, "bool": bool, "dict": dict,
                          "list": list}
_STEM = re.compile(r"^(\d+)_(.+)$")


@dataclass(frozen=True)
class Chapter:
    """One chapter notebook and its registry entry."""

    id: str
    order: int
    path: Path
    title: str = ""
    parameters: tuple[tuple[str, str], ...] = ()

    def parameter_types(self) -> dict[str, type]:
        """The chapter's own parameters (name -> Python type)."""
        return {name: TYPES[kind] for name, kind in self.parameters}


def read_chapter(path: Path) -> Chapter | None:
    """The chapter of notebook ``path`` (None when its name is not ``NN_<id>.ipynb``)."""
    match = _STEM.match(path.stem)
    if not match:
        return None
    try:
        meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
    except (OSError, ValueError):
        meta = {}
    entry = meta.get(METADATA_KEY) if isinstance(meta, dict) else None
    entry = entry if isinstance(entry, dict) else {}
    declared = entry.get("parameters") if isinstance(entry.get("parameters"), dict) else {}
    parameters = tuple(sorted((str(k), str(v)) for k, v in declared.items() if v in TYPES))
    return Chapter(id=str(entry.get("id") or match.group(2)), order=int(match.group(1)),
                   path=path, title=str(entry.get("title") or ""), parameters=parameters)


def find_chapters(notebook_dir: Path = NOTEBOOK_DIR) -> list[Chapter]:
    """Every chapter notebook in ``notebook_dir``, in report order."""
    found = (read_chapter(p) for p in sorted(notebook_dir.glob("*.ipynb")))
    return sorted((c for c in found if c is not None), key=lambda c: (c.order, c.id))


@lru_cache(maxsize=64)
def _chapters_in(folder: str) -> dict[str, Chapter]:
    return {c.id: c for c in find_chapters(Path(folder))}


def chapter(chapter_id: str, *folders: Path) -> Chapter | None:
    """The registry entry of ``chapter_id``: from the first of ``folders`` (e.g. the folder a
    notebook runs in) that holds it, else from the shipped notebooks."""
    for folder in (*folders, NOTEBOOK_DIR):
        found = _chapters_in(str(Path(folder).resolve())).get(chapter_id)
        if found is not None:
            return found
    return None


def all_chapter_parameters() -> set[str]:
    """Names of every chapter's own parameters among the shipped notebooks."""
    return {name for c in find_chapters() for name, _ in c.parameters}
