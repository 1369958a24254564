"""lkjip_nb.audit on the bundled dataset, on altered copies of it, on a consistent copy and on
the synthetic second agency. Every expected finding of 2024 is checked by hand (see the
arithmetic in the comments); none comes from the package's own rounding."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from lkjip_nb.audit import KEYS, audit, counts, for_row, select
from lkjip_nb.data import load_dataset
from tests.conftest import BUNDLED, DATA, ROOT
from tests.test_audit_support import (
    add_row,
    consistent_copy,
    copy_bundled,
    edit,
    read,
    write,
)

AGENCIES = ROOT / "tests" / "fixtures" / "agencies"

#: The bundled 2024 findings: id -> (severity, reported, recomputed).
BUNDLED_2024 = {
    # Tabel 2.4 prints DEMOKRASI 2023 as 75, the sasaran table (primary) as 70
    "cross_table/iku_realisasi/demokrasi/2023/2.4": ("error", 75, 70),
    # 2 of 2 planned activities = 100 %, reported realisasi 80 (= target)
    "formula/iku_formula_inputs/demokrasi/2024/realisasi": ("error", 80, 100),
    # 11 of 11 conflicts handled = 100 %, reported realisasi 90 (= target)
    "formula/iku_formula_inputs/konflik/2024/realisasi": ("error", 90, 100),
    # 66,55 lies in (60, 70]: B by PermenPANRB 88/2021; Tabel 3.2 prints BB
    "grade/iku_realisasi/sakip/2024/3.2": ("error", "BB", "B"),
    # 645.142 / 962.811 = 67,0061 %: neither half up (67,01) nor truncated (67,00) gives 67,08
    "turnout/pemilu/pilkada/2020": ("error", 67.08, 67.01),
    # belanja 2024 rows: 2.530.668.865 + 3.841.178.585 + 59.887.356.160 + 87.990.225 + 0
    # = 66.347.193.835; sub kegiatan: 66.348.353.265
    "cross_table/belanja/2024/anggaran": ("error", 66_347_193_835, 66_348_353_265),
    # the printed Jumlah of Tabel 3.6 and its narrative: 66.347.193.865 (30 more)
    "sum/reported_totals/3.6/2024/jumlah/anggaran": ("error", 66_347_193_865, 66_347_193_835),
    "narrative/reported_totals/3.6-narasi/2024/anggaran/anggaran":
        ("error", 66_347_193_865, 66_347_193_835),
    # the narrative's "anggaran" of barang dan jasa is its realisasi 3.705.199.583
    "narrative/reported_totals/3.6-narasi/2024/belanja-barang-dan-jasa/anggaran":
        ("error", 3_705_199_583, 3_841_178_585),
    # 58.843.650 / 64.206.097 = 91,648 % -> 91,65; narrative 95,26
    "narrative/reported_totals/sub-narasi/2024/8.01.03.2.01.0003/percent": ("error", 95.26, 91.65),
    # 18.893.600 / 18.900.000 = 99,966 % -> 99,97; narrative 99,87
    "narrative/reported_totals/sub-narasi/2024/8.01.04.2.01.0003/percent": ("error", 99.87, 99.97),
    # third sub kegiatan of kegiatan 2 printed "2.2" a second time
    "numbering/sub_kegiatan/2024/8.01.01.2.02.0004": ("warning", "2.2", "2.3"),
    # 7+8+7+12+19+17+14+11 = 95 registered 2017-2024; printed total 139
    "cumulative/reported_totals/ormas-badan_hukum/2024/total/count": ("warning", 139, 95),
    # (81,68 + 69,57) / 2 = 75,625 -> cut 75,62; weighted 1.451.952 / 1.920.384 = 75,607 %
    "average/reported_totals/pemilu/2024/rata-rata-partisipasi/percent": ("info", 75.62, 75.6),
    # 670.337 / 963.511 = 69,572 %: 69,57 by the profile, the narrative cuts to 69,5
    "narrative/reported_totals/pemilu-narasi/2024/partisipasi-pilkada-2024/percent":
        ("info", 69.5, 69.57),
    # 766.939 / 953.840 = 80,4054 %: half up 80,41, the report cuts to 80,40
    "turnout/pemilu/pemilu/2019": ("info", 80.4, 80.41),
    # DEMOKRASI has no row in regional_comparison
    "completeness/iku/demokrasi/2024/comparison": ("info", None, None),
}


def by_id(findings) -> dict:
    return {f.id: f for f in findings}


@pytest.fixture(scope="module")
def bundled():
    return load_dataset(DATA, BUNDLED)


@pytest.fixture(scope="module")
def found(bundled):
    return audit(bundled, 2024)


def run_copy(folder, year: int = 2024, **kw):
    return audit(load_dataset(folder.parent, folder.name), year, **kw)


def test_every_bundled_2024_finding_is_known(found):
    got = {f.id: (f.severity, f.reported, f.recomputed) for f in found}
    assert got == BUNDLED_2024
    assert counts(found) == {"error": 11, "warning": 2, "info": 4}


def test_findings_are_sorted_errors_first(found):
    order = ["error", "warning", "info"]
    assert [order.index(f.severity) for f in found] == sorted(order.index(f.severity)
                                                              for f in found)


def test_rounding_convention_is_one_info_not_an_error(found):
    f = by_id(found)["turnout/pemilu/pemilu/2019"]
    assert (f.severity, f.difference) == ("info", -0.01)
    assert f.exact == pytest.approx(766_939 / 953_840 * 100)
    assert "dipotong pada 2 desimal" in f.cause and "80,41" in f.cause
    assert len([g for g in found if g.rows[0].get("kind") == "pemilu"
                and g.rows[0].get("year") == 2019]) == 1


def test_plain_mean_is_said_to_be_a_plain_mean(found):
    f = by_id(found)["average/reported_totals/pemilu/2024/rata-rata-partisipasi/percent"]
    assert "rata-rata sederhana" in f.cause and "rasio tertimbang" in f.cause
    assert "75,625" in f.cause and f.exact == pytest.approx(1_451_952 / 1_920_384 * 100)


def test_a_narrative_figure_equal_to_another_is_named(found):
    f = by_id(found)["narrative/reported_totals/3.6-narasi/2024/belanja-barang-dan-jasa/anggaran"]
    assert "sama dengan realisasi Belanja barang dan jasa" in f.cause
    assert f.difference == 3_705_199_583 - 3_841_178_585


def test_finding_dict_has_the_keys_and_plain_numbers(found):
    for f in found:
        d = f.to_dict()
        assert list(d) == list(KEYS)
        json.dumps(d)  # plain JSON
        for key in ("reported", "recomputed", "difference"):
            assert d[key] is None or isinstance(d[key], int | float | str)
        assert d["cause"] and d["suggestion"] and d["rows"] and d["tables"]
        assert all(r["table"] in d["tables"] for r in d["rows"])
    money = by_id(found)["cross_table/belanja/2024/anggaran"].to_dict()
    assert isinstance(money["reported"], int) and money["difference"] == -1_159_430


def test_rows_point_at_csv_lines(found):
    f = by_id(found)["numbering/sub_kegiatan/2024/8.01.01.2.02.0004"]
    assert f.rows[0]["line"] == 5  # header + 3 rows above it
    lines = (DATA / BUNDLED / "sub_kegiatan.csv").read_text(encoding="utf-8").splitlines()
    assert "8.01.01.2.02.0004" in lines[f.rows[0]["line"] - 1]


def test_select_and_for_row(found):
    assert {f.chapter for f in select(found, chapter="budget")} == {"budget"}
    assert len(select(found, table="pemilu")) == 3
    hits = for_row(found, "sub_kegiatan", code="8.01.03.2.01.0003")
    assert [f.check for f in hits] == ["narrative"]


def test_ids_are_stable(bundled, found):
    assert [f.id for f in audit(bundled, 2024)] == [f.id for f in found]


#: A table named by its number in a sentence ("Tabel 3.6", "Tabel 3.7-3.10").
NUMBERED = re.compile(r"\bTabel (\d+(?:\.\d+)*)")


def printed_numbers(ds) -> set[str]:
    """Every table number the dataset says the agency's printed report uses."""
    tables = ds.full_tables
    totals = {str(t).removesuffix("-narasi") for t in tables["reported_totals"]["table"]}
    realisasi = {str(t) for t in tables["iku_realisasi"]["reported_in"]}
    profile = {str(e["reported_in"]) for e in (ds.profile.get("tables") or {}).values()}
    return totals | realisasi | profile


