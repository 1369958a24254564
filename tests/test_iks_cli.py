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


# ---- breakdowns and exports -------------------------------------------------------------------

def test_table_prints_the_breakdowns_asked_for(capsys):
    code, out, _ = run(capsys, "--year", "2024", "--by", "kecamatan", "--by", "pendidikan")
    assert code == 0
    assert "IKS menurut kecamatan" in out and "IKS menurut pendidikan terakhir" in out
    line = next(x for x in out.splitlines() if x.startswith("Bakung"))
    assert line.split()[1:3] == ["*", "15"]  # n below the codebook's threshold is marked
    assert out.count("*** DATA SINTETIS") == 2


def test_json_carries_breakdowns_with_df_and_flags(capsys):
    code, out, _ = run(capsys, "--year", "2024", "--by", "all", "--crosstab",
                       "kecamatan:kategori", "--format", "json")
    p = json.loads(out)
    assert code == 0 and p["df"] == 44
    assert set(p["breakdowns"]) == {"kategori", "usia", "pendidikan", "kecamatan", "kedekatan",
                                    "jenis_kelamin"}
    agama = p["breakdowns"]["kategori"][0]
    assert agama["group"] == "Tokoh agama" and agama["n"] == 95 and agama["df"] == 31
    cell = p["crosstabs"][0]["cells"][0]
    assert cell["kecamatan"] == "Bakung" and cell["se_not_estimable"] is True
    assert cell["ci_low"] is None and "satu klaster" in cell["note"]


def test_csv_marks_every_row_synthetic(capsys):
    code, out, _ = run(capsys, "--year", "2024", "--by", "kategori", "--format", "csv")
    rows = out.strip().splitlines()
    assert code == 0 and rows[0].startswith("Karakteristik,Kelompok,")
    assert len(rows) == 6 and all(r.endswith(",DATA SINTETIS") for r in rows[1:])


def test_xlsx_needs_an_output_file_and_bad_keys_name_the_valid_ones(capsys, tmp_path):
    code, _, err = run(capsys, "--year", "2024", "--format", "xlsx")
    assert code == 2 and "--output" in err
    code, _, err = run(capsys, "--year", "2024", "--by", "kec")
    assert code == 2 and "'kec' tidak dikenal; pilihan yang sah: kategori, usia" in err


def _sheets(path):
    from openpyxl import load_workbook

    wb = load_workbook(path)
    return {ws.title: [[c for c in row if c is not None] for row in ws.iter_rows(values_only=True)]
            for ws in wb.worksheets}


def test_xlsx_carries_notes_method_weights_and_the_synthetic_mark(capsys, tmp_path):
    out = tmp_path / "iks.xlsx"
    code, text, _ = run(capsys, "--year", "2024", "--by", "kecamatan", "--crosstab",
                        "kecamatan:kategori", "--format", "xlsx", "--output", str(out))
    assert code == 0 and str(out) in text
    sheets = _sheets(out)
    assert list(sheets) == ["Ringkasan", "Rincian Kecamatan", "Kecamatan × Kategori responden",
                            "Catatan"]
    for rows in sheets.values():
        assert "DATA SINTETIS" in str(rows[:2])
    notes = {row[0]: row[1] for row in sheets["Catatan"][1:] if len(row) == 2}
    assert "derajat bebas rancangan 44" in notes["Metode selang kepercayaan"]
    assert notes["Bobot dimensi yang dipakai"].startswith("W1 = 1, W2 = 1, W3 = 1, W4 = 1.")
    assert "Asumsi" in notes["Bobot dimensi yang dipakai"]
    cells = sheets["Kecamatan × Kategori responden"]
    header = next(r for r in cells if "Kecamatan" in r and "Nilai" in r)
    assert header[:2] == ["Kecamatan", "Kategori responden"]
    assert any("semuanya berada dalam satu klaster" in str(r) for r in cells)


def test_to_excel_neutralises_text_that_looks_like_a_formula(tmp_path):
    import warnings

    from lkjip_nb.iks import analyse, codebook_from_dict, validate_survey
    from lkjip_nb.iks.errors import IksDesignWarning
    from tests.iks_helpers import tiny_codebook_dict

    raw = tiny_codebook_dict()
    raw["domains"][0]["values"] = ["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)"]
    raw["domains"][0]["label"] = "=Wilayah"
    frame = tiny_frame()
    frame["kec"] = ["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IksDesignWarning)
        result = analyse(validate_survey(frame, codebook_from_dict(raw), year=2024))
    path = result.to_excel(tmp_path / "x.xlsx", by=["kec"], crosstabs=[("kec", "usia")])
    from openpyxl import load_workbook

    texts = [c.value for ws in load_workbook(path).worksheets for row in ws.iter_rows()
             for c in row if isinstance(c.value, str)]
    assert texts and not [t for t in texts if t.startswith(("=", "+", "-", "@"))]
    assert "'=HYPERLINK(\"http://x\")" in texts and "'-2" in texts
    assert all(c.data_type != "f" for ws in load_workbook(path).worksheets
               for row in ws.iter_rows() for c in row)
