"""Narrative: generated sentences in Bahasa Indonesia that quote numbers from the data, and the
agency's own texts (the reasons behind the numbers) read from its dataset."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import escape

from lkjip_nb.errors import LkjipError
from lkjip_nb.fmt import Formatter


def value_text(fmt: Formatter, value: float | None, unit: str, kind: str = "indeks") -> str:
    """A figure with its unit: '84,61', '90 %', '66,55'."""
    if value is None:
        return "–"
    if unit == "persen":
        return fmt.pct(value, kind)
    return fmt.num(value, kind)


def iku_sentence(fmt: Formatter, year: int, indikator: str, realisasi: float | None,
                 target: float | None, capaian: float | None, unit: str) -> str:
    """'Pada tahun 2024 Indeks Kesalehan Sosial terealisasi 84,61 dari target 86, capaian
    98,3 %.' — or what is missing."""
    if realisasi is None:
        return f"Realisasi {indikator} tahun {year} tidak tersedia dalam dataset."
    real = value_text(fmt, realisasi, unit, "indeks")
    if target is None:
        return f"Pada tahun {year} {indikator} terealisasi {real}; target tahun itu tidak " \
               "tersedia dalam dataset."
    tgt = value_text(fmt, target, unit, "indeks")
    verdict = ("melampaui target" if capaian and capaian > 100 else
               "mencapai target" if capaian is not None and capaian >= 100 else "di bawah target")
    return (f"Pada tahun {year} {indikator} terealisasi {real} dari target {tgt}, capaian "
            f"{fmt.pct(capaian, 'capaian')} ({verdict}).")


def compare_sentence(fmt: Formatter, label: str, this: float, other: float, other_label: str,
                     kind: str = "indeks") -> str:
    """'... lebih tinggi dari Nasional (83,83)'."""
    if this > other:
        rel = "lebih tinggi dari"
    elif this < other:
        rel = "lebih rendah dari"
    else:
        rel = "sama dengan"
    return f"{label} {rel} {other_label} ({fmt.num(other, kind)})"


def join_id(items: list[str]) -> str:
    """'a, b dan c' (Indonesian list)."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " dan " + items[-1]


# --- The agency's own texts ---------------------------------------------------------------
#
# What cannot be computed — the Kata Pengantar, Bab I, the reasons behind the figures of
# Bab III and Bab IV — is the agency's own prose, kept as Markdown in the dataset:
# ``<data_dir>/<opd>/narasi/<year>/<section>.md`` (format: the dataset's narasi/README.md),
# photo captions in ``<opd>/dokumentasi.csv``, the signatory in profile.yaml. A missing text
# shows as a visible placeholder in a draft; a final build fails listing every missing one.

#: Folder of the agency's texts inside its dataset folder, one sub-folder per report year.
NARASI_DIR = "narasi"
#: Photo captions of the sub kegiatan, in the dataset folder.
CAPTIONS_FILE = "dokumentasi.csv"
#: The agency's (government's) logo for the cover, in the dataset folder; optional.
LOGO_FILE = "logo.png"
#: The profile file (the signatory and the agency's names).
PROFILE_FILE = "profile.yaml"
#: Title of the report on its cover.
DOC_TITLE = "LAPORAN KINERJA INSTANSI PEMERINTAH"
#: The sections with a fixed name, with what a reader calls them.
SECTIONS: dict[str, str] = {
    "kata-pengantar": "Kata Pengantar",
    "latar-belakang": "Latar Belakang",
    "gambaran-umum": "Gambaran Umum",
    "maksud-dan-tujuan": "Maksud dan Tujuan",
    "landasan-hukum": "Landasan Hukum",
    "kendala-dan-solusi": "Kendala dan Solusi",
    "faktor-penunjang": "Faktor Penunjang",
    "kesimpulan": "Kesimpulan",
    "saran": "Saran",
    "rencana-tindak-lanjut": "Rencana Tindak Lanjut",
}
#: Section name prefix of the per-IKU analysis (``analisis-IKS``) and the sub kegiatan folder.
ANALYSIS_PREFIX = "analisis-"
SUB_KEGIATAN_DIR = "sub-kegiatan"
#: The signatory's fields in profile.yaml, with what a reader calls them.
SIGNATORY_FIELDS: dict[str, str] = {
    "name": "nama kepala perangkat daerah",
    "rank": "pangkat kepala perangkat daerah",
    "nip": "NIP kepala perangkat daerah",
}
PLACE_DATE_LABEL = "tempat dan tanggal penandatanganan"
_ATX = re.compile(r"^(#{1,6})(?=[ \t]|$)", re.M)
_FENCE_LINE = re.compile(r"^(```|~~~)")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_DOLLAR = re.compile(r"(?<!\\)\$")


class MissingTexts(LkjipError):
    """A final build lacks some of the agency's texts; the message lists every one."""

    def __init__(self, year: int, missing: Sequence[Missing]):
        self.year = year
        self.missing = list(missing)
        items = "; ".join(f"{m.what} ({m.where})" for m in self.missing)
        super().__init__(f"Laporan final tahun {year} belum lengkap: {len(self.missing)} teks "
                         f"belum diisi: {items}. Isi teks tersebut, atau buat laporan "
                         "sebagai draf, bukan final.")