def test_a_table_number_is_always_the_printed_reports(found, bundled):
    named = []
    for f in found:
        for text in (f.subject, f.cause, f.suggestion):
            for m in NUMBERED.finditer(text):
                named.append(m.group(1))
                assert text[m.end():].startswith(" laporan tercetak"), text
    assert named and set(named) <= printed_numbers(bundled)


def drop_printed_numbers(folder, *keys: str) -> None:
    """Remove the printed numbers of table ``keys`` from the profile's ``tables``."""
    path = folder / "profile.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines
            if not any(line.startswith(f"  {k}: {{reported_in:") for k in keys)]
    assert len(kept) == len(lines) - len(keys)
    path.write_text("".join(kept), encoding="utf-8")


def test_tables_compared_are_named_by_the_profile_or_by_their_contents(tmp_path, found,
                                                                       bundled):
    f = by_id(found)["cross_table/belanja/2024/anggaran"]
    keys = ("belanja", "program-tree")
    assert [m.key for m in f.mentions] == list(keys)
    for key, m in zip(keys, f.mentions, strict=True):
        assert m.text in f.cause and m.lead and m.text.startswith(m.lead)
        assert m.text.endswith(f"(Tabel {bundled.reported_in(key)} laporan tercetak)")
    # Without printed numbers the sentence says what it compares, with no table number, and
    # the audit finds the same once the printed totals name their tables by the named groups
    # (nothing else says what a number such as 3.6 printed)
    groups = {bundled.reported_in(k): name for k, name in zip(keys, ("belanja", "program"),
                                                             strict=True)}
    folder = copy_bundled(tmp_path)
    drop_printed_numbers(folder, *keys)
    # ... left as numbers, those totals cannot be placed: listed as not checked
    unplaced = run_copy(folder)
    rows = load_dataset(folder.parent, folder.name).full_tables["reported_totals"]
    under = rows[(rows["year"] == 2024)
                 & rows["table"].str.removesuffix("-narasi").isin(list(groups))]
    unchecked = [h for h in unplaced if h.check == "unchecked"
                 and h.rows[0].get("report_table", "").removesuffix("-narasi") in groups]
    assert len(under) and len(unchecked) == len(under)
    fields, printed = read(folder, "reported_totals")
    for row in printed:
        number, narrative = row["table"].removesuffix("-narasi"), row["table"].endswith("-narasi")
        row["table"] = groups.get(number, number) + ("-narasi" if narrative else "")
    write(folder, "reported_totals", fields, printed)
    again = run_copy(folder)
    g = by_id(again)["cross_table/belanja/2024/anggaran"]
    assert not NUMBERED.search(g.cause)
    assert "belanja per jenis Rp" in g.cause and "semua sub kegiatan Rp" in g.cause
    assert [(m.key, m.text) for m in g.mentions] == [(m.key, m.lead) for m in f.mentions]

    def named(fid: str) -> str:
        return re.sub(r"/(\d+\.\d+)(?=/|-narasi/)", lambda m: "/" + groups.get(m[1], m[1]), fid)
    assert sorted((h.id, h.severity, h.reported, h.recomputed) for h in again) == sorted(
        (named(h.id), h.severity, h.reported, h.recomputed) for h in found)


