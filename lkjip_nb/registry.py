"""The one registry of chapters: the chapter notebooks themselves and their metadata.

A chapter is a notebook ``NN_<id>.ipynb`` (``NN`` orders the combined report). What the product
needs to know about it sits in the notebook's metadata under :data:`METADATA_KEY`::

    "lkjip_chapter": {"id": "iks_survey", "title": "Survei Indeks Kesalehan Sosial",
                      "parameters": {"survey": "str", "seed": "int"},
                      "requires": [{"need": "survey:iks", "label": "berkas survei IKS"}]}

``title`` is the chapter's reader-facing title; ``parameters`` the chapter's own parameters
beyond the common ones (:data:`lkjip_nb.params.COMMON_PARAMETERS`), by type name;
``"in_report": false`` makes the chapter a document of its own (built and indexed, e.g. the
reviewer's audit) that the year's combined report leaves out. ``bab`` is the Bab of the report
the chapter belongs to (``"bab": "3"``): its tables and figures are numbered "Tabel 3.k",
"Gambar 3.k" in order of appearance through all chapters of that Bab, in report order
(:mod:`lkjip_nb.render.preprocessors`); a chapter without ``bab`` numbers by its own number.

``level`` and ``heading`` place the chapter in the combined report's structure
(:mod:`lkjip_nb.render.combined`): ``"level": 1`` (the default) makes it a Bab of its own,
``2`` a part ("A.", "B.") of its Bab, ``3`` an item inside a part. A chapter of level 2 or 3
shows under the Bab's title (:data:`BAB_TITLES`) when no chapter of level 1 of that Bab is in
the report. ``heading`` is the chapter's title there (default: ``title``), e.g.
``{"title": "Bab III.B Realisasi Anggaran", "level": 2, "heading": "B. Realisasi Anggaran"}``:
the chapter's own document keeps ``title``.

``requires`` says when the chapter applies to an agency and year: a list of requirements that
must all hold. A requirement is a string of alternatives joined by ``|`` (any one suffices), or
``{"need": "<alternatives>", "label": "<what is missing, in Bahasa Indonesia>"}``. An
alternative is

* a table name of the dataset (:data:`lkjip_nb.data.schemas.TABLES`, e.g. ``sub_kegiatan``):
  holds when the year's dataset has rows of it (``Dataset.for_year(year).has(name)``);
* ``survey:<kind>`` (``survey:iks``): holds when the agency's survey folder holds a survey file
  of the year, found as the chapter finds it (:func:`lkjip_nb.iks.sources.survey_files`), or
  when the run sets the chapter's ``survey`` parameter to a file.

Examples: ``["iku_targets", "iku_realisasi"]``, ``["hibah_parpol_tahap|hibah_recipients"]``.
A chapter without ``requires`` applies everywhere and does not need a valid dataset; with
``requires`` (even ``[]``) it runs only for the years the dataset reports on. The runner
(:mod:`lkjip_nb.runner.applies`) evaluates requirements and skips what does not apply.

The runner plans from this registry, the notebooks' first cell checks its parameters against
it, and the renderer titles the chapter from it; no other list of chapters exists.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

#: Notebook metadata key holding a chapter's registry entry.
METADATA_KEY = "lkjip_chapter"
#: The chapter notebooks shipped inside the package (``notebooks/`` at the top links here).
NOTEBOOK_DIR = Path(__file__).resolve().parent / "notebooks"
#: Type names a chapter parameter may be declared with.
TYPES: dict[str, type] = {"int": int, "str": str, "float": float, "bool": bool, "dict": dict,
                          "list": list}
#: Prefix of a survey-file alternative in ``requires`` (``survey:iks``).
SURVEY_PREFIX = "survey:"
#: The Bab of an LKjIP (PermenPANRB 53/2014, Lampiran III), by ``bab``: the title the combined
#: report gives a Bab whose chapters are all parts of it (level 2 or 3).
BAB_TITLES = {"1": "Bab I Pendahuluan", "2": "Bab II Perencanaan Kinerja",
              "3": "Bab III Akuntabilitas Kinerja", "4": "Bab IV Penutup"}
#: Levels a chapter may have in the combined report (1: a Bab, 2: a part, 3: an item).
LEVELS = (1, 2, 3)
_STEM = re.compile(r"^(\d+)_(.+)$")


@dataclass(frozen=True)
class Requirement:
    """One entry of a chapter's ``requires``: any of ``alternatives`` suffices.

    No alternatives means the entry could not be read (``label`` then holds it as written).
    """

    alternatives: tuple[str, ...]
    label: str = ""

    def __str__(self) -> str:
        return "|".join(self.alternatives)


@dataclass(frozen=True)
class Chapter:
    """One chapter notebook and its registry entry."""

    id: str
    order: int
    path: Path
    title: str = ""
    parameters: tuple[tuple[str, str], ...] = ()
    requires: tuple[Requirement, ...] | None = None  # None: applies everywhere
    in_report: bool = True  # part of the year's combined report (False: a document of its own)
    bab: str = ""  # the Bab numbering its tables and figures ("3": Tabel 3.k); "" none
    first_heading: str = ""  # the notebook's first level-1 markdown heading, as written
    level: int = 1  # in the combined report: 1 a Bab, 2 a part of its Bab, 3 an item of a part
    heading: str = ""  # its title in the combined report ("" : :attr:`display_title`)

    def parameter_types(self) -> dict[str, type]:
        """The chapter's own parameters (name -> Python type)."""
        return {name: TYPES[kind] for name, kind in self.parameters}

    @property
    def display_title(self) -> str:
        """The title readers see: the registry title, else the first heading, else "Bab NN"."""
        return self.title or self.first_heading or f"Bab {self.order}"

    @property
    def report_heading(self) -> str:
        """The chapter's title in the combined report: ``heading``, else :attr:`display_title`."""
        return self.heading or self.display_title


