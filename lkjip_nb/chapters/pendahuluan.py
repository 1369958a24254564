"""Bab I Pendahuluan: the agency's texts (latar belakang, gambaran umum, maksud dan tujuan,
landasan hukum) and the Sistematika Penyajian generated from the chapters the report holds.

The chapters come from the registry (:func:`lkjip_nb.registry.find_chapters`): those in the
combined report that apply to the agency's data of the year, grouped by their Bab, each with
the section headings of its notebook. Nothing of any agency's structure is written here.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import escape

from lkjip_nb import narrative, present, registry
from lkjip_nb.budget import roman
from lkjip_nb.chapters.common import run_figures
from lkjip_nb.data.schemas import TABLES
from lkjip_nb.narrative import AgencyTexts
from lkjip_nb.present import agency_label, is_synthetic, md_text

#: The agency texts Bab I shows, in order (the Kata Pengantar of the combined report too: this
#: chapter is where a final build asks for it).
SECTIONS = ("latar-belakang", "gambaran-umum", "maksud-dan-tujuan", "landasan-hukum")
FRONT_SECTIONS = ("kata-pengantar",)
#: The Bab of PermenPANRB 53/2014 (Lampiran III, sistematika LKjIP): name and what it holds.
BAB_NAMES = {"1": "Pendahuluan", "2": "Perencanaan Kinerja", "3": "Akuntabilitas Kinerja",
             "4": "Penutup"}
BAB_CONTENTS = {
    "1": "menjelaskan secara umum organisasi, dengan penekanan pada aspek strategis organisasi "
         "serta permasalahan utama (*strategic issues*) yang sedang dihadapi organisasi",
    "2": "menguraikan ringkasan perencanaan kinerja dan Perjanjian Kinerja tahun yang "
         "bersangkutan",
    "3": "menyajikan capaian kinerja organisasi untuk setiap sasaran strategis sesuai dengan "
         "hasil pengukuran kinerja, beserta realisasi anggaran yang digunakan untuk "
         "mewujudkannya",
    "4": "menguraikan simpulan umum atas capaian kinerja organisasi serta langkah yang akan "
         "dilakukan untuk meningkatkan kinerjanya",
}
_SECTION_HEADING = re.compile(r"^##[ \t]+(.+?)[ \t]*#*[ \t]*$", re.M)
_TAG = re.compile(r"<[^>]+>")
_BAB_PREFIX = re.compile(r"^Bab[ \t]+", re.I)


def header(ctx) -> None:
    """Title block of a text chapter: title, agency and year (no rounding rules: it shows no
    figures), the synthetic-data warning when it applies."""
    note = ("\n\n> **Data sintetis.** Nama dan angka dalam laporan ini rekaan untuk pengujian, "
            "bukan laporan resmi." if is_synthetic(ctx) else "")
    present.say(f"# {ctx.title}\n\n**{md_text(agency_label(ctx))}** — Laporan Kinerja Instansi "
                f"Pemerintah (LKJIP) Tahun {ctx.year}{note}")


def texts(ctx) -> AgencyTexts:
    """The agency's texts of Bab I and the Kata Pengantar with its signatory; a final build
    stops here with one error listing every one missing."""
    found = narrative.agency_texts(ctx)
    found.signatory()
    found.require(FRONT_SECTIONS + SECTIONS)
    return found


def show_text(ctx, found: AgencyTexts, section: str) -> None:
    """One section's agency text, or its placeholder."""
    present.say(found.text(section))


# --- Sistematika Penyajian -------------------------------------------------------------------

@dataclass
class Part:
    """One entry of the Sistematika: a Bab (or a chapter outside any Bab) and what it holds."""

    title: str
    contents: str = ""  # what the Bab holds, in words ("" for a chapter outside a Bab)
    items: list[tuple[str, list[str]]] = field(default_factory=list)  # (title, sections)


def notebook_folder(ctx) -> Path:
    """The folder of the chapter notebooks this report is built from (the running one's)."""
    entry = registry.chapter(ctx.chapter, Path.cwd())
    return entry.path.parent if entry is not None else registry.NOTEBOOK_DIR


def _holds(ctx, alternative: str) -> bool:
    """Whether one ``requires`` alternative holds for the context's year."""
    if alternative.startswith(registry.SURVEY_PREFIX):
        from lkjip_nb.iks.sources import survey_files

        if alternative[len(registry.SURVEY_PREFIX):] != "iks":
            return False
        return ctx.year in survey_files(ctx.data_dir, ctx.opd)
    if alternative not in TABLES:
        return False
    return not ctx.dataset.table(alternative).empty  # read: the Sistematika depends on it


