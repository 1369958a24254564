"""chapters/audit.py: the display frames of the audit notebook and the helpers other chapters
call to show their own findings."""

from __future__ import annotations

import pytest

from lkjip_nb.chapters import audit as chapter
from tests.conftest import chapter_context


@pytest.fixture(scope="module")
def ctx():
    return chapter_context("audit", 2024)


@pytest.fixture(scope="module")
def found(ctx):
    return chapter.findings(ctx)


def test_summary_counts(found):
    frame = chapter.summary(found)
    assert list(frame["jumlah"]) == ["11", "2", "4"]
    assert list(frame["tingkat"]) == ["Kesalahan", "Peringatan", "Catatan"]


def test_groups_follow_chapters_and_number_through(found):
    groups = chapter.groups(found)
    assert [g.chapter for g in groups] == ["indicators", "budget", "hibah"]
    numbers = [int(n) for g in groups for t in g.tables for n in t.frame["no"].str.extract(
        r">(\d+)<")[0]]
    assert numbers == list(range(1, len(found) + 1))
    titles = [t.title for g in groups for t in g.tables]
    assert "Temuan Audit pada Tabel 3.6" in titles
    assert "Temuan Audit pada kelengkapan unsur Bab III per indikator" in titles


def test_figures_side_by_side_with_the_same_decimals(found):
    f = next(f for f in found if f.id == "turnout/pemilu/pemilu/2019")
    row = chapter.frame([f]).iloc[0]
    assert (row["tercetak"], row["hitung"], row["selisih"]) == ("80,40", "80,41", "-0,01")
    money = next(f for f in found if f.id == "cross_table/belanja/2024/anggaran")
    row = chapter.frame([money]).iloc[0]
    assert (row["tercetak"], row["selisih"]) == ("66.347.193.835", "-1.159.430")


def test_location_names_files_and_line_ranges(found):
    f = next(f for f in found if f.check == "cumulative")
    assert chapter.location(f) == "reported_totals.csv baris 30; ormas_terdaftar.csv baris 2–9"


def test_helpers_for_other_chapters(found):
    budget = chapter_context("budget", 2024)
    mine = chapter.for_chapter(budget)
    assert mine and {f.chapter for f in mine} == {"budget"}
    assert chapter.sentences(mine)[0].startswith("⚠ ")
    hit = chapter.mark(found, "sub_kegiatan", "no_reported", code="8.01.01.2.02.0004")
    assert hit is not None and hit.check == "numbering"
    assert chapter.mark(found, "sub_kegiatan", "percent_reported",
                        code="8.01.01.2.02.0004") is None


def test_key_figures(found):
    assert chapter.key_figures(found) == {"audit_kesalahan": 11, "audit_peringatan": 2,
                                          "audit_catatan": 4}