@dataclass(frozen=True)
class Missing:
    """One missing text: what a reader calls it and where the agency fills it in."""

    what: str
    where: str  # a file of the dataset folder, or a profile.yaml key


@dataclass(frozen=True)
class Caption:
    """One photo caption of dokumentasi.csv."""

    sub_kegiatan: str
    no: int
    caption: str
    image: Path | None = None  # the image file, when the dataset has it


def placeholder(what: str, *, block: bool = False) -> str:
    """The visible stand-in for a missing text: '[belum diisi: Latar Belakang]'. Inline HTML,
    or with ``block`` a paragraph of its own, as Markdown needs it (the report's Markdown
    renderer takes inline HTML tags apart)."""
    tag = "p" if block else "span"
    what = " ".join(str(what).split())  # one line: the paragraph stays one HTML block
    return f'<{tag} class="lkjip-placeholder">[belum diisi: {escape(what)}]</{tag}>'


def agency_block(markdown: str) -> str:
    """An agency text marked as such for the page (it may break across pages, unlike the
    generated outputs); the Markdown inside stays Markdown."""
    return f'<div class="lkjip-agency-text">\n\n{markdown}\n\n</div>'


def is_placeholder(markdown: str) -> bool:
    """Whether ``markdown`` is (only) a placeholder made by :func:`placeholder`."""
    return markdown.startswith(('<span class="lkjip-placeholder">',
                                '<p class="lkjip-placeholder">'))


def nest_headings(markdown: str, level: int) -> str:
    """Headings of an agency text moved down so the highest is ``level`` (the product prints
    the section titles above it); code fences are left alone."""
    lines = markdown.split("\n")
    fenced, found = False, []
    for i, line in enumerate(lines):
        if _FENCE_LINE.match(line):
            fenced = not fenced
        elif not fenced and _ATX.match(line):
            found.append(i)
    if not found:
        return markdown
    top = min(len(_ATX.match(lines[i]).group(1)) for i in found)
    shift = max(0, level - top)
    for i in found:
        hashes = _ATX.match(lines[i]).group(1)
        lines[i] = "#" * min(6, len(hashes) + shift) + lines[i][len(hashes):]
    return "\n".join(lines)


#: Where a link (or image) of an agency text may lead: the web, mail, a place in the page.
LINK_PREFIXES = ("http://", "https://", "mailto:", "#")
_FENCE_OPEN = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>[^\n]*)$")
_CODE_SPAN = re.compile(r"(?<![\\`])(?P<ticks>`+)(?!`)(?P<code>(?:(?!\n[ \t]*\n).)+?)"
                        r"(?<!`)(?P=ticks)(?!`)", re.S)
