"""The per-user cache of the index pages' compiled templates: reused across runs, never fatal."""

from __future__ import annotations

import tempfile
from pathlib import Path

from lkjip_nb.render import cache
from lkjip_nb.render.index import write_root_index

FOOTER = {"generated_at": "2024-01-01T00:00:00+00:00", "lkjip_nb": "0.0"}


def _render() -> str:
    """The root index page of an empty output folder."""
    with tempfile.TemporaryDirectory() as out:
        return write_root_index(Path(out), FOOTER).read_text(encoding="utf-8")


def test_compiled_templates_are_kept_and_give_the_same_page(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, "")
    scratch = _render()
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    first = _render()
    entries = list((tmp_path / "jinja").iterdir())
    assert entries
    stamps = {e: e.stat().st_mtime_ns for e in entries}
    second = _render()  # loaded from the cache, not compiled and written again
    assert {e: e.stat().st_mtime_ns for e in entries} == stamps
    assert scratch == first == second


def test_damaged_entry_is_compiled_again(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    good = _render()
    for entry in (tmp_path / "jinja").iterdir():
        entry.write_bytes(b"\x80not bytecode")
    assert _render() == good


def test_disabled_or_unusable_cache_just_compiles(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, "")
    assert cache.cache_dir() is None and cache.jinja_bytecode_cache() is None
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocker))
    assert cache.subdir("jinja") is None and cache.jinja_bytecode_cache() is None
    assert "<html" in _render()
