"""Units are data: a built-in vocabulary word -> kind, extended by ``units:`` in profile.yaml."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lkjip_nb.data import load_dataset
from lkjip_nb.data.units import BUILTIN, KINDS, unit_kind
from tests.conftest import BUNDLED, DATA
from tests.dataset_edits import edit as _edit
from tests.dataset_edits import problems as _problems


@pytest.fixture()
def copy(tmp_path) -> Path:
    shutil.copytree(DATA / BUNDLED, tmp_path / BUNDLED)
    return tmp_path / BUNDLED




@pytest.mark.parametrize(("word", "kind"), [
    ("persen", "percent"), ("%", "percent"), ("indeks", "index"), ("nilai", "score"),
    ("predikat", "grade"), ("rupiah", "money"), ("Rp", "money"), ("orang", "count"),
    ("jiwa", "count"), ("kasus", "count"), ("km", "count"), ("ton", "count"), ("ha", "count"),
    ("rumah tangga", "count"), ("Rumah  Tangga ", "count"), ("konflik", "count"),
    ("ormas", "count"), ("puskesmas", "count"),
])
def test_builtin_vocabulary(word, kind):
    assert unit_kind(word, None) == kind


def test_declared_units_extend_and_override_the_vocabulary():
    declared = {"per 1.000 kelahiran hidup": "rate", "nilai": "index", "kg": "berat"}
    assert unit_kind("Per 1.000 kelahiran hidup", declared) == "rate"
    assert unit_kind("nilai", declared) == "index"
    assert unit_kind("kg", declared) == "count"  # an unknown kind declares nothing
    assert unit_kind("per 1.000 penduduk", declared) is None
    assert unit_kind(None, declared) is None and unit_kind("", declared) is None
    assert set(BUILTIN.values()) <= set(KINDS)
    assert set(KINDS) == {"percent", "index", "score", "grade", "money", "count", "rate"}


def test_iku_frame_has_the_unit_kind(dataset):
    kinds = dataset.iku.set_index("iku_id")["unit_kind"].to_dict()
    assert kinds == {"IKS": "index", "KONFLIK": "percent", "DEMOKRASI": "percent",
                     "SAKIP": "score"}


def test_units_outside_the_old_closed_list_load(copy):
    _edit(copy / "profile.yaml", "    unit: persen\n    direction: higher\n    formula: Jumlah "
          "konflik", "    unit: kasus\n    direction: higher\n    formula: Jumlah konflik")
    _edit(copy / "sub_kegiatan.csv", ",orang,450,450", ",jiwa,450,450")
    ds = load_dataset(copy.parent, BUNDLED)
    assert ds.iku.set_index("iku_id").loc["KONFLIK", ["unit", "unit_kind"]].tolist() == [
        "kasus", "count"]


def test_unknown_iku_unit_is_one_problem_naming_the_iku_and_how_to_declare(copy):
    _edit(copy / "profile.yaml", "    unit: persen\n    direction: higher\n    formula: Jumlah "
          "konflik", "    unit: per 10.000 penduduk\n    direction: higher\n    formula: Jumlah "
          "konflik")
    [problem] = _problems(copy)
    assert problem.file == f"{BUNDLED}/profile.yaml"
    assert problem.column == "iku[KONFLIK].unit" and problem.value == "per 10.000 penduduk"
    assert "'units:'" in problem.rule and "rate" in problem.rule and "count" in problem.rule
    assert problem.row == 81  # the line of that unit in profile.yaml


def test_declared_unit_is_accepted_with_its_kind(copy):
    _edit(copy / "profile.yaml", "    unit: persen\n    direction: higher\n    formula: Jumlah "
          "konflik", "    unit: per 10.000 penduduk\n    direction: higher\n    formula: Jumlah "
          "konflik")
    _edit(copy / "profile.yaml", "sakip_grades:\n", "units:\n  per 10.000 penduduk: rate\n"
          "sakip_grades:\n")
    ds = load_dataset(copy.parent, BUNDLED)
    assert ds.iku.set_index("iku_id").loc["KONFLIK", "unit_kind"] == "rate"


def test_unknown_output_unit_is_one_problem_per_row_until_declared(copy):
    _edit(copy / "sub_kegiatan.csv", ",orang,450,450", ",botol,450,450")
    [problem] = _problems(copy)
    assert (Path(problem.file).name, problem.column, problem.value) == (
        "sub_kegiatan.csv", "output_unit", "botol")
    assert problem.row is not None and "'units:'" in problem.rule
    _edit(copy / "profile.yaml", "sakip_grades:\n", "units: {botol: count}\nsakip_grades:\n")
    load_dataset(copy.parent, BUNDLED)


def test_iku_without_unit_names_the_iku(copy):
    _edit(copy / "profile.yaml", "    unit: nilai\n", "")
    [problem] = _problems(copy)
    assert (problem.column, problem.rule) == ("iku[SAKIP].unit", "wajib diisi")


def test_declared_unit_with_an_unknown_kind(copy):
    _edit(copy / "profile.yaml", "sakip_grades:\n", "units: {botol: berat}\nsakip_grades:\n")
    [problem] = _problems(copy)
    assert (problem.column, problem.value) == ("units.botol", "berat")
    assert "percent, index, score, grade, money, count, rate" in problem.rule
