"""The parsed-data memo: copies, content-hash invalidation, problems, warm-up."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from lkjip_nb.data import DataValidationError, cache, load_dataset
from lkjip_nb.data.schemas import TABLES
from lkjip_nb.data.tables import read_table
from lkjip_nb.runner import zygote_server
from lkjip_nb.runner.zygote import warm_env
from lkjip_nb.yamlsafe import SafeLoader, safe_load
from tests.conftest import BUNDLED, DATA

SPEC = TABLES["belanja"]


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture()
def parses(monkeypatch) -> list[str]:
    """Names of the tables actually parsed (cache misses)."""
    seen: list[str] = []
    real = cache.parse_table

    def counting(data, spec, label):
        seen.append(spec.name)
        return real(data, spec, label)

    monkeypatch.setattr(cache, "parse_table", counting)
    return seen


@pytest.fixture()
def copy_of_bundled(tmp_path) -> Path:
    shutil.copytree(DATA / BUNDLED, tmp_path / BUNDLED)
    return tmp_path / BUNDLED


def test_cached_read_is_an_equal_independent_copy(parses):
    path = DATA / BUNDLED / SPEC.file
    first, problems, digest = cache.load_table(path, SPEC, "x/belanja.csv")
    assert digest == hashlib.sha256(path.read_bytes()).hexdigest()
    assert problems == []
    pd.testing.assert_frame_equal(first, read_table(path, SPEC, "x/belanja.csv")[0])
    expected = first.copy()
    first.loc[0, "anggaran"] = -1
    del first["year"]
    second, _, _ = cache.load_table(path, SPEC, "x/belanja.csv")
    pd.testing.assert_frame_equal(second, expected)
    assert parses == ["belanja"]


def test_editing_the_file_invalidates(copy_of_bundled, parses):
    path = copy_of_bundled / SPEC.file
    before, _, digest = cache.load_table(path, SPEC, "b")
    text = path.read_text()
    path.write_text(text.replace("2530668865", "2530668866", 1))
    after, _, new_digest = cache.load_table(path, SPEC, "b")
    assert new_digest != digest
    assert parses == ["belanja", "belanja"]
    assert (after["anggaran"] == 2530668866).any() and not (before["anggaran"] == 2530668866).any()
    path.write_text(text)  # back to the first bytes: parsed again, equal to the first parse
    again, _, _ = cache.load_table(path, SPEC, "b")
    pd.testing.assert_frame_equal(again, before)


def test_problems_of_a_broken_file_are_reported_from_the_cache(copy_of_bundled, parses):
    path = copy_of_bundled / SPEC.file
    path.write_text(path.read_text().replace("2024,1,Belanja pegawai,2530668865,",
                                             "2024,1,Belanja pegawai,dua milyar,", 1))
    found = []
    for _ in range(2):
        with pytest.raises(DataValidationError) as info:
            load_dataset(copy_of_bundled.parent, BUNDLED)
        found.append([(p.file, p.row, p.column, p.value) for p in info.value.problems])
    assert found[0] == found[1] == [(f"{BUNDLED}/belanja.csv", 7, "anggaran", "dua milyar")]
    assert parses.count("belanja") == 1


def test_problems_carry_the_label_of_each_read(copy_of_bundled):
    path = copy_of_bundled / SPEC.file
    path.write_text(path.read_text().replace(",87990225,", ",-5,", 1))
    _, first, _ = cache.load_table(path, SPEC, "one/belanja.csv")
    _, second, _ = cache.load_table(path, SPEC, "two/belanja.csv")
    assert first and {p.file for p in first} == {"one/belanja.csv"}
    assert [(p.row, p.value) for p in second] == [(p.row, p.value) for p in first]
    assert {p.file for p in second} == {"two/belanja.csv"}


def test_dataset_records_the_same_files_and_hashes(parses):
    ds = load_dataset(DATA, BUNDLED)
    again = load_dataset(DATA, BUNDLED)
    root = DATA / BUNDLED
    expected = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
                for p in root.iterdir() if p.suffix in (".csv", ".yaml") and p.is_file()}
    assert ds.files == again.files == expected
    assert len(parses) == len(set(parses))  # the second load parsed nothing
    again.table("belanja")
    assert again.read_files() == ["belanja.csv"] and ds.read_files() == []


def test_cached_profile_is_a_copy():
    path = DATA / BUNDLED / "profile.yaml"
    profile, problems, _ = cache.load_profile(path, "p")
    assert problems == []
    profile["agency"]["name"] = "changed"
    profile["iku"].clear()
    again, _, _ = cache.load_profile(path, "p")
    assert again == safe_load(path.read_text(encoding="utf-8"))


def test_yaml_boolean_key_still_reported_through_the_cache(copy_of_bundled):
    path = copy_of_bundled / "profile.yaml"
    path.write_text(path.read_text().replace("    number: 1\n", "    no: 1\n", 1))
    for _ in range(2):
        _, problems, _ = cache.load_profile(path, "p")
        assert [(p.value, "kunci harus teks" in p.rule) for p in problems] == [("False", True)]


def test_fast_yaml_loader_resolves_like_the_safe_loader():
    if yaml.__with_libyaml__:  # libyaml's loader, with our duplicate-key and alias rules
        assert issubclass(SafeLoader, yaml.CSafeLoader)
    text = "a:\n  no: 1\n  on: 2\n  n: 3\nb: 2024-01-31\nc: 1_000\n"
    assert safe_load(text) == yaml.safe_load(text)


def test_warm_up_parses_every_file_and_survives_broken_ones(copy_of_bundled, tmp_path):
    (copy_of_bundled / "belanja.csv").write_bytes(b"\xff\xfe not utf-8")
    (copy_of_bundled / "programs.csv").write_text('a,b\n"unclosed,1\n')
    (copy_of_bundled / "konflik.csv").unlink()
    (copy_of_bundled / "konflik.csv").mkdir()  # not a file: skipped
    undecodable = tmp_path / "other"
    undecodable.mkdir()
    (undecodable / "profile.yaml").write_bytes(b"agency: \xff\n")  # raises when read
    files = sorted(p.name for p in copy_of_bundled.iterdir() if p.is_file())
    count = cache.warm([undecodable, copy_of_bundled, tmp_path / "missing", tmp_path / "x/y"])
    assert count == len(files)
    assert sorted(Path(p).name for p in cache.cached_files()) == files
    with pytest.raises(DataValidationError) as info:  # still reported by the loader
        load_dataset(copy_of_bundled.parent, BUNDLED)
    broken = {p.file: p.rule for p in info.value.problems if p.row is None}
    assert broken.keys() == {f"{BUNDLED}/belanja.csv", f"{BUNDLED}/programs.csv"}
    assert all("bukan CSV yang sah" in rule for rule in broken.values())


def test_zygote_warms_the_folders_of_its_environment(monkeypatch, copy_of_bundled):
    env = warm_env([copy_of_bundled, DATA / BUNDLED, copy_of_bundled])
    folders = sorted({str((DATA / BUNDLED).resolve()), str(copy_of_bundled.resolve())})
    assert env == {zygote_server.WARM_ENV: os.pathsep.join(folders)}
    assert warm_env([]) == {}
    monkeypatch.setenv(zygote_server.WARM_ENV, env[zygote_server.WARM_ENV])
    zygote_server.warm_data()
    cached = cache.cached_files()
    assert str((DATA / BUNDLED / "belanja.csv").resolve()) in cached
    assert str((copy_of_bundled / "profile.yaml").resolve()) in cached
    monkeypatch.setenv(zygote_server.WARM_ENV, "")
    cache.clear()
    zygote_server.warm_data()
    assert cache.cached_files() == []
