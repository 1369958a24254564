"""Bab II assembly (lkjip_nb.chapters.planning) against the 2024 report's printed tables."""

from __future__ import annotations

import pytest

from lkjip_nb import indicators
from lkjip_nb.audit.wording import printed_table
from lkjip_nb.chapters import planning as chapter
from tests.conftest import chapter_context


def _ctx(year: int):
    return chapter_context("planning", year)


@pytest.fixture(scope="module")
def ctx():
    return _ctx(2024)


def test_terbilang():
    assert [chapter.terbilang(n) for n in (6, 11, 26, 100, 145, 1000)] == [
        "enam", "sebelas", "dua puluh enam", "seratus", "seratus empat puluh lima", "seribu"]
    assert chapter.count_words(26) == "26 (dua puluh enam)"
    assert [chapter.roman(n) for n in (1, 4, 6, 9)] == ["I", "IV", "VI", "IX"]
    assert [chapter.letter(n) for n in (1, 26, 27)] == ["a", "z", "aa"]


def test_missions_and_supported_one(ctx):
    missions = chapter.missions(ctx)
    assert [m["no"] for m in missions] == [1, 2, 3, 4]
    assert [m["no"] for m in chapter.supported_missions(ctx)] == [1]


def test_tables_2_2_and_2_3(ctx):
    t22 = chapter.table_2_2(ctx)
    assert list(t22["indikator"]) == [
        "Indeks Kesalehan Sosial",
        "Persentase stabilitas di bidang IPOLEKSOSBUD (Ideologi, Politik, Ekonomi, Sosial Budaya)",
        "Nilai SAKIP Perangkat Daerah"]
    t23 = chapter.table_2_3(ctx)
    assert len(t23) == 4 and t23.loc[3, "indikator"] == "Nilai SAKIP pada Bakesbangpol Kab.Blitar"


def test_table_2_1_iks_over_three_years(ctx):
    assert chapter.regional_iku_ids(ctx) == ["IKS"]
    frame, notes = chapter.table_2_1(ctx, "IKS")
    assert list(frame["year"]) == [2022, 2023, 2024]
    assert list(frame["target"]) == [82, 84, 86]
    assert list(frame["realisasi"]) == [84.09, 84.23, 84.61]
    assert list(frame["category"]) == ["Sangat Tinggi"] * 3
    assert [n["year"] for n in notes] == [2023]
    shown, years = chapter.table_2_1_display(ctx, frame)
    assert str(shown.loc[0, "t2023"]) == "84*<br><small>(Sangat Tinggi)</small>"
    assert str(shown.loc[0, "r2024"]) == "84,61<br><small>(Sangat Tinggi)</small>"


def test_table_2_4_perjanjian_kinerja(ctx):
    pk = chapter.perjanjian_kinerja(ctx)
    assert list(pk["renstra"]) == [86, 90, 80, 75.3]
    assert list(pk["pk"]) == [86, 90, 80, 75.3]
    assert list(pk["realisasi_prev"]) == [84.23, 90, 70, 75.16]
    shown = chapter.table_2_4_display(ctx, pk)
    assert shown.loc[3, "renstra"] == "BB (75,3)" and shown.loc[3, "realisasi"] == "BB (75,16)"
    demokrasi = str(shown.loc[2, "realisasi"])
    assert demokrasi.startswith("70\u00a0%") and "75\u00a0%" in demokrasi
    printed = ctx.dataset.reported_in("perjanjian-kinerja")  # the printed report's number
    assert "⚠" in demokrasi and f"{printed_table(printed)}: 75" in demokrasi  # the audit's error
    shown_elsewhere = ctx.dataset.full_tables["iku_realisasi"].query(
        "iku_id == 'DEMOKRASI' and year == 2023 and not primary")["reported_in"].tolist()
    remarks = chapter.table_2_4_remarks(ctx, pk)
    assert len(remarks) == 1 and remarks[0].startswith(
        "⚠ Realisasi Tingkat fasilitasi penguatan infrastruktur demokrasi tahun 2023 pada "
        f"{printed_table(shown_elsewhere[0])} tertulis 75, tetapi 70")


def test_table_2_5_programs_by_iku(ctx):
    progs = chapter.programs_by_iku(ctx)
    assert list(progs["code"]) == ["8.01.02", "8.01.05", "8.01.06", "8.01.03", "8.01.04",
                                   "8.01.01"]
    assert list(progs["anggaran"]) == [1_000_399_999, 107_865_688, 1_126_598_500,
                                       57_987_983_832, 2_745_002_232, 3_380_503_014]
    shown = chapter.table_2_5_display(ctx, progs)
    assert list(shown["target"]) == [f"{v}\u00a0%" for v in (80, 84, 90, 80, 27, 95)]
    assert list(shown["no"]) == ["1.", "", "2.", "3.", "", "4."]


def test_tree_counts(ctx):
    tree = chapter.tree(ctx)
    assert chapter.counts(tree) == {"program": 6, "kegiatan": 11, "sub_kegiatan": 26}
    per = chapter.counts_per_program(tree).set_index("code")
    assert (per.loc["8.01.01", "kegiatan"], per.loc["8.01.01", "sub_kegiatan"]) == (6, 10)
    # the narratives print 6, 11 and 26: the audit finds nothing to mark
    assert chapter.count_marks(ctx) == {"program": [], "kegiatan": [], "sub_kegiatan": []}
    assert "tercetak" not in chapter.counts_sentence(ctx, tree)
    html = chapter.tree_html(tree)
    assert "<strong>I. PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH</strong> — 6 (enam) " \
           "kegiatan dan 10 (sepuluh) sub kegiatan" in html
    assert html.count('<ol type="a"') == 11 and html.count("<li>") == 11 + 26


