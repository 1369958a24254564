"""`lkjip run` writes each year's Excel export beside the combined report (the run's rounding,
skipped when unchanged, a failure one summary line that keeps the previous workbook), the index
links every report file that exists; a chapter's own document numbers its tables as the
combined report does."""

from __future__ import annotations

import html
import io
import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from lkjip_nb.cli import main
from lkjip_nb.render.index import collect_opd
from lkjip_nb.runner.batch import RunOptions, run_batch
from tests.conftest import BUNDLED, DATA

YEAR = 2024
#: A run's rounding override (params/<year>.yaml), unlike the agency's own convention.
OVERRIDE = {"persen_anggaran": {"method": "truncate", "decimals": 1}}
LABEL = re.compile(r'<span class="lkjip-label" id="[^"]*">(Tabel [^<]+)</span>\s*([^<]+)')


@pytest.fixture(scope="module")
def stable_package():
    """Others edit lkjip_nb while tests run; keep its hash fixed inside this module."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("lkjip_nb.runner.worker.package_source_hash", lambda: "fixed")
        mp.setattr("lkjip_nb.runner.batch.package_source_hash", lambda: "fixed")
        yield


def options(root: Path, chapters: list[str]) -> RunOptions:
    return RunOptions(data_dir=DATA, opds=[BUNDLED], years=[YEAR], chapters=chapters,
                      formats=("html", "xlsx"), out_dir=root / "out",
                      params_dir=root / "params", jobs=2, progress=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory, stable_package):
    """Budget first, alone; then the chapters before it in its Bab: the budget document must
    be renumbered by the second run, which does not execute it."""
    root = tmp_path_factory.mktemp("exports")
    (root / "params").mkdir()
    (root / "params" / f"{YEAR}.yaml").write_text(
        f"year: {YEAR}\nopd: {BUNDLED}\nrounding: {json.dumps(OVERRIDE)}\n", encoding="utf-8")
    first = run_batch(options(root, ["budget"]))
    workbook = root / "out" / BUNDLED / str(YEAR) / f"lkjip-{YEAR}.xlsx"
    written = workbook.stat().st_mtime_ns if workbook.is_file() else None
    second = run_batch(options(root, ["indicators", "efficiency"]))
    return root, first, second, written


def year_dir(root: Path) -> Path:
    return root / "out" / BUNDLED / str(YEAR)


def values(wb) -> dict[str, list[tuple]]:
    """Every sheet's cell values, without the provenance's creation time."""
    return {ws.title: [row for row in ws.iter_rows(values_only=True) if row[0] != "Dibuat"]
            for ws in wb}


@pytest.mark.notebooks
def test_the_budget_document_numbers_its_first_table_as_the_combined_report(built):
    root, first, second, _ = built
    assert not first.failed and not second.failed
    combined = (year_dir(root) / f"lkjip-{YEAR}.html").read_text(encoding="utf-8")
    in_report = {html.unescape(title).strip(): label for label, title in LABEL.findall(combined)}
    for name in ("budget.html", "budget-analyst.html"):
        page = (year_dir(root) / name).read_text(encoding="utf-8")
        label, title = LABEL.search(page).groups()
        assert in_report[html.unescape(title).strip()] == label, name


@pytest.mark.notebooks
def test_the_run_writes_the_years_export_with_the_runs_rounding(built, dataset):
    from lkjip_nb.excel import build_export

    root, first, _, _ = built
    target = year_dir(root) / f"lkjip-{YEAR}.xlsx"
    assert first.xlsx == [target] and not first.xlsx_errors
    policy = dataset.rounding(OVERRIDE)
    assert policy.describe() != dataset.rounding().describe()  # the override matters
    expected = io.BytesIO()  # as `lkjip export` writes it, with the run's rounding
    build_export(dataset, YEAR, policy).save(expected)
    assert values(load_workbook(target)) == values(load_workbook(expected))
    assert not list(year_dir(root).glob(".lkjip-tmp-*"))


@pytest.mark.notebooks
def test_an_unchanged_export_is_not_written_again(built):
    root, _, second, written = built
    assert second.xlsx == [] and not second.xlsx_errors
    assert (year_dir(root) / f"lkjip-{YEAR}.xlsx").stat().st_mtime_ns == written


@pytest.mark.notebooks
def test_the_index_links_each_report_file_there_is(built):
    root = built[0]
    page = (root / "out" / BUNDLED / "index.html").read_text(encoding="utf-8")
    links = set(re.findall(rf'href="({YEAR}/lkjip-{YEAR}\.[a-z]+)"', page))
    there = {f"{YEAR}/{p.name}" for p in year_dir(root).glob(f"lkjip-{YEAR}.*")}
    assert links == there and f"{YEAR}/lkjip-{YEAR}.xlsx" in links


@pytest.mark.notebooks
def test_a_failed_export_keeps_the_previous_workbook_and_says_so_once(built, monkeypatch,
                                                                      capsys):
    root = built[0]
    target = year_dir(root) / f"lkjip-{YEAR}.xlsx"
    before = target.read_bytes()

    def broken(*args, **kwargs):
        raise RuntimeError("lembar rusak")

    monkeypatch.setattr("lkjip_nb.excel.export.build_export", broken)
    monkeypatch.setattr("lkjip_nb.runner.batch.package_source_hash", lambda: "newer")
    code = main(["run", "--data", str(DATA), "--opd", BUNDLED, "--params", str(root / "params"),
                 "--out", str(root / "out"), "--years", str(YEAR), "--chapters", "budget",
                 "--formats", "xlsx", "--quiet"])
    out = capsys.readouterr().out
    assert code == 1
    lines = [line for line in out.splitlines() if "lembar rusak" in line]
    assert len(lines) == 1 and str(target) in lines[0] and "Excel" in lines[0]
    assert target.read_bytes() == before
    assert not list(year_dir(root).glob(".lkjip-tmp-*"))


def test_index_lists_the_word_and_excel_files_of_a_year_when_present(tmp_path):
    year = tmp_path / "opd" / str(YEAR)
    (year / ".lkjip").mkdir(parents=True)
    (year / ".lkjip" / "budget.json").write_text(json.dumps(
        {"status": "ok", "chapter": "budget", "order": 4, "year": YEAR}), encoding="utf-8")
    present = {".html": "HTML", ".docx": "Word", ".xlsx": "Excel"}
    for suffix in present:
        (year / f"lkjip-{YEAR}{suffix}").write_bytes(b"x")
    [block] = collect_opd(tmp_path / "opd")
    assert sorted(block.report.values()) == sorted(f"{YEAR}/lkjip-{YEAR}{s}" for s in present)
    labels = {Path(href).suffix: label for label, href in block.report.items()}
    for suffix, word in present.items():
        assert word in labels[suffix]
