"""environment.yml (conda users) lists exactly the dependencies of pyproject.toml (pip users)."""

from __future__ import annotations

import re
import tomllib

import yaml

from tests.conftest import ROOT


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pyproject() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = project["dependencies"] + project["optional-dependencies"]["dev"]
    return {_name(r): r.replace(" ", "") for r in reqs}


def _environment() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    deps = [d for d in env["dependencies"] if isinstance(d, str)]
    return {_name(d): d.replace(" ", "") for d in deps if _name(d) not in ("python", "pip")}


def test_same_packages():
    assert set(_pyproject()) == set(_environment())


def test_same_version_bounds():
    py, conda = _pyproject(), _environment()
    assert {k: py[k] for k in py} == {k: conda[k] for k in py}
