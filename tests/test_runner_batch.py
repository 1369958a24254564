"""`lkjip run` end to end on the tiny fixture notebooks: outputs, index, incremental, failures."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lkjip_nb.cli import main
from lkjip_nb.runner.batch import RunOptions, run_batch
from lkjip_nb.artifacts.state import read_state

FIX = Path(__file__).parent / "fixtures"
pytestmark = pytest.mark.notebooks


def copy_workspace(root: Path, extra: tuple[str, ...] = ()) -> Path:
    shutil.copytree(FIX / "data", root / "data")
    shutil.copytree(FIX / "params", root / "params")
    shutil.copytree(FIX / "notebooks", root / "notebooks")
    for name in extra:
        shutil.copy(FIX / "extra" / name, root / "notebooks" / name)
    return root


def args(ws: Path, *more: str) -> list[str]:
    return ["run", "--data", str(ws / "data"), "--params", str(ws / "params"),
            "--notebooks", str(ws / "notebooks"), "--out", str(ws / "out"), "--years", "2024",
            "--quiet", *more]


def options(ws: Path, **kw) -> RunOptions:
    return RunOptions(data_dir=ws / "data", params_dir=ws / "params",
                      notebooks_dir=ws / "notebooks", out_dir=ws / "out", years=[2024],
                      progress=False, **kw)


@pytest.fixture(scope="module")
def stable_package():
    """Others edit lkjip_nb while tests run; keep its hash fixed inside this module."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("lkjip_nb.runner.worker.package_source_hash", lambda: "fixed")
        yield


@pytest.fixture(scope="module")
def workspace(tmp_path_factory, stable_package):
    ws = copy_workspace(tmp_path_factory.mktemp("ws"))
    assert main(args(ws)) == 0
    return ws


def test_every_document_is_written(workspace):
    year = workspace / "out" / "demo-opd" / "2024"
    for name in ("alpha.ipynb", "alpha.html", "alpha-analyst.html", "beta.ipynb", "beta.html",
                 "lkjip-2024.html"):
        assert (year / name).is_file(), name
    if shutil.which("chromium"):
        assert (year / "alpha.pdf").is_file() and (year / "lkjip-2024.pdf").is_file()
    assert not list(year.glob(".lkjip-tmp-*"))
    combined = (year / "lkjip-2024.html").read_text()
    assert combined.index("Bab Alfa") < combined.index("Bab Beta")


@pytest.mark.skipif(not (shutil.which("chromium") and shutil.which("pdftotext")),
                    reason="needs chromium and poppler-utils")
def test_combined_pdf_is_assembled_from_the_chapter_prints(workspace):
    """Not printed a second time: the chapters' pages (each ending in its provenance page)
    follow the front matter, numbered through, and the contents links resolve."""
    import subprocess

    import pikepdf

    year = workspace / "out" / "demo-opd" / "2024"
    pages = subprocess.run(["pdftotext", str(year / "lkjip-2024.pdf"), "-"], check=True,
                           capture_output=True, text=True).stdout.split("\f")[:-1]
    chapters = [pikepdf.open(year / f"{name}.pdf") for name in ("alpha", "beta")]
    assert sum("Asal-usul dokumen" in page for page in pages) == 2
    assert f"Halaman {len(pages)} dari {len(pages)}" in pages[-1]
    # front matter (title page + contents) plus each chapter without its own two
    assert len(pages) == 2 + sum(len(c.pages) - 2 for c in chapters)
    combined = pikepdf.open(year / "lkjip-2024.pdf")
    contents = [str(a.Dest) for a in combined.pages[1].get("/Annots", [])]
    assert contents and all(name in combined.Root.Dests for name in contents)


def test_index_pages_show_status_links_and_key_figures(workspace):
    page = (workspace / "out" / "demo-opd" / "index.html").read_text()
    assert "Dinas Contoh Kabupaten Uji" in page and "Tahun 2024" in page
    assert "Jumlah A" in page and "Rp 45" in page and "Banyak baris B" in page
    assert "_inputs" not in page
    assert 'href="2024/alpha.html"' in page and "berhasil" in page
    root = (workspace / "out" / "index.html").read_text()
    assert 'href="demo-opd/index.html"' in root


