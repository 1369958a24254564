"""Excel in and out: the input workbook (template), its import into a dataset, the export of a
year's computed tables, and the scaffolding of new agencies and years.

    from lkjip_nb.excel import write_template, import_workbook, export_workbook
    write_template("blitar.xlsx", "data/bakesbangpol-kab-blitar", "bakesbangpol-kab-blitar")
    import_workbook("blitar.xlsx", "data", "bakesbangpol-kab-blitar")  # all or nothing

Data level: reads datasets through :mod:`lkjip_nb.data` and the domain modules, never the
chapters or renderers; the ``cli_*`` modules are the ``lkjip`` subcommands. Names are loaded on
first use, so a subcommand's start stays quick.
"""

from __future__ import annotations

import importlib
from typing import Any

_HOMES = {
    "build_export": "export", "export_workbook": "export",
    "ImportResult": "importer", "import_workbook": "importer",
    "ExcelError": "problems", "SheetProblem": "problems", "WorkbookInvalid": "problems",
    "new_agency": "scaffold", "new_year": "scaffold",
    "build_template": "template", "write_template": "template",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(f"lkjip_nb.excel.{_HOMES[name]}"), name)
    raise AttributeError(f"module 'lkjip_nb.excel' has no attribute {name!r}")
