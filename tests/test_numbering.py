"""Tables and figures are numbered by the document, not by chapter code: "Tabel <Bab>.<k>" and
"Gambar <Bab>.<k>" in order of appearance, running on through the chapters of a Bab in the
combined report; text refers to a table by its key and reads its final number, or words when
the document does not hold it; 'Sumber:' lines are found by key, or by the number the agency's
own report printed the table under (profile ``tables: {key: {reported_in: ...}}``)."""

from __future__ import annotations

import base64
import copy
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from lkjip_nb import present
from lkjip_nb.data.loader import Dataset
from lkjip_nb.data.profile import check_profile
from lkjip_nb.registry import find_chapters
from lkjip_nb.render import preprocessors as pp
from lkjip_nb.render.combined import ChapterDoc, combine
from lkjip_nb.render.html import ReportInfo, render_html

PNG = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082")).decode()
FRAME = pd.DataFrame({"a": ["1"]})
COLS = [present.Col("a", "A")]


def table(key: str | None, title: str, *, numbered: bool = True, number: str | None = None,
          notes: tuple[str, ...] = ()) -> dict:
    """The output present.show_table displays."""
    return new_output("display_data", data={"text/html": present.table_html(
        FRAME, COLS, key=key, numbered=numbered, number=number, title=title, notes=notes),
        "text/plain": "<HTML>"})


def figure(key: str, title: str) -> list[dict]:
    """The two outputs present.show_figure displays: the image and its caption."""
    image = new_output("display_data", data={"image/png": PNG, "text/plain": "<Image>"},
                       metadata={"image/png": {"alt": present.caption("Gambar", None, title)}})
    caption = present.caption_html("Gambar", title, key=key)
    return [image, new_output("display_data", data={
        "text/html": f'<p class="lkjip-figcaption" data-key="{key}">{caption}</p>'})]


def say(text: str) -> dict:
    return new_output("display_data", data={"text/markdown": text, "text/plain": "<Markdown>"})


def chapter(chapter_id: str, bab: str | None, *outputs_per_cell: list[dict],
            markdown: str = "") -> nbformat.NotebookNode:
    """An executed chapter notebook: a heading, then one code cell per list of outputs."""
    cells = [new_markdown_cell(f"# Bab {chapter_id}\n\n{markdown}")]
    cells += [new_code_cell("show()", outputs=list(outputs)) for outputs in outputs_per_cell]
    nb = new_notebook(cells=cells)
    nb.metadata["lkjip_chapter"] = {"id": chapter_id, **({"bab": bab} if bab else {})}
    return nb


def planning() -> nbformat.NotebookNode:
    return chapter("planning", "2",
                   [say(f"Tujuan pada {present.ref('tujuan')}."), table("tujuan", "Tujuan")],
                   [table("iku", "IKU"), table("program-count", "Jumlah", numbered=False)],
                   figure("renstra-chart", "Lintasan"))


def indicators() -> nbformat.NotebookNode:
    return chapter("indicators", "3", [table("kinerja", "Kinerja")],
                   [table("capaian-sasaran/S1", "Sasaran 1", numbered=False),
                    *figure("perbandingan-chart/IKS", "Perbandingan")],
                   [table("renstra-progress", "Kemajuan")])


def efficiency() -> nbformat.NotebookNode:
    return chapter(
        "efficiency", "3",
        [table("alokasi-sasaran", "Alokasi",
               notes=(f"Capaian menurut {present.ref('kinerja')} & anggaran.",))],
        [say(f"Efisiensi{present.ref('efisiensi', aside=True)} dan "
             f"{present.ref('belanja')}; capaian pada {present.ref('kinerja')}."),
         *figure("efisiensi-chart", "Efisiensi")],
        markdown='Alokasi<span class="lkjip-ref" data-ref="alokasi-sasaran" data-aside="1">'
                 "</span> dan kinerja pada "
                 '<span class="lkjip-ref" data-ref="kinerja">tabel kinerja</span>.')


def survey() -> nbformat.NotebookNode:
    """A chapter without a Bab that numbers its own tables ("IKS.1")."""
    return chapter("iks_survey", None, [table(None, "Survei", number="IKS.1")])


def write(tmp_path: Path, name: str, nb: nbformat.NotebookNode) -> Path:
    path = tmp_path / f"{name}.ipynb"
    nbformat.write(nb, str(path))
    return path


