"""A second, unlike agency end to end: the synthetic Dinas Kesehatan of tests/fixtures.

Every chapter that applies runs for 2022 and 2023 through the batch runner; the documents hold
nothing of the bundled agency, say the data are synthetic, print lower-is-better capaian as
computed here from the CSVs (independently of lkjip_nb) and say what is missing instead of
failing (2023: no STUNTING realisasi, no printed program amounts, a sasaran without budget).
"""

from __future__ import annotations

import csv
import html
import re
import shutil
import subprocess
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
import yaml

from lkjip_nb.record import read_figures
from lkjip_nb.registry import NOTEBOOK_DIR
from lkjip_nb.runner.batch import RunOptions, run_batch

pytestmark = pytest.mark.notebooks

AGENCIES = Path(__file__).parent / "fixtures" / "agencies"
OPD = "dinkes-kab-contoh"
FOLDER = AGENCIES / OPD
YEARS = (2022, 2023)
CHAPTERS = ["planning", "indicators", "efficiency", "budget"]
#: Words of the bundled agency that must not appear in another agency's documents.
FOREIGN = re.compile(r"kesbangpol|blitar|partai politik|pemilu|pilkada|kesalehan", re.I)


@pytest.fixture(scope="module")
def stable_package():
    """Others edit lkjip_nb while tests run; keep its hash fixed inside this module."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("lkjip_nb.runner.worker.package_source_hash", lambda: "fixed")
        yield


@pytest.fixture(scope="module")
def run(tmp_path_factory, stable_package):
    root = tmp_path_factory.mktemp("other-agency")
    params = root / "params"
    params.mkdir()
    for year in YEARS:
        (params / f"{year}.yaml").write_text(f"year: {year}\nopd: {OPD}\nrounding: {{}}\n")
    report = run_batch(RunOptions(
        data_dir=AGENCIES, opds=[OPD], years=list(YEARS), chapters=CHAPTERS,
        out_dir=root / "out", params_dir=params, notebooks_dir=NOTEBOOK_DIR, jobs=2,
        progress=False))
    return report, root / "out"


def year_dir(out: Path, year: int) -> Path:
    return out / OPD / str(year)


def outputs_text(path: Path) -> str:
    """What an executed notebook shows a reader: its markdown and HTML outputs."""
    import nbformat

    nb = nbformat.read(str(path), as_version=4)
    parts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            data = output.get("data", {})
            parts += [str(data.get(k, "")) for k in ("text/markdown", "text/html")]
    return "\n".join(parts)


def plain(text: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def csv_rows(name: str) -> list[dict]:
    with (FOLDER / f"{name}.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def expected_capaian(year: int) -> dict[str, Decimal | None]:
    """Capaian of each IKU computed here from the CSVs and profile.yaml, rounded as the
    profile says (half up, 2 decimals): the PK target, the primary realisasi, the IKU's rule."""
    profile = yaml.safe_load((FOLDER / "profile.yaml").read_text(encoding="utf-8"))
    rule_spec = profile["rounding"]["capaian"]
    assert rule_spec["method"] == "half_up"
    quantum = Decimal(1).scaleb(-rule_spec["decimals"])
    targets = {r["iku_id"]: Decimal(r["target"]) for r in csv_rows("iku_targets")
               if int(r["year"]) == year and r["kind"] == "pk"}
    real = {r["iku_id"]: Decimal(r["realisasi"]) for r in csv_rows("iku_realisasi")
            if int(r["year"]) == year and r["primary"] == "true"}
    out: dict[str, Decimal | None] = {}
    for iku in profile["iku"]:
        t, r = targets.get(iku["id"]), real.get(iku["id"])
        if t is None or r is None:
            out[iku["id"]] = None
            continue
        rule = iku.get("capaian_rule") or (
            profile.get("capaian_lower", "inverse_gap") if iku["direction"] == "lower"
            else "ratio")
        value = {"ratio": r / t, "inverse_gap": (2 * t - r) / t,
                 "inverse_ratio": t / r}[rule] * 100
        out[iku["id"]] = value.quantize(quantum, rounding=ROUND_HALF_UP)
    return out


def test_every_applicable_chapter_runs_for_both_years(run):
    report, out = run
    assert not report.failed, [(r.job.key, r.error) for r in report.failed]
    for year in YEARS:
        for chapter in CHAPTERS:
            assert (year_dir(out, year) / f"{chapter}.ipynb").is_file(), (year, chapter)


