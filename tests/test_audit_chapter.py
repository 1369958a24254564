"""chapters/audit.py: the display frames of the audit notebook and the helpers other chapters
call to show their own findings."""

from __future__ import annotations

import re

import pytest
from markupsafe import Markup

from lkjip_nb.audit import Finding, Mention
from lkjip_nb.chapters import audit as chapter
from lkjip_nb.present import REF
from tests.conftest import chapter_context

#: A table named by its number ("Tabel 3.6", "Tabel 3.7-3.10").
NUMBERED = re.compile(r"\bTabel \d+(?:\.\d+)*")


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
    total = next(f for f in found if f.check == "sum" and f.rows[0]["table"] == "reported_totals")
    assert f"Temuan Audit pada Tabel {total.rows[0]['report_table']} laporan tercetak" in titles
    # a group title names a table by number only as the printed report's
    for title in titles:
        for m in NUMBERED.finditer(title):
            assert title[m.end():].startswith(" laporan tercetak"), title
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


def test_findings_are_computed_once_per_dataset(ctx, monkeypatch):
    import dataclasses

    calls = []
    real = chapter.audit
    monkeypatch.setattr(chapter, "audit", lambda *a, **k: calls.append(1) or real(*a, **k))
    other = chapter_context("budget", 2024)
    first = chapter.findings(other)
    assert chapter.findings(other) == first and chapter.for_chapter(other) and len(calls) == 1
    # another dataset object (an altered profile) is audited afresh
    changed = dataclasses.replace(other, dataset=dataclasses.replace(other.dataset))
    chapter.findings(changed)
    assert len(calls) == 2


def test_beside_marks_by_severity(found):
    error = next(f for f in found if f.id == "turnout/pemilu/pilkada/2020")
    info = next(f for f in found if f.id == "turnout/pemilu/pemilu/2019")
    assert chapter.beside("67,01", None) == "67,01"
    assert "⚠" in chapter.beside("67,01", error) and "tercetak 67,08" in chapter.beside(
        "67,01", error, lambda v: f"{v:.2f}".replace(".", ","))
    note = chapter.beside("80,41", info, printed="80,40")
    assert "⚠" not in note and "(tercetak 80,40)" in note and "Catatan:" in note
    assert chapter.beside("80,40", info, printed="80,40") == "80,40"  # nothing to add
    assert chapter.flag(error) == " ⚠" and chapter.flag(info) == "" and chapter.flag(None) == ""
    assert chapter.worst(info, None, error) is error and chapter.worst(None) is None


def test_a_cell_mark_needs_the_key_and_the_column_on_the_same_row(found):
    # DEMOKRASI 2023 is printed 75 in Tabel 2.4 against 70 in the sasaran table: the finding
    # names both rows, but marks only the cell printed in Tabel 2.4 ...
    hit = chapter.mark(found, "iku_realisasi", "realisasi", iku_id="DEMOKRASI", year=2023,
                       reported_in="2.4")
    assert hit is not None and hit.check == "cross_table"
    assert len(chapter.on_cells(found, "iku_realisasi", ("realisasi",), iku_id="DEMOKRASI",
                                year=2023)) == 1
    # ... and the formula finding on the 2024 realisasi marks no grade cell
    assert chapter.mark(found, "iku_realisasi", "grade_reported", iku_id="DEMOKRASI",
                        year=2024, reported_in="3.1") is None
    assert chapter.unique(found, found) == list(found)


def test_a_note_names_the_tables_a_document_shows_by_reference(found):
    cross = next(f for f in found if f.id == "cross_table/belanja/2024/anggaran")
    note = chapter.note(cross)
    assert isinstance(note, Markup) and len(cross.mentions) == 2
    for m in cross.mentions:
        assert m.text not in note and f"{m.lead}<span" in note
        assert f'data-ref="{m.key}" data-aside="1">' in note
    assert not NUMBERED.search(REF.sub("", note))  # no printed number is left for the reader
    assert chapter.sentences([cross]) == [Markup("⚠ ") + note]
    # a printed place stays the printed report's; the cause is escaped
    total = next(f for f in found if f.check == "sum" and f.rows[0]["table"] == "reported_totals")
    assert chapter.note(total) == Markup.escape(total.cause) and "laporan tercetak" in total.cause
    made = Finding("x", "info", "sum", ("belanja",), ({"table": "belanja"},), 1, 2, -1,
                   "Angka <b> pada tabel belanja (Tabel 9.9 laporan tercetak) & lain.", "",
                   mentions=(Mention("tabel belanja (Tabel 9.9 laporan tercetak)", "belanja"),))
    made_note = chapter.note(made)
    assert "&lt;b&gt;" in made_note and "&amp; lain" in made_note and "9.9" not in made_note
    assert 'data-ref="belanja">' in made_note and "data-aside" not in made_note