def combined(tmp_path: Path, *nbs: tuple[str, int, nbformat.NotebookNode]) -> nbformat.NotebookNode:
    merged, _ = combine([ChapterDoc(name, order, write(tmp_path, name, nb))
                         for name, order, nb in nbs])
    return merged


def numbered(nb: nbformat.NotebookNode) -> tuple[pp.Numbering, nbformat.NotebookNode]:
    """The numbering the renderer gives ``nb`` and the notebook as numbered (a copy)."""
    work = copy.deepcopy(nb)
    proc = pp.NumberingPreprocessor()
    proc.enabled = True
    work, resources = proc(work, {})
    return resources["lkjip"]["numbering"], work


def captions(page: str) -> list[str]:
    """Every caption of a rendered page, tags stripped, in order."""
    found = re.findall(r"<figcaption>(.*?)</figcaption>|"
                       r'<p class="lkjip-figcaption"[^>]*>(.*?)</p>', page, re.S)
    return [re.sub(r"<[^>]+>", "", a or b) for a, b in found]


def body(page: str) -> str:
    return page.split("</head>", 1)[1]


# --- present: keys, labels and references ---------------------------------------------------

def test_a_keyed_table_carries_a_label_and_no_number():
    markup = present.table_html(FRAME, COLS, key="belanja", title="Anggaran")
    assert present.LABEL.search(markup)["key"] == "belanja"
    assert not re.search(r"Tabel \d", markup)
    plain = present.table_html(FRAME, COLS, key="konflik", numbered=False, title="Kejadian")
    assert not present.LABEL.search(plain) and "Tabel Kejadian" in plain
    own = present.table_html(FRAME, COLS, number="IKS.1", title="Survei")
    assert "Tabel IKS.1 Survei" in own and not present.LABEL.search(own)


def test_a_reference_reads_as_words_until_rendered():
    token = present.ref("belanja")
    assert present.REF.fullmatch(token)["words"] == "tabel anggaran dan realisasi belanja"
    assert present.REF.fullmatch(present.ref("realisasi-sasaran/S2"))["words"] == \
        present.KEYS["realisasi-sasaran"]
    assert present.REF.fullmatch(present.ref("efisiensi", aside=True))["words"] == ""
    # a reference survives the escaping of notes and cells; the rest is escaped
    assert present.text_html(f"a & {token}") == f"a &amp; {token}"


# --- the renderer numbers per Bab, across chapters -----------------------------------------

def test_combined_report_numbers_per_bab_in_report_order(tmp_path):
    merged = combined(tmp_path, ("planning", 1, planning()), ("indicators", 2, indicators()),
                      ("efficiency", 3, efficiency()), ("iks_survey", 6, survey()))
    page = render_html(merged, ReportInfo(agency="D", year=2024, combined=True), "reader")
    assert captions(page) == [
        "Tabel 2.1 Tujuan", "Tabel 2.2 IKU", "Tabel Jumlah", "Gambar 2.1 Lintasan",
        "Tabel 3.1 Kinerja", "Tabel Sasaran 1", "Gambar 3.1 Perbandingan", "Tabel 3.2 Kemajuan",
        "Tabel 3.3 Alokasi", "Gambar 3.2 Efisiensi", "Tabel IKS.1 Survei"]
    assert re.search(r'<img [^>]*alt="Gambar 3\.2 Efisiensi"', page)
    numbering, _ = numbered(merged)
    assert numbering.labels["alokasi-sasaran"] == "Tabel 3.3"
    assert numbering.counts["3"] == {"Tabel": 3, "Gambar": 2}


def test_references_resolve_to_the_final_numbers(tmp_path):
    merged = combined(tmp_path, ("indicators", 2, indicators()), ("efficiency", 3, efficiency()),
                      ("planning", 1, planning()))
    page = body(render_html(merged, ReportInfo(agency="D", year=2024, combined=True)))
    link = '<a class="lkjip-ref" href="#tabel-3-1">Tabel 3.1</a>'
    assert f"Capaian menurut {link} &amp; anggaran." in page  # in a table note
    link = '<a href="#tabel-3-1">Tabel 3.1</a>'  # markdown: a markdown link
    assert f"capaian pada {link}." in page  # in generated markdown
    assert f"dan kinerja pada {link}." in page  # in a markdown cell
    assert "Efisiensi dan tabel anggaran dan realisasi belanja;" in page  # not shown: words
    assert 'Alokasi (<a href="#tabel-3-3">Tabel 3.3</a>) dan' in page
    assert 'Tujuan pada <a href="#tabel-2-1">Tabel 2.1</a>.' in page
    assert 'id="tabel-3-1"' in page and 'id="tabel-2-1"' in page
    assert "data-ref=" not in page and 'data-kind="' not in page