def parse_requirement(item: Any) -> Requirement:
    """One ``requires`` entry (a string ``a|b`` or ``{"need": "a|b", "label": ...}``)."""
    need, label = item, ""
    if isinstance(item, dict):
        need, label = item.get("need"), item.get("label")
        label = label if isinstance(label, str) else ""
    if not isinstance(need, str):
        return Requirement((), json.dumps(item, ensure_ascii=False, default=str))
    alternatives = tuple(a.strip() for a in need.split("|") if a.strip())
    return Requirement(alternatives, label.strip()) if alternatives else Requirement((), need)


def parse_requires(value: Any) -> tuple[Requirement, ...] | None:
    """The ``requires`` of an entry: None when absent, else every entry parsed."""
    if value is None:
        return None
    items = value if isinstance(value, list) else [value]
    return tuple(parse_requirement(item) for item in items)


def _first_heading(cells: Any) -> str:
    for cell in cells if isinstance(cells, list) else []:
        if not isinstance(cell, dict) or cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else str(source)
        for line in text.splitlines():
            if line.startswith("# "):
                return line[2:].strip()
    return ""


def _bab(value: Any) -> str:
    """An entry's ``bab`` as text ("3"); "" when absent or not a number or name."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return ""
    return str(value).strip()


def _level(value: Any) -> int:
    """An entry's ``level`` (1-3); 1 when absent or not one of :data:`LEVELS`."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        return 1
    try:
        level = int(value)
    except ValueError:
        return 1
    return level if level in LEVELS else 1


def chapter_of(nb: Any, path: Path, order: int, default_id: str = "") -> Chapter:
    """The chapter a notebook (its JSON, or an nbformat node) declares in its metadata, found
    at ``path`` in place ``order`` of the report; ``default_id`` when it names none."""
    nb = nb if isinstance(nb, dict) else {}
    meta = nb.get("metadata", {})
    entry = meta.get(METADATA_KEY) if isinstance(meta, dict) else None
    entry = entry if isinstance(entry, dict) else {}
    declared = entry.get("parameters") if isinstance(entry.get("parameters"), dict) else {}
    parameters = tuple(sorted((str(k), str(v)) for k, v in declared.items() if v in TYPES))
    heading = entry.get("heading")
    title = str(entry.get("title") or "")
    return Chapter(id=str(entry.get("id") or default_id), order=order, path=path, title=title,
                   parameters=parameters, requires=parse_requires(entry.get("requires")),
                   in_report=entry.get("in_report", True) is not False,
                   bab=_bab(entry.get("bab")), first_heading=_first_heading(nb.get("cells")),
                   level=_level(entry.get("level")),
                   heading=heading.strip() if isinstance(heading, str) else title)


def read_chapter(path: Path) -> Chapter | None:
    """The chapter of notebook ``path`` (None when its name is not ``NN_<id>.ipynb``)."""
    match = _STEM.match(path.stem)
    if not match:
        return None
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        nb = {}
    return chapter_of(nb, path, int(match.group(1)), match.group(2))


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