_LINK_END = re.compile(r"\](?P<sep>[(:])")
_DESTINATION = re.compile(r"[ \t\n]*(?:<(?P<angle>[^<>\n]*)>?|(?P<bare>[^\s()<>]*))")
_ALLOWED_AUTOLINK = re.compile(r"<(?:https?://|mailto:)[^\s<>]*>", re.I)
_PUNCT_ESCAPE = re.compile(r"\\(?P<ch>[!-/:-@\[-`{-~])")
_URL_JUNK = re.compile(r"[\x00-\x20\x7f]+")
_INFO_WORD = re.compile(r"[A-Za-z0-9_+-]+")


def _allowed_destination(raw: str) -> bool:
    """Whether a link destination, read as the Markdown renderer and a browser read it
    (entities decoded, backslash escapes and blanks dropped), leads to :data:`LINK_PREFIXES`."""
    import html

    url = _URL_JUNK.sub("", _PUNCT_ESCAPE.sub(r"\g<ch>", html.unescape(raw))).lower()
    return url.startswith(LINK_PREFIXES)


def _neutralise_links(markdown: str) -> str:
    """Every inline link or image (``](dest``) and link definition (``]: dest``) whose
    destination is not allowed made plain text, by escaping its ``(`` or ``:``."""
    parts, last = [], 0
    for match in _LINK_END.finditer(markdown):
        dest = _DESTINATION.match(markdown, match.end())
        raw = dest["angle"] if dest["angle"] is not None else dest["bare"]
        if not _allowed_destination(raw or ""):
            parts += [markdown[last:match.start("sep")], "\\"]
            last = match.start("sep")
    parts.append(markdown[last:])
    return "".join(parts)


def _inline_safe(text: str) -> str:
    """Text outside code: comments (the authors' notes) dropped, every ``<`` but that of an
    http(s)/mailto autolink as text, a dollar sign as a dollar sign (prose, not math)."""
    text = _COMMENT.sub("", text)
    parts, last = [], 0
    for match in _ALLOWED_AUTOLINK.finditer(text):
        parts += [text[last:match.start()].replace("<", "&lt;"), match.group(0)]
        last = match.end()
    parts.append(text[last:].replace("<", "&lt;"))
    return _DOLLAR.sub(r"\\$", "".join(parts))


def _code_span(match: re.Match) -> str:
    """A code span as HTML of our own whose text reads exactly as written."""
    from lkjip_nb.present import md_text

    code = match["code"].replace("\n", " ")
    if code.startswith(" ") and code.endswith(" ") and code.strip():
        code = code[1:-1]
    return f"<code>{md_text(code)}</code>"


def _paragraphs_safe(text: str) -> str:
    """Text without fences: code spans as :func:`_code_span`, the rest :func:`_inline_safe`."""
    parts, last = [], 0
    for match in _CODE_SPAN.finditer(text):
        parts += [_inline_safe(text[last:match.start()]), _code_span(match)]
        last = match.end()
    parts.append(_inline_safe(text[last:]))
    return "".join(parts)


def _code_block(indent: str, info: str, lines: list[str]) -> str:
    """A fenced code block as an HTML ``<pre>`` block of our own, its text escaped (such a
    block runs to its ``</pre>``, blank lines and all; its lines keep their indentation, so a
    block inside a list item stays there)."""
    import html

    word = _INFO_WORD.match(info.strip())
    cls = f' class="language-{word.group(0)}"' if word else ""
    opening = f"{indent}<pre><code{cls}>"
    if not lines:
        return f"{opening}</code></pre>"
    body = [html.escape(line, quote=False).replace("$", "&#36;") for line in lines]
    body[0] = body[0][len(indent):] if lines[0].startswith(indent) else body[0].lstrip(" ")
    return "\n".join([opening + body[0], *body[1:], f"{indent}</code></pre>"])


