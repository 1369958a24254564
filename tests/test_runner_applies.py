"""Which chapters apply to an agency: ``requires`` in the registry, planning against the data,
invalid datasets, the combined report holding only built chapters, titles instead of slugs."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from lkjip_nb.artifacts.state import JobState, read_state, write_state
from lkjip_nb.cli import main
from lkjip_nb.errors import ParameterError
from lkjip_nb.registry import NOTEBOOK_DIR, Requirement, find_chapters, parse_requires
from lkjip_nb.render import technical
from lkjip_nb.runner.batch import RunOptions, make_plan, run_batch

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "data" / "bakesbangpol-kab-blitar"
FIX = Path(__file__).parent / "fixtures"
CORE = ("profile.yaml", "iku_targets.csv", "iku_realisasi.csv", "programs.csv", "kegiatan.csv",
        "sub_kegiatan.csv")


def core_agency(data_dir: Path, slug: str = "dinas-uji") -> Path:
    """An agency folder holding only the profile and the five core tables of the bundled one."""
    folder = data_dir / slug
    folder.mkdir(parents=True)
    for name in CORE:
        shutil.copy(BUNDLED / name, folder / name)
    return folder


def plan_for(tmp_path: Path, **kw):
    opts = RunOptions(data_dir=tmp_path / "data", out_dir=tmp_path / "out",
                      params_dir=tmp_path / "params", progress=False, **kw)
    return make_plan(opts)[0]


def test_every_shipped_chapter_declares_what_it_requires():
    declared = {c.id: [str(r) for r in c.requires] for c in find_chapters(NOTEBOOK_DIR)}
    assert declared == {
        "planning": ["iku_targets", "iku_realisasi"],
        "indicators": ["iku_realisasi"],
        "efficiency": ["sub_kegiatan"],
        "budget": ["sub_kegiatan"],
        "hibah": ["hibah_parpol_tahap|hibah_recipients"],
        "iks_survey": ["survey:iks"],
        "audit": ["iku_realisasi"],
        "pendahuluan": [], "penutup": [], "lampiran": [],
    }


def test_requires_entries_are_parsed():
    assert parse_requires(None) is None
    assert parse_requires([]) == ()
    assert parse_requires(["a", " b | c "]) == (Requirement(("a",)), Requirement(("b", "c")))
    assert parse_requires([{"need": "x|y", "label": "data x"}]) == (
        Requirement(("x", "y"), "data x"),)
    assert parse_requires([3]) == (Requirement((), "3"),)  # reported by the runner as unknown


def test_chapters_whose_data_are_absent_are_skipped_with_their_reason(tmp_path):
    core_agency(tmp_path / "data")
    plan = plan_for(tmp_path, years=[2024])
    assert [j.chapter.id for j in plan.jobs] == ["pendahuluan", "planning", "indicators",
                                                 "efficiency", "budget", "audit", "penutup",
                                                 "lampiran"]
    assert {s.job.chapter.id: s.why.reason for s in plan.skipped} == {
        "hibah": "dataset tidak memuat data hibah",
        "iks_survey": "dataset tidak memuat berkas survei IKS"}
    assert ("hibah 2024 dilewati: dataset tidak memuat data hibah "
            "(hibah_parpol_tahap atau hibah_recipients)") in plan.notes
    assert not plan.invalid and not plan.bad_datasets


def test_without_params_files_every_year_with_realisasi_runs(tmp_path, capsys):
    core_agency(tmp_path / "data")
    plan = plan_for(tmp_path)  # tmp_path/params does not exist
    assert sorted({j.year for j in plan.jobs}) == [2022, 2023, 2024]
    assert any("Tidak ada berkas parameter" in note for note in plan.notes)
    # the bundled data have sub kegiatan for 2024 only
    assert ("efficiency 2022 dilewati: dataset tidak memuat data sub kegiatan (sub_kegiatan)"
            in plan.notes)
    assert {j.parameters["year"] for j in plan.jobs} == {2022, 2023, 2024}
    with pytest.raises(SystemExit):
        main(["run", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "setiap tahun yang memiliki realisasi IKU dalam dataset" in help_text


def test_a_year_without_realisasi_is_skipped_not_failed(tmp_path):
    core_agency(tmp_path / "data")
    plan = plan_for(tmp_path, years=[2031])
    assert plan.jobs == [] and plan.skipped == [] and plan.invalid == []
    assert plan.notes[-1] == ("tahun 2031 dilewati: dataset tidak memuat realisasi IKU tahun "
                              "2031 (tahun yang ada: 2022, 2023, 2024)")


def test_the_survey_chapter_applies_where_a_survey_file_of_the_year_is(tmp_path):
    folder = core_agency(tmp_path / "data")
    (folder / "iks").mkdir()
    shutil.copy(BUNDLED / "iks" / "iks_survei_2024_sintetis.csv", folder / "iks")
    plan = plan_for(tmp_path, years=[2023, 2024], chapters=["iks_survey"])
    assert [(j.year, j.chapter.id) for j in plan.jobs] == [(2024, "iks_survey")]
    assert [(s.job.year, s.job.chapter.id) for s in plan.skipped] == [(2023, "iks_survey")]
    # a survey file named by the run counts as present
    (tmp_path / "params").mkdir()
    (tmp_path / "params" / "2023.yaml").write_text("year: 2023\nsurvey: /elsewhere/s.csv\n")
    plan = plan_for(tmp_path, chapters=["iks_survey"])
    assert [(j.year, j.chapter.id) for j in plan.jobs] == [(2023, "iks_survey")]


def test_an_unknown_requirement_is_an_error_before_any_kernel(tmp_path):
    core_agency(tmp_path / "data")
    notebooks = tmp_path / "nb"
    notebooks.mkdir()
    nb = json.loads((NOTEBOOK_DIR / "01_planning.ipynb").read_text(encoding="utf-8"))
    nb["metadata"]["lkjip_chapter"]["requires"] = ["iku_realisasi|tabel_khayalan"]
    (notebooks / "01_planning.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    with pytest.raises(ParameterError, match="tabel_khayalan"):
        plan_for(tmp_path, years=[2024], notebooks_dir=notebooks)


def test_an_invalid_dataset_is_reported_once_and_nothing_runs(tmp_path, capsys, monkeypatch):
    folder = core_agency(tmp_path / "data")
    realisasi = folder / "iku_realisasi.csv"
    lines = realisasi.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",2022,", ",20x2,", 1)
    realisasi.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "params").mkdir()
    (tmp_path / "params" / "2024.yaml").write_text("year: 2024\n")

    def no_kernel(*args, **kwargs):
        raise AssertionError("a notebook was executed")

    from lkjip_nb.runner import backends

    monkeypatch.setattr(backends, "process_job", no_kernel)
    rc = main(["run", "--data", str(tmp_path / "data"), "--params", str(tmp_path / "params"),
               "--notebooks", str(NOTEBOOK_DIR), "--out", str(tmp_path / "out"),
               "--formats", "html", "--quiet", "--no-zygote"])
    out = capsys.readouterr()
    assert rc == 1
    text = out.out + out.err
    assert text.count("Dataset dinas-uji tidak valid") == 1
    assert "iku_realisasi.csv baris 2, kolom 'year': nilai '20x2'" in out.err
    assert not list((tmp_path / "out").rglob("*.ipynb"))
    assert not list((tmp_path / "out").rglob(".lkjip/*.json"))


def test_index_shows_skipped_chapters_as_not_applicable_and_titles_not_slugs(tmp_path):
    from lkjip_nb.render.index import write_opd_index

    year = tmp_path / "dinas-uji" / "2024"
    (year / "hibah.html").parent.mkdir(parents=True)
    (year / "hibah.html").write_text("old build")
    write_state(year / ".lkjip" / "hibah.json", JobState(
        status="skipped", chapter="hibah", order=5, year=2024, title="Belanja Hibah",
        error="dataset tidak memuat data hibah"))
    write_state(year / ".lkjip" / "budget.json", JobState(  # written before titles were kept
        status="failed", chapter="budget", order=4, year=2024, title="budget", error="x"))
    page = write_opd_index(tmp_path / "dinas-uji", "Dinas Uji", {}).read_text()
    assert "5. Belanja Hibah" in page and "tidak berlaku" in page
    assert "Dataset tidak memuat data hibah." in page
    assert "hibah.html" not in page  # an earlier build is not this year's chapter
    assert "4. Bab III.B Realisasi Anggaran" in page and "4. budget" not in page
    assert "1 bab gagal" in page


# --- the combined report, on the tiny fixture notebooks ------------------------------------


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    monkeypatch.setattr("lkjip_nb.runner.worker.package_source_hash", lambda: "fixed")
    for name in ("data", "params", "notebooks"):
        shutil.copytree(FIX / name, tmp_path / name)
    return tmp_path


def options(ws: Path, **kw) -> RunOptions:
    return RunOptions(data_dir=ws / "data", params_dir=ws / "params",
                      notebooks_dir=ws / "notebooks", out_dir=ws / "out", years=[2024],
                      formats=("html",), progress=False, **kw)


def contents(ws: Path) -> list[str]:
    """The Bab the combined report lists, without its technical appendix."""
    page = (ws / "out" / "demo-opd" / "2024" / "lkjip-2024.html").read_text()
    listed = re.findall(r'<li class="lkjip-toc-l1"><a href="#[^"]+">([^<]+)</a>', page)
    assert listed[-1] == technical.TITLE  # every combined report ends with it
    return listed[:-1]


def combined_text(ws: Path) -> str:
    return (ws / "out" / "demo-opd" / "2024" / "lkjip-2024.html").read_text()


@pytest.mark.notebooks
def test_chapters_not_run_are_absent_from_the_combined_report(workspace):
    run_batch(options(workspace, chapters=["beta"]))
    assert contents(workspace) == ["Bab Beta"]
    page = combined_text(workspace)
    assert "Bab Alfa" not in page and "Bab alpha" not in page and "belum tersedia" not in page


@pytest.mark.notebooks
def test_a_chapter_built_from_other_data_leaves_the_combined_report(workspace):
    run_batch(options(workspace))
    assert contents(workspace) == ["Bab Alfa: Uji Coba", "Bab Beta"]
    data = workspace / "data" / "demo-opd" / "a.csv"
    data.write_text(data.read_text() + "2024,Z,7\n")
    run_batch(options(workspace, chapters=["beta"], force=True))
    assert contents(workspace) == ["Bab Beta"]  # alpha's notebook is from the old a.csv
    run_batch(options(workspace))
    assert contents(workspace) == ["Bab Alfa: Uji Coba", "Bab Beta"]


@pytest.mark.notebooks
def test_a_failed_chapter_is_reported_under_its_title(workspace):
    shutil.copy(FIX / "extra" / "03_broken.ipynb", workspace / "notebooks")
    report = run_batch(options(workspace))
    assert [r.job.chapter.id for r in report.failed] == ["broken"]
    assert contents(workspace) == ["Bab Alfa: Uji Coba", "Bab Beta", "Bab Rusak"]
    page = combined_text(workspace)
    assert "gagal dijalankan" in page and "Bab broken" not in page
    assert read_state(workspace / "out/demo-opd/2024/.lkjip/broken.json").title == "Bab Rusak"
    index = (workspace / "out" / "demo-opd" / "index.html").read_text()
    assert "3. Bab Rusak" in index
    # not selected in the next run, it is still reported as failed
    run_batch(options(workspace, chapters=["alpha"]))
    assert contents(workspace) == ["Bab Alfa: Uji Coba", "Bab Beta", "Bab Rusak"]


def test_an_invalid_dataset_does_not_stop_the_other_agencies(tmp_path):
    core_agency(tmp_path / "data", "dinas-baik")
    bad = core_agency(tmp_path / "data", "dinas-rusak")
    (bad / "programs.csv").unlink()
    plan = plan_for(tmp_path, years=[2024], opds=["all"])
    assert list(plan.bad_datasets) == ["dinas-rusak"]
    assert "programs.csv — berkas wajib tidak ada" in plan.bad_datasets["dinas-rusak"]
    assert {j.opd for j in plan.jobs} == {"dinas-baik"} and len(plan.jobs) == 8
    assert "dinas-baik: hibah 2024 dilewati: dataset tidak memuat data hibah " \
           "(hibah_parpol_tahap atau hibah_recipients)" in plan.notes
