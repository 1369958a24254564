"""Property tests of every input a person writes: each table, profile.yaml and the params files.

Random bytes, and random values in random cells (or at random places of the YAML), give either
a loaded dataset or the project's validation error (DataValidationError, ParameterError) —
never another exception, never a hang. Time-boxed: the whole file runs in well under 30 s.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lkjip_nb.data import DataValidationError, load_dataset
from lkjip_nb.data.schemas import TABLES
from lkjip_nb.errors import ParameterError
from lkjip_nb.params import check_parameters, load_params_file
from tests.conftest import BUNDLED, DATA

SETTINGS = settings(max_examples=60, deadline=3000, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])

#: Cell texts people (and spreadsheets) produce, beside random text.
NASTY = ["", " ", "1e999", "-1e999", "inf", "nan", "NaN", "9223372036854775808",
         "-9223372036854775809", "1" + "0" * 40, "1.234.567", "1,5", "Rp 1.000", "50%",
         "ya", "TRUE", "0x10", "½", "١٢٣", "\u200b1", "=1+1", "\"", "a,b", "1\n2", "\x00",
         "<img src=x onerror=alert(1)>", "../../etc/passwd", "1e-999", "-0", "+5", ".5"]
cells = st.one_of(st.sampled_from(NASTY), st.text(max_size=30))


@pytest.fixture(scope="module")
def workspace() -> Iterator[Path]:
    """A copy of the bundled dataset; each example changes one file and puts it back."""
    folder = Path(tempfile.mkdtemp(prefix="lkjip-prop-"))
    shutil.copytree(DATA / BUNDLED, folder / BUNDLED)
    yield folder / BUNDLED
    shutil.rmtree(folder, ignore_errors=True)


def _loads_or_reports(root: Path) -> None:
    """Load the dataset: a Dataset, or a DataValidationError whose report names every
    problem; anything else fails the property."""
    try:
        dataset = load_dataset(root.parent, root.name)
    except DataValidationError as exc:
        assert exc.problems and exc.report().startswith(f"Dataset {root.name} tidak valid")
        return
    assert dataset.report_years  # a loaded dataset always reports on some year


class _Swap:
    """Replace one file's bytes for the duration of a block."""

    def __init__(self, path: Path, data: bytes):
        self.path, self.data = path, data
        self.original = path.read_bytes()

    def __enter__(self) -> Path:
        self.path.write_bytes(self.data)
        return self.path

    def __exit__(self, *exc: object) -> None:
        self.path.write_bytes(self.original)


TABLE_NAMES = sorted(name for name in TABLES if (DATA / BUNDLED / TABLES[name].file).is_file())


@SETTINGS
@given(name=st.sampled_from(TABLE_NAMES), data=st.binary(max_size=400))
def test_random_bytes_in_a_table(workspace, name, data):
    with _Swap(workspace / TABLES[name].file, data):
        _loads_or_reports(workspace)


@SETTINGS
@given(name=st.sampled_from(TABLE_NAMES), picks=st.lists(
    st.tuples(st.integers(0, 10_000), st.integers(0, 100), cells), min_size=1, max_size=4))
def test_random_values_in_random_cells(workspace, name, picks):
    import csv
    import io

    path = workspace / TABLES[name].file
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    for row_pick, col_pick, value in picks:
        row = rows[1 + row_pick % (len(rows) - 1)] if len(rows) > 1 else rows[0]
        row[col_pick % len(row)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    with _Swap(path, out.getvalue().encode("utf-8", "surrogatepass")):
        _loads_or_reports(workspace)


@SETTINGS
@given(data=st.one_of(st.binary(max_size=400),
                      st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_random_bytes_as_profile(workspace, data):
    with _Swap(workspace / "profile.yaml", data):
        _loads_or_reports(workspace)


yaml_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-(10**30), 10**30),
              st.floats(allow_nan=True, allow_infinity=True), cells),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.one_of(cells, st.integers()), inner, max_size=3)),
    max_leaves=8)


def _places(node: object, path: tuple = ()) -> list[tuple]:
    """Every path to a value inside a loaded YAML document."""
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _places(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _places(value, path + (i,))
    return found


@SETTINGS
@given(picks=st.lists(st.tuples(st.integers(0, 10_000), yaml_values), min_size=1, max_size=3))
def test_random_values_at_random_places_of_the_profile(workspace, picks):
    path = workspace / "profile.yaml"
    profile = yaml.safe_load(path.read_text(encoding="utf-8"))
    for pick, value in picks:
        places = [p for p in _places(profile) if p]
        where = places[pick % len(places)]
        node = profile
        for part in where[:-1]:
            node = node[part]
        node[where[-1]] = value
    text = yaml.safe_dump(profile, allow_unicode=True)
    with _Swap(path, text.encode("utf-8", "surrogatepass")):
        _loads_or_reports(workspace)


@SETTINGS
@given(data=st.one_of(st.binary(max_size=300),
                      st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_random_bytes_as_a_params_file(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("params") / "2024.yaml"
    path.write_bytes(data)
    try:
        values = load_params_file(path)
        check_parameters(values, "planning")
    except ParameterError:
        pass


@SETTINGS
@given(values=st.dictionaries(st.sampled_from(["year", "opd", "data_dir", "rounding", "x"]),
                              yaml_values, max_size=4))
def test_random_parameter_values(tmp_path_factory, values):
    path = tmp_path_factory.mktemp("params") / "2024.yaml"
    path.write_text(yaml.safe_dump(values, allow_unicode=True), encoding="utf-8",
                    errors="surrogatepass")
    try:
        loaded = load_params_file(path)
        checked = check_parameters(loaded, "planning")
    except ParameterError:
        return
    assert set(checked) <= {"year", "opd", "data_dir", "rounding"}