def test_no_document_mentions_the_bundled_agency(run):
    _, out = run
    documents = [p for p in out.rglob("*") if p.suffix in (".ipynb", ".html")
                 and ".lkjip" not in p.parts]
    assert documents
    for path in documents:
        hit = FOREIGN.search(path.read_text(encoding="utf-8"))
        assert hit is None, f"{path.name}: {hit.group(0) if hit else ''}"
    if shutil.which("pdftotext"):
        pdfs = list(out.rglob("*.pdf"))
        assert pdfs
        for path in pdfs:
            text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                                  text=True, check=True).stdout
            hit = FOREIGN.search(text)
            assert hit is None, f"{path.name}: {hit.group(0) if hit else ''}"


def test_documents_say_the_data_are_synthetic(run):
    _, out = run
    for year in YEARS:
        for chapter in CHAPTERS:
            page = (year_dir(out, year) / f"{chapter}.html").read_text(encoding="utf-8")
            names = re.findall(r"<strong>([^<]*)</strong> — Laporan Kinerja", page)
            assert names and all("sintetis" in n for n in names), (year, chapter)
            assert "Data sintetis." in page
            figures = read_figures(year_dir(out, year) / f"{chapter}.ipynb")
            assert figures["synthetic"] is True


@pytest.mark.parametrize("year", YEARS)
def test_lower_is_better_capaian_as_computed_from_the_csvs(run, year):
    _, out = run
    figures = read_figures(year_dir(out, year) / "indicators.ipynb")
    expected = expected_capaian(year)
    for iku_id, value in expected.items():
        got = figures[f"capaian_{iku_id}"]
        assert (got is None) == (value is None), iku_id
        if value is not None:
            assert Decimal(str(got)) == value, iku_id
    body = outputs_text(year_dir(out, year) / "indicators.ipynb")
    table = body[body.index('data-key="kinerja"'):]
    table = plain(table[:table.index("</figure>")]).replace("\u00a0", " ")
    for iku_id in ("AKI", "KEMATIAN_IBU"):
        assert f"{expected[iku_id]} %".replace(".", ",") in table, iku_id
    # The note names each rule used with the IKU using it, not realisasi / target for all.
    assert "(2 × target − realisasi) / target × 100 untuk Angka Kematian Ibu" in table
    assert "target / realisasi × 100 untuk Jumlah kematian ibu" in table
    assert "Capaian = realisasi / target × 100" not in table


def test_2023_stunting_realisasi_is_said_to_be_unavailable(run):
    _, out = run
    path = year_dir(out, 2023) / "indicators.ipynb"
    figures = read_figures(path)
    assert figures["realisasi_STUNTING"] is None and figures["capaian_STUNTING"] is None
    body = outputs_text(path)
    table = body[body.index('data-key="kinerja"'):]
    table = table[:table.index("</table>")]
    row = next(r for r in table.split("<tr") if "Prevalensi stunting" in r)
    assert "tidak tersedia" in row and "0\u00a0%" not in row
    assert "Prevalensi stunting pada balita tahun 2023 belum tersedia" in plain(body)


def test_2023_budget_without_printed_subtotals_and_a_sasaran_without_budget(run):
    _, out = run
    budget = plain(outputs_text(year_dir(out, 2023) / "budget.ipynb"))
    assert "⚠" not in budget  # nothing printed differs: no amounts, per-kegiatan numbering
    assert "tercetak nan" not in budget and "laporan tidak mencetak subtotalnya" in budget
    assert "kode ditetapkan OPD" in budget
    assert "diturunkan dari kode sub kegiatan yang tercetak" not in budget
    assert "Laporan menomori sub kegiatan per kegiatan" in budget
    assert "ratusan kali" not in budget and "0 sasaran" not in budget
    efficiency = plain(outputs_text(year_dir(out, 2023) / "efficiency.ipynb"))
    figures = read_figures(year_dir(out, 2023) / "efficiency.ipynb")
    assert figures["efisiensi_S3"] is None and figures["efisiensi_total"] is not None
    assert "tidak memiliki anggaran tahun 2023" in efficiency


@pytest.mark.parametrize("year", YEARS)
def test_reader_text_has_no_config_keys_or_empty_parts(run, year):
    _, out = run
    for chapter in CHAPTERS:
        text = plain(outputs_text(year_dir(out, year) / f"{chapter}.ipynb"))
        for bad in (OPD, "persen_anggaran", "(lainnya)", "profile.yaml", ".csv", "()",
                    "”–”", "tercetak nan", "Bab efficiency", "konflik"):
            assert bad not in text, (chapter, bad)
