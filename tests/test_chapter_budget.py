"""Bab III.B chapter module and its budget functions, against the 2024 report's printed figures.

Expected values are the report's printed numbers (or the documented differences from them);
everything compared with them is computed from the raw data.
"""

from __future__ import annotations

import re

import pytest

from lkjip_nb import budget
from lkjip_nb.chapters import budget as chapter
from lkjip_nb.chapters.common import has_budget
from tests.conftest import chapter_context


def text(cell) -> str:
    """A display cell without its markup."""
    return re.sub(r"<[^>]+>", "", str(cell))


def context(year: int):
    return chapter_context("budget", year)


@pytest.fixture(scope="module")
def ctx():
    return context(2024)


@pytest.fixture(scope="module")
def tree(ctx):
    return chapter.tree(ctx)


@pytest.fixture(scope="module")
def belanja(ctx):
    return chapter.belanja(ctx)


def test_roman_and_positional_numbers(tree):
    assert [budget.roman(n) for n in (1, 4, 6, 9, 14, 40)] == ["I", "IV", "VI", "IX", "XIV", "XL"]
    programs = tree[tree["level"] == "program"]
    assert list(programs["no_calc"]) == ["I", "II", "III", "IV", "V", "VI"]
    # The report prints "2.2" twice under Administrasi Keuangan; by position the second is 2.3.
    row = tree.set_index("code").loc["8.01.01.2.02.0004"]
    assert (row["no"], row["no_calc"]) == ("2.2", "2.3")
    subs = tree[tree["level"] == "sub_kegiatan"]
    assert (subs["no_calc"] == subs["no"]).sum() == len(subs) - 1


def test_counts_computed_and_printed(ctx, tree):
    counts = chapter.counts(ctx, tree)
    assert {k: v["computed"] for k, v in counts.items()} == {
        "program": 6, "kegiatan": 11, "sub_kegiatan": 26}
    assert {k: int(v["reported"]) for k, v in counts.items()} == {
        "program": 6, "kegiatan": 11, "sub_kegiatan": 26}


def test_table_3_7_rollups_match_every_printed_subtotal(tree):
    assert chapter.tree_mismatches(tree).empty
    kegiatan = tree[tree["level"] == "kegiatan"].set_index("code")
    assert kegiatan.loc["8.01.01.2.02", "anggaran"] == 2_503_321_165
    assert kegiatan.loc["8.01.01.2.06", "realisasi"] == 393_250_188
    total = budget.totals(tree[tree["level"] == "sub_kegiatan"])
    assert (total["anggaran"], total["realisasi"]) == (66_348_353_265, 66_054_901_370)


def test_table_3_6_totals_and_printed_differences(ctx, belanja, policy):
    total = chapter.total_row(belanja)
    # Sum of the printed rows; the report prints 66.347.193.865 as the Jumlah.
    assert total["anggaran_2024"] == 66_347_193_835
    assert chapter.reported_value(ctx, "3.6", 2024, "anggaran") == 66_347_193_865
    assert total["realisasi_2024"] == 66_054_901_370
    assert total["anggaran_2023"] == 44_566_775_320
    assert total["realisasi_2023"] == 44_362_650_312
    assert policy.round(total["persen_2024"], "persen_anggaran") == 99.56
    assert policy.round(total["persen_2023"], "persen_anggaran") == 99.54
    assert total["perubahan_anggaran"] == 66_347_193_835 - 44_566_775_320
    rows = belanja[~belanja["is_total"]].set_index("type")
    assert policy.round(rows.loc["Belanja modal dan peralatan dan mesin", "persen_2024"],
                        "persen_anggaran") == 94.67


def test_belanja_findings_name_every_printed_difference(ctx, belanja, tree):
    text = " ".join(chapter.belanja_findings(ctx, belanja, tree))
    assert "Rp\u00a030 " in text  # printed Jumlah vs sum of rows
    assert "Rp\u00a01.159.430" in text  # Tabel 3.6 vs Tabel 3.7 anggaran
    assert "Rp\u00a03.705.199.583" in text and "realisasinya" in text  # narrative quotes realisasi