def applies(ctx, chapter: registry.Chapter) -> bool:
    """Whether ``chapter`` is part of the year's combined report for this agency: in the
    report and every requirement of its registry entry met (as the runner decides it)."""
    if not chapter.in_report:
        return False
    return all(any(_holds(ctx, a) for a in req.alternatives) for req in chapter.requires or ())


def sections_of(chapter: registry.Chapter) -> list[str]:
    """The section headings (level 2) a chapter notebook's text cells hold, in order."""
    try:
        nb = json.loads(chapter.path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    found = []
    for cell in nb.get("cells", []) if isinstance(nb, dict) else []:
        if not isinstance(cell, dict) or cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else str(source)
        found += [" ".join(_TAG.sub("", m).split()) for m in _SECTION_HEADING.findall(text)]
    return [s for s in found if s]


def _bab_title(bab: str, chapters: list[registry.Chapter]) -> str:
    """A Bab's title: its single chapter's, else "Bab III Akuntabilitas Kinerja"."""
    if len(chapters) == 1:
        return chapters[0].display_title
    number = roman(int(bab)) if bab.isdigit() else bab
    return f"Bab {number} {BAB_NAMES.get(bab, '')}".strip()


def report_parts(ctx, folder: Path | None = None) -> list[Part]:
    """The parts of the year's report, in report order: the Bab with their chapters and
    sections, the chapters outside any Bab on their own."""
    chapters = [c for c in registry.find_chapters(folder or notebook_folder(ctx))
                if applies(ctx, c)]
    parts: list[Part] = []
    by_bab: dict[str, list[registry.Chapter]] = {}
    for chapter in chapters:
        if chapter.bab:
            if chapter.bab not in by_bab:
                by_bab[chapter.bab] = []
                parts.append(Part(title=chapter.bab))  # titled once all its chapters are known
            by_bab[chapter.bab].append(chapter)
        else:
            parts.append(Part(chapter.display_title, items=[("", sections_of(chapter))]))
    for part in parts:
        members = by_bab.get(part.title)
        if members is None or part.items:
            continue
        bab = part.title
        part.title = _bab_title(bab, members)
        part.contents = BAB_CONTENTS.get(bab, "")
        if len(members) == 1:
            part.items = [("", sections_of(members[0]))]
        else:
            part.items = [(_BAB_PREFIX.sub("", c.display_title), sections_of(c))
                          for c in members]
    return parts


def _listing(sections: list[str]) -> str:
    """Section titles one after the other ('A. Rencana Strategis; B. Perjanjian Kinerja'):
    semicolons, as titles hold commas and "dan" themselves."""
    return "; ".join(str(escape(s)) for s in sections)


def sistematika(ctx, parts: list[Part]) -> str:
    """The Sistematika Penyajian as Markdown: a sentence, then one item per part."""
    lines = [f"Laporan Kinerja Instansi Pemerintah {md_text(agency_label(ctx))} Tahun {ctx.year} "
             "disajikan dengan sistematika sebagai berikut:", "",
             "- **Kata Pengantar** dan **Daftar Isi**"]
    for part in parts:
        head = f"- **{escape(part.title)}**"
        if part.contents:
            head += f", {part.contents}"
        sections = part.items[0][1] if len(part.items) == 1 and not part.items[0][0] else []
        if sections:
            head += (": " if not part.contents else "; memuat ") + _listing(sections) + "."
        elif part.contents:
            head += "."
        lines.append(head)
        for title, subs in part.items if not sections else []:
            if not title:
                continue
            item = f"   - {escape(title)}"
            if subs:
                item += ": " + _listing(subs)
            lines.append(item + ".")
    return "\n".join(lines)


def show_sistematika(ctx) -> list[Part]:
    """Section E: what the report holds, from the chapters that apply."""
    parts = report_parts(ctx)
    present.say(sistematika(ctx, parts))
    return parts


def key_figures(ctx, found: AgencyTexts, parts: list[Part]) -> dict:
    """What the notebook records: the parts listed, the texts still missing."""
    return {"parts": [p.title for p in parts],
            "texts_missing": [m.what for m in found.missing], **run_figures(ctx)}