def test_a_reference_to_a_table_not_in_the_document_becomes_words():
    nb = efficiency()
    pp.tag_chapter(nb, "3", 3)
    page = body(render_html(nb, ReportInfo(agency="D", year=2024)))
    # neither the belanja table nor the kinerja table is in this document: words, no number
    assert "Efisiensi dan tabel anggaran dan realisasi belanja; capaian pada tabel target, " \
           "realisasi dan capaian kinerja." in page
    assert "dan kinerja pada tabel kinerja." in page
    assert "Capaian menurut tabel target, realisasi dan capaian kinerja &amp; anggaran." in page
    assert 'Alokasi (<a href="#tabel-3-1">Tabel 3.1</a>) dan' in page  # its own table
    assert set(re.findall(r"Tabel \d[.\d]*", page)) == {"Tabel 3.1"}


def test_a_chapter_document_numbers_as_its_place_in_the_bab():
    first = indicators()
    pp.tag_chapter(first, "3", 2)
    start = pp.item_counts(first)
    assert start == {"Tabel": 2, "Gambar": 1}
    nb = efficiency()
    pp.tag_chapter(nb, "3", 3, start=start)
    page = render_html(nb, ReportInfo(agency="D", year=2024))
    assert captions(page) == ["Tabel 3.3 Alokasi", "Gambar 3.2 Efisiensi"]


def test_a_chapter_without_captions_is_still_numbered_by_its_bab():
    nb = chapter("x", "3", [new_output("display_data", data={
        "text/html": "<table><tr><td>1</td></tr></table>"})])
    pp.tag_chapter(nb, "9", 9)
    page = render_html(nb, ReportInfo(agency="D", year=2024))
    assert "Tabel 3.1" in page and "Tabel 9.1" not in page


def test_registry_gives_each_report_chapter_its_bab():
    babs = {c.id: c.bab for c in find_chapters()}
    assert (babs["planning"], babs["indicators"], babs["efficiency"]) == ("2", "3", "3")
    assert (babs["budget"], babs["hibah"]) == ("3", "3")
    assert babs["iks_survey"] == babs["audit"] == ""  # their own numbering


# --- Sumber lines by key, and by the number the agency's report printed -------------------

def dataset(profile: dict) -> Dataset:
    return Dataset(opd="x", path=Path("."), profile={"agency": {"name": "Dinas X"}, **profile},
                   tables={})


def test_sources_by_key_and_by_reported_in():
    ds = dataset({
        "sources": {"default": "Dinas X, 2024", "belanja": "BPKAD", "3.1": "Renstra",
                    "hibah": "Bagian Hibah", "3.9": "Cetak 3.9"},
        "tables": {"kinerja": {"reported_in": "3.1"},
                   "realisasi-sasaran/S2": {"reported_in": "3.9"},
                   "renstra-progress": {"reported_in": "3.2"}}})
    assert ds.source("belanja") == "BPKAD"  # by key
    assert ds.source("kinerja") == "Renstra"  # by the printed number
    assert ds.source("realisasi-sasaran/S2") == "Cetak 3.9"
    assert ds.source("hibah/parpol") == "Bagian Hibah"  # by the key's base
    assert ds.source("renstra-progress") == "Dinas X, 2024"  # printed number without a source
    assert ds.source("efisiensi") == "Dinas X, 2024"
    assert dataset({}).source("belanja") == "Dinas X"
    assert ds.reported_in("kinerja") == "3.1" and ds.reported_in("efisiensi") is None


def test_bundled_profile_keeps_its_printed_sources_through_reported_in():
    from lkjip_nb.data import load_dataset
    from tests.conftest import BUNDLED, DATA

    ds = load_dataset(DATA, BUNDLED)
    assert ds.source("kinerja") == "Renstra Perubahan Bakesbangpol Tahun 2021-2026"
    assert ds.source("iku-daerah/IKS").startswith("RPJMD Kabupaten Blitar")
    assert ds.reported_in("realisasi-sasaran/S3") == "3.10"


