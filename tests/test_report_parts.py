"""The whole LKJIP: the agency's own texts beside the generated narrative, Kata Pengantar with
its signature and the cover in the combined report, Bab I (Sistematika generated from the
registry), Bab IV (conclusion from the figures), Lampiran; placeholders in a draft, one error
listing every missing text in a final build; nothing of the bundled agency in another's."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from lkjip_nb import narrative
from lkjip_nb.artifacts.state import read_state
from lkjip_nb.record import read_figures
from lkjip_nb.registry import NOTEBOOK_DIR, find_chapters
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

def test_sistematika_lists_the_chapters_that_apply_from_the_registry(tmp_path):
    from lkjip_nb.chapters import pendahuluan

    ctx = chapter_context("pendahuluan", 2024)
    parts = pendahuluan.report_parts(ctx)
    titles = [p.title for p in parts]
    assert titles[0] == "Bab I Pendahuluan" and titles[-2:] == ["Bab IV Penutup", "Lampiran"]
    assert "Bab III Akuntabilitas Kinerja" in titles
    assert "Audit Angka Laporan" not in titles  # a document of its own
    bab1 = parts[0].items[0][1]
    assert bab1 == ["A. Latar Belakang", "B. Gambaran Umum", "C. Maksud dan Tujuan",
                    "D. Landasan Hukum", "E. Sistematika Penyajian"]
    bab3 = next(p for p in parts if p.title.startswith("Bab III"))
    shown = {c.display_title.removeprefix("Bab ") for c in find_chapters() if c.bab == "3"}
    assert {t for t, _ in bab3.items} == shown
    text = pendahuluan.sistematika(ctx, parts)
    assert "Kata Pengantar" in text and "Bab II Perencanaan Kinerja" in text
    # another set of notebooks, another Sistematika: nothing is written into the code
    for name in ("00_pendahuluan", "01_planning", "08_penutup"):
        shutil.copy(NOTEBOOK_DIR / f"{name}.ipynb", tmp_path)
    fewer = [p.title for p in pendahuluan.report_parts(ctx, tmp_path)]
    assert fewer == ["Bab I Pendahuluan", "Bab II Perencanaan Kinerja", "Bab IV Penutup"]


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
                 "Bab II Perencanaan Kinerja Badan", "Bab IV Penutup Badan", "A. Kesimpulan",
                 "C. Rencana Tindak Lanjut", "Lampiran Badan", "Perjanjian Kinerja Tahun",
                 "Dokumentasi Kegiatan Sub Kegiatan", "Catatan teknis", "Asal-usul dokumen"):
        found = body.find(part, after)
        assert found >= after, part
        after = found + 1
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
    assert "Dataset tidak memuat dokumentasi kegiatan tahun 2023" in text
    figures = read_figures(year_dir(tmp_path, OTHER, 2023) / "penutup.ipynb")
    assert figures["iku_total"] == 6 and figures["synthetic"] is True
