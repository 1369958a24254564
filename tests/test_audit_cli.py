"""``lkjip audit``: formats, exit status for CI, spreadsheet-safe CSV; and the export helpers."""

from __future__ import annotations

import csv
import io
import json

import pytest

from lkjip_nb import cli
from lkjip_nb.audit import KEYS
from lkjip_nb.audit.export import safe_cell, to_csv, to_table
from tests.conftest import DATA
from tests.test_audit_support import consistent_copy, copy_bundled, edit


@pytest.fixture(autouse=True)
def audit_command(monkeypatch):
    """The subcommand as lkjip_nb/cli.py will list it."""
    monkeypatch.setitem(cli.SUBCOMMANDS, "audit", (
        "lkjip_nb.audit.cli", "periksa angka laporan terhadap data dan daftar temuannya"))


def run(capsys, *args: str) -> tuple[int, str, str]:
    rc = cli.main(["audit", *args])
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_table_is_readable_and_errors_fail(capsys):
    rc, out, _ = run(capsys, "--data", str(DATA))
    assert rc == 1
    assert "11 kesalahan, 2 peringatan, 4 catatan" in out
    for header in ("Tingkat", "Angka yang diperiksa", "Tercetak", "Hitung ulang", "Selisih"):
        assert header in out
    assert "66.347.193.865" in out and "Kesalahan" in out


def test_no_fail_exits_zero(capsys):
    rc, out, _ = run(capsys, "--data", str(DATA), "--year", "2024", "--no-fail")
    assert rc == 0 and "kesalahan" in out


def test_json_is_one_array_of_findings(capsys):
    rc, out, err = run(capsys, "--data", str(DATA), "--format", "json")
    assert rc == 1
    data = json.loads(out)
    assert isinstance(data, list) and len(data) == 17
    assert all(list(d) == list(KEYS) for d in data)
    first = next(d for d in data if d["id"] == "cross_table/belanja/2024/anggaran")
    assert first["reported"] == 66_347_193_835 and first["difference"] == -1_159_430
    assert "11 kesalahan" in err


def test_consistent_dataset_passes(tmp_path, capsys):
    folder = consistent_copy(tmp_path)
    rc, out, _ = run(capsys, "--data", str(folder.parent), "--format", "json")
    assert rc == 0
    assert {d["severity"] for d in json.loads(out)} == {"info"}


def test_csv_neutralises_formula_text_and_keeps_numbers(tmp_path, capsys):
    folder = copy_bundled(tmp_path)
    edit(folder, "iku_realisasi", {"iku_id": "SAKIP", "year": 2024, "reported_in": "3.2"},
         grade_reported="=1+2")
    rc, out, _ = run(capsys, "--data", str(folder.parent), "--format", "csv")
    assert rc == 1
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == list(KEYS)
    grade = next(r for r in rows if r["id"] == "grade/iku_realisasi/sakip/2024/3.2")
    assert grade["reported"] == "'=1+2" and grade["recomputed"] == "B"
    money = next(r for r in rows if r["id"] == "cross_table/belanja/2024/anggaran")
    assert money["difference"] == "-1159430"  # a number: not prefixed
    assert json.loads(money["rows"])[0]["table"] == "belanja"
    for r in rows:
        for key, value in r.items():
            if key not in ("reported", "recomputed", "difference", "exact") and value:
                assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (key, value)


def test_safe_cell():
    assert safe_cell("=SUM(A1)") == "'=SUM(A1)"
    assert safe_cell("+62") == "'+62" and safe_cell("-x") == "'-x" and safe_cell("@a") == "'@a"
    assert safe_cell("\tx") == "'\tx" and safe_cell("\rx") == "'\rx"
    assert safe_cell(-5) == -5 and safe_cell(-0.5) == -0.5 and safe_cell(None) == ""
    assert safe_cell("Rp 5") == "Rp 5"


def test_empty_exports():
    assert to_csv([]).strip() == ",".join(KEYS)
    assert "Tidak ada temuan" in to_table([])


def test_invalid_dataset_exits_two(tmp_path, capsys):
    folder = copy_bundled(tmp_path)
    edit(folder, "pemilu", {"kind": "pemilu", "year": 2019}, voters="banyak")
    rc, _, err = run(capsys, "--data", str(folder.parent))
    assert rc == 2 and "tidak valid" in err


def test_year_outside_the_dataset_exits_two(capsys):
    rc, _, err = run(capsys, "--data", str(DATA), "--year", "1999")
    assert rc == 2 and "1999" in err
