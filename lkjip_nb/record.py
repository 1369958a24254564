"""Key figures recorded as machine-readable outputs of an executed notebook.

A notebook calls :func:`record` for each figure worth reading back (tests, the index page, the
audit). The figure travels as a display output with a custom MIME type, so nothing shows in the
reader's HTML, and :func:`read_figures` gets it back from the ``.ipynb`` with nbformat alone.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # nbformat costs seconds to import (jsonschema); kernels only record
    import nbformat

MIME_TYPE = "application/vnd.lkjip.figure+json"


def _jsonable(value: Any) -> Any:
    """Turn numpy/pandas/Decimal scalars and containers into plain JSON values."""
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "item") and callable(value.item):  # numpy / pandas scalar
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def figure_payload(name: str, value: Any, *, label: str = "", unit: str = "") -> dict:
    """The JSON document stored for one recorded figure."""
    return {"name": name, "value": _jsonable(value), "label": label, "unit": unit}


def record(name: str, value: Any, *, label: str = "", unit: str = "") -> None:
    """Record a key figure in the running notebook (invisible to readers)."""
    from IPython.display import display

    payload = figure_payload(name, value, label=label, unit=unit)
    display({MIME_TYPE: payload}, raw=True)


def read_figures(notebook: str | Path | nbformat.NotebookNode) -> dict[str, Any]:
    """Return ``{name: value}`` of every figure recorded in an executed notebook (last wins)."""
    return {name: item["value"] for name, item in read_figure_details(notebook).items()}


def read_figure_details(notebook: str | Path | nbformat.NotebookNode) -> dict[str, dict]:
    """Return ``{name: payload}`` with labels and units, in recording order."""
    import nbformat

    nb = notebook
    if not isinstance(nb, nbformat.NotebookNode):
        nb = nbformat.read(str(notebook), as_version=4)
    found: dict[str, dict] = {}
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if MIME_TYPE in data:
                payload = data[MIME_TYPE]
                if isinstance(payload, str):
                    payload = json.loads(payload)
                found[payload["name"]] = payload
    return found
