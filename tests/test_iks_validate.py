"""Bad microdata: every problem at once, each naming row, respondent, column, value and rule."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lkjip_nb.iks import SurveyDataError, validate_survey
from tests.iks_helpers import tiny_codebook, tiny_frame


def problems_of(frame, year=2024):
    with pytest.raises(SurveyDataError) as info:
        validate_survey(frame, tiny_codebook(), year=year, source="survei.csv")
    return info.value


def test_clean_frame_passes():
    s = validate_survey(tiny_frame(), tiny_codebook(), year=2024)
    assert s.n == 4
    assert np.isnan(s.answers[1, 0])  # code 9 -> no answer
    assert list(s.domain_codes["usia"]) == [0, 1, 1, 1]  # breaks [40]: <40, 40+
    assert s.domain_frame()["Usia"].cat.categories.tolist() == ["17-39", "40+"]


def test_every_problem_listed_at_once():
    f = tiny_frame().astype({"x1": object, "x3": float, "usia": object})
    f.loc[0, "x1"] = 7  # outside 1-5, not a missing code
    f.loc[1, "x3"] = 2.5  # not a scale code
    f.loc[2, "x1"] = "abc"  # not a number
    f.loc[3, "kec"] = "Timur"  # not a known kecamatan
    f.loc[1, "rid"] = "r1"  # duplicate id
    f.loc[2, "w"] = 0  # weight must be > 0
    f.loc[3, "usia"] = 12  # below 17
    f.loc[0, "tahun"] = 2023
    f["x9"] = 1  # unknown item
    err = problems_of(f)
    t = err.problems
    got = {(r.kolom, r.responden, str(r.nilai), r.aturan.split(" (")[0]) for r in t.itertuples()}
    assert ("x1", "r1", "7", "di luar skala 1-5 dan bukan kode tidak-menjawab") in got
    assert ("x3", "r1", "2.5", "jawaban harus bilangan bulat") in got
    assert ("x1", "r3", "abc", "jawaban bukan angka") in got
    assert ("kec", "r4", "Timur", "nilai tidak dikenal") in got
    assert ("w", "r3", "0", "bobot rancangan harus bilangan lebih dari 0") in got
    assert ("usia", "r4", "12", "di luar rentang 17-99") in got
    assert ("tahun", "r1", "2023", "tahun survei harus 2024") in got
    assert list(t.loc[t["aturan"] == "id responden ganda", "baris"]) == [1, 2]
    assert any(r.kolom == "x9" and "tidak dikenal" in r.aturan for r in t.itertuples())
    assert len(t) == 10
    # the message a person reads names file, row, respondent, column, value and rule
    msg = str(err)
    assert msg.startswith("survei.csv: 10 masalah pada data survei IKS:")
    assert "- baris 1, responden r1, kolom 'x1', nilai 7: di luar skala 1-5" in msg
    assert "- baris 4, responden r4, kolom 'kec', nilai 'Timur': nilai tidak dikenal" in msg


def test_missing_columns_and_blank_required_values():
    f = tiny_frame().drop(columns=["x5"])
    f.loc[2, "kec"] = None
    t = problems_of(f).problems
    assert ((t["kolom"] == "x5") & (t["aturan"] == "kolom wajib tidak ada di berkas")).any()
    assert ((t["kolom"] == "kec") & (t["responden"] == "r3") & (t["aturan"] == "wajib diisi")
            ).any()


def test_cluster_in_two_strata_is_reported():
    f = tiny_frame()
    f.loc[3, "c"] = "c1"  # c1 is in S1 already
    t = problems_of(f).problems
    assert t["aturan"].str.contains("lebih dari satu strata").sum() == 1


def test_one_line_per_kind_of_problem_with_a_count_and_the_first_rows():
    from lkjip_nb.iks.errors import ROWS_SHOWN

    f = tiny_frame().loc[[0] * 300].reset_index(drop=True)
    f["rid"] = [f"r{i}" for i in range(300)]
    f["x1"] = 6
    err = problems_of(f)
    assert len(err.problems) == 300  # the table keeps every case
    lines = str(err).splitlines()
    assert len(lines) == 2
    assert lines[1].startswith("- kolom 'x1': di luar skala 1-5")
    assert "300 baris: baris 1, responden r0 (nilai 6); baris 2, responden r1 (nilai 6)" in lines[1]
    assert lines[1].endswith(f"dan {300 - ROWS_SHOWN} lainnya")


def test_a_year_mismatch_is_one_line_naming_the_year_found():
    """A file of another year: one line (not one per respondent) saying which year it holds."""
    f = tiny_frame().loc[[0, 1, 2, 3] * 80].reset_index(drop=True)
    f["rid"] = [f"r{i}" for i in range(len(f))]
    f["tahun"] = 2023
    err = problems_of(f, year=2024)
    lines = str(err).splitlines()
    assert lines[0] == "survei.csv: 320 masalah pada data survei IKS:"
    assert len(lines) == 2
    assert "tahun survei harus 2024 (berkas berisi tahun 2023" in lines[1]
    assert "320 baris" in lines[1]


def test_many_kinds_are_cut_in_the_message_but_kept_in_the_table():
    from lkjip_nb.iks.errors import MESSAGE_LIMIT

    extra = pd.DataFrame({f"asing{i}": [1] * 4 for i in range(MESSAGE_LIMIT + 50)})
    f = pd.concat([tiny_frame(), extra], axis=1)
    err = problems_of(f)
    assert len(err.problems) == MESSAGE_LIMIT + 50
    assert "... dan 50 jenis masalah lain" in str(err)


def test_codebook_problems_all_at_once():
    from lkjip_nb.iks import CodebookError, codebook_from_dict
    from tests.iks_helpers import tiny_codebook_dict

    raw = tiny_codebook_dict()
    raw["scale"]["convention"] = "persen"
    raw["weights"].pop("W2")
    raw["missing"]["codes"] = {3: "tengah"}
    raw["dimensions"][1]["subdimensions"][0]["items"].append({"id": "x1"})
    with pytest.raises(CodebookError) as info:
        codebook_from_dict(raw, source="cb.yaml")
    msg = str(info.value)
    for part in ("convention 'persen' tidak dikenal", "bobot W2 tidak ada",
                 "kode tidak menjawab [3] berada di dalam rentang skala", "butir ganda: x1"):
        assert part in msg
