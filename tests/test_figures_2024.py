"""The 2024 report's printed figures, recomputed from the bundled dataset.

Expected values are the report's printed numbers; everything compared to them is computed by
lkjip_nb from the raw data (never read from a *_reported column).
"""

from __future__ import annotations

import pytest

from lkjip_nb import budget, efficiency, elections, hibah, indicators


@pytest.fixture(scope="module")
def programs(ds2024):
    return budget.program_rollup(ds2024.table("sub_kegiatan"), ds2024.table("kegiatan"),
                                 ds2024.table("programs"))


@pytest.fixture(scope="module")
def per_sasaran(programs, ds2024):
    return budget.sasaran_rollup(programs, ds2024.sasaran)


@pytest.fixture(scope="module")
def performance(ds2024, dataset):
    return indicators.iku_performance(ds2024.iku, ds2024.table("iku_targets"),
                                      ds2024.table("iku_realisasi"), 2024, dataset.profile)


def test_total_budget_and_realisation(ds2024, policy):
    tree = budget.budget_tree(ds2024.table("sub_kegiatan"), ds2024.table("kegiatan"),
                              ds2024.table("programs"))
    total = budget.totals(tree[tree["level"] == "sub_kegiatan"])
    assert total["anggaran"] == 66_348_353_265
    assert total["realisasi"] == 66_054_901_370
    assert policy.round(total["persen"], "persen_anggaran") == 99.56


def test_program_rollups_match_table_3_7(programs, policy):
    printed = {"8.01.01": (3_380_503_014, 95.34), "8.01.02": (1_000_399_999, 99.93),
               "8.01.05": (107_865_688, 99.97), "8.01.06": (1_126_598_500, 94.20),
               "8.01.03": (57_987_983_832, 99.93), "8.01.04": (2_745_002_232, 98.92)}
    got = {r.code: (r.anggaran, policy.round(r.persen, "persen_anggaran"))
           for r in programs.itertuples()}
    assert got == printed


def test_shares_per_sasaran_table_3_3(per_sasaran, policy):
    shares = [policy.round(v, "porsi") for v in per_sasaran["porsi"]]
    assert shares == [1.67, 1.70, 91.54, 5.10]
    assert list(per_sasaran["anggaran"]) == [1_108_265_687, 1_126_598_500, 60_732_986_064,
                                             3_380_503_014]


def test_capaian_truncated_as_table_3_1(performance, policy):
    shown = [policy.round(v, "capaian") for v in performance["capaian"]]
    assert shown == [98.3, 100.0, 100.0, 88.3]


def test_sakip_grade_b_for_66_55(dataset):
    assert indicators.sakip_grade(66.55, dataset.profile) == "B"
    assert indicators.sakip_grade(75.16, dataset.profile) == "BB"
    assert indicators.sakip_grade(90.0, dataset.profile) == "A"
    assert indicators.sakip_grade(90.01, dataset.profile) == "AA"
    assert indicators.sakip_grade(30.0, dataset.profile) == "D"


def test_iks_category(dataset):
    assert indicators.iks_category(84.61, dataset.profile) == "Sangat Tinggi"


def test_efficiency_table_3_5_with_truncated_capaian(per_sasaran, performance, policy):
    frame = per_sasaran.merge(performance[["sasaran_id", "capaian"]], on="sasaran_id")
    frame["capaian_shown"] = [policy.round(c, "capaian") for c in frame["capaian"]]
    table = efficiency.efficiency_table(frame, "capaian_shown")
    assert [policy.round(e, "efisiensi") for e in table["efisiensi"]] == [-1.66, 5.80, 0.11,
                                                                          -7.97]
    absorption = [policy.round(p, "persen_anggaran") for p in table["persen"]]
    assert absorption == [99.93, 94.20, 99.89, 95.34]


def test_progress_to_renstra_end_target_table_3_2(ds2024, dataset, policy):
    table = indicators.renstra_progress(ds2024.iku, ds2024.table("iku_targets"),
                                        ds2024.table("iku_realisasi"), 2024,
                                        dataset.profile["renstra"]["end_year"])
    assert [policy.round(v, "kemajuan") for v in table["progress"]] == [94.01, 94.73, 100.0,
                                                                        87.68]


def test_party_grants(ds2024):
    grants = hibah.party_grants(ds2024.table("hibah_parpol_tahap"),
                                ds2024.table("party_votes"), 2024)
    by_tahap = grants.groupby("tahap")["grant"].sum()
    assert by_tahap[1] == 1_395_096_000
    assert by_tahap[2] == 692_230_000
    assert grants["grant"].sum() == 2_087_326_000
    pkb = grants[(grants["party"] == "Partai Kebangkitan Bangsa")].set_index("tahap")["grant"]
    assert (pkb[1], pkb[2]) == (232_306_000, 164_442_000)


def test_turnout_and_average(ds2024, policy):
    table = elections.turnout_table(ds2024.table("pemilu"))
    pemilu = table[(table["kind"] == "pemilu") & (table["year"] == 2024)]["partisipasi"].iloc[0]
    pilkada = table[(table["kind"] == "pilkada") & (table["year"] == 2024)]["partisipasi"].iloc[0]
    assert policy.round(pemilu, "partisipasi") == 81.68
    assert policy.round(pilkada, "partisipasi") == 69.57
    average = elections.average_turnout([pemilu, pilkada],
                                        lambda v: policy.round(v, "partisipasi"))
    assert policy.round(average, "rata_partisipasi") == 75.62
    capaian = indicators.capaian(policy.round(average, "rata_partisipasi"), 80)
    assert policy.round(capaian, "capaian_program") == 94.52


def test_formula_inputs(ds2024):
    results = indicators.formula_results(ds2024.table("iku_formula_inputs"))
    assert list(results["result"]) == [100.0, 100.0]


def test_hibah_reconciles_with_belanja_hibah(ds2024):
    grants = hibah.party_grants(ds2024.table("hibah_parpol_tahap"),
                                ds2024.table("party_votes"), 2024)
    belanja = ds2024.table("belanja").query("year == 2024").set_index("type").loc["Belanja Hibah"]
    rec = hibah.reconcile(int(grants["grant"].sum()), ds2024.table("hibah_recipients"),
                          int(belanja["anggaran"]), int(belanja["realisasi"]))
    diff = rec.set_index("komponen").loc["Selisih"]
    assert (diff["anggaran"], diff["realisasi"]) == (0, 0)


def test_belanja_2023_vs_2024(dataset, policy):
    table = budget.belanja_comparison(dataset.full_tables["belanja"], 2024)
    assert int(table["anggaran_2023"].sum()) == 44_566_775_320
    assert int(table["realisasi_2024"].sum()) == 66_054_901_370
    pct = dict(zip(table["type"], table["persen_2024"], strict=True))
    assert policy.round(pct["Belanja Hibah"], "persen_anggaran") == 99.95