def test_table_3_6_display_marks_the_printed_total(ctx, belanja):
    frame, cols, header = chapter.table_3_6(ctx, belanja)
    jumlah = frame.iloc[-1]
    assert "66.347.193.835" in jumlah["anggaran_2024"]
    assert "tercetak 66.347.193.865" in jumlah["anggaran_2024"]
    assert jumlah["anggaran_2023"] == "44.566.775.320"
    assert "Tahun 2023" in header[0] and "Tahun 2024" in header[0]
    # A type without anggaran shows "–", not a flagged 0.
    assert frame.iloc[4]["persen_2024"] == "–"


def test_sasaran_tables_numbered_after_3_7(ctx, tree):
    tables = chapter.sasaran_tables(ctx, tree)
    assert [(t.number, t.sasaran_id, t.has_outputs) for t in tables] == [
        ("3.8", "S1", True), ("3.9", "S2", True), ("3.10", "S3", True), ("3.11", "S4", False)]
    notes = chapter.sasaran_notes(tables)
    assert len(notes["3.8"]) == 1 and "hanya untuk 3 sasaran" in notes["3.11"][-1]
    s3 = tables[2].rows.set_index("code")
    assert (s3.loc["8.01.03", "target"], s3.loc["8.01.03", "output_realisasi"]) == (80, 75.62)
    frame, cols, _ = chapter.sasaran_display(ctx, tables[0])
    assert "450 orang" in [text(v) for v in frame["target"]]
    assert text(frame.iloc[-1]["anggaran"]) == "1.108.265.687"


def test_sub_narratives_with_a_different_percent(ctx, tree):
    checks = chapter.sub_narrative_checks(ctx, tree).set_index("code")
    assert checks.loc["8.01.03.2.01.0003", "persen_narasi"] == 95.26
    assert ctx.policy.round(checks.loc["8.01.03.2.01.0003", "persen"], "persen_anggaran") == 91.65
    assert ctx.policy.round(checks.loc["8.01.04.2.01.0003", "persen"], "persen_anggaran") == 99.97
    assert checks["differs"].all()


def test_key_figures(ctx, belanja, tree):
    f = chapter.key_figures(ctx, belanja, tree)
    assert f["anggaran_total"] == 66_348_353_265
    assert f["realisasi_total"] == 66_054_901_370
    assert f["persen_total"] == 99.56
    assert [f[f"persen_{c}"] for c in ("8.01.01", "8.01.02", "8.01.05", "8.01.06", "8.01.03",
                                       "8.01.04")] == [95.34, 99.93, 99.97, 94.20, 99.93, 98.92]
    assert f["belanja_anggaran_2024"] == 66_347_193_835
    assert f["belanja_anggaran_tercetak_2024"] == 66_347_193_865
    assert f["selisih_anggaran_3_6_3_7"] == 1_159_430
    assert (f["jumlah_program"], f["jumlah_kegiatan"], f["jumlah_sub_kegiatan"]) == (6, 11, 26)


def test_title_case_keeps_conjunctions_small():
    assert chapter.title_case("PROGRAM PEMBINAAN DAN PENGEMBANGAN KETAHANAN EKONOMI") == \
        "Program Pembinaan dan Pengembangan Ketahanan Ekonomi"
    assert chapter.program_name("PROGRAM PENUNJANG URUSAN") == "Program Penunjang Urusan"
    assert chapter.program_name("Penunjang") == "Program Penunjang"


def test_partial_year_2023_has_belanja_without_comparison():
    ctx = context(2023)
    frame = chapter.belanja(ctx)
    assert chapter.belanja_years(frame) == [2023]
    assert not chapter.has_change(frame)
    assert "2022 tidak tersedia" in chapter.belanja_narrative(ctx, frame)
    assert not has_budget(ctx)


def test_partial_year_2022_has_no_belanja():
    assert not chapter.has_belanja(context(2022))
