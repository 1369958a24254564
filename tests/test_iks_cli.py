"""``lkjip iks``: JSON and table output, and the message a user sees on bad input."""

from __future__ import annotations

import json

import pytest

from lkjip_nb.cli import main
from tests.conftest import DATA
from tests.iks_helpers import tiny_frame


def run(capsys, *args):
    code = main(["iks", "--data", str(DATA), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_json(capsys):
    code, out, _ = run(capsys, "--year", "2024", "--format", "json", "--bootstrap", "200")
    assert code == 0
    p = json.loads(out)
    assert p["synthetic"] is True
    assert p["iks"] == pytest.approx(84.61, abs=0.005)
    assert p["ci_low"] < p["iks"] < p["ci_high"]
    assert p["weights"] == {"W1": 1.0, "W2": 1.0, "W3": 1.0, "W4": 1.0}
    assert "Asumsi" in p["weights_note"]
    assert [d["name"] for d in p["dimensions"]] == ["Kerjasama", "Solidaritas Sosial",
                                                     "Toleransi", "Ketertiban Umum"]
    assert len(p["subdimensions"]) == 11
    assert p["n"] <= p["n_respondents"]
    assert p["published"] == 84.61 and p["target"] == 86.0
    assert p["category"] == "Sangat Tinggi"
    assert p["bootstrap"]["replicates"] == 200


def test_table(capsys):
    code, out, _ = run(capsys, "--year", "2022")
    assert code == 0
    assert out.startswith("*** DATA SINTETIS")
    assert "Indeks Kesalehan Sosial 2022: 84,09 (Sangat Tinggi); dipublikasikan 84,09" in out
    assert "Restorasi Lingkungan" in out and "W1 = 1" in out


def test_explicit_survey_without_design_is_model_based(capsys, tmp_path):
    import yaml

    from tests.iks_helpers import tiny_codebook_dict

    raw = tiny_codebook_dict()
    raw["design"] = {}
    (tmp_path / "cb.yaml").write_text(yaml.safe_dump(raw))
    tiny_frame().drop(columns=["w", "s", "c"]).to_csv(tmp_path / "survei.csv", index=False)
    code, out, _ = run(capsys, "--year", "2024", "--survey", str(tmp_path / "survei.csv"),
                       "--codebook", str(tmp_path / "cb.yaml"), "--format", "json")
    p = json.loads(out)
    assert code == 0 and p["synthetic"] is False
    assert "berbasis model" in p["ci_method"]
    assert p["n"] == 3 and p["n_respondents"] == 4


def test_bad_survey_exits_2_with_every_problem(capsys, tmp_path):
    f = tiny_frame()
    f.loc[0, "x1"] = 6
    f.loc[2, "kec"] = "Timur"
    f.to_csv(tmp_path / "buruk.csv", index=False)
    import yaml

    from tests.iks_helpers import tiny_codebook_dict

    (tmp_path / "cb.yaml").write_text(yaml.safe_dump(tiny_codebook_dict()))
    code, _, err = run(capsys, "--year", "2024", "--survey", str(tmp_path / "buruk.csv"),
                       "--codebook", str(tmp_path / "cb.yaml"))
    assert code == 2
    assert "2 masalah" in err
    assert "baris 1, responden r1, kolom 'x1', nilai 6" in err
    assert "baris 3, responden r3, kolom 'kec', nilai 'Timur'" in err


def test_year_without_survey(capsys):
    code, _, err = run(capsys, "--year", "2021")
    assert code == 2
    assert "Tidak ada berkas survei IKS tahun 2021" in err and "2022, 2023, 2024" in err