def safe_markdown(markdown: str) -> str:
    """An agency's Markdown as it may reach a page: its Markdown kept (paragraphs, emphasis,
    lists, headings, code, links to http, https, mailto or a place in the page), raw HTML shown
    as text, a link or image to any other address (``javascript:``, ``data:``, ``file:``, a
    relative path) shown as the text it was written as, HTML comments left out (the authors'
    notes), a dollar sign shown as one. Code is written as HTML of our own, its text escaped."""
    lines = _neutralise_links(markdown).split("\n")
    out: list[str] = []
    prose: list[str] = []
    i = 0
    while i < len(lines):
        opening = _FENCE_OPEN.match(lines[i])
        if opening is None or (opening["fence"][0] == "`" and "`" in opening["info"]):
            prose.append(lines[i])
            i += 1
            continue
        fence = opening["fence"]
        closing = re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        end = next((j for j in range(i + 1, len(lines)) if closing.match(lines[j])), len(lines))
        if prose:
            out.append(_paragraphs_safe("\n".join(prose)))
            prose = []
        out.append(_code_block(opening["indent"], opening["info"], lines[i + 1:end]))
        i = end + 1
    if prose:
        out.append(_paragraphs_safe("\n".join(prose)))
    return "\n".join(out)


def read_text_file(path: Path) -> str | None:
    """A text file's Markdown with normalised line ends; None when absent or without words
    (blank or only comments)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return text if _COMMENT.sub("", text).strip() else None


def _mapping(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _words(value: Any) -> str | None:
    """A profile value as text, None when empty."""
    if value is None or isinstance(value, bool | dict | list):
        return None
    text = str(value).strip()
    return text or None


class AgencyTexts:
    """The agency's texts of one report year, read on demand and remembered.

    Every text asked for and not found is kept in :attr:`missing`; :meth:`check` raises
    :class:`MissingTexts` listing them all when the build is final. :attr:`files` are the
    dataset files read (a missing one too: creating it changes the document).
    """

    def __init__(self, data_dir: str | Path, opd: str, year: int, *, final: bool = False,
                 profile: Mapping | None = None):
        self.folder = Path(data_dir) / opd
        self.opd = opd
        self.year = int(year)
        self.final = bool(final)
        self._profile = dict(profile) if profile is not None else None
        self._texts: dict[str, str | None] = {}
        self._missing: dict[str, Missing] = {}
        self._files: set[str] = set()
        self._captions: list[Caption] | None = None

    # -- reading ---------------------------------------------------------------------------

    @property
    def profile(self) -> dict:
        """The agency's profile.yaml (read once)."""
        if self._profile is None:
            from lkjip_nb.yamlsafe import safe_load

            try:
                loaded = safe_load((self.folder / PROFILE_FILE).read_text(encoding="utf-8"))
            except OSError:
                loaded = {}
            self._profile = loaded if isinstance(loaded, dict) else {}
        self._files.add(PROFILE_FILE)
        return self._profile

    def relative(self, section: str) -> str:
        """The file of ``section`` relative to the dataset folder."""
        return f"{NARASI_DIR}/{self.year}/{section}.md"

    def raw(self, section: str) -> str | None:
        """The Markdown of ``section`` as written, None when the dataset has none."""
        if section not in self._texts:
            rel = self.relative(section)
            self._files.add(rel)
            self._texts[section] = read_text_file(self.folder / rel)
        return self._texts[section]

    def has(self, section: str) -> bool:
        return self.raw(section) is not None

    def text(self, section: str, what: str | None = None, *, level: int = 3,
             optional: bool = False) -> str:
        """The Markdown of ``section`` (headings from ``level`` down), else its placeholder
        (``what`` names it; default :data:`SECTIONS`). ``optional``: '' when absent, and the
        text is not required by a final build."""
        found = self.raw(section)
        if found is not None:  # no raw HTML, no script address, a "$" a dollar sign
            return agency_block(safe_markdown(nest_headings(found, level)))
        if optional:
            return ""
        what = what or SECTIONS.get(section) or section
        self._missing.setdefault(section, Missing(what, self.relative(section)))
        return placeholder(what, block=True)

    def iku_name(self, iku_id: str) -> str:
        """The indicator's name from the profile (the id when unknown)."""
        for item in self.profile.get("iku") or []:
            if isinstance(item, dict) and item.get("id") == iku_id and _words(item.get("text")):
                return str(item["text"]).strip()
        return iku_id

    def iku_ids(self) -> list[str]:
        """The profile's IKU ids, in order."""
        return [str(k["id"]) for k in self.profile.get("iku") or []
                if isinstance(k, dict) and _words(k.get("id"))]

    def analisis(self, iku_id: str, indikator: str | None = None, *, level: int = 4) -> str:
        """Bab III.A: the agency's analysis of one IKU (``analisis-<IKU>.md``; its headings
        from ``level`` down), else its placeholder."""
        name = indikator or self.iku_name(iku_id)
        return self.text(f"{ANALYSIS_PREFIX}{iku_id}", f"analisis capaian {name}", level=level)

    def sub_kegiatan(self, code: str, name: str | None = None, *, optional: bool = True,
                     level: int = 4) -> str:
        """Bab III.B: the agency's narrative of one sub kegiatan (``sub-kegiatan/<code>.md``);
        '' when absent (not every sub kegiatan is narrated), a placeholder with
        ``optional=False``."""
        return self.text(f"{SUB_KEGIATAN_DIR}/{code}", f"uraian sub kegiatan {name or code}",
                         level=level, optional=optional)

    def captions(self, sub_kegiatan: str | None = None) -> list[Caption]:
        """The year's photo captions (of one sub kegiatan when given), in order."""
        rows = self._all_captions()
        if sub_kegiatan is not None:
            rows = [c for c in rows if c.sub_kegiatan == sub_kegiatan]
        return rows

    def _all_captions(self) -> list[Caption]:
        if self._captions is None:
            self._files.add(CAPTIONS_FILE)
            self._captions = read_captions(self.folder, self.year)
            self._files.update(c.image.relative_to(self.folder).as_posix()
                               for c in self._captions if c.image is not None
                               and c.image.is_relative_to(self.folder))
        return self._captions

    # -- the signatory -----------------------------------------------------------------------

    def signatory(self) -> dict[str, str]:
        """name, rank, nip, place_date and title ("KEPALA ..."); a missing one is its
        placeholder (and counts as missing)."""
        agency = _mapping(self.profile.get("agency"))
        head = _mapping(agency.get("head"))
        out: dict[str, str] = {}
        for field, what in SIGNATORY_FIELDS.items():
            out[field] = self._profile_value(head.get(field), what, f"agency.head.{field}")
        out["place_date"] = self._profile_value(agency.get("signed_at"), PLACE_DATE_LABEL,
                                                "agency.signed_at")
        name = _words(agency.get("name")) or self.opd
        out["title"] = str(escape(f"KEPALA {name.upper()}"))
        return out

    def _profile_value(self, value: Any, what: str, key: str) -> str:
        text = _words(value)
        if text is not None:
            return str(escape(text))
        self._missing.setdefault(key, Missing(what, f"{PROFILE_FILE}: {key}"))
        return placeholder(what)

    # -- what is missing ---------------------------------------------------------------------

    @property
    def missing(self) -> list[Missing]:
        return list(self._missing.values())

    @property
    def files(self) -> list[str]:
        """Dataset files read (relative to the dataset folder), a missing text's file too."""
        return sorted(self._files)

    def require(self, sections: Iterable[str]) -> None:
        """Read every section (so each missing one is known), then :meth:`check`."""
        for section in sections:
            if section.startswith(ANALYSIS_PREFIX):
                self.analisis(section[len(ANALYSIS_PREFIX):])
            else:
                self.text(section)
        self.check()

    def check(self) -> None:
        """In a final build, raise :class:`MissingTexts` listing every missing text."""
        if self.final and self._missing:
            raise MissingTexts(self.year, self.missing)


