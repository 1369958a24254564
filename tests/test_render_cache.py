"""The per-user render cache: reused across runs, keyed by what it is derived from, never fatal."""

from __future__ import annotations

from lkjip_nb.render import cache


def test_result_is_kept_and_rebuilt_when_its_sources_change(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    builds = []

    def build():
        builds.append(1)
        return {"value": len(builds)}

    assert cache.cached_pickle("t", [b"a"], build) == {"value": 1}
    assert cache.cached_pickle("t", [b"a"], build) == {"value": 1}  # from disk
    assert cache.cached_pickle("t", [b"b"], build) == {"value": 2}  # other sources
    assert len(builds) == 2


def test_damaged_entry_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    cache.cached_pickle("t", [b"a"], lambda: 1)
    for entry in (tmp_path / "t").iterdir():
        entry.write_bytes(b"\x80not a pickle")
    assert cache.cached_pickle("t", [b"a"], lambda: 2) == 2
    assert cache.cached_pickle("t", [b"a"], lambda: 3) == 2


def test_disabled_or_unusable_cache_just_builds(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, "")
    assert cache.cache_dir() is None
    assert cache.cached_pickle("t", [b"a"], lambda: 5) == 5
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocker))
    assert cache.subdir("t") is None
    assert cache.cached_pickle("t", [b"a"], lambda: 6) == 6


def test_cached_render_is_the_same_page(tmp_path, monkeypatch):
    """A page rendered with compiled templates and the stylesheet from the cache (as in a
    second run) equals the page rendered from scratch."""
    from nbformat.v4 import new_markdown_cell, new_notebook

    from lkjip_nb.render import css, html

    nb = new_notebook(cells=[new_markdown_cell("# Judul\n\nTeks.")])
    info = html.ReportInfo(agency="Dinas Contoh", year=2024,
                           generated_at="2024-01-01T00:00:00+00:00")

    def fresh_render() -> str:
        html._exporters.clear()
        css._sheets.clear()
        return html.render_html(nb, info)

    monkeypatch.setenv(cache.CACHE_ENV, "")
    scratch = fresh_render()
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    first = fresh_render()
    assert any((tmp_path / "jinja").iterdir()) and any((tmp_path / "css").iterdir())
    second = fresh_render()  # templates and stylesheet loaded from the cache
    html._exporters.clear()
    css._sheets.clear()
    assert scratch == first == second
