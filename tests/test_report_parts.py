"""The whole LKJIP: the agency's own texts beside the generated narrative, Kata Pengantar with
its signature and the cover in the combined report, Bab I (Sistematika generated from the
registry), Bab IV (conclusion from the figures), Lampiran; placeholders in a draft, one error
listing every missing text in a final build; nothing of the bundled agency in another's."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import mistune
import nbformat
import pytest

from lkjip_nb import narrative
from lkjip_nb.artifacts.state import read_state
from lkjip_nb.record import read_figures
from lkjip_nb.registry import BAB_TITLES, NOTEBOOK_DIR, find_chapters
from lkjip_nb.runner.batch import RunOptions, run_batch
from tests.conftest import BUNDLED, DATA, chapter_context

AGENCIES = Path(__file__).parent / "fixtures" / "agencies"
OTHER = "dinkes-kab-contoh"
#: The new parts, and one chapter of Bab II-III beside them.
PARTS = ["pendahuluan", "planning", "penutup", "lampiran"]
#: Words of the bundled agency that must not appear in another agency's documents.
FOREIGN = re.compile(r"kesbangpol|blitar|partai politik|pemilu|pilkada|kesalehan|SETIYANA", re.I)
HEAD = "Ir. SETIYANA, MM."
NIP = "NIP. 19680810 199703 1 003"


def plain(text: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


# --- the agency's texts (lkjip_nb.narrative) -------------------------------------------------

def test_a_text_is_read_as_written_and_a_missing_one_is_a_placeholder(tmp_path):
    folder = tmp_path / "opd" / "narasi" / "2024"
    folder.mkdir(parents=True)
    (folder / "saran.md").write_text("\ufeffSatu *dua*.\r\n\r\n# Sub\r\nHarga $5 dan $6.\n",
                                     encoding="utf-8")
    (folder / "kesimpulan.md").write_text("  \n<!-- nanti -->\n", encoding="utf-8")
    texts = narrative.AgencyTexts(tmp_path, "opd", 2024, profile={})
    saran = texts.text("saran")
    assert "Satu *dua*." in saran and "\r" not in saran and "\ufeff" not in saran
    assert "### Sub" in saran  # below the section's own heading
    assert r"Harga \$5 dan \$6." in saran  # prose: no math
    assert 'class="lkjip-agency-text"' in saran
    assert narrative.is_placeholder(texts.text("kesimpulan"))  # only a comment: not written
    assert "[belum diisi: Kesimpulan]" in texts.text("kesimpulan")
    assert "[belum diisi: analisis capaian Indikator X]" in texts.analisis("X", "Indikator X")
    assert texts.sub_kegiatan("1.2.3") == ""  # optional: no placeholder, not required
    assert [m.what for m in texts.missing] == ["Kesimpulan", "analisis capaian Indikator X"]
    assert "narasi/2024/saran.md" in texts.files and "narasi/2024/kesimpulan.md" in texts.files
    texts.check()  # a draft never fails


def test_a_final_build_fails_once_listing_every_missing_text(tmp_path):
    texts = narrative.AgencyTexts(tmp_path, "opd", 2023, final=True,
                                  profile={"agency": {"name": "Dinas X", "head": {"name": "A"}}})
    texts.signatory()
    with pytest.raises(narrative.MissingTexts) as err:
        texts.require(["latar-belakang", "saran"])
    message = str(err.value)
    for what in ("pangkat kepala perangkat daerah", "NIP kepala perangkat daerah",
                 "tempat dan tanggal penandatanganan", "Latar Belakang", "Saran"):
        assert what in message
    assert "narasi/2023/latar-belakang.md" in message and "agency.head.nip" in message
    assert "5 teks" in message and "\n" not in message


def test_signatory_and_captions_of_the_bundled_agency():
    texts = narrative.AgencyTexts(DATA, BUNDLED, 2024)
    who = texts.signatory()
    assert who["name"] == HEAD and who["nip"] == "19680810 199703 1 003"
    assert who["rank"] == "Pembina Utama Muda" and who["place_date"] == "Blitar, 28 Februari 2025"
    assert who["title"] == "KEPALA BADAN KESATUAN BANGSA DAN POLITIK KABUPATEN BLITAR"
    captions = texts.captions()
    assert len(captions) == 29
    assert [c.no for c in texts.captions("8.01.02.2.01.0008")] == [1, 2, 3, 4]
    assert texts.captions("8.01.02.2.01.0009") == []
    assert not texts.missing
    assert narrative.AgencyTexts(DATA, BUNDLED, 2023).captions() == []


def test_front_matter_of_the_combined_report():
    front = narrative.front_matter(DATA, BUNDLED, 2024)
    assert front.title == "LAPORAN KINERJA INSTANSI PEMERINTAH" and front.year == 2024
    assert front.government == "PEMERINTAH KABUPATEN BLITAR"
    assert front.place_date == "Blitar, 28 Februari 2025" and front.logo is None
    assert "Dengan memanjatkan puji syukur" in front.foreword and not front.missing
    earlier = narrative.front_matter(DATA, BUNDLED, 2022)
    assert "[belum diisi: Kata Pengantar]" in earlier.foreword
    assert earlier.signatory["name"] == HEAD  # the profile is not per year
    assert earlier.digest() != front.digest()


def test_the_cover_shows_a_logo_from_the_dataset(tmp_path):
    folder = tmp_path / BUNDLED
    folder.mkdir()
    shutil.copy(DATA / BUNDLED / "profile.yaml", folder)
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\nfake")
    front = narrative.front_matter(tmp_path, BUNDLED, 2024)
    assert front.logo.startswith("data:image/png;base64,")
    assert "[belum diisi: Kata Pengantar]" in front.foreword


# --- Bab I, Bab IV, Lampiran (chapter modules) -----------------------------------------------

def agency_context(data_dir: Path, opd: str, year: int):
    """The pendahuluan chapter's context for an agency and year (no chart style)."""
    from lkjip_nb.notebook import start

    return start("pendahuluan", {"year": year, "opd": opd, "data_dir": str(data_dir),
                                 "rounding": {}}, style=False)