# --------------------------------------------------------------------------- altered copies

def test_altered_sub_kegiatan_realisasi(tmp_path):
    folder = copy_bundled(tmp_path)
    # 61.163.650 / 64.206.097 = 95,2614 %: the narrative's 95,26 becomes right
    edit(folder, "sub_kegiatan", {"code": "8.01.03.2.01.0003"}, realisasi=61_163_650)
    found = by_id(run_copy(folder))
    assert "narrative/reported_totals/sub-narasi/2024/8.01.03.2.01.0003/percent" not in found
    new = found["realisation_pct/sub_kegiatan/2024/8.01.03.2.01.0003"]
    assert (new.severity, new.reported, new.recomputed) == ("error", 91.65, 95.26)
    keg = found["sum/kegiatan/2024/8.01.03.2.01/realisasi"]
    assert (keg.reported, keg.recomputed, keg.difference) == (57_947_792_050, 57_950_112_050,
                                                              -2_320_000)
    assert found["sum/programs/2024/8.01.03/realisasi"].difference == -2_320_000
    total = found["sum/reported_totals/3.7/2024/total/realisasi"]
    assert (total.reported, total.recomputed) == (66_054_901_370, 66_057_221_370)
    cross = found["cross_table/belanja/2024/realisasi"]
    assert (cross.reported, cross.recomputed) == (66_054_901_370, 66_057_221_370)
    assert found["sum/allocation_sasaran/2024/s3/realisasi"].difference == -2_320_000


