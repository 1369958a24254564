"""The quick start works as written: the package docstring's examples (doctest) and the README
section's code block, run from the project folder."""

from __future__ import annotations

import doctest
import re

import lkjip_nb.iks
from tests.conftest import ROOT

SECTION = "## Survey analysis quick start"


def test_the_package_docstring_examples_run(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = doctest.testmod(lkjip_nb.iks, extraglobs={"tmp": tmp_path}, report=True,
                             optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 15 and result.failed == 0
    assert (tmp_path / "iks.xlsx").is_file()


def _readme_block() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index(SECTION):]
    section = section[:section.index("\n## ", 1)]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_the_readme_section_has_one_line_per_task_and_runs(tmp_path, monkeypatch):
    code = _readme_block()
    for call in ("read_survey(", "validate_survey(", "analyse(", ".subset(", ".breakdown(",
                 ".crosstab(", ".compare(", ".to_excel("):
        assert sum(call in line for line in code.splitlines()) == 1, call
    monkeypatch.chdir(ROOT)
    code = code.replace('Path("iks.xlsx")', repr(str(tmp_path / "iks.xlsx")))
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 - our own README
    assert (tmp_path / "iks.xlsx").is_file()
    assert namespace["test"].p_value < 0.001 and namespace["agama"].n == 95