def test_trajectory_only_points_in_data(ctx):
    paths = chapter.trajectories(ctx)
    iks = paths["IKS"].set_index("year")
    assert list(iks.index) == list(range(2021, 2027))
    assert iks.loc[2026, "target"] == 90 and iks.loc[2024, "realisasi"] == 84.61
    assert iks["realisasi"].isna().tolist() == [True, False, False, False, True, True]
    konflik = paths["KONFLIK"].set_index("year")
    assert konflik["target"].notna().tolist() == [False, False, False, True, False, True]


def test_trajectory_stops_at_report_year(dataset):
    t = indicators.trajectory(dataset.full_tables["iku_targets"],
                              dataset.full_tables["iku_realisasi"], "IKS", [2022, 2023, 2024],
                              until=2023)
    assert t["realisasi"].isna().tolist() == [False, False, True]


def test_partial_year_without_pk_targets():
    c = _ctx(2023)
    pk = chapter.perjanjian_kinerja(c)
    assert pk["pk"].isna().all() and pk["renstra"].isna().all()
    assert list(pk["realisasi_prev"]) == [84.09, 90, 70, 71.39]
    frame, _ = chapter.table_2_1(c, "IKS")
    assert list(frame["year"]) == [2022, 2023]


# --- Parts of another agency's profile; reader text without config keys ---------------------

def _with_renstra(ctx, **renstra):
    import dataclasses

    profile = {**ctx.profile, "renstra": {**ctx.profile["renstra"], **renstra}}
    return dataclasses.replace(ctx, dataset=dataclasses.replace(ctx.dataset, profile=profile))


def test_absent_vision_and_missions_are_left_out(ctx):
    full = chapter.vision_mission_markdown(ctx)
    assert "**Visi:**" in full and "**Misi:**" in full
    assert chapter.vision_mission_markdown(_with_renstra(ctx, vision="", missions=[])) is None
    only_missions = chapter.vision_mission_markdown(_with_renstra(ctx, vision=None))
    assert "**Visi:**" not in only_missions and "”–”" not in only_missions
    assert "Misi" in only_missions


def test_header_names_no_dataset_slug_or_config_key(ctx, monkeypatch):
    from lkjip_nb import present

    said = []
    monkeypatch.setattr(present, "say", said.append)
    present.header(ctx)
    text = said[0]
    assert "bakesbangpol-kab-blitar" not in text and "dataset `" not in text
    for key in ("persen_anggaran", "rata_partisipasi", "capaian_program", "(lainnya)"):
        assert key not in text
    assert "desimal" not in text  # the display rounding is in the Catatan teknis
    assert "sintetis" not in text  # the bundled agency's data are real


def test_tree_marks_codes_by_where_they_come_from(ctx):
    tree = chapter.tree(ctx)
    tree.loc[tree["code"] == "8.01.02.2.01.0003", "code_source"] = "user"
    html = chapter.tree_html(tree)
    assert "8.01.02.2.01.0003***" in html
    legend = chapter.tree_legend(tree)
    assert "*** kode ditetapkan OPD" in legend and "** diambil dari nomenklatur" in legend


def test_a_synthetic_agency_is_marked_wherever_its_name_shows(ctx, monkeypatch):
    import dataclasses

    from lkjip_nb import present

    profile = {**ctx.profile, "synthetic": True,
               "agency": {**ctx.profile["agency"], "name": "Dinas Rekaan Kabupaten Uji"}}
    other = dataclasses.replace(ctx, dataset=dataclasses.replace(ctx.dataset, profile=profile))
    assert present.agency_label(other) == "Dinas Rekaan Kabupaten Uji (data sintetis)"
    assert "Dinas Rekaan Kabupaten Uji (data sintetis) tahun 2024" in chapter.counts_sentence(
        other, chapter.tree(other))
    said = []
    monkeypatch.setattr(present, "say", said.append)
    present.header(other)
    assert "**Dinas Rekaan Kabupaten Uji (data sintetis)**" in said[0]
    assert "Data sintetis." in said[0]


def test_marks_follow_the_audit_of_an_altered_copy(tmp_path):
    from lkjip_nb.notebook import start
    from tests.conftest import BUNDLED
    from tests.test_audit_support import copy_bundled, edit

    folder = copy_bundled(tmp_path)
    # Tabel 2.4 prints DEMOKRASI 2023 as the sasaran table does; the narrative of Tabel 2.5
    # says 7 programs instead of 6.
    edit(folder, "iku_realisasi", {"iku_id": "DEMOKRASI", "year": 2023, "reported_in": "2.4"},
         realisasi=70)
    edit(folder, "reported_totals", {"table": "2.5-narasi", "item": "Jumlah program"}, value=7)
    c = start("planning", {"year": 2024, "opd": BUNDLED, "data_dir": str(folder.parent),
                           "rounding": {}}, style=False)
    pk = chapter.perjanjian_kinerja(c)
    shown = chapter.table_2_4_display(c, pk)
    assert shown.loc[2, "realisasi"] == "70\u00a0%"
    assert chapter.table_2_4_remarks(c, pk) == []
    sentence = chapter.counts_sentence(c, chapter.tree(c))
    assert "6 (enam) program (⚠ tercetak 7)" in sentence
