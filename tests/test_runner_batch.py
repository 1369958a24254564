"""`lkjip run` end to end on the tiny fixture notebooks: outputs, index, incremental, failures."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lkjip_nb.artifacts.state import read_state
from lkjip_nb.cli import main
from lkjip_nb.runner.batch import RunOptions, run_batch

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
def test_pdfs_are_printed_whole_numbered_through_with_working_contents_links(workspace):
    """Each chapter and the year's report are printed whole from their HTML, every page footed
    with the document's label and "Halaman i dari n"; the report's contents links go to the
    pages of their headings."""
    import html
    import re

    import pikepdf

    from tests.test_render_pdf import assert_numbered_through, link_targets, page_text

    year = workspace / "out" / "demo-opd" / "2024"
    agency = "Dinas Contoh Kabupaten Uji"
    for name in ("alpha", "beta"):
        title = read_state(year / ".lkjip" / f"{name}.json").title
        assert title and assert_numbered_through(year / f"{name}.pdf",
                                                 f"{agency} — {title} — 2024") >= 3
    report = year / "lkjip-2024.pdf"
    total = assert_numbered_through(report, f"{agency} — LKJIP 2024")
    page = (year / "lkjip-2024.html").read_text()
    toc = {target: html.unescape(text) for target, text in
           re.findall(r'<li class="lkjip-toc-(?:l\d|front)"><a href="#([^"]+)">([^<]+)</a>',
                      page)}
    assert len(toc) >= 2
    with pikepdf.open(report) as pdf:
        names = {str(name).lstrip("/") for name in pdf.Root.Dests}
        assert set(toc) <= names
        targets = [t for i in range(total) if "Daftar Isi" in page_text(report, i + 1)
                   for t in link_targets(pdf, i)]
    assert len(targets) == len(toc)
    for (target, text), index in zip(toc.items(), targets, strict=True):
        assert 0 < index < total, target  # never the cover
        shown = " ".join(page_text(report, index + 1).split()).casefold()
        assert " ".join(text.split()).casefold() in shown, target  # a title may print in capitals
    assert targets == sorted(targets)
    assert not list(year.glob(".lkjip/*.body.pdf")) and not list(year.glob(".lkjip/*.front.*"))


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
    # papermill's own record names the chapter notebook (not a copy of the whole notebook),
    # without the machine's absolute paths (the workspace is outside the project: names only)
    assert nb.metadata["papermill"]["input_path"] == "01_alpha.ipynb"
    assert nb.metadata["papermill"]["output_path"] == "demo-opd/2024/alpha.ipynb"
    assert nb.metadata["papermill"]["parameters"]["data_dir"] == "data"
    assert str(workspace) not in (workspace / "out/demo-opd/2024/alpha.ipynb").read_text()


def test_rerun_with_nothing_changed_executes_nothing(workspace):
    pdfs = sorted((workspace / "out" / "demo-opd" / "2024").glob("*.pdf"))
    if shutil.which("chromium"):
        assert len(pdfs) == 3  # alpha, beta and the year's report
    printed = {pdf: pdf.stat().st_mtime_ns for pdf in pdfs}
    report = run_batch(options(workspace))
    assert {r.status for r in report.results} == {"cached"}
    assert report.combined == [] and report.pdf.printed == []
    assert {pdf: pdf.stat().st_mtime_ns for pdf in pdfs} == printed  # nothing printed again


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