def combined_outline(chapters, folder: Path) -> list[tuple[int, str]]:
    """Levels 1-3 of the combined report of ``chapters`` as render.combined places them: each
    notebook with its header's title output (as executed), merged by :func:`combine`."""
    from nbformat.v4 import new_code_cell, new_output

    from lkjip_nb.render.combined import ChapterDoc, combine

    docs = []
    for chapter in chapters:
        nb = nbformat.read(str(chapter.path), as_version=4)
        nb.cells.insert(0, new_code_cell("header(ctx)", outputs=[new_output(
            "display_data", data={"text/markdown": f"# {chapter.display_title}"})]))
        path = folder / chapter.path.name
        nbformat.write(nb, str(path))
        docs.append(ChapterDoc(chapter.id, chapter.order, path, chapter.display_title))
    merged, _ = combine(docs)
    found = []
    for cell in merged.cells:
        texts = [cell.source] if cell.cell_type == "markdown" else [
            o["data"]["text/markdown"] for o in cell.get("outputs", [])
            if "text/markdown" in o.get("data", {})]
        for text in texts:
            text = re.sub(r"^```.*?^```", "", text, flags=re.M | re.S)
            found += [(len(h), t.strip()) for h, t in re.findall(r"^(#{1,3}) (.+)$", text, re.M)]
    return found


def outline_listed(parts) -> list[tuple[int, str]]:
    """The Sistematika's parts as (level, text): a Bab, its parts, their items."""
    found = []
    for part in parts:
        found.append((1, part.title))
        for title, subs in part.items:
            found += [(2, title)] * bool(title) + [(3, sub) for sub in subs]
    return found


