"""Bab III.B chapter module and its budget functions, against the 2024 report's printed figures.

Expected values are the report's printed numbers (or the documented differences from them);
everything compared with them is computed from the raw data.
"""

from __future__ import annotations

import re

import pytest

from lkjip_nb import budget
from lkjip_nb.chapters import budget as chapter
from lkjip_nb.chapters.audit import findings
from lkjip_nb.chapters.common import has_budget
from tests.conftest import BUNDLED, chapter_context
from tests.test_audit_support import copy_bundled, edit, read, write


def text(cell) -> str:
    """A display cell without its markup."""
    return re.sub(r"<[^>]+>", "", str(cell))


def context(year: int):
    return chapter_context("budget", year)


def copy_context(folder, year: int = 2024):
    """The budget chapter's context on an (altered) copy of the bundled dataset."""
    from lkjip_nb.notebook import start

    return start("budget", {"year": year, "opd": BUNDLED, "data_dir": str(folder.parent),
                            "rounding": {}}, style=False)


def row_of(shown, tree, code: str):
    """The display row of one code of the tree."""
    return shown.iloc[list(tree["code"]).index(code)]


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
    assert budget.hierarchy_counts(tree) == {"program": 6, "kegiatan": 11, "sub_kegiatan": 26}
    # The narrative prints 6, 11 and 26: the audit finds nothing to mark.
    assert chapter.count_marks(ctx) == {"program": None, "kegiatan": None, "sub_kegiatan": None}
    assert "sama dengan yang dicetak laporan" in chapter.tree_narrative(ctx, tree)


def test_table_3_7_rollups_match_every_printed_subtotal(ctx, tree):
    assert chapter.tree_marks(ctx, tree, "sum") == []
    kegiatan = tree[tree["level"] == "kegiatan"].set_index("code")
    assert kegiatan.loc["8.01.01.2.02", "anggaran"] == 2_503_321_165
    assert kegiatan.loc["8.01.01.2.06", "realisasi"] == 393_250_188
    total = budget.totals(tree[tree["level"] == "sub_kegiatan"])
    assert (total["anggaran"], total["realisasi"]) == (66_348_353_265, 66_054_901_370)


def test_table_3_6_totals_and_printed_differences(ctx, belanja, policy):
    total = chapter.total_row(belanja)
    # Sum of the printed rows; the report prints 66.347.193.865 as the Jumlah.
    assert total["anggaran_2024"] == 66_347_193_835
    printed = chapter.printed_total(findings(ctx), "3.6", 2024, "anggaran")
    assert (printed.severity, printed.reported) == ("error", 66_347_193_865)
    assert total["realisasi_2024"] == 66_054_901_370
    assert total["anggaran_2023"] == 44_566_775_320
    assert total["realisasi_2023"] == 44_362_650_312
    assert policy.round(total["persen_2024"], "persen_anggaran") == 99.56
    assert policy.round(total["persen_2023"], "persen_anggaran") == 99.54
    assert total["perubahan_anggaran"] == 66_347_193_835 - 44_566_775_320
    rows = belanja[~belanja["is_total"]].set_index("type")
    assert policy.round(rows.loc["Belanja modal dan peralatan dan mesin", "persen_2024"],
                        "persen_anggaran") == 94.67


def test_belanja_sentences_name_every_printed_difference(ctx, belanja, tree):
    said = chapter.belanja_sentences(ctx, belanja, tree)
    text = " ".join(said)
    assert "(selisih Rp\u00a030)" in text  # printed Jumlah vs sum of rows
    assert "Rp\u00a01.159.430" in text  # Tabel 3.6 vs Tabel 3.7 anggaran
    # the narrative's "anggaran" of barang dan jasa is its realisasi (the audit's wording)
    assert "Rp\u00a03.705.199.583" in text and "realisasi Belanja barang dan jasa" in text
    assert "Jumlah realisasi" in text and "sama dengan total" in text  # 3.6 and 3.7 agree
    assert len(said) == len(set(said)) == 5  # each finding once