def read_captions(folder: Path, year: int) -> list[Caption]:
    """The photo captions of ``year`` in ``<folder>/dokumentasi.csv`` (none without the file),
    ordered by sub kegiatan as listed and ``no``; an image path is relative to the folder."""
    import csv

    path = folder / CAPTIONS_FILE
    if not path.is_file():
        return []
    found: list[tuple[int, int, Caption]] = []
    first: dict[str, int] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle)):
            if str(row.get("year") or "").strip() != str(year):
                continue
            code = str(row.get("sub_kegiatan_code") or "").strip()
            text = str(row.get("caption") or "").strip()
            if not code or not text:
                continue
            try:
                no = int(str(row.get("no") or "").strip())
            except ValueError:
                no = line + 1
            image = str(row.get("image") or "").strip()
            picture = folder / image if image else None
            first.setdefault(code, len(first))
            found.append((first[code], no, Caption(code, no, text,
                                                   picture if picture and picture.is_file()
                                                   else None)))
    return [c for _, _, c in sorted(found, key=lambda t: (t[0], t[1]))]


def agency_texts(ctx: Any) -> AgencyTexts:
    """The texts of a notebook context's agency and year (final when the run says so)."""
    return AgencyTexts(ctx.data_dir, ctx.opd, ctx.year, final=bool(ctx.params.get("final")),
                       profile=ctx.profile)


