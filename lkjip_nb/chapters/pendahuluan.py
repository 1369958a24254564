"""Bab I Pendahuluan: the agency's texts (latar belakang, gambaran umum, maksud dan tujuan,
landasan hukum) and the Sistematika Penyajian generated from the chapters the report holds.

The chapters come from the registry (:func:`lkjip_nb.registry.find_chapters`): those in the
combined report that apply to the agency's data of the year, placed as the combined report
places them (``bab``, ``level``, ``heading``; :mod:`lkjip_nb.render.combined`) with the
headings of their notebooks' text cells, down to the items of a part (level 3). The front
parts, the Lampiran and the technical appendix are named too. Nothing of any agency's structure
is written here.
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
from lkjip_nb.present import agency_label, md_text

#: The agency texts Bab I shows, in order (the Kata Pengantar of the combined report too: this
#: chapter is where a final build asks for it).
SECTIONS = ("latar-belakang", "gambaran-umum", "maksud-dan-tujuan", "landasan-hukum")
FRONT_SECTIONS = ("kata-pengantar",)
#: What each Bab of PermenPANRB 53/2014 (Lampiran III, sistematika LKjIP) holds, by ``bab``
#: (its title: :data:`lkjip_nb.registry.BAB_TITLES`).
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
#: The front parts of the combined report, before Bab I (the template's cover and lists).
FRONT_PARTS = "**Kata Pengantar**, **Daftar Isi**, **Daftar Tabel** dan **Daftar Gambar**"
#: The appendix every document ends with (:data:`lkjip_nb.render.technical.TITLE`) and what
#: it holds.
APPENDIX = "Catatan teknis"
APPENDIX_CONTENTS = ("mencatat cara angka laporan ditampilkan dan dihitung (pembulatan tampilan, "
                     "rumus capaian) serta asal-usul dokumen: data, parameter dan perangkat "
                     "lunak yang menghasilkannya")
#: The deepest level of the report's structure the Sistematika lists (1 a Bab, 2 a part,
#: 3 an item), as the Daftar Isi does.
MAX_LEVEL = 3
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$", re.M)
_FENCE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)
_TAG = re.compile(r"<[^>]+>")
_LIST_START = re.compile(r"^(\d+)([.)])")


def header(ctx) -> None:
    """Title block of a text chapter (:func:`lkjip_nb.present.header_markdown`: title, agency
    and year, the synthetic-data warning when it applies); no rounding conventions recorded, it
    shows no figures."""
    present.say(present.header_markdown(ctx))


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
    """One entry of the Sistematika: a Bab (or a chapter outside any Bab), what it holds in
    words, and its parts (level 2 in the report) each with its items (level 3)."""

    title: str
    contents: str = ""  # what the Bab holds, in words ("" for a chapter outside a Bab)
    items: list[tuple[str, list[str]]] = field(default_factory=list)  # (part, its items)


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


def headings_of(chapter: registry.Chapter) -> list[tuple[int, str]]:
    """The headings (depth, text) of a chapter notebook's text cells, in order (not those in
    fenced code)."""
    try:
        nb = json.loads(chapter.path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    found: list[tuple[int, str]] = []
    for cell in nb.get("cells", []) if isinstance(nb, dict) else []:
        if not isinstance(cell, dict) or cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        text = _FENCE.sub("", "".join(source) if isinstance(source, list) else str(source))
        for hashes, title in _HEADING.findall(text):
            title = " ".join(_TAG.sub("", title).split())
            if title:
                found.append((len(hashes), title))
    return found


def outline_of(chapter: registry.Chapter) -> list[tuple[int, str]]:
    """The chapter's entries (level, text) in the combined report's structure, levels 1-3: its
    heading at its ``level``, then its text cells' headings moved down by ``level - 1`` as the
    combined report places them (its title, shown by its header, comes first; a ``#`` heading
    of a text cell is a sibling of it, unless it repeats the title)."""
    found = [(chapter.level, chapter.report_heading)]
    for depth, text in headings_of(chapter):
        if depth == 1 and text in (chapter.title, chapter.report_heading):
            continue
        level = depth + chapter.level - 1
        if level <= MAX_LEVEL:
            found.append((level, text))
    return found


def bab_title(bab: str) -> str:
    """The title of a Bab of parts only (:data:`lkjip_nb.registry.BAB_TITLES`)."""
    if bab in registry.BAB_TITLES:
        return registry.BAB_TITLES[bab]
    return f"Bab {roman(int(bab))}" if bab.isdigit() and int(bab) > 0 else f"Bab {bab}"


def report_parts(ctx, folder: Path | None = None) -> list[Part]:
    """The parts of the year's report, in report order, as the registry places the chapters
    that apply (``bab``, ``level``, ``heading``): each Bab once, titled by its chapter of level
    1 or else by its title, with the parts and items of all its chapters; a chapter outside any
    Bab on its own."""
    chapters = [c for c in registry.find_chapters(folder or notebook_folder(ctx))
                if applies(ctx, c)]
    parts: list[Part] = []
    by_bab: dict[str, Part] = {}
    for chapter in chapters:
        outline = outline_of(chapter)
        key = chapter.bab or f"chapter:{chapter.id}"
        part = by_bab.get(key)
        if part is None:
            own = chapter.level == 1 or not chapter.bab
            part = Part(outline[0][1] if own else bab_title(chapter.bab),
                        BAB_CONTENTS.get(chapter.bab, ""))
            by_bab[key] = part
            parts.append(part)
        elif chapter.level == 1:  # the Bab's own chapter after parts of it
            part.title = outline[0][1]
        for level, text in outline:
            if level == 2:
                part.items.append((text, []))
            elif level == 3:
                if not part.items:
                    part.items.append(("", []))
                part.items[-1][1].append(text)
    return parts


def _listing(sections: list[str]) -> str:
    """Section titles one after the other ('A. Rencana Strategis; B. Perjanjian Kinerja'),
    HTML escaped: semicolons, as titles hold commas and "dan" themselves."""
    return "; ".join(str(escape(s)) for s in sections)


def _nested(title: str, subs: list[str]) -> str:
    """A nested item of the Sistematika: a part and its items ("A. Capaian ...: 1. ...; 2. ...")
    or its items alone; a leading "5." is not read as the start of a numbered list."""
    text = _listing(subs)
    if title:
        text = f"{escape(title)}: {text}" if subs else str(escape(title))
    return "   - " + _LIST_START.sub(r"\1\\\2", text) + "."


def _part_lines(part: Part) -> list[str]:
    """One part of the Sistematika: its title and contents, its parts inline or, when they
    have items of their own, one nested item each."""
    head = f"- **{escape(part.title)}**"
    if part.contents:
        head += f", {part.contents}"
    if any(subs for _, subs in part.items):
        return [head + ("; memuat:" if part.contents else ":")] + [
            _nested(title, subs) for title, subs in part.items]
    titles = [title for title, _ in part.items if title]
    if titles:
        head += ("; memuat " if part.contents else ": ") + _listing(titles)
    return [head + "." if part.contents or titles else head]


def sistematika(ctx, parts: list[Part]) -> str:
    """The Sistematika Penyajian as Markdown: a sentence, the front parts, one item per part of
    the report (its parts nested where they have items), the technical appendix last."""
    lines = [f"Laporan Kinerja Instansi Pemerintah {md_text(agency_label(ctx))} Tahun {ctx.year} "
             "disajikan dengan sistematika sebagai berikut:", "", f"- {FRONT_PARTS}."]
    for part in parts:
        lines += _part_lines(part)
    lines.append(f"- **{APPENDIX}**, {APPENDIX_CONTENTS}.")
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