def test_belanja_notes_name_this_documents_tables_by_reference(ctx, belanja, tree):
    from lkjip_nb.present import REF

    said = chapter.belanja_sentences(ctx, belanja, tree)
    refs = [m["key"] for s in said for m in REF.finditer(s)]
    # the comparison of belanja by type with the program tree refers to both tables shown here
    assert {"belanja", "program-tree"} <= set(refs)
    for sentence in said:  # any other table number is the printed report's, said so
        plain = REF.sub("", sentence)
        for m in re.finditer(r"\bTabel \d+(?:\.\d+)*", plain):
            assert plain[m.end():].startswith(" laporan tercetak"), sentence


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
    assert [(t.key, t.sasaran_id, t.has_outputs) for t in tables] == [
        ("realisasi-sasaran/S1", "S1", True), ("realisasi-sasaran/S2", "S2", True),
        ("realisasi-sasaran/S3", "S3", True), ("realisasi-sasaran/S4", "S4", False)]
    notes = chapter.sasaran_notes(tables)
    assert len(notes["realisasi-sasaran/S1"]) == 1
    assert "hanya untuk 3 sasaran" in notes["realisasi-sasaran/S4"][-1]
    s3 = tables[2].rows.set_index("code")
    assert (s3.loc["8.01.03", "target"], s3.loc["8.01.03", "output_realisasi"]) == (80, 75.62)
    frame, cols, _ = chapter.sasaran_display(ctx, tables[0])
    assert "450 orang" in [text(v) for v in frame["target"]]
    assert text(frame.iloc[-1]["anggaran"]) == "1.108.265.687"


def test_sub_narratives_with_a_different_percent(ctx, tree):
    checks = chapter.sub_narratives(ctx, tree).set_index("code")
    assert checks.loc["8.01.03.2.01.0003", "persen_narasi"] == 95.26
    assert ctx.policy.round(checks.loc["8.01.03.2.01.0003", "persen"], "persen_anggaran") == 91.65
    assert ctx.policy.round(checks.loc["8.01.04.2.01.0003", "persen"], "persen_anggaran") == 99.97
    assert [f.severity for f in checks["finding"]] == ["error", "error"]
    shown, _ = chapter.sub_narrative_display(ctx, checks.reset_index())
    assert all("⚠" in str(v) for v in shown["narasi"])


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

def test_rows_without_printed_amounts_show_only_the_computed_ones(tmp_path):
    folder = copy_bundled(tmp_path)
    for table in ("programs", "kegiatan"):  # the report prints no subtotal and no number
        fields, rows = read(folder, table)
        for row in rows:
            row.update(anggaran_reported="", realisasi_reported="", no_reported="")
        write(folder, table, fields, rows)
    ctx = copy_context(folder)
    frame = chapter.tree(ctx)
    shown = chapter.hierarchy_display(ctx, frame)
    program = shown.iloc[0]
    assert text(program["anggaran"]) == "3.380.503.014" and "⚠" not in str(program["anggaran"])
    assert text(program["no"]) == "I"
    assert chapter.tree_marks(ctx, frame, "sum") == []
    notes = " ".join(chapter.tree_notes(ctx, frame))
    assert "nan" not in notes and "tidak mencetak subtotalnya" in notes
    assert "angka cetak yang berbeda" not in notes
    assert "Laporan tidak mencetak subtotal" in chapter.tree_narrative(ctx, frame)


def test_per_kegiatan_numbering_is_not_flagged(tmp_path):
    folder = copy_bundled(tmp_path)
    fields, rows = read(folder, "sub_kegiatan")
    within: dict[str, int] = {}
    for row in rows:  # 1, 2, 3 under each kegiatan instead of 1.1, 1.2, 1.3
        within[row["kegiatan_code"]] = within.get(row["kegiatan_code"], 0) + 1
        row["no_reported"] = str(within[row["kegiatan_code"]])
    write(folder, "sub_kegiatan", fields, rows)
    ctx = copy_context(folder)
    frame = chapter.tree(ctx)
    shown = chapter.hierarchy_display(ctx, frame)
    subs = shown[frame["level"].to_numpy() == "sub_kegiatan"]
    assert all("tercetak" not in str(v) for v in subs["no"])  # nor the "2.2" printed twice
    assert list(subs["no"])[:2] == ["1.1", "2.1"]
    notes = " ".join(chapter.tree_notes(ctx, frame))
    assert "nomor tercetak yang berbeda" not in notes and "per kegiatan (1, 2, ...)" in notes


def test_a_printed_number_out_of_place_is_beside_as_the_audit_classifies_it(ctx, tree):
    # The report prints "2.2" twice under Administrasi Keuangan: the audit's warning, so the
    # printed number is beside in brackets, without the ⚠ of an error.
    found = chapter.row_mark(findings(ctx), tree[tree["code"] == "8.01.01.2.02.0004"].iloc[0],
                             "no_reported")
    assert (found.check, found.severity) == ("numbering", "warning")
    cell = str(row_of(chapter.hierarchy_display(ctx, tree), tree, "8.01.01.2.02.0004")["no"])
    assert text(cell) == "2.3 (tercetak 2.2)" and "⚠" not in cell
    notes = " ".join(chapter.tree_notes(ctx, tree))
    assert "8.01.01.2.02.0004 (tercetak 2.2, menurut urutan 2.3)" in notes