def test_altered_party_vote_count(tmp_path):
    folder = copy_bundled(tmp_path)
    edit(folder, "party_votes", {"election_year": 2019, "party": "Partai Kebangkitan Bangsa"},
         votes=116_154)
    found = by_id(run_copy(folder))
    # 116.154 x 3.000 x 8/12 = 232.308.000; printed 232.306.000
    f = found["party_grant/hibah_parpol_reported/2024/partai-kebangkitan-bangsa/tahap_1"]
    assert (f.severity, f.reported, f.recomputed, f.difference) == ("error", 232_306_000,
                                                                    232_308_000, -2_000)
    assert "party_votes" in f.tables
    votes = found["sum/reported_totals/hibah-parpol/2024/jumlah/votes_2019"]
    assert (votes.reported, votes.recomputed) == (697_548, 697_549)
    assert found["cross_table/belanja/2024/anggaran"].difference == -1_159_430  # unchanged
    # Belanja Hibah 59.887.356.160 against the grant tables, now 2.000 more
    recon = found["cross_table/belanja/2024/hibah/anggaran"]
    assert (recon.severity, recon.difference) == ("error", -2_000)
    assumed = found["cross_table/belanja/2024/hibah/realisasi"]
    assert (assumed.severity, assumed.difference) == ("warning", -2_000)
    assert "asumsi" in assumed.cause
    # the belanja table is named with the printed report's number, and mentioned for documents
    # that show it to name their own
    number = load_dataset(folder.parent, folder.name).reported_in("belanja")
    for f in (recon, assumed):
        assert f"pada tabel belanja (Tabel {number} laporan tercetak) Rp" in f.cause
        assert [(m.key, m.lead) for m in f.mentions] == [("belanja", "")]
        assert f.mentions[0].text in f.cause
    assert found["party_grant/reported_totals/hibah-parpol/2024/jumlah/tahap_1"].recomputed == \
        1_395_098_000


def test_altered_election_vote_count_turns_the_convention_into_an_error(tmp_path):
    folder = copy_bundled(tmp_path)
    # 767.039 / 953.840 = 80,4156 %: no rounding of it gives the printed 80,40
    edit(folder, "pemilu", {"kind": "pemilu", "year": 2019}, voters=767_039)
    f = by_id(run_copy(folder))["turnout/pemilu/pemilu/2019"]
    assert (f.severity, f.reported, f.recomputed) == ("error", 80.4, 80.42)


def test_altered_reported_totals(tmp_path, found, bundled):
    before = by_id(found)["narrative/reported_totals/3.6-narasi/2024/anggaran/anggaran"]
    belanja = bundled.reported_in("belanja")  # the printed report's number of the table
    assert f"sama dengan jumlah pada Tabel {belanja} laporan tercetak" in before.cause
    folder = copy_bundled(tmp_path)
    edit(folder, "reported_totals", {"table": "3.6", "year": 2024, "field": "anggaran"},
         value=66_347_193_835)  # corrected
    edit(folder, "reported_totals", {"table": "3.7", "year": 2024, "field": "anggaran"},
         value=66_348_353_256)  # two digits swapped
    found = by_id(run_copy(folder))
    assert "sum/reported_totals/3.6/2024/jumlah/anggaran" not in found
    narrative = found["narrative/reported_totals/3.6-narasi/2024/anggaran/anggaran"]
    assert "sama dengan jumlah tercetak" not in narrative.cause  # the old finding changes
    new = found["sum/reported_totals/3.7/2024/total/anggaran"]
    assert (new.severity, new.reported, new.recomputed, new.difference) == (
        "error", 66_348_353_256, 66_348_353_265, -9)


