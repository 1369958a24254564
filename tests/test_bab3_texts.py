"""Bab III shows the agency's own texts beside the computed figures: the analysis of each IKU
under its sasaran (III.A.2), kendala dan solusi (III.A.4), faktor penunjang (III.A.6), the
narrative of each sub kegiatan after its sasaran's table (III.B); placeholders where a year has
none, and a final build that lists them.

Expected texts are read from the dataset's narasi/ files, the structure from its CSVs and
profile.yaml; the executed notebooks are shared with the other notebook tests.
"""

from __future__ import annotations

import csv
import re
from html import escape
from pathlib import Path

import nbformat
import pytest
import yaml

from lkjip_nb import narrative
from lkjip_nb.record import read_figures
from tests.conftest import BUNDLED, DATA
from tests.notebook_runner import executed

pytestmark = pytest.mark.notebooks

FOLDER = DATA / BUNDLED
#: Markdown that the page would show differently from the file (the sentence is compared as
#: typed).
_MARKUP = re.compile(r"[*_`\[\]<>\\$#|]")


def profile() -> dict:
    return yaml.safe_load((FOLDER / "profile.yaml").read_text(encoding="utf-8"))


def csv_rows(name: str, year: int) -> list[dict]:
    with (FOLDER / f"{name}.csv").open(encoding="utf-8") as handle:
        return [r for r in csv.DictReader(handle) if int(r["year"]) == year]


def opening(path: Path) -> str:
    """The start of the file's first prose paragraph without markup (what a reader finds on
    the page word for word)."""
    for para in path.read_text(encoding="utf-8").split("\n\n"):
        para = " ".join(para.split())
        if para[:1].isalpha() and not _MARKUP.search(para[:90]):
            return para[:90]
    raise AssertionError(f"no plain paragraph in {path}")


def document(path: Path) -> str:
    """The notebook as a reader meets it, in order: markdown cells and the code cells'
    Markdown and HTML outputs, one after the other."""
    nb = nbformat.read(str(path), as_version=4)
    parts = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            parts.append(cell.source)
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            data = output.get("data", {})
            parts += [str(data.get(k, "")) for k in ("text/markdown", "text/html")]
    return "\n".join(parts)


def position(text: str, needle: str, start: int = 0) -> int:
    at = text.find(needle, start)
    assert at >= 0, f"not found after {start}: {needle!r}"
    return at


def narasi(year: int, section: str) -> Path:
    return FOLDER / narrative.NARASI_DIR / str(year) / f"{section}.md"


def sasaran_bounds(text: str, numbers: list[int], end: str) -> dict[int, tuple[int, int]]:
    """Where each sasaran's section of the indicators chapter starts and ends."""
    starts = [position(text, f"Sasaran Strategis {n}: ") for n in numbers]
    stops = starts[1:] + [position(text, end)]
    return {n: (a, b) for n, a, b in zip(numbers, starts, stops, strict=True)}


# --- III.A.2 and III.A.4 (indicators) ------------------------------------------------------------

def test_2024_each_iku_analysis_stands_in_its_sasaran_after_its_figures():
    text = document(executed("indicators", 2024))
    prof = profile()
    numbers = {s["id"]: s["number"] for s in prof["sasaran"]}
    bounds = sasaran_bounds(text, sorted(numbers.values()), "## 3. ")
    for iku in prof["iku"]:
        start, stop = bounds[numbers[iku["sasaran_id"]]]
        table = position(text, f'data-key="capaian-sasaran/{iku["sasaran_id"]}"', start)
        figures = position(text, f"Pada tahun 2024 {iku['text']} terealisasi", table)
        label = position(text, f"<strong>Analisis capaian {escape(iku['text'])}</strong>",
                         figures)
        agency = position(text, opening(narasi(2024, f"analisis-{iku['id']}")), label)
        assert agency < stop, iku["id"]