def test_profile_tables_need_quoted_numbers_and_nothing_else():
    rules = {p.column: p.rule for p in check_profile(
        {"tables": {"belanja": {"reported_in": 3.1}, "kinerja": {"printed": "3.1"},
                    "efisiensi": "3.5"}}, "p/profile.yaml")}
    assert "tanda kutip" in rules["tables.belanja.reported_in"]
    assert "kunci tidak dikenal" in rules["tables.kinerja.printed"]
    assert "pemetaan" in rules["tables.efisiensi"]


# --- end to end: the chapter notebooks executed ---------------------------------------------

REPORT_CHAPTERS = ("planning", "indicators", "efficiency", "budget", "hibah")


def report(paths: dict[str, Path]) -> nbformat.NotebookNode:
    from lkjip_nb.registry import chapter as entry

    merged, _ = combine([ChapterDoc(c, entry(c).order, path) for c, path in paths.items()])
    return merged


def consecutive(numbering: pp.Numbering) -> dict[str, dict[str, list[int]]]:
    """Per Bab and kind, the numbers given, in order."""
    out: dict[str, dict[str, list[int]]] = {}
    for label in numbering.labels.values():
        kind, number = label.split(" ")
        bab, k = number.rsplit(".", 1)
        out.setdefault(bab, {}).setdefault(kind, []).append(int(k))
    return out


@pytest.mark.notebooks
def test_bundled_2024_numbers_are_the_printed_ones():
    """Where the printed report's order of tables is ours, its numbers are ours: every table
    the profile records a printed number for (``reported_in``) comes out under it."""
    from lkjip_nb.data import load_dataset
    from tests.conftest import BUNDLED, DATA
    from tests.notebook_runner import executed

    merged = report({c: executed(c, 2024) for c in REPORT_CHAPTERS})
    numbering, _ = numbered(merged)
    printed = {key: f"Tabel {entry['reported_in']}"
               for key, entry in load_dataset(DATA, BUNDLED).profile["tables"].items()}
    assert {key: numbering.labels.get(key) for key in printed} == printed
    assert numbering.labels["realisasi-sasaran/S4"] == "Tabel 3.11"  # not in the printed report
    assert all(present.base_key(key) in present.KEYS for key in numbering.labels)
    # each chapter's own document, started after the chapters before it in its Bab (what the
    # runner would pass), numbers its tables as the combined report does
    from lkjip_nb.registry import chapter as entry

    start = dict.fromkeys(pp.KINDS, 0)
    for name in REPORT_CHAPTERS[1:]:
        nb = nbformat.read(str(executed(name, 2024)), as_version=4)
        pp.tag_chapter(nb, str(entry(name).order), entry(name).order, start=start)
        own, _ = numbered(nb)
        assert own.labels and own.labels == {k: numbering.labels[k] for k in own.labels}, name
        start = {kind: start[kind] + pp.item_counts(nb)[kind] for kind in pp.KINDS}
    page = body(render_html(merged, ReportInfo(agency="D", year=2024, combined=True)))
    assert "data-ref=" not in page and 'data-kind="' not in page
    assert re.search(r'Belanja\s+Hibah pada <a href="#tabel-3-6">Tabel 3\.6</a>', page)


@pytest.mark.notebooks
def test_another_agency_is_numbered_consecutively_per_bab(tmp_path_factory):
    import papermill as pm

    from lkjip_nb.registry import NOTEBOOK_DIR
    from lkjip_nb.registry import chapter as entry

    agencies = Path(__file__).parent / "fixtures" / "agencies"
    out = tmp_path_factory.mktemp("dinkes-numbering")
    paths = {}
    for name in ("planning", "indicators", "efficiency", "budget"):
        paths[name] = out / f"{name}.ipynb"
        pm.execute_notebook(str(entry(name).path), str(paths[name]), parameters={
            "year": 2023, "opd": "dinkes-kab-contoh", "data_dir": str(agencies),
            "rounding": {}}, kernel_name="python3", cwd=str(NOTEBOOK_DIR), progress_bar=False)
    numbering, _ = numbered(report(paths))
    numbers = consecutive(numbering)
    assert set(numbers) == {"2", "3"}
    for kinds in numbers.values():
        for kind, given in kinds.items():
            assert given == list(range(1, len(given) + 1)), kind
    page = body(render_html(report(paths), ReportInfo(agency="D", year=2023, combined=True)))
    assert "data-ref=" not in page and 'data-kind="' not in page