def test_altered_grades(tmp_path):
    folder = copy_bundled(tmp_path)
    edit(folder, "iku_realisasi", {"iku_id": "SAKIP", "year": 2024, "reported_in": "3.2"},
         grade_reported="A")
    edit(folder, "iku_realisasi", {"iku_id": "SAKIP", "year": 2024, "reported_in": "3.1"},
         grade_reported="C")
    found = by_id(run_copy(folder))
    changed = found["grade/iku_realisasi/sakip/2024/3.2"]
    assert (changed.reported, changed.recomputed) == ("A", "B")
    new = found["grade/iku_realisasi/sakip/2024/3.1"]
    assert (new.severity, new.reported, new.recomputed) == ("error", "C", "B")
    assert "di atas 30 s.d. 50" in new.cause


def test_program_percent_that_is_a_plain_mean(tmp_path):
    folder = copy_bundled(tmp_path)
    # kegiatan of 8.01.01 print 100; 95,08; 99,35; 96,90; 95,02; 95,57: mean 96,9866 -> 96,99
    edit(folder, "programs", {"code": "8.01.01"}, percent_reported="96.99")
    f = by_id(run_copy(folder))["realisation_pct/programs/2024/8.01.01"]
    assert (f.severity, f.reported, f.recomputed) == ("warning", 96.99, 95.34)
    assert "rata-rata sederhana" in f.cause


def test_rounding_override_changes_the_verdict(bundled):
    found = by_id(audit(bundled, 2024, {"partisipasi": {"method": "truncate", "decimals": 2}}))
    assert "turnout/pemilu/pemilu/2019" not in found
    assert "turnout/pemilu/pilkada/2020" in found


def test_unknown_printed_figure_is_listed_not_skipped(tmp_path):
    folder = copy_bundled(tmp_path)
    add_row(folder, "reported_totals", table="9.9", year=2024, item="Sesuatu", field="percent",
            value=12.5)
    f = by_id(run_copy(folder))["unchecked/reported_totals/9.9/2024/sesuatu/percent"]
    assert (f.severity, f.reported) == ("info", 12.5)


def test_absent_tables_yield_nothing(tmp_path):
    folder = copy_bundled(tmp_path)
    for name in ("hibah_parpol_tahap", "hibah_parpol_reported", "party_votes",
                 "hibah_recipients", "pemilu", "allocation_sasaran", "iku_formula_inputs",
                 "reported_totals", "ormas_terdaftar", "konflik", "regional_comparison",
                 "belanja"):
        (folder / f"{name}.csv").unlink()
    found = run_copy(folder)
    assert {t for f in found for t in f.tables} <= {"iku_realisasi", "iku_targets",
                                                    "regional_comparison", "sub_kegiatan",
                                                    "profile.yaml"}
    assert {f.check for f in found} == {"cross_table", "grade", "numbering", "completeness"}


def test_consistent_dataset_has_no_error_or_warning(tmp_path):
    found = run_copy(consistent_copy(tmp_path))
    assert [f.id for f in found if f.severity != "info"] == []
    assert [f.id for f in found] == ["completeness/iku/demokrasi/2024/comparison"]


# --------------------------------------------------------------------------- other years, agency

def test_partial_years_report_what_they_lack(bundled):
    found = audit(bundled, 2023)
    assert {f.check for f in found} == {"cross_table", "completeness"}
    assert not select(found, severities=("error",), check="completeness")


def test_default_year_is_the_latest(bundled, found):
    assert [f.id for f in audit(bundled)] == [f.id for f in found]


def test_second_agency(tmp_path):
    if not (AGENCIES / "dinkes-kab-contoh").is_dir():
        pytest.skip("synthetic agency not present")
    shutil.copytree(AGENCIES / "dinkes-kab-contoh", tmp_path / "dinkes-kab-contoh")
    ds = load_dataset(tmp_path, "dinkes-kab-contoh")
    for year in ds.report_years:
        audit(ds, year)  # every year runs
    found = by_id(audit(ds, 2022))
    # 70 is not above 70: B, not the printed BB (PermenPANRB 88/2021 scale in the profile)
    f = found["grade/iku_targets/sakip/2022/pk"]
    assert (f.severity, f.reported, f.recomputed) == ("error", "BB", "B")
    assert [g.id for g in found.values() if g.severity == "error"] == [f.id]
