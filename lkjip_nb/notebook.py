"""What the first code cell of every chapter notebook calls: check parameters, load the data.

    ctx = start("efficiency", globals())

checks the parameters (unknown names, wrong types, a year absent from the dataset) and stops the
notebook with one clear message when something is wrong; otherwise it returns a
:class:`Context` with the dataset for that year, the rounding policy and formatters.

In a kernel the parameters are only the names the notebook's parameters cell assigns (read from
the notebook file found through :mod:`lkjip_nb.registry`), the names papermill injects, and the
chapter's declared parameters; every other variable (``ctx``, tables, loop variables) is left
alone, so editing the parameters cell and running all cells again in the same kernel works.
"""

from __future__ import annotations

import ast
import json
import types
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lkjip_nb import registry
from lkjip_nb.data import Dataset, load_dataset
from lkjip_nb.errors import ParameterError
from lkjip_nb.fmt import Formatter
from lkjip_nb.params import allowed_parameters, check_parameters
from lkjip_nb.rounding import RoundingPolicy

#: Names IPython puts in a notebook's namespace that are not parameters.
_IPYTHON_NAMES = {"In", "Out", "get_ipython", "exit", "quit", "open"}
#: Cell tags of the parameters cell and of the cell papermill injects after it.
PARAMETER_TAGS = ("parameters", "injected-parameters")
#: First line of the cell papermill injects (as a kernel's input history shows it).
_INJECTED_HEADER = "# Parameters"

@dataclass
class Context:
    """Everything a chapter notebook needs for one agency and year."""

    chapter: str
    year: int
    opd: str
    data_dir: Path
    dataset: Dataset  # restricted to ``year`` where a table is per year
    policy: RoundingPolicy
    fmt: Formatter
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def profile(self) -> dict:
        return self.dataset.profile

    @property
    def agency(self) -> str:
        return self.dataset.name

    @property
    def title(self) -> str:
        """The chapter's title from its notebook's registry entry (:mod:`lkjip_nb.registry`)."""
        entry = registry.chapter(self.chapter, Path.cwd())
        return entry.title if entry is not None and entry.title else self.chapter

    def table(self, name: str):
        return self.dataset.table(name)

    def source(self, table_id: str) -> str:
        return self.dataset.source(table_id)

    def finish(self) -> None:
        """Record which data files the notebook read (the runner re-executes on change)."""
        from lkjip_nb.record import record

        read = self.dataset.read_files()
        record("_inputs", [f"{self.opd}/{name}" for name in read],
               label="Berkas data yang dibaca")
        record("_data_hashes", {name: self.dataset.files[name] for name in read
                                if name in self.dataset.files})


def user_names(namespace: Mapping[str, Any]) -> dict[str, Any]:
    """The variables a person (or papermill) defined: no modules, functions or IPython names."""
    out = {}
    for name, value in namespace.items():
        if name.startswith("_") or name in _IPYTHON_NAMES:
            continue
        if isinstance(value, types.ModuleType | types.FunctionType | type):
            continue
        if callable(value) and not isinstance(value, str | int | float | dict | list):
            continue
        out[name] = value
    return out


def _holds_datasets(folder: Path) -> bool:
    """Whether ``folder`` holds agency datasets (sub-folders with a profile.yaml)."""
    return folder.is_dir() and any((p / "profile.yaml").is_file() for p in folder.iterdir())


def resolve_data_dir(data_dir: str) -> Path:
    """``data_dir`` as given, or relative to the project root when run from elsewhere (the
    chapter notebooks live inside the package; ``notebooks/`` at the top links to them)."""
    path = Path(data_dir).expanduser()
    if _holds_datasets(path):
        return path.resolve()
    root_guess = Path(__file__).resolve().parents[1] / Path(data_dir).name
    if not path.is_absolute() and _holds_datasets(root_guess):
        return root_guess
    if path.is_dir():
        return path.resolve()
    raise ParameterError(f"parameter 'data_dir': folder {data_dir!r} tidak ditemukan")


def assigned_names(source: str) -> set[str]:
    """Names a cell's top-level statements assign (``year = 2024``, ``a, b = 1, 2``)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    names: set[str] = set()
    for node in tree.body:
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = list(node.targets)
        elif isinstance(node, ast.AnnAssign | ast.AugAssign):
            targets = [node.target]
        for target in targets:
            for leaf in ast.walk(target):
                if isinstance(leaf, ast.Name):
                    names.add(leaf.id)
    return names


def _cell_source(cell: Mapping[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def notebook_parameter_names(path: Path) -> set[str] | None:
    """Names assigned in the notebook's cells tagged ``parameters`` or ``injected-parameters``;
    None when the file cannot be read as a notebook."""
    try:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    cells = nb.get("cells") if isinstance(nb, dict) else None
    if not isinstance(cells, list):
        return None
    names: set[str] = set()
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        meta = cell.get("metadata")
        tags = meta.get("tags", []) if isinstance(meta, dict) else []
        if any(tag in PARAMETER_TAGS for tag in tags if isinstance(tag, str)):
            names |= assigned_names(_cell_source(cell))
    return names


def injected_names(history: Iterable[Any]) -> set[str]:
    """Names assigned by papermill's injected cell(s) in a kernel's input history (``In``)."""
    names: set[str] = set()
    for source in history:
        if isinstance(source, str) and source.lstrip().startswith(_INJECTED_HEADER):
            names |= assigned_names(source)
    return names


def in_kernel(namespace: Mapping[str, Any]) -> bool:
    """Whether ``namespace`` is a notebook kernel's (IPython puts ``In`` and ``get_ipython``)."""
    return "get_ipython" in namespace and isinstance(namespace.get("In"), list)


def parameter_values(chapter: str, namespace: Mapping[str, Any]) -> dict[str, Any]:
    """The parameters in ``namespace``: in a kernel only the names the parameters cell, papermill
    or the chapter declare; from a plain mapping (a direct call) every user name."""
    values = user_names(namespace)
    if not in_kernel(namespace):
        return values
    names = set(allowed_parameters(chapter)) | injected_names(namespace.get("In") or [])
    entry = registry.chapter(chapter, Path.cwd())
    declared = notebook_parameter_names(entry.path) if entry is not None else None
    names |= declared or set()
    return {name: value for name, value in values.items() if name in names}


def start(chapter: str, namespace: Mapping[str, Any], *, style: bool = True) -> Context:
    """Check the notebook's parameters and load its data; see the module docstring."""
    values = parameter_values(chapter, namespace)
    check_parameters(values, chapter)
    missing = [n for n in ("year", "opd", "data_dir") if n not in values]
    if missing:
        raise ParameterError("parameter wajib tidak ada: " + ", ".join(missing)
                             + "; tetapkan di sel parameter (sel pertama buku kerja)")
    allowed = allowed_parameters(chapter)
    params = {k: v for k, v in values.items() if k in allowed}
    data_dir = resolve_data_dir(values["data_dir"])
    full = load_dataset(data_dir, values["opd"] or None)
    dataset = full.for_year(int(values["year"]))
    policy = dataset.rounding(values.get("rounding") or None)
    if style:
        from lkjip_nb.charts import apply_style

        apply_style()
    return Context(chapter=chapter, year=int(values["year"]), opd=full.opd, data_dir=data_dir,
                   dataset=dataset, policy=policy, fmt=Formatter(policy), params=params)