def bab3_sections(ctx: Any) -> list[str]:
    """The agency texts Bab III.A shows: the analysis of each IKU, kendala dan solusi,
    faktor penunjang."""
    ids = [str(i) for i in ctx.dataset.iku["iku_id"]]
    return [f"{ANALYSIS_PREFIX}{i}" for i in ids] + ["kendala-dan-solusi", "faktor-penunjang"]


def finish(ctx: Any, *texts: AgencyTexts) -> None:
    """``ctx.finish()``, with the agency texts read counted among the notebook's inputs (the
    runner re-executes the notebook when one of them changes)."""
    from lkjip_nb.record import record

    ctx.finish()
    read = {f"{ctx.opd}/{name}" for name in ctx.dataset.read_files()}
    for item in texts:
        read.update(f"{ctx.opd}/{name}" for name in item.files)
    record("_inputs", sorted(read), label="Berkas data yang dibaca")


# --- Cover and Kata Pengantar of the combined report -----------------------------------------

@dataclass(frozen=True)
class FrontMatter:
    """What the combined report's cover and Kata Pengantar show (all text already escaped or
    Markdown; a missing item is its placeholder)."""

    government: str  # in capitals, as the cover prints it
    agency: str
    agency_caps: str  # the agency's name in capitals, as a cover prints it
    year: int
    title: str
    place_date: str
    address: str
    foreword: str  # Markdown, or the placeholder
    signatory: dict[str, str]
    logo: str | None = None  # data: URI of logo.png
    missing: tuple[Missing, ...] = ()

    def digest(self) -> str:
        """A hash of everything shown (the combined report is rebuilt when it changes)."""
        import hashlib
        import json

        data = json.dumps([self.government, self.agency_caps, self.year, self.title,
                           self.place_date, self.address, self.foreword, self.signatory,
                           self.logo],
                          sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(data.encode("utf-8")).hexdigest()


def front_matter(data_dir: str | Path, opd: str, year: int) -> FrontMatter:
    """Cover and Kata Pengantar of one agency-year, from profile.yaml, the year's
    ``kata-pengantar.md`` and the optional ``logo.png``."""
    import base64

    texts = AgencyTexts(data_dir, opd, year)
    agency = _mapping(texts.profile.get("agency"))
    name = _words(agency.get("name")) or opd
    logo_path = texts.folder / LOGO_FILE
    logo = None
    if logo_path.is_file():
        logo = "data:image/png;base64," + base64.b64encode(logo_path.read_bytes()).decode()
    signatory = texts.signatory()
    foreword = texts.text("kata-pengantar")
    return FrontMatter(
        government=str(escape((_words(agency.get("government")) or "").upper())),
        agency=str(escape(name)), agency_caps=str(escape(name.upper())), year=int(year),
        title=DOC_TITLE, place_date=signatory["place_date"],
        address=str(escape(_words(agency.get("address")) or "")),
        foreword=foreword, signatory=signatory, logo=logo, missing=tuple(texts.missing))
