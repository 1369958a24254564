"""Readers: CSV, Excel and SPSS .sav give the same validated survey; SPSS labels survive."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyreadstat
import pytest

from lkjip_nb.iks import SurveyFileError, read_survey, validate_survey, write_sav
from tests.iks_helpers import tiny_codebook, tiny_frame


def assert_same_survey(a, b):
    np.testing.assert_array_equal(a.answers, b.answers)
    assert list(a.respondent_ids) == list(b.respondent_ids)
    for key in a.domain_codes:
        np.testing.assert_array_equal(a.domain_codes[key], b.domain_codes[key])
    np.testing.assert_allclose(a.weights, b.weights)
    assert list(a.strata) == list(b.strata) and list(a.clusters) == list(b.clusters)


@pytest.fixture
def reference():
    return validate_survey(tiny_frame(), tiny_codebook(), year=2024)


def test_csv_and_excel(tmp_path, reference):
    cb = tiny_codebook()
    tiny_frame().to_csv(tmp_path / "s.csv", index=False)
    tiny_frame().to_excel(tmp_path / "s.xlsx", index=False, engine="openpyxl")
    for name in ("s.csv", "s.xlsx"):
        f = read_survey(tmp_path / name, cb)
        assert not f.synthetic
        assert_same_survey(validate_survey(f, cb, year=2024), reference)


def test_spss_round_trip_keeps_value_labels(tmp_path, reference):
    cb = tiny_codebook()
    path = tmp_path / "survei_2024.sav"
    write_sav(tiny_frame(), path, cb, file_label="Survei IKS uji")
    f = read_survey(path, cb)
    # item answers keep the codebook's answer labels, missing codes included
    assert f.value_labels["x1"] == {1.0: "satu", 2.0: "dua", 3.0: "tiga", 4.0: "empat",
                                    5.0: "lima", 8.0: "Tidak tahu", 9.0: "Tidak menjawab"}
    # categorical characteristics stored as labelled codes come back as their labels
    assert f.value_labels["kec"] == {1.0: "Utara", 2.0: "Selatan"}
    assert list(f.frame["kec"]) == ["Utara", "Utara", "Selatan", "Selatan"]
    assert f.column_labels["x2"] == "butir 2" and f.column_labels["kec"] == "Kecamatan"
    assert f.file_label == "Survei IKS uji"
    assert_same_survey(validate_survey(f, cb, year=2024), reference)
    assert validate_survey(f, cb).value_labels["x1"][9.0] == "Tidak menjawab"


def test_spss_written_elsewhere_with_text_columns(tmp_path, reference):
    """A .sav made by another tool: text kecamatan, numeric ids, no value labels."""
    cb = tiny_codebook()
    frame = tiny_frame()
    frame["rid"] = [101, 102, 103, 104]
    path = tmp_path / "lain_sintetis.sav"
    pyreadstat.write_sav(frame, str(path))
    f = read_survey(path, cb)
    assert f.synthetic  # "sintetis" in the file name
    s = validate_survey(f, cb, year=2024)
    assert list(s.respondent_ids) == ["101", "102", "103", "104"]
    np.testing.assert_array_equal(s.answers, reference.answers)


def test_unknown_format_and_missing_file(tmp_path):
    (tmp_path / "s.json").write_text("{}")
    with pytest.raises(SurveyFileError, match="tidak dikenal"):
        read_survey(tmp_path / "s.json")
    with pytest.raises(SurveyFileError, match="tidak ditemukan"):
        read_survey(tmp_path / "nope.csv")


def test_labelled_codes_outside_the_codebook_are_reported(tmp_path):
    cb = tiny_codebook()
    frame = tiny_frame()
    frame["kec"] = [1.0, 2.0, 3.0, 1.0]
    path = tmp_path / "s.sav"
    pyreadstat.write_sav(frame, str(path),
                         variable_value_labels={"kec": {1.0: "Utara", 2.0: "Selatan",
                                                        3.0: "Timur"}})
    f = read_survey(path, cb)
    with pytest.raises(Exception, match="kolom 'kec', nilai 'Timur'"):
        validate_survey(f, cb, year=2024)


def test_demo_csv_reads_as_synthetic():
    from pathlib import Path

    from lkjip_nb.iks import load_codebook

    folder = Path(__file__).resolve().parents[1] / "data" / "bakesbangpol-kab-blitar" / "iks"
    cb = load_codebook(folder / "codebook.yaml")
    f = read_survey(folder / "iks_survei_2024_sintetis.csv", cb)
    assert f.synthetic
    assert isinstance(f.frame, pd.DataFrame) and len(f.frame) > 200