def test_marks_and_sentences_follow_the_audit_of_an_altered_copy(ctx, tree, tmp_path):
    code, kegiatan = "8.01.03.2.01.0003", "8.01.03.2.01"
    # Bundled: 58.843.650 / 64.206.097 = 91,65 % as the table prints; the narrative's 95,26 is
    # the audit's error, so its ⚠ and sentence.
    shown = chapter.hierarchy_display(ctx, tree)
    assert "⚠" not in str(row_of(shown, tree, code)["persen"])
    checks = chapter.sub_narratives(ctx, tree).set_index("code")
    assert checks.loc[code, "finding"].severity == "error"
    assert code in chapter.sub_narrative_sentence(checks.reset_index())

    # A copy whose realisasi gives the narrative's 95,26 % (61.162.728 / 64.206.097 = 95,2600 %).
    folder = copy_bundled(tmp_path)
    edit(folder, "sub_kegiatan", {"code": code}, realisasi=61_162_728)
    other = copy_context(folder)
    found = findings(other)
    frame = chapter.tree(other)
    shown = chapter.hierarchy_display(other, frame)
    sub, keg = row_of(shown, frame, code), row_of(shown, frame, kegiatan)
    # the table's 91,65 % is now the audit's error on the sub kegiatan ...
    hit = chapter.row_mark(found, frame[frame["code"] == code].iloc[0], "percent_reported")
    assert (hit.check, hit.severity, hit.reported) == ("realisation_pct", "error", 91.65)
    assert "⚠" in str(sub["persen"]) and "tercetak 91,65" in text(sub["persen"])
    # ... and so are the printed realisasi of its kegiatan and of the Total of Tabel 3.7
    printed = int(tree.set_index("code").loc[kegiatan, "realisasi_reported"])
    assert "⚠" in str(keg["realisasi"])
    assert f"tercetak {other.fmt.money(printed)}" in text(keg["realisasi"])
    total, _ = chapter.table_3_7(other, frame)
    assert "⚠" in str(total.iloc[-1]["realisasi"])
    # the narrative now agrees: no ⚠ and no sentence for it; the other narrative keeps its own
    checks = chapter.sub_narratives(other, frame).set_index("code")
    assert checks.loc[code, "finding"] is None
    narasi, _ = chapter.sub_narrative_display(other, checks.reset_index())
    assert "⚠" not in str(narasi.iloc[0]["narasi"]) and "⚠" in str(narasi.iloc[1]["narasi"])
    said = chapter.sub_narrative_sentence(checks.reset_index())
    assert code not in said and "8.01.04.2.01.0003" in said
    # Tabel 3.6 and Tabel 3.7 no longer agree on realisasi: the audit's sentence replaces "sama"
    text_36 = " ".join(chapter.belanja_sentences(other, chapter.belanja(other), frame))
    assert "Jumlah realisasi belanja per jenis" in text_36 and "sama dengan total" not in text_36

    # Printing the new % too makes the sub kegiatan consistent: its mark disappears.
    edit(folder, "sub_kegiatan", {"code": code}, percent_reported="95.26")
    again = copy_context(folder)
    frame = chapter.tree(again)
    sub = row_of(chapter.hierarchy_display(again, frame), frame, code)
    assert text(sub["persen"]) == "95,26" and "⚠" not in str(sub["persen"])


def test_codes_print_where_they_come_from_and_only_what_is_true(ctx, tree):
    frame = tree.copy()
    frame["code_source"] = ["nomenclature" if s == "printed" else s
                            for s in frame["code_source"]]
    frame.loc[frame["code"] == "8.01.06", "code_source"] = "user"
    frame = frame.drop(columns=[c for c in ("code_shown",) if c in frame])
    notes = " ".join(chapter.tree_notes(ctx, frame))
    assert "kode ditetapkan OPD" in notes
    # No sub kegiatan code is printed any more: nothing is derived from a printed code.
    assert "diturunkan dari kode sub kegiatan yang tercetak" not in notes
    names = chapter.hierarchy_display(ctx, frame)["name"]
    user = names[list(frame["code"]).index("8.01.06")]
    assert "8.01.06***" in str(user)
    # With the bundled codes the derived ones do come from printed sub kegiatan codes.
    assert "diturunkan dari kode sub kegiatan yang tercetak" in " ".join(
        chapter.tree_notes(ctx, tree))


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
    joined = " ".join(n for t in tables for n in notes[t.key])
    assert "0 sasaran" not in joined and "(sasaran )" not in joined
    assert "Data tidak memuat indikator keluaran" in joined
    shown, cols, header = chapter.sasaran_display(ctx, tables[0])
    assert [c.key for c in cols] == ["no", "name", "anggaran", "realisasi", "persen"]
    assert header == []
    # The bundled S4 table has no indicator but its program's outcome target: columns stay.
    _, cols, _ = chapter.sasaran_display(ctx, chapter.sasaran_tables(ctx, tree)[3])
    assert "target" in [c.key for c in cols]