def test_2024_figures_sentence_says_how_realisasi_moved_from_the_year_before():
    text = document(executed("indicators", 2024))
    real = {(r["iku_id"], int(r["year"])): float(r["realisasi"])
            for year in (2023, 2024) for r in csv_rows("iku_realisasi", year)
            if r["primary"] == "true"}
    for iku in profile()["iku"]:
        change = real[iku["id"], 2024] - real[iku["id"], 2023]
        at = position(text, f"Pada tahun 2024 {iku['text']} terealisasi")
        sentence = text[at:text.index("\n", at)]
        word = ("naik" if change > 0 else "turun") if abs(change) > 1e-9 else "sama dengan"
        assert word in sentence and "tahun 2023" in sentence, (iku["id"], sentence)


def test_2024_kendala_dan_solusi_is_item_4_after_the_renstra_progress():
    text = document(executed("indicators", 2024))
    item_3 = position(text, "## 3. ")
    table = position(text, 'data-key="renstra-progress"', item_3)
    item_4 = position(text, "## 4. Analisis penyebab keberhasilan/kegagalan", table)
    # the figures first (IKU below target by name), then the agency's words
    below = position(text, "yang di bawah target:", item_4)
    position(text, opening(narasi(2024, "kendala-dan-solusi")), below)
    assert "[belum diisi" not in text
    figures = read_figures(executed("indicators", 2024))
    assert figures["texts_missing"] == []
    inputs = set(figures["_inputs"])
    for iku in profile()["iku"]:
        assert f"{BUNDLED}/narasi/2024/analisis-{iku['id']}.md" in inputs
    assert f"{BUNDLED}/narasi/2024/kendala-dan-solusi.md" in inputs


def test_2023_shows_placeholders_where_the_texts_are_missing():
    text = document(executed("indicators", 2023))
    prof = profile()
    numbers = {s["id"]: s["number"] for s in prof["sasaran"]}
    bounds = sasaran_bounds(text, sorted(numbers.values()), "## 3. ")
    for iku in prof["iku"]:
        start, stop = bounds[numbers[iku["sasaran_id"]]]
        hole = position(text, f"[belum diisi: analisis capaian {iku['text']}]", start)
        assert hole < stop, iku["id"]
    item_4 = position(text, "## 4. ")
    position(text, f"[belum diisi: {narrative.SECTIONS['kendala-dan-solusi']}]", item_4)
    missing = read_figures(executed("indicators", 2023))["texts_missing"]
    assert len(missing) == len(prof["iku"]) + 1


def test_final_2023_build_lists_every_missing_bab_3_text(tmp_path):
    import papermill as pm

    from tests.notebook_runner import NOTEBOOKS, notebook_path

    # its own output file: the draft's executed notebook is shared with other tests
    with pytest.raises(pm.PapermillExecutionError) as failed:
        pm.execute_notebook(str(notebook_path("indicators")), str(tmp_path / "final.ipynb"),
                            parameters={"year": 2023, "opd": BUNDLED, "data_dir": str(DATA),
                                        "rounding": {}, "final": True},
                            kernel_name="python3", cwd=str(NOTEBOOKS), progress_bar=False)
    message = str(failed.value)
    assert "MissingTexts" in message
    for iku in profile()["iku"]:
        assert f"analisis capaian {iku['text']}" in message
        assert f"narasi/2023/analisis-{iku['id']}.md" in message
    assert narrative.SECTIONS["kendala-dan-solusi"] in message
    assert narrative.SECTIONS["faktor-penunjang"] not in message  # the efficiency chapter's


def test_final_2023_efficiency_asks_for_faktor_penunjang():
    from lkjip_nb.chapters import efficiency
    from lkjip_nb.notebook import start

    ctx = start("efficiency", {"year": 2023, "opd": BUNDLED, "data_dir": str(DATA),
                               "rounding": {}, "final": True}, style=False)
    with pytest.raises(narrative.MissingTexts) as failed:
        efficiency.texts(ctx)
    assert [m.where for m in failed.value.missing] == ["narasi/2023/faktor-penunjang.md"]


# --- III.A.6 (efficiency) ------------------------------------------------------------------------

