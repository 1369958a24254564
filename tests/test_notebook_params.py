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