def test_executed_notebook_carries_provenance(workspace):
    import nbformat

    nb = nbformat.read(str(workspace / "out/demo-opd/2024/alpha.ipynb"), as_version=4)
    prov = nb.metadata["lkjip"]
    assert prov["parameters"]["opd"] == "demo-opd" and prov["year"] == 2024
    assert len(prov["data_sha256"]) == 64 and prov["libraries"]["pandas"]
    assert read_state(workspace / "out/demo-opd/2024/.lkjip/alpha.json").inputs == ["a.csv"]
    # papermill's own record names the chapter notebook (not a copy of the whole notebook)
    assert nb.metadata["papermill"]["input_path"] == str(workspace / "notebooks/01_alpha.ipynb")


def test_rerun_with_nothing_changed_executes_nothing(workspace):
    report = run_batch(options(workspace))
    assert {r.status for r in report.results} == {"cached"}
    assert report.combined == [] and report.pdf.printed == []


def test_changed_data_file_reexecutes_only_its_readers(workspace):
    data = workspace / "data" / "demo-opd" / "b.csv"
    data.write_text(data.read_text() + "2024,W\n")
    report = run_batch(options(workspace, formats=("html",)))
    status = {r.job.chapter.id: r.status for r in report.results}
    assert status == {"alpha": "cached", "beta": "ok"}
    assert "4" in (workspace / "out/demo-opd/index.html").read_text()  # count_b is now 3


def test_failing_notebook_is_kept_beside_and_reported(workspace, capsys):
    good = workspace / "out/demo-opd/2024/alpha.html"
    before = good.read_bytes()
    shutil.copy(FIX / "extra" / "03_broken.ipynb", workspace / "notebooks")
    try:
        assert main(args(workspace, "--formats", "html")) == 1
    finally:
        (workspace / "notebooks" / "03_broken.ipynb").unlink()
    out = capsys.readouterr().out
    assert "gagal" in out and "ValueError: data tahun 2024 tidak lengkap" in out
    year = workspace / "out/demo-opd/2024"
    failed = year / "broken.failed.ipynb"
    assert failed.is_file() and not (year / "broken.ipynb").exists()
    assert "data tahun 2024 tidak lengkap" in failed.read_text()
    assert good.read_bytes() == before
    index = (workspace / "out/demo-opd/index.html").read_text()
    assert "gagal" in index and "tidak lengkap" in index and "broken.failed.ipynb" in index


def test_bad_parameters_fail_without_a_kernel(tmp_path, stable_package, capsys):
    ws = copy_workspace(tmp_path)
    (ws / "params" / "2024.yaml").write_text("year: 2024\nopd: demo-opd\nrounding: salah\n")
    assert main(args(ws, "--formats", "html")) == 1
    out = capsys.readouterr().out
    assert "parameter 'rounding'" in out
    assert not list((ws / "out").rglob("*.ipynb"))


def test_force_reexecutes_and_rerenders(workspace):
    report = run_batch(options(workspace, force=True, formats=("html",), chapters=["beta"]))
    assert [(r.job.chapter.id, r.status) for r in report.results] == [("beta", "ok")]
    assert len(report.results[0].rendered) == 2


def test_running_one_chapter_keeps_the_others_in_the_combined_report(workspace):
    run_batch(options(workspace, formats=("html",), chapters=["beta"], force=True))
    combined = (workspace / "out/demo-opd/2024/lkjip-2024.html").read_text()
    assert "Bab Alfa" in combined and "Bab Beta" in combined


def test_an_internal_error_fails_one_job_not_the_batch(workspace, monkeypatch):
    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr("lkjip_nb.runner.worker.render_job_html", boom)
    report = run_batch(options(workspace, formats=("html",)))
    assert {r.status for r in report.results} == {"failed"}
    assert "disk full" in report.results[0].error
