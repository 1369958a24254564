"""Hardening of the data entry points: YAML bombs and duplicate keys, numbers past any sane
range, empty tables, unmeasured sasaran, survey files checked by validate, slugs that are no
folder names. Each bad input is one clear message naming file, line, column, value and rule."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lkjip_nb.data import load_dataset
from lkjip_nb.errors import ParameterError
from tests.conftest import BUNDLED, DATA
from tests.dataset_edits import edit as _edit
from tests.dataset_edits import problems as _problems


@pytest.fixture()
def copy(tmp_path) -> Path:
    """A copy of the bundled dataset (its folder)."""
    shutil.copytree(DATA / BUNDLED, tmp_path / BUNDLED)
    return tmp_path / BUNDLED




def _validate(root: Path, *more: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lkjip_nb", "validate", "--data",
                           str(root.parent), "--opd", root.name, *more],
                          capture_output=True, text=True, timeout=timeout)


def _alias_bomb(levels: int = 9) -> str:
    names = "abcdefghijklmnop"
    lines = ['lol0: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        aliases = ", ".join(f"*{names[i - 1]}" for _ in range(9))
        lines.append(f"lol{i}: &{names[i]} [{aliases}]")
    return "\n".join(lines) + "\n"


# --- item 4: YAML ----------------------------------------------------------------------------

def test_alias_bomb_in_profile_is_refused_at_once(copy):
    path = copy / "profile.yaml"
    path.write_text(path.read_text(encoding="utf-8") + _alias_bomb(), encoding="utf-8")
    done = _validate(copy, timeout=60)  # at HEAD: hangs past 300 s
    assert done.returncode == 1
    assert "profile.yaml baris" in done.stderr and "alias" in done.stderr
    assert "Traceback" not in done.stderr


def test_duplicate_key_names_the_key_and_both_lines(copy):
    path = copy / "profile.yaml"
    text = path.read_text(encoding="utf-8")
    first = text.splitlines().index("sasaran:") + 1
    path.write_text(text + "sasaran:\n  - id: S9\n    text: Sasaran kedua\n", encoding="utf-8")
    second = len(text.splitlines()) + 1
    [problem] = _problems(copy)
    assert problem.row == second
    assert "kunci 'sasaran' ganda" in problem.rule and f"baris {first}" in problem.rule


def test_recursive_alias_and_deep_nesting_are_yaml_errors():
    import yaml

    from lkjip_nb.yamlsafe import YamlRuleError, safe_load

    with pytest.raises(YamlRuleError, match="melingkar"):
        safe_load("a: &x [1, *x]\n")
    with pytest.raises(yaml.YAMLError):
        safe_load("[" * 20000 + "]" * 20000)
    # merged keys may be overridden, as YAML intends
    assert safe_load("b: &b {k: 1}\nm:\n  <<: *b\n  k: 2\n")["m"] == {"k": 2}


def test_duplicate_keys_in_a_params_file_are_a_parameter_error(tmp_path):
    from lkjip_nb.params import load_params_file

    path = tmp_path / "2024.yaml"
    path.write_text("year: 2024\nrounding: {}\nyear: 2023\n")
    with pytest.raises(ParameterError, match="'year' ganda"):
        load_params_file(path)


# --- item 6: numbers -------------------------------------------------------------------------

def test_numbers_past_any_sane_range_get_one_message_each(copy):
    _edit(copy / "belanja.csv", "2024,1,Belanja pegawai,2530668865,",
          "2024,1,Belanja pegawai,10000000000000000000000000000000000000000,")
    _edit(copy / "pemilu.csv", "953840", "9223372036854775808")
    target = (copy / "iku_targets.csv").read_text(encoding="utf-8").splitlines()[1].split(",")
    target[3] = "1e999"
    _edit(copy / "iku_targets.csv", (copy / "iku_targets.csv").read_text().splitlines()[1],
          ",".join(target))
    found = {(Path(p.file).name, p.column): p for p in _problems(copy)}
    money = found["belanja.csv", "anggaran"]
    assert money.row == 7 and "terlalu besar" in money.rule and money.value.startswith("1000")
    dpt = found["pemilu.csv", "dpt"]
    assert "terlalu besar" in dpt.rule and dpt.value == "9223372036854775808"
    assert "negatif" not in dpt.rule
    inf = found["iku_targets.csv", "target"]
    assert inf.value == "1e999" and inf.row == 2 and "terlalu besar" in inf.rule
    assert len(found) == 3


def test_a_percentage_far_past_100_is_refused(copy):
    line = (copy / "iku_realisasi.csv").read_text(encoding="utf-8").splitlines()[1]
    cells = line.split(",")
    header = (copy / "iku_realisasi.csv").read_text().splitlines()[0].split(",")
    cells[header.index("capaian_reported")] = "99000"
    _edit(copy / "iku_realisasi.csv", line, ",".join(cells))
    [problem] = _problems(copy)
    assert (problem.row, problem.column, problem.value) == (2, "capaian_reported", "99000.0")
    assert "persentase harus antara -1000 dan 1000" in problem.rule


def test_infinite_number_in_profile_is_refused(copy):
    _edit(copy / "profile.yaml", "above: 90", "above: .inf")
    problems = _problems(copy)
    assert any(p.value == "inf" and "terhingga" in p.rule for p in problems)


# --- item 7: what is missing -----------------------------------------------------------------

def test_header_only_required_table_says_what_is_missing(copy):
    path = copy / "iku_realisasi.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    done = _validate(copy)
    assert done.returncode == 1  # at HEAD: "valid ... tahun laporan ."
    assert "iku_realisasi.csv — berkas hanya berisi header" in done.stderr


def test_sasaran_without_iku_is_reported(copy):
    path = copy / "profile.yaml"
    text = path.read_text(encoding="utf-8")
    _edit(path, "sasaran:\n", "sasaran:\n  - id: S9\n    number: 9\n    text: Sasaran tanpa IKU\n")
    [problem] = _problems(copy)
    assert problem.column == "sasaran[S9].id" and problem.value == "S9"
    assert problem.row == text.splitlines().index("sasaran:") + 2
    assert "tidak punya IKU" in problem.rule


# --- item 8: survey files --------------------------------------------------------------------

def test_validate_checks_the_survey_files(copy):
    survey = copy / "iks" / "iks_survei_2024_sintetis.csv"
    survey.write_text(survey.read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8")
    done = _validate(copy)
    assert done.returncode == 1, done.stdout  # at HEAD: valid
    assert "iks/iks_survei_2024_sintetis.csv: berkas memakai titik koma (;)" in done.stderr


def test_validate_checks_the_codebook(copy):
    (copy / "iks" / "codebook.yaml").write_text("items: [\n", encoding="utf-8")
    done = _validate(copy)
    assert done.returncode == 1, done.stdout
    assert f"{BUNDLED}/iks/codebook.yaml" in done.stderr and "YAML" in done.stderr
    assert "Traceback" not in done.stderr


def test_validate_reports_every_survey_problem_with_row_and_column(copy):
    survey = copy / "iks" / "iks_survei_2023_sintetis.csv"
    lines = survey.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    item = header.index("KJ1")
    cells[item] = "17"
    lines[1] = ",".join(cells)
    survey.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = _validate(copy)
    assert done.returncode == 1
    assert "iks_survei_2023_sintetis.csv" in done.stderr and "baris 1" in done.stderr
    assert f"kolom '{header[item]}'" in done.stderr and "di luar skala" in done.stderr


def test_validate_of_the_bundled_dataset_names_its_surveys():
    done = subprocess.run([sys.executable, "-m", "lkjip_nb", "validate", "--data", str(DATA)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Survei IKS: 3 berkas valid (tahun 2022, 2023, 2024)" in done.stdout


# --- item 2: slugs ---------------------------------------------------------------------------

@pytest.mark.parametrize("slug", ["../victim", "/etc", "a/b", "Dinkes", ".hidden", "x y"])
def test_a_slug_that_is_no_folder_name_is_refused_everywhere(slug):
    from lkjip_nb.data.catalog import InvalidSlug, check_slug, resolve_opd

    with pytest.raises(InvalidSlug, match="tidak sah"):
        check_slug(slug)
    with pytest.raises(ParameterError, match="huruf kecil"):
        resolve_opd(DATA, slug)
    with pytest.raises(ParameterError):
        load_dataset(DATA, slug)


@pytest.mark.parametrize("command", [["validate"], ["audit"], ["iks", "--year", "2024"]])
def test_every_subcommand_refuses_a_path_as_opd(tmp_path, command):
    (tmp_path / "data").mkdir()
    shutil.copytree(DATA / BUNDLED, tmp_path / "data" / BUNDLED)
    shutil.copytree(DATA / BUNDLED, tmp_path / "victim")  # beside the data folder
    for opd in ("../victim", str(tmp_path / "victim")):
        done = subprocess.run([sys.executable, "-m", "lkjip_nb", *command, "--data",
                               str(tmp_path / "data"), "--opd", opd],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 2, done.stdout + done.stderr
        assert done.stderr.startswith("error: OPD ") and "tidak sah" in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1