@pytest.mark.parametrize("data_dir, opd, year", [(DATA, BUNDLED, 2024), (AGENCIES, OTHER, 2023)],
                         ids=["bundled", "other"])
def test_sistematika_is_the_structure_of_the_report_that_applies(tmp_path, data_dir, opd, year):
    """The Sistematika lists the Bab, parts and items (levels 1-3) the combined report gives
    the chapters that apply (the runner's decision), as render.combined places them; the front
    parts, the Lampiran and the technical appendix are named."""
    from lkjip_nb.chapters import pendahuluan
    from lkjip_nb.render.technical import TITLE
    from lkjip_nb.runner.applies import load_facts, not_applicable

    ctx = agency_context(data_dir, opd, year)
    facts = load_facts(data_dir, opd)
    shown = [c for c in find_chapters() if c.in_report
             and not_applicable(c, facts, year, {}) is None]
    parts = pendahuluan.report_parts(ctx)
    assert outline_listed(parts) == combined_outline(shown, tmp_path)
    listed = {text for _, text in outline_listed(parts)}
    hibah = next(c for c in find_chapters() if c.id == "hibah")
    assert (hibah.report_heading in listed) == (hibah in shown)  # only where it applies
    for chapter in (c for c in shown if c.level == 3):  # a "#" heading of its own: an item
        own = [t for d, t in pendahuluan.headings_of(chapter) if d == 1]
        assert set(own) <= listed, chapter.id
    rendered = mistune.html(pendahuluan.sistematika(ctx, parts))
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", rendered)).split())
    for words in ("Kata Pengantar, Daftar Isi, Daftar Tabel dan Daftar Gambar.", "Lampiran:",
                  f"{TITLE}, mencatat", *(html.unescape(t) for t in listed)):
        assert words in text, words
    assert not re.search(r"\bIII\.[AB]\b", text)  # parts by their heading, not their file title


def test_the_sistematika_follows_another_set_of_notebooks(tmp_path):
    from lkjip_nb.chapters import pendahuluan

    ctx = chapter_context("pendahuluan", 2024)
    for name in ("00_pendahuluan", "01_planning", "08_penutup"):
        shutil.copy(NOTEBOOK_DIR / f"{name}.ipynb", tmp_path)
    fewer = [p.title for p in pendahuluan.report_parts(ctx, tmp_path)]
    assert fewer == ["Bab I Pendahuluan", "Bab II Perencanaan Kinerja", "Bab IV Penutup"]
    # items of a Bab without their part ("5. ...", "6. ..."): listed, not read as a numbered list
    (tmp_path / "01_planning.ipynb").unlink()
    shutil.copy(NOTEBOOK_DIR / "03_efficiency.ipynb", tmp_path)
    parts = pendahuluan.report_parts(ctx, tmp_path)
    efficiency = next(c for c in find_chapters(tmp_path) if c.id == "efficiency")
    assert parts[1].title == BAB_TITLES[efficiency.bab]
    assert parts[1].items[0][0] == "" and parts[1].items[0][1][0] == efficiency.report_heading
    rendered = mistune.html(pendahuluan.sistematika(ctx, parts))
    assert "<ol" not in rendered and efficiency.report_heading in html.unescape(rendered)


def test_conclusion_from_the_figures_2024():
    from lkjip_nb.chapters import penutup

    ctx = chapter_context("penutup", 2024)
    c = penutup.conclusion(ctx)
    assert (len(c.perf), c.count(c.perf, True), c.count(c.perf, None)) == (4, 2, 0)
    assert (len(c.sasaran), c.count(c.sasaran, True)) == (4, 2)
    assert c.budget["persen"] == pytest.approx(99.5577, abs=1e-4)
    text = plain(penutup.kesimpulan(ctx, c).replace("\u00a0", " "))
    assert "2 dari 4 indikator kinerja utama mencapai atau melampaui target" in text
    assert "Indeks Kesalehan Sosial: target 86, realisasi 84,61, capaian 98,3 % (di bawah" in text
    assert "target BB (75,3), realisasi B (66,55), capaian 88,3 %" in text
    assert "atau 99,56 %" in text


