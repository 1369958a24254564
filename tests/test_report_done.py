"""Issue 15 done: technical text is out of the reader's path, in one "Catatan teknis" at the
end of each document (after the Lampiran), and every Tabel and Gambar caption carries its
number "N.k", numbered per Bab in order.

Checked on what a reader gets, the bundled 2024 combined PDF and a chapter's PDF (one build
for the module), and on the appendix rendered from a chapter's recorded conventions (the run's
rounding override, chapters that differ, a synthetic dataset)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from lkjip_nb import present, rounding
from lkjip_nb.record import MIME_TYPE, figure_payload
from lkjip_nb.render.html import ReportInfo, render_html
from lkjip_nb.render.pdf import find_browser
from lkjip_nb.render.preprocessors import tag_chapter
from lkjip_nb.render.technical import TITLE
from tests.conftest import BUNDLED, DATA, chapter_context

HEX64 = re.compile(r"\b[0-9a-f]{64}\b")
#: A caption line as pdftotext writes it: "Tabel 3.6 Anggaran ..." (an explicit scheme such as
#: "IKS.1" also counts as a number).
NUMBERED = re.compile(r"^(?P<kind>Tabel|Gambar) (?P<bab>[0-9A-Z]+)\.(?P<k>\d+)\b")


def config_words(dataset) -> set[str]:
    """Words of the rounding configuration no reader text may show: the kinds of figure that
    are identifiers rather than words (``persen_anggaran``, ``(lainnya)``) and the methods."""
    policy = dataset.rounding()
    kinds = set(rounding.KIND_LABELS) | set(policy.describe())
    methods = {r.method for r in policy.rules.values()} | {policy.default.method}
    return {k for k in kinds if not k.isalpha()} | methods


def plain(text: str) -> str:
    return " ".join(text.split())


# --- the bundled report, built once ------------------------------------------------------

@pytest.fixture(scope="module")
def year_dir(report_2024) -> Path:
    """The bundled agency's 2024 documents (the report's chapters, HTML and PDF)."""
    if find_browser() is None or not shutil.which("pdftotext"):
        pytest.skip("needs chromium and poppler-utils")
    return report_2024


def pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return text.split("\f")


def first_line(page: str) -> str:
    return next((line.strip() for line in page.splitlines() if line.strip()), "")


def appendix_start(found: list[str]) -> int:
    """The page the appendix starts on: its heading opens the page (the contents only list it)."""
    starts = [i for i, page in enumerate(found) if first_line(page) == TITLE]
    assert len(starts) == 1, starts
    return starts[0]


DOCUMENTS = ("lkjip-2024.pdf", "budget.pdf")


@pytest.mark.notebooks
@pytest.mark.parametrize("name", DOCUMENTS)
def test_nothing_technical_before_the_catatan_teknis(year_dir, dataset, name):
    found = pages(year_dir / name)
    start = appendix_start(found)
    before = "\f".join(found[:start])
    assert start > 2 and TITLE in before  # the Daftar Isi lists it
    assert BUNDLED not in before
    for word in config_words(dataset):
        assert word not in before, word
    assert not HEX64.search(before) and "sha256" not in before.lower()
    assert "Pembulatan tampilan —" not in before  # the chapter openers' old line
    after = "\f".join(found[start:])
    assert BUNDLED in after and HEX64.search(after) and "sha256" in after
    assert "sintetis" not in (before + after).lower()  # the bundled data are real, nowhere marked


@pytest.mark.notebooks
def test_the_appendix_follows_the_lampiran(year_dir):
    found = pages(year_dir / "lkjip-2024.pdf")
    lampiran = [i for i, page in enumerate(found) if first_line(page) == "Lampiran"]
    assert lampiran and lampiran[-1] < appendix_start(found)


@pytest.mark.notebooks
@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_caption_is_numbered_per_bab_in_order(year_dir, name):
    """A line starting "Tabel"/"Gambar" is a caption (or its entry in the Daftar Tabel and
    Daftar Gambar): each carries a number, and each Bab's numbers of a kind run 1, 2, ..."""
    lines = [line.strip() for page in pages(year_dir / name) for line in page.splitlines()]
    captions = [line for line in lines if re.match(r"(Tabel|Gambar)\s", line)]
    assert len(captions) > 5
    unnumbered = [line for line in captions if not NUMBERED.match(line)]
    assert unnumbered == []
    seen: dict[tuple[str, str], set[int]] = {}
    for line in captions:
        match = NUMBERED.match(line)
        seen.setdefault((match["kind"], match["bab"]), set()).add(int(match["k"]))
    for (kind, bab), numbers in seen.items():
        if name == "lkjip-2024.pdf":  # a chapter's document starts where its Bab has got to
            assert numbers == set(range(1, max(numbers) + 1)), (kind, bab)
        else:
            assert numbers == set(range(min(numbers), max(numbers) + 1)), (kind, bab)
    kinds = {kind for kind, _ in seen}
    assert kinds == {"Tabel", "Gambar"}  # the charts are numbered too