def test_2024_faktor_penunjang_is_item_6_after_the_efficiency_analysis():
    text = document(executed("efficiency", 2024))
    table = position(text, 'data-key="efisiensi"')
    item_6 = position(text, "\n# 6. Analisis program/kegiatan", table)
    position(text, opening(narasi(2024, "faktor-penunjang")), item_6)
    # the programs of every sasaran, from programs.csv, listed before the agency's words
    programs = csv_rows("programs", 2024)
    for sasaran in profile()["sasaran"]:
        at = position(text, f"Sasaran strategis {sasaran['number']} (capaian kinerja", item_6)
        line = text[at:text.index("\n", at)].lower()
        for program in (p for p in programs if p["sasaran_id"] == sasaran["id"]):
            name = program["name"].lower().removeprefix("program ")
            assert name in line, (sasaran["id"], name)
    assert f"{BUNDLED}/narasi/2024/faktor-penunjang.md" in read_figures(
        executed("efficiency", 2024))["_inputs"]


def test_2023_efficiency_shows_the_placeholder():
    text = document(executed("efficiency", 2023))
    item_6 = position(text, "\n# 6. ")
    position(text, f"[belum diisi: {narrative.SECTIONS['faktor-penunjang']}]", item_6)


# --- III.B (budget) ------------------------------------------------------------------------------

def sub_kegiatan_sasaran(year: int) -> dict[str, tuple[str, str]]:
    """Sub kegiatan code -> (its name, the sasaran of its program), from the CSVs."""
    kegiatan = {r["code"]: r["program_code"] for r in csv_rows("kegiatan", year)}
    program = {r["code"]: r["sasaran_id"] for r in csv_rows("programs", year)}
    return {r["code"]: (r["name"], program[kegiatan[r["kegiatan_code"]]])
            for r in csv_rows("sub_kegiatan", year)}


def test_2024_each_sub_kegiatan_text_follows_its_sasaran_table():
    text = document(executed("budget", 2024))
    where = sub_kegiatan_sasaran(2024)
    files = sorted((FOLDER / narrative.NARASI_DIR / "2024" / narrative.SUB_KEGIATAN_DIR)
                   .glob("*.md"))
    assert files
    inputs = set(read_figures(executed("budget", 2024))["_inputs"])
    for path in files:
        name, sasaran = where[path.stem]
        table = position(text, f'data-key="realisasi-sasaran/{sasaran}"')
        nxt = text.find("### Sasaran strategis ", table)
        label = position(text, f"Sub Kegiatan {escape(name)}</strong>", table)
        body = position(text, opening(path), label)
        assert nxt < 0 or body < nxt, path.stem
        assert f"{BUNDLED}/narasi/2024/sub-kegiatan/{path.stem}.md" in inputs
    assert f"{BUNDLED}/dokumentasi.csv" in inputs
    # the captions stay in the Lampiran: Bab III.B points there and does not repeat them
    # (outside the agency's own words, which may name the same activity)
    captions = [r["caption"] for r in csv_rows("dokumentasi", 2024)]
    generated = re.sub(r'<div class="lkjip-agency-text">.*?</div>', "", text, flags=re.S)
    assert captions and not any(c in generated for c in captions)
    assert "Lampiran, bagian Dokumentasi Kegiatan" in text


def test_sub_kegiatan_texts_name_program_and_kegiatan_once():
    from lkjip_nb.chapters import budget
    from tests.conftest import chapter_context

    ctx = chapter_context("budget", 2024)
    found = narrative.AgencyTexts(DATA, BUNDLED, 2024)
    tree = budget.tree(ctx)
    blocks = [head for t in budget.sasaran_tables(ctx, tree)
              for head, _ in budget.sub_kegiatan_texts(ctx, t, found)]
    narrated = [p.stem for p in (FOLDER / narrative.NARASI_DIR / "2024"
                                 / narrative.SUB_KEGIATAN_DIR).glob("*.md")]
    assert len(blocks) == len(narrated)
    kegiatan = {r["code"]: r for r in csv_rows("kegiatan", 2024)}
    sub = {r["code"]: r for r in csv_rows("sub_kegiatan", 2024)}
    for code in {sub[c]["kegiatan_code"] for c in narrated}:
        label = f"Kegiatan {escape(kegiatan[code]['name'])}</strong>"
        assert sum(label in b for b in blocks) == 1, code