def test_perjanjian_kinerja_of_the_year():
    from lkjip_nb.chapters import lampiran

    frame = lampiran.perjanjian_kinerja(chapter_context("lampiran", 2024))
    assert list(frame["target"]) == [86, 90, 80, 75.3]
    assert list(frame["target_label"]) == ["86", "90\u00a0%", "80\u00a0%", "BB (75,3)"]
    assert frame["sasaran"].iloc[0].startswith("Meningkatnya indeks kesalehan sosial")


# --- through the runner -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def stable_package():
    """Others edit lkjip_nb while tests run; keep its hash fixed inside this module."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("lkjip_nb.runner.worker.package_source_hash", lambda: "fixed")
        yield


def params(root: Path, opd: str, years: tuple[int, ...]) -> Path:
    folder = root / "params"
    folder.mkdir(exist_ok=True)
    for year in years:
        (folder / f"{year}.yaml").write_text(f"year: {year}\nopd: {opd}\nrounding: {{}}\n")
    return folder


@pytest.fixture(scope="module")
def bundled(tmp_path_factory, stable_package):
    root = tmp_path_factory.mktemp("parts")
    report = run_batch(RunOptions(
        data_dir=DATA, opds=[BUNDLED], years=[2022, 2024], chapters=PARTS, formats=("html",),
        out_dir=root / "out", params_dir=params(root, BUNDLED, (2022, 2024)), jobs=2,
        progress=False))
    return report, root


def year_dir(root: Path, opd: str, year: int) -> Path:
    return root / "out" / opd / str(year)


@pytest.mark.notebooks
def test_the_2024_report_holds_every_part(bundled):
    report, root = bundled
    assert not report.failed, [(r.job.key, r.error) for r in report.failed]
    page = (year_dir(root, BUNDLED, 2024) / "lkjip-2024.html").read_text(encoding="utf-8")
    cover = page[page.index('class="lkjip-title-page'):page.index('class="lkjip-toc"')]
    text = plain(cover)
    assert "LAPORAN KINERJA INSTANSI PEMERINTAH" in text and "TAHUN 2024" in text
    assert "BADAN KESATUAN BANGSA DAN POLITIK KABUPATEN BLITAR" in text
    assert "Dibuat" not in text  # the cover carries the signing place and date
    assert "Kata Pengantar" in text and "Dengan memanjatkan puji syukur" in text
    assert HEAD in text and NIP in text and "Pembina Utama Muda" in text
    assert "Blitar, 28 Februari 2025 KEPALA BADAN KESATUAN BANGSA DAN POLITIK" in text
    body = plain(page)
    after = 0  # each part after the one before
    for part in ("Kata Pengantar", "Daftar Isi", "Bab I Pendahuluan", "A. Latar Belakang",
                 "E. Sistematika Penyajian", "disajikan dengan sistematika",
                 "Bab II Perencanaan Kinerja", "Bab IV Penutup", "A. Kesimpulan",
                 "C. Rencana Tindak Lanjut", "Lampiran Perjanjian Kinerja",
                 "Perjanjian Kinerja Tahun", "Dokumentasi Kegiatan Sub Kegiatan",
                 "Catatan teknis", "Asal-usul dokumen"):
        found = body.find(part, after)
        assert found >= after, part
        after = found + 1
    # the cover names agency and year: no chapter repeats them under its title
    assert "Laporan Kinerja Instansi Pemerintah (LKJIP) Tahun" not in body
    assert "[belum diisi" not in body
    assert "Kepemerintahan yang baik ( good governance )" in body  # the agency's own words
    assert "Seleksi Calon Paskibraka Tahun 2024" in body  # a caption of the Lampiran
    figures = read_figures(year_dir(root, BUNDLED, 2024) / "penutup.ipynb")
    assert figures["iku_reached"] == 2 and figures["texts_missing"] == []
    inputs = read_state(year_dir(root, BUNDLED, 2024) / ".lkjip" / "pendahuluan.json").inputs
    assert f"{BUNDLED}/narasi/2024/latar-belakang.md" in inputs  # an edit re-executes it


@pytest.mark.notebooks
def test_2022_draft_shows_placeholders(bundled):
    report, root = bundled
    assert not report.failed
    page = plain((year_dir(root, BUNDLED, 2022) / "lkjip-2022.html").read_text(encoding="utf-8"))
    for what in ("Kata Pengantar", "Latar Belakang", "Gambaran Umum", "Maksud dan Tujuan",
                 "Landasan Hukum", "Kesimpulan", "Saran", "Rencana Tindak Lanjut"):
        assert f"[belum diisi: {what}]" in page, what
    assert HEAD in page  # the signatory is profile data, not per year
    figures = read_figures(year_dir(root, BUNDLED, 2022) / "pendahuluan.ipynb")
    assert "Latar Belakang" in figures["texts_missing"]


@pytest.mark.notebooks
def test_a_final_build_of_2023_fails_listing_what_is_missing(tmp_path, stable_package):
    report = run_batch(RunOptions(
        data_dir=DATA, opds=[BUNDLED], years=[2023], chapters=["pendahuluan", "penutup"],
        formats=("html",), out_dir=tmp_path / "out", final=True,
        params_dir=params(tmp_path, BUNDLED, (2023,)), jobs=2, progress=False))
    failed = {r.job.chapter.id: r.error for r in report.failed}
    assert set(failed) == {"pendahuluan", "penutup"}
    assert "MissingTexts" in failed["pendahuluan"]
    for what in ("Kata Pengantar (narasi/2023/kata-pengantar.md)", "Latar Belakang",
                 "Gambaran Umum", "Maksud dan Tujuan", "Landasan Hukum"):
        assert what in failed["pendahuluan"], what
    for what in ("Kesimpulan", "Saran", "Rencana Tindak Lanjut"):
        assert what in failed["penutup"], what
    state = read_state(year_dir(tmp_path, BUNDLED, 2023) / ".lkjip" / "penutup.json")
    assert state.status == "failed" and "belum lengkap" in state.error


@pytest.mark.notebooks
def test_another_agency_gets_a_draft_with_placeholders_and_nothing_of_kesbangpol(
        tmp_path, stable_package):
    report = run_batch(RunOptions(
        data_dir=AGENCIES, opds=[OTHER], years=[2023], chapters=PARTS, formats=("html",),
        out_dir=tmp_path / "out", params_dir=params(tmp_path, OTHER, (2023,)), jobs=2,
        progress=False))
    assert not report.failed, [(r.job.key, r.error) for r in report.failed]
    page = (year_dir(tmp_path, OTHER, 2023) / "lkjip-2023.html").read_text(encoding="utf-8")
    hit = FOREIGN.search(page)
    assert hit is None, hit.group(0) if hit else ""
    text = plain(page)
    assert "[belum diisi: Kata Pengantar]" in text and "[belum diisi: Kesimpulan]" in text
    assert "dr. NAMA CONTOH, M.Kes." in text and "NIP. 19700101 200001 1 001" in text
    assert "KEPALA DINAS KESEHATAN KABUPATEN CONTOH" in text
    assert "Belanja Hibah" not in text and "Survei Indeks" not in text  # do not apply
    # no header line under a chapter's title, but each says the data are synthetic
    assert "Laporan Kinerja Instansi Pemerintah (LKJIP) Tahun" not in text
    assert text.count("Data sintetis. Nama dan angka") == len(PARTS)
    assert "Dataset tidak memuat dokumentasi kegiatan tahun 2023" in text
    figures = read_figures(year_dir(tmp_path, OTHER, 2023) / "penutup.ipynb")
    assert figures["iku_total"] == 6 and figures["synthetic"] is True