@pytest.mark.notebooks
@pytest.mark.parametrize("name", DOCUMENTS)
def test_the_catatan_teknis_holds_the_rounding_conventions(year_dir, dataset, name):
    found = pages(year_dir / name)
    text = plain(" ".join(found[appendix_start(found):]))
    policy = dataset.rounding()
    for kind, words in policy.describe().items():
        label = rounding.kind_label(kind)
        assert f"{label[:1].upper()}{label[1:]} {words}" in text, kind
    assert "nilai eksak" in text
    assert "capaian = realisasi / target × 100" in text


# --- the appendix from recorded conventions (no build) --------------------------------------

OVERRIDE = {"capaian": {"method": "half_up", "decimals": 3}}


def recorded(ctx, order: int, title: str | None = None) -> list:
    """A chapter's cells as executed: its heading, and the header cell's recorded conventions."""
    value = present.conventions(ctx)
    if title:
        value["chapter"] = title
    nb = new_notebook(cells=[
        new_markdown_cell(f"# {value['chapter']}"),
        new_code_cell("p.header(ctx)", outputs=[new_output("display_data", data={
            MIME_TYPE: figure_payload(present.CONVENTIONS, value)})])])
    tag_chapter(nb, str(order), order)
    return nb.cells


def appendix(page: str) -> str:
    """The page's text from the appendix's heading on, tags stripped."""
    text = re.sub(r"<[^>]+>", " ", page[page.index(f"<h1>{TITLE}"):])
    return plain(text)


PROV = {"opd": "demo-opd", "agency": "Dinas Contoh", "year": 2024, "chapter": "planning",
        "chapter_order": 1, "notebook": "01_planning.ipynb", "notebook_sha256": "ab" * 32,
        "parameters": {"year": 2024, "rounding": OVERRIDE}, "data_sha256": "cd" * 32,
        "lkjip_nb": "0.1.0", "git_commit": "deadbeef",
        "executed_at": "2025-02-28T09:05:00+07:00", "libraries": {"pandas": "2.2"}}


def test_the_header_keeps_the_rounding_out_of_the_readers_path(monkeypatch):
    ctx = chapter_context("planning", 2024)
    said, kept = [], []
    monkeypatch.setattr(present, "say", said.append)
    monkeypatch.setattr("lkjip_nb.record.record", lambda name, value, **_: kept.append(
        (name, value)))
    present.header(ctx)
    assert "Pembulatan" not in said[0] and "desimal" not in said[0]
    assert kept == [(present.CONVENTIONS, present.conventions(ctx))]


def test_the_runs_rounding_override_shows_in_the_appendix():
    from lkjip_nb.notebook import start

    ctx = chapter_context("planning", 2024)
    run = start("planning", {"year": 2024, "opd": BUNDLED, "data_dir": str(DATA),
                             "rounding": OVERRIDE}, style=False)
    nb = new_notebook(cells=recorded(run, 1))
    page = render_html(nb, ReportInfo(agency="Dinas Contoh", year=2024, provenance=[PROV]))
    text = appendix(page)
    assert "Capaian bulatkan setengah ke atas, 3 desimal parameter run" in text
    profile_rule = ctx.policy.describe()["capaian_program"]
    assert f"Capaian program {profile_rule} data OPD" in text
    assert '"rounding": {"capaian": {"decimals": 3, "method": "half_up"}}' in text.replace(
        "&quot;", '"')
    # the reader's part of the page has none of it
    reader = page[:page.index(f"<h1>{TITLE}")].split("</head>", 1)[1]
    assert "3 desimal" not in reader and "sha256" not in reader


def test_chapters_share_one_provenance_table_with_rows_only_where_they_differ():
    ctx = chapter_context("planning", 2024)
    nb = new_notebook(cells=recorded(ctx, 1, "Bab Satu") + recorded(ctx, 2, "Bab Dua"))
    second = dict(PROV, chapter="indicators", chapter_order=2, notebook="02_indicators.ipynb",
                  notebook_sha256="ef" * 32)
    text = appendix(render_html(nb, ReportInfo(agency="D", year=2024, combined=True,
                                               provenance=[PROV, second])))
    assert text.count("Pembulatan tampilan") == 1 and text.count("Angka Aturan tampilan") == 1
    assert text.count("Parameter ") == 1 and text.count("Hash data (sha256)") == 1
    assert "01_planning.ipynb, sha256 abababababab" in text
    assert "02_indicators.ipynb, sha256 efefefefefef" in text
    third = dict(second, parameters={"year": 2024, "rounding": {}})
    text = appendix(render_html(nb, ReportInfo(agency="D", year=2024, combined=True,
                                               provenance=[PROV, third])))
    assert text.count("Parameter — ") == 2 and text.count("Hash data (sha256)") == 1


def test_a_synthetic_dataset_is_marked_in_the_appendix_too():
    import dataclasses

    ctx = chapter_context("planning", 2024)
    fake = dataclasses.replace(ctx, dataset=dataclasses.replace(
        ctx.dataset, profile={**ctx.profile, "synthetic": True}))
    page = render_html(new_notebook(cells=recorded(fake, 1)), ReportInfo(agency="D", year=2024))
    assert "Data sintetis: nama dan angka rekaan" in appendix(page)
    real = render_html(new_notebook(cells=recorded(ctx, 1)), ReportInfo(agency="D", year=2024))
    assert "sintetis" not in real
