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


# --- Rows the report printed nothing for, codes and numbering styles of other agencies ------

def _unprinted_subtotals(tree):
    """The tree as an agency's data give it when programs and kegiatan have no printed
    amounts or numbers (nullable columns holding pd.NA)."""
    import pandas as pd

    out = tree.copy()
    upper = out["level"] != "sub_kegiatan"
    for column in ("anggaran_reported", "realisasi_reported"):
        out[column] = pd.array([pd.NA if u else v for u, v in zip(upper, out[column],
                                                                   strict=True)], dtype="Int64")
    out["no"] = [float("nan") if u else v for u, v in zip(upper, out["no"], strict=True)]
    return out


def test_rows_without_printed_amounts_show_only_the_computed_ones(ctx, tree):
    frame = _unprinted_subtotals(tree)
    shown = chapter.hierarchy_display(ctx, frame)
    program = shown.iloc[0]
    assert text(program["anggaran"]) == "3.380.503.014" and "⚠" not in str(program["anggaran"])
    assert text(program["no"]) == "I"
    assert chapter.tree_mismatches(frame).empty
    notes = " ".join(chapter.tree_notes(frame))
    assert "nan" not in notes and "tidak mencetak subtotalnya" in notes
    assert "angka cetak yang berbeda" not in notes
    assert "Laporan tidak mencetak subtotal" in chapter.tree_narrative(ctx, frame)


def test_per_kegiatan_numbering_is_not_flagged(ctx, tree):
    frame = tree.copy()
    numbers, within = [], 0
    for level, no in zip(frame["level"], frame["no"], strict=True):
        within = 0 if level != "sub_kegiatan" else within + 1
        numbers.append(str(within) if level == "sub_kegiatan" else no)
    frame["no"] = numbers  # 1, 2, 3 under each kegiatan instead of 1.1, 1.2, 1.3
    shown = chapter.hierarchy_display(ctx, frame)
    subs = shown[frame["level"].to_numpy() == "sub_kegiatan"]
    assert all("⚠" not in str(v) for v in subs["no"])
    assert list(subs["no"])[:2] == ["1.1", "2.1"]
    notes = " ".join(chapter.tree_notes(frame))
    assert "ditandai ⚠:" not in notes and "per kegiatan (1, 2, ...)" in notes


def test_codes_print_where_they_come_from_and_only_what_is_true(ctx, tree):
    frame = tree.copy()
    frame["code_source"] = ["nomenclature" if s == "printed" else s
                            for s in frame["code_source"]]
    frame.loc[frame["code"] == "8.01.06", "code_source"] = "user"
    frame = frame.drop(columns=[c for c in ("code_shown",) if c in frame])
    notes = " ".join(chapter.tree_notes(frame))
    assert "kode ditetapkan OPD" in notes
    # No sub kegiatan code is printed any more: nothing is derived from a printed code.
    assert "diturunkan dari kode sub kegiatan yang tercetak" not in notes
    names = chapter.hierarchy_display(ctx, frame)["name"]
    user = names[list(frame["code"]).index("8.01.06")]
    assert "8.01.06***" in str(user)
    # With the bundled codes the derived ones do come from printed sub kegiatan codes.
    assert "diturunkan dari kode sub kegiatan yang tercetak" in " ".join(chapter.tree_notes(tree))


def test_chart_note_follows_the_chart(tree):
    note = chapter.program_chart_note(tree)
    assert note.startswith("Sumbu logaritmik")  # 57,99 M against 107,9 jt
    one = tree[tree["code"].str.startswith("8.01.03")]
    assert chapter.program_chart_note(one) is None


def test_sasaran_tables_without_any_output_indicator(ctx, tree):
    frame = tree.copy()
    frame[["indicator", "target", "output_realisasi"]] = None
    tables = chapter.sasaran_tables(ctx, frame)
    notes = chapter.sasaran_notes(tables)
    joined = " ".join(n for t in tables for n in notes[t.number])
    assert "0 sasaran" not in joined and "(sasaran )" not in joined
    assert "Data tidak memuat indikator keluaran" in joined
    shown, cols, header = chapter.sasaran_display(ctx, tables[0])
    assert [c.key for c in cols] == ["no", "name", "anggaran", "realisasi", "persen"]
    assert header == []
    # The bundled S4 table has no indicator but its program's outcome target: columns stay.
    _, cols, _ = chapter.sasaran_display(ctx, chapter.sasaran_tables(ctx, tree)[3])
    assert "target" in [c.key for c in cols]
