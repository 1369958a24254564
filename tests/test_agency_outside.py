"""A second agency kept in its own folder outside the checkout: validated and run with the
installed CLI from another folder, without --notebooks; chapters its data do not support are
skipped, not failed, and the combined report holds only the chapters built."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from lkjip_nb.artifacts.state import read_state
from lkjip_nb.cli import main
from lkjip_nb.registry import BAB_TITLES, find_chapters
from lkjip_nb.render import technical

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "data" / "bakesbangpol-kab-blitar"
CORE_TABLES = ("iku_targets", "iku_realisasi", "programs", "kegiatan", "sub_kegiatan")
AGENCY = "Dinas Percobaan Kabupaten Luar"
pytestmark = pytest.mark.notebooks


def new_agency(home: Path, slug: str) -> Path:
    """``home/data/<slug>/``: the bundled profile (agency renamed) and the five core tables;
    ``home/params/2024.yaml``."""
    folder = home / "data" / slug
    folder.mkdir(parents=True)
    profile = (BUNDLED / "profile.yaml").read_text(encoding="utf-8")
    renamed = re.sub(r"(?m)^(  name: ).*$", rf"\g<1>{AGENCY}", profile, count=1)
    assert renamed != profile
    (folder / "profile.yaml").write_text(renamed, encoding="utf-8")
    for table in CORE_TABLES:
        shutil.copy(BUNDLED / f"{table}.csv", folder / f"{table}.csv")
    (home / "params").mkdir()
    (home / "params" / "2024.yaml").write_text("year: 2024\nrounding: {}\n", encoding="utf-8")
    return folder


def test_an_agency_outside_the_checkout_runs_without_failing_chapters(tmp_path, monkeypatch,
                                                                      capsys):
    home = tmp_path / "lkjip"
    new_agency(home, "dinas-percobaan")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    data, params, out = str(home / "data"), str(home / "params"), str(home / "outputs")

    assert main(["validate", "--data", data, "--opd", "dinas-percobaan"]) == 0
    assert "valid" in capsys.readouterr().out

    rc = main(["run", "--data", data, "--params", params, "--out", out, "--formats", "html",
               "--quiet"])
    printed = capsys.readouterr().out
    assert rc == 0, printed
    assert ("hibah 2024 dilewati: dataset tidak memuat data hibah "
            "(hibah_parpol_tahap atau hibah_recipients)") in printed
    assert "iks_survey 2024 dilewati: dataset tidak memuat berkas survei IKS" in printed
    assert "gagal  " not in printed and "0 gagal" in printed

    year = home / "outputs" / "dinas-percobaan" / "2024"
    status = {p.stem: read_state(p).status for p in (year / ".lkjip").glob("*.json")}
    assert status == {"planning": "ok", "indicators": "ok", "efficiency": "ok", "budget": "ok",
                      "hibah": "skipped", "iks_survey": "skipped", "audit": "ok",
                      "pendahuluan": "ok", "penutup": "ok", "lampiran": "ok"}
    assert not list(year.glob("*.failed.ipynb"))

    titles = {c.id: c.title for c in find_chapters()}
    report = (year / "lkjip-2024.html").read_text(encoding="utf-8")
    listed = re.findall(r'<li class="lkjip-toc-l1"><a href="#[^"]+">([^<]+)</a>', report)
    assert listed == [titles["pendahuluan"], titles["planning"], BAB_TITLES["3"],
                      titles["penutup"], titles["lampiran"], technical.TITLE]
    assert AGENCY in report
    assert "gagal dijalankan" not in report and titles["hibah"] not in report
    assert titles["audit"] not in report  # the reviewer's audit is a document of its own

    index = (home / "outputs" / "dinas-percobaan" / "index.html").read_text(encoding="utf-8")
    assert index.count("tidak berlaku</span>") == 2 and "gagal</span>" not in index
    assert f"5. {titles['hibah']}" in index and "5. hibah" not in index
    assert not (elsewhere / "outputs").exists() and not (elsewhere / "data").exists()


def test_the_synthetic_survey_chapter_is_a_document_of_its_own():
    """The demo survey is synthetic: built and indexed, never part of the official report."""
    chapters = {c.id: c for c in find_chapters()}
    assert chapters["iks_survey"].in_report is False and chapters["audit"].in_report is False
    assert all(c.in_report for i, c in chapters.items() if i not in ("iks_survey", "audit"))
