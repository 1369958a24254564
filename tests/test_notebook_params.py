"""Notebook parameters are checked before any work: unknown names, wrong types, absent years."""

from __future__ import annotations

import pytest

from lkjip_nb.errors import ParameterError
from lkjip_nb.notebook import start
from lkjip_nb.params import check_parameters, parameter_problems
from tests.conftest import BUNDLED, DATA


def _ns(**kw):
    base = {"year": 2024, "opd": BUNDLED, "data_dir": str(DATA), "rounding": {}}
    base.update(kw)
    return base


def test_start_loads_the_year():
    ctx = start("efficiency", _ns(), style=False)
    assert ctx.year == 2024 and ctx.dataset.year == 2024
    assert ctx.fmt.pct(98.3837, "capaian") == "98,3\u00a0%"


def test_unknown_and_ill_typed_parameters_listed_together():
    with pytest.raises(ParameterError) as info:
        start("efficiency", _ns(year="2024", tahun=2024), style=False)
    message = str(info.value)
    assert "'tahun' tidak dikenal" in message
    assert "'year' bernilai '2024'" in message
    assert "bilangan bulat" in message


def test_year_absent_from_dataset():
    from lkjip_nb.data import YearNotInDataset

    with pytest.raises(YearNotInDataset, match="2019.*2022, 2023, 2024"):
        start("efficiency", _ns(year=2019), style=False)


def test_rounding_override_applies():
    ctx = start("efficiency", _ns(rounding={"capaian": {"method": "half_up", "decimals": 2}}),
                style=False)
    assert ctx.fmt.pct(98.3837, "capaian") == "98,38\u00a0%"


def test_error_renders_without_traceback():
    err = ParameterError("x")
    assert err._render_traceback_() == ["ParameterError: x"]


def test_bool_is_not_an_int_and_float_is_not_a_year():
    assert parameter_problems({"year": True})
    assert parameter_problems({"year": 2024.0})
    assert check_parameters({"year": 2024}) == {"year": 2024}


def test_chapter_extras():
    assert not parameter_problems({"survey": "x.csv"}, "iks_survey")
    assert parameter_problems({"survey": "x.csv"}, "budget")


@pytest.mark.parametrize("value", [b"echo pwned", {1, 2}, {"capaian": b"x"}, [1, {"a": {2}}],
                                   {3: "key not text"}])
def test_parameters_hold_only_plain_data(value):
    """YAML tags such as !!binary or !!set never reach papermill (it writes values into code)."""
    problems = parameter_problems({"year": 2024, "rounding": value})
    assert len(problems) == 1 and "parameter 'rounding' tidak sah" in problems[0]


def test_a_params_file_with_binary_is_refused_before_any_kernel(tmp_path):
    from lkjip_nb.params import load_params_file

    path = tmp_path / "2024.yaml"
    path.write_text("year: 2024\nrounding: {capaian: !!binary ZWNobyBwd25lZA==}\n")
    with pytest.raises(ParameterError, match="rounding.capaian: nilai berjenis bytes"):
        check_parameters(load_params_file(path))


# ---- re-running a notebook in the same kernel -------------------------------------------------

def _parameters_cell(path) -> str:
    import nbformat

    nb = nbformat.read(path, as_version=4)
    return next(c.source for c in nb.cells if "parameters" in c.metadata.get("tags", []))


def _kernel_namespace(source: str, **stale) -> dict:
    """What a kernel's globals() hold after a first Run All: IPython's names, the parameters
    cell's assignments, and whatever the notebook's later cells created."""
    ns: dict = {"In": ["", source], "Out": {}, "get_ipython": lambda: None,
                "exit": None, "quit": None}
    exec(source, ns)  # noqa: S102 - the notebook's own parameters cell
    ns.pop("__builtins__", None)
    ns.update(stale)
    return ns


def _chapters():
    from lkjip_nb.registry import find_chapters

    return find_chapters()


