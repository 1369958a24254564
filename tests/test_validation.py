"""Bad input: every problem reported at once with file, row, column, value and rule."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lkjip_nb.data import DataValidationError, load_dataset
from tests.conftest import BUNDLED, DATA


@pytest.fixture()
def broken(tmp_path) -> Path:
    """A copy of the bundled dataset with three planted errors."""
    shutil.copytree(DATA / BUNDLED, tmp_path / BUNDLED)
    root = tmp_path / BUNDLED

    def edit(name: str, old: str, new: str) -> None:
        path = root / name
        text = path.read_text()
        assert old in text, f"{old!r} not in {name}"
        path.write_text(text.replace(old, new, 1))

    edit("belanja.csv", "2024,1,Belanja pegawai,2530668865,", "2024,1,Belanja pegawai,dua milyar,")
    edit("kegiatan.csv", "2024,8.01.06.2.01,derived,8.01.06,", "2024,8.01.06.2.01,derived,8.01.09,")
    edit("sub_kegiatan.csv", "2024,8.01.02.2.01.0005,", "2024,8.01.02.2.01.0003,")
    return tmp_path


def test_bundled_dataset_is_valid():
    ds = load_dataset(DATA, BUNDLED)
    assert ds.report_years == [2022, 2023, 2024]


def test_all_problems_at_once(broken):
    with pytest.raises(DataValidationError) as info:
        load_dataset(broken, BUNDLED)
    found = {(Path(p.file).name, p.row, p.column, p.value) for p in info.value.problems}
    assert ("belanja.csv", 7, "anggaran", "dua milyar") in found
    assert ("kegiatan.csv", 10, "program_code", "8.01.09") in found
    assert ("sub_kegiatan.csv", 13, "code", "8.01.02.2.01.0003") in found
    assert len(info.value.problems) == 3
    message = str(info.value)
    assert "belanja.csv baris 7, kolom 'anggaran': nilai 'dua milyar'" in message
    assert "kode induk tidak ada" in message
    assert "duplikat" in message


def test_rules_in_messages(tmp_path):
    shutil.copytree(DATA / BUNDLED, tmp_path / BUNDLED)
    root = tmp_path / BUNDLED
    text = (root / "sub_kegiatan.csv").read_text().replace(",orang,450,450", ",botol,450,450", 1)
    (root / "sub_kegiatan.csv").write_text(text)
    progs = (root / "programs.csv").read_text().replace(",S3,57987983832", ",S9,57987983832")
    (root / "programs.csv").write_text(progs)
    belanja = (root / "belanja.csv").read_text().replace(",87990225,", ",-5,")
    (root / "belanja.csv").write_text(belanja)
    with pytest.raises(DataValidationError) as info:
        load_dataset(tmp_path, BUNDLED)
    rules = {(p.column, p.value): p.rule for p in info.value.problems}
    assert rules[("output_unit", "botol")].startswith("satuan 'botol' tidak dikenal")
    assert "'units:'" in rules[("output_unit", "botol")]
    assert rules[("sasaran_id", "S9")] == "sasaran tidak ada di profile.yaml"
    assert rules[("anggaran", "-5")] == "tidak boleh negatif"


def test_missing_required_file_and_column(tmp_path):
    shutil.copytree(DATA / BUNDLED, tmp_path / BUNDLED)
    root = tmp_path / BUNDLED
    (root / "programs.csv").unlink()
    lines = (root / "belanja.csv").read_text().splitlines()
    lines[0] = lines[0].replace("realisasi", "realisai")
    (root / "belanja.csv").write_text("\n".join(lines) + "\n")
    with pytest.raises(DataValidationError) as info:
        load_dataset(tmp_path, BUNDLED)
    rules = {(Path(p.file).name, p.column, p.rule) for p in info.value.problems}
    assert ("programs.csv", "", "berkas wajib tidak ada") in rules
    assert ("belanja.csv", "realisasi", "kolom wajib tidak ada") in rules
    assert ("belanja.csv", "realisai", "kolom tidak dikenal (periksa ejaan nama kolom)") in rules


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lkjip_nb", "validate", *args],
                          capture_output=True, text=True, timeout=120)


def test_cli_validate_ok():
    result = _cli("--data", str(DATA))
    assert result.returncode == 0, result.stderr
    assert "valid" in result.stdout


def test_cli_validate_reports_every_problem_without_traceback(broken):
    result = _cli("--data", str(broken), "--opd", BUNDLED)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "3 masalah" in result.stderr
    assert "kegiatan.csv baris 10, kolom 'program_code': nilai '8.01.09'" in result.stderr


def test_cli_unknown_opd():
    result = _cli("--data", str(DATA), "--opd", "tidak-ada")
    assert result.returncode == 2
    assert "tidak ada" in result.stderr and "Traceback" not in result.stderr


def test_year_restriction(dataset):
    from lkjip_nb.data import YearNotInDataset

    with pytest.raises(YearNotInDataset, match="2019"):
        dataset.for_year(2019)
    ds = dataset.for_year(2023)
    assert ds.table("sub_kegiatan").empty
    assert set(ds.table("belanja")["year"]) == {2023, 2024}


def test_data_reference_is_current():
    from lkjip_nb.data.reference import render

    assert (DATA.parent / "docs" / "data.md").read_text() == render(), \
        "run: python -m lkjip_nb.data.reference > docs/data.md"


def test_profile_yaml_boolean_key_is_reported(tmp_path):
    shutil.copytree(DATA / BUNDLED, tmp_path / BUNDLED)
    path = tmp_path / BUNDLED / "profile.yaml"
    path.write_text(path.read_text().replace("    number: 1\n", "    no: 1\n", 1))
    with pytest.raises(DataValidationError) as info:
        load_dataset(tmp_path, BUNDLED)
    [problem] = info.value.problems
    assert problem.file.endswith("profile.yaml") and problem.value == "False"
    assert "kunci harus teks" in problem.rule
