"""Chapter notebooks are parsed once per version; every job gets its own copy."""

from __future__ import annotations

import os

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

from lkjip_nb.runner.execute import source_notebook


def test_each_job_gets_an_independent_copy_and_edits_to_the_file_are_seen(tmp_path):
    path = tmp_path / "01_a.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell("x = 1")]), str(path))
    first = source_notebook(path)
    first.cells[0].source = "changed by a job"
    first.metadata["lkjip"] = {"year": 2024}
    again = source_notebook(path)
    assert again.cells[0].source == "x = 1" and "lkjip" not in again.metadata

    nbformat.write(new_notebook(cells=[new_code_cell("x = 2  # edited")]), str(path))
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert source_notebook(path).cells[0].source == "x = 2  # edited"
