"""Hashes behind incremental runs, and atomic writes."""

from __future__ import annotations

import pytest

from lkjip_nb.artifacts import atomic
from lkjip_nb.artifacts.state import is_current, mark_built
from lkjip_nb.runner.fingerprint import data_fingerprint, hash_tree


def _files(tmp_path, **content):
    for name, text in content.items():
        (tmp_path / name).write_text(text)
    return hash_tree(tmp_path)


def test_recorded_inputs_limit_what_counts(tmp_path):
    before = _files(tmp_path, **{"a.csv": "1", "b.csv": "2"})
    fp_a = data_fingerprint(before, ["a.csv"], tmp_path)
    fp_all = data_fingerprint(before, None, tmp_path)
    after_b = _files(tmp_path, **{"b.csv": "changed"})
    assert data_fingerprint(after_b, ["a.csv"], tmp_path) == fp_a
    assert data_fingerprint(after_b, None, tmp_path) != fp_all
    after_a = _files(tmp_path, **{"a.csv": "changed"})
    assert data_fingerprint(after_a, ["a.csv"], tmp_path) != fp_a


def test_added_file_counts_even_with_inputs(tmp_path):
    before = _files(tmp_path, **{"a.csv": "1"})
    fp = data_fingerprint(before, ["a.csv"], tmp_path)
    assert data_fingerprint(_files(tmp_path, **{"new.csv": "x"}), ["a.csv"], tmp_path) != fp


def test_absolute_input_paths_inside_the_folder_are_relative(tmp_path):
    files = _files(tmp_path, **{"a.csv": "1"})
    assert (data_fingerprint(files, [str(tmp_path / "a.csv")], tmp_path)
            == data_fingerprint(files, ["a.csv"], tmp_path))


def test_hidden_files_are_ignored(tmp_path):
    _files(tmp_path, **{"a.csv": "1", ".~lock.a.csv#": "x"})
    assert list(hash_tree(tmp_path)) == ["a.csv"]


def test_atomic_write_keeps_old_file_when_writing_fails(tmp_path, monkeypatch):
    target = tmp_path / "x.html"
    atomic.write_text(target, "good")

    def boom(path, data):
        path.write_bytes(data[:1])  # part of it fits, then the disk is full
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic, "write_file", boom)
    with pytest.raises(OSError, match="disk penuh"):
        atomic.write_text(target, "new")
    monkeypatch.undo()
    assert target.read_text() == "good"
    assert [p.name for p in tmp_path.iterdir()] == ["x.html"]


def test_stale_temps_are_removed_and_outputs_are_readable(tmp_path):
    tmp = atomic.temp_path_for(tmp_path / "y" / "a.ipynb")
    assert atomic.remove_stale_temps(tmp_path) == 1
    assert not tmp.exists()
    atomic.write_text(tmp_path / "z.html", "x")
    assert (tmp_path / "z.html").stat().st_mode & 0o044 == 0o044


def test_build_keys(tmp_path):
    out = tmp_path / "a.html"
    assert not is_current(out, "k1")
    out.write_text("x")
    mark_built(out, "k1")
    assert is_current(out, "k1")
    assert not is_current(out, "k2")


def test_inputs_relative_to_data_dir_are_understood(tmp_path):
    opd = tmp_path / "dinas-x"
    opd.mkdir()
    files = _files(opd, **{"a.csv": "1", "b.csv": "2"})
    fp = data_fingerprint(files, ["dinas-x/a.csv"], opd)
    assert fp == data_fingerprint(files, ["a.csv"], opd)
    assert data_fingerprint(_files(opd, **{"a.csv": "9"}), ["dinas-x/a.csv"], opd) != fp