@pytest.mark.parametrize("chapter", _chapters(), ids=lambda c: c.id)
def test_run_all_again_after_editing_the_year(chapter, monkeypatch):
    """Every chapter: the second Run All sees its own variables from the first (ctx, wb, low,
    frame, ...) and only takes the parameters cell's names as parameters."""
    import pandas as pd

    monkeypatch.chdir(chapter.path.parent)
    source = _parameters_cell(chapter.path).replace("year = 2024", "year = 2023")
    ns = _kernel_namespace(source, ctx=object(), wb=object(), low=83.5, high=85.6,
                           frame=pd.DataFrame(), number=9, r=pd.Series(dtype=float))
    ctx = start(chapter.id, ns, style=False)
    assert ctx.year == 2023 and ctx.dataset.year == 2023
    assert set(ctx.params) <= set(ns) - {"ctx", "wb", "low", "high", "frame", "number", "r"}


def test_an_unknown_name_in_the_parameters_cell_is_named_with_the_allowed_ones(tmp_path,
                                                                               monkeypatch):
    import shutil

    from lkjip_nb import registry

    entry = registry.chapter("efficiency")
    copy = tmp_path / entry.path.name
    shutil.copy(entry.path, copy)
    text = copy.read_text(encoding="utf-8").replace('"year = 2024\\n",',
                                                    '"year = 2024\\n",\n    "tahun = 2024\\n",')
    copy.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    ns = _kernel_namespace(_parameters_cell(copy).replace("../data", str(DATA)), ctx=object())
    with pytest.raises(ParameterError) as info:
        start("efficiency", ns, style=False)
    from lkjip_nb.params import allowed_parameters

    message = str(info.value)
    known = ", ".join(sorted(allowed_parameters("efficiency")))
    assert f"'tahun' tidak dikenal (yang dikenal: {known})" in message
    assert "ctx" not in message


def test_an_unknown_name_papermill_injected_is_refused(monkeypatch):
    from lkjip_nb import registry

    monkeypatch.chdir(registry.chapter("budget").path.parent)
    ns = _kernel_namespace(_parameters_cell(registry.chapter("budget").path), wb=object())
    injected = "# Parameters\ntahun = 2023\n"
    ns["In"].append(injected)
    ns["tahun"] = 2023
    with pytest.raises(ParameterError, match="'tahun' tidak dikenal"):
        start("budget", ns, style=False)


def test_parameter_names_come_from_the_tagged_cells():
    from lkjip_nb.notebook import assigned_names, notebook_parameter_names
    from tests.notebook_runner import notebook_path

    assert assigned_names("year = 1\na, (b, c) = 1, (2, 3)\nd: int = 4\nx += 1\nprint(y)") == {
        "year", "a", "b", "c", "d", "x"}
    assert assigned_names("year = (") == set()
    assert notebook_parameter_names(notebook_path("iks_survey")) == {
        "year", "opd", "data_dir", "rounding", "survey", "codebook", "bootstrap_replicates",
        "seed"}


@pytest.mark.notebooks
def test_run_all_twice_in_one_kernel_with_another_year(tmp_path):
    """A real kernel, as JupyterLab's Run All: every cell of 04_budget, then the parameters
    cell edited to 2022 and every cell again: no error, and the second run is 2022's."""
    import shutil

    import nbformat
    from nbclient import NotebookClient

    from lkjip_nb import registry

    src = registry.chapter("budget").path
    shutil.copy(src, tmp_path / src.name)
    nb = nbformat.read(tmp_path / src.name, as_version=4)
    client = NotebookClient(nb, kernel_name="python3", timeout=300,
                            resources={"metadata": {"path": str(tmp_path)}})
    params = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))

    def run_all() -> str:
        texts = []
        for i, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                client.execute_cell(cell, i)
                texts += [str(o.get("data", {}).get("text/markdown", "")) for o in cell.outputs]
        return "\n".join(texts)

    with client.setup_kernel():
        first = run_all()
        nb.cells[params].source = nb.cells[params].source.replace("year = 2024", "year = 2022")
        second = run_all()
    assert "Tahun 2024" in first and "Tahun 2022" in second and "Tahun 2024" not in second
