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


def table(key: str | None, title: str, *, number: str | None = None,
          notes: tuple[str, ...] = ()) -> dict:
    """The output present.show_table displays."""
    return new_output("display_data", data={"text/html": present.table_html(
        FRAME, COLS, key=key, number=number, title=title, notes=notes),
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
                   [table("iku", "IKU"), table("program-count", "Jumlah")],
                   figure("renstra-chart", "Lintasan"))


def indicators() -> nbformat.NotebookNode:
    return chapter("indicators", "3", [table("kinerja", "Kinerja")],
                   [table("capaian-sasaran/S1", "Sasaran 1"),
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


def expected_labels(nb: nbformat.NotebookNode) -> dict[str, str]:
    """What numbering per Bab in order of appearance gives each key of a tagged notebook:
    its unnumbered labels walked in document order, counted per Bab (else the chapter's
    number) and kind from 1; a key shown twice keeps its first number."""
    counts: dict[tuple[str, str], int] = {}
    out: dict[str, str] = {}
    for cell in nb.cells:
        tag = cell.metadata.get("lkjip_chapter", {})
        bab = str(tag.get("bab") or tag.get("number"))
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            for match in present.LABEL.finditer(str(output.get("data", {}).get("text/html", ""))):
                kind = match["kind"]
                counts[(bab, kind)] = counts.get((bab, kind), 0) + 1
                out.setdefault(match["key"], f"{kind} {bab}.{counts[(bab, kind)]}")
    return out


# --- present: keys, labels and references ---------------------------------------------------

def test_a_keyed_table_carries_a_label_and_no_number():
    markup = present.table_html(FRAME, COLS, key="belanja", title="Anggaran")
    assert present.LABEL.search(markup)["key"] == "belanja"
    assert not re.search(r"Tabel \d", markup)
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
    expected = expected_labels(merged)
    # every keyed caption carries its number, supporting tables too (no unnumbered caption)
    titles = ["Tujuan", "IKU", "Jumlah", "Lintasan", "Kinerja", "Sasaran 1", "Perbandingan",
              "Kemajuan", "Alokasi", "Efisiensi"]
    keys = ["tujuan", "iku", "program-count", "renstra-chart", "kinerja", "capaian-sasaran/S1",
            "perbandingan-chart/IKS", "renstra-progress", "alokasi-sasaran", "efisiensi-chart"]
    assert captions(page) == [f"{expected[k]} {t}" for k, t in zip(keys, titles, strict=True)
                              ] + ["Tabel IKS.1 Survei"]
    assert expected["program-count"] == "Tabel 2.3" and expected["capaian-sasaran/S1"] == \
        "Tabel 3.2"  # the once unnumbered supporting tables, in their place of the sequence
    assert re.search(rf'<img [^>]*alt="{expected["efisiensi-chart"]} Efisiensi"', page)
    numbering, _ = numbered(merged)
    assert numbering.labels == expected
    assert numbering.counts["3"] == {"Tabel": 4, "Gambar": 2}


def test_references_resolve_to_the_final_numbers(tmp_path):
    merged = combined(tmp_path, ("indicators", 2, indicators()), ("efficiency", 3, efficiency()),
                      ("planning", 1, planning()))
    page = body(render_html(merged, ReportInfo(agency="D", year=2024, combined=True)))
    expected = expected_labels(merged)

    def link(key: str, markdown: bool = False) -> str:
        label = expected[key]
        cls = "" if markdown else ' class="lkjip-ref"'  # markdown: a markdown link
        return f'<a{cls} href="#{pp.slugify(label)}">{label}</a>'

    assert f"Capaian menurut {link('kinerja')} &amp; anggaran." in page  # in a table note
    assert f"capaian pada {link('kinerja', True)}." in page  # in generated markdown
    assert f"dan kinerja pada {link('kinerja', True)}." in page  # in a markdown cell
    assert "Efisiensi dan tabel anggaran dan realisasi belanja;" in page  # not shown: words
    assert f"Alokasi ({link('alokasi-sasaran', True)}) dan" in page
    assert f"Tujuan pada {link('tujuan', True)}." in page
    for key in ("kinerja", "tujuan", "alokasi-sasaran"):
        assert f'id="{pp.slugify(expected[key])}"' in page
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
    shown = captions(render_html(first, ReportInfo(agency="D", year=2024)))
    assert start == {kind: sum(c.startswith(f"{kind} ") for c in shown) for kind in pp.KINDS}
    nb = efficiency()
    pp.tag_chapter(nb, "3", 3, start=start)
    page = render_html(nb, ReportInfo(agency="D", year=2024))
    assert captions(page) == [f"Tabel 3.{start['Tabel'] + 1} Alokasi",
                              f"Gambar 3.{start['Gambar'] + 1} Efisiensi"]


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
def test_bundled_2024_numbers_every_caption_per_bab_in_order():
    """Every table and figure of the bundled chapters, supporting ones too, is numbered per Bab
    in order of appearance; the printed report's own numbers (profile ``reported_in``) stay
    data and number nothing here."""
    from tests.notebook_runner import executed

    merged = report({c: executed(c, 2024) for c in REPORT_CHAPTERS})
    numbering, _ = numbered(merged)
    expected = expected_labels(merged)
    assert numbering.labels == expected
    for kinds in consecutive(numbering).values():
        for kind, given in kinds.items():
            assert given == list(range(1, len(given) + 1)), kind
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
    shown = captions(page)
    assert shown and all(re.match(r"(Tabel|Gambar) \d+\.\d+ ", c) for c in shown), shown
    belanja = expected["belanja"]
    assert re.search(rf'Belanja\s+Hibah pada <a href="#{pp.slugify(belanja)}">'
                     rf"{re.escape(belanja)}</a>", page)


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
