"""Word (.docx) of the combined report: its HTML converted by the system's pandoc.

``pandoc -f html -t docx`` turns the tables into Word tables, the headings into Word headings
(the navigation pane), the embedded images (``data:`` URIs) into pictures and MathML into Word
equations. Around it: the HTML's own Daftar Isi becomes a Word table-of-contents field of the
headings (levels 1-3) and of the lists' titles, its Daftar Tabel and Daftar Gambar fields of the
captions (styled "Table Caption" and "Image Caption"), each showing the HTML's list until Word
fills in the page numbers; the Bab breaks become page breaks, the cover and the signature get
styles of their own, and the page is A4 with bordered tables (a reference document derived
from pandoc's default). Without pandoc the run says so in one line and makes
everything else (:class:`PandocUnavailable`), as PDFs without a browser.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import tempfile
import threading
import zipfile
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from lkjip_nb.artifacts import atomic
from lkjip_nb.artifacts.state import is_current, mark_built
from lkjip_nb.errors import LkjipError

#: Environment variable naming the pandoc executable.
PANDOC_ENV = "LKJIP_PANDOC"
INSTALL_HINT = ("Word (.docx) dilewati: pandoc tidak ditemukan. Pasang dengan `sudo apt-get "
                f"install pandoc`, atau beri variabel {PANDOC_ENV}.")
#: Longest a conversion may take, in seconds.
TIMEOUT = 900
_NAV = re.compile(r'<nav class="lkjip-toc".*?</nav>', re.S)
_LIST = re.compile(r'<nav class="lkjip-toc-list" aria-labelledby="(?P<id>[\w-]+)">.*?'
                   r"(?P<list><ol>.*?</ol>).*?</nav>", re.S)
_HEAD_PARTS = re.compile(r"<title>.*?</title>|<style>.*?</style>", re.S)
_PAGE_BREAK = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
#: The Word field that lists the headings with their page numbers (Word updates it on opening).
_TOC_FIELD = (
    '<w:p><w:pPr><w:pStyle w:val="TOCHeading"/></w:pPr><w:r><w:t>Daftar Isi</w:t></w:r></w:p>'
    '<w:p><w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
    '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h \\z \\u \\t "TOC Heading,1" '
    '</w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    '<w:r><w:t>Daftar isi dibuat saat dokumen dibuka; bila belum tampil, klik kanan di sini '
    'lalu pilih Perbarui Bidang (Update Field).</w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')

#: The lists of tables and figures (the id of the HTML's list): title, caption style listed.
LISTS = {"daftar-tabel": ("Daftar Tabel", "Table Caption"),
         "daftar-gambar": ("Daftar Gambar", "Image Caption")}

#: The Lua filter: page breaks, the Word table of contents and lists of tables and figures,
#: caption, cover and signature styles.
LUA_FILTER = r"""
local PAGE = pandoc.RawBlock("openxml", [==[@PAGE@]==])
local TOC = pandoc.RawBlock("openxml", [==[@TOC@]==])
local LISTS = {@LISTS@}
local CAPTIONS = {tabel = "Table Caption", gambar = "Image Caption"}

local function styled(style, blocks)
  return pandoc.Div(blocks, pandoc.Attr("", {}, {{"custom-style", style}}))
end

local function as_para(block)
  if block.t == "Header" or block.t == "Plain" then return pandoc.Para(block.content) end
  return block
end

local function xml(text)
  return (text:gsub("&", "&amp;"):gsub("<", "&lt;"):gsub(">", "&gt;"))
end

local function run(text) return '<w:r><w:t xml:space="preserve">' .. xml(text) .. '</w:t></w:r>' end

-- a list of tables or figures: its title, then a TOC field of the paragraphs in the caption
-- style, showing the HTML's entries until Word updates it (with page numbers)
local function caption_list(el)
  local list = LISTS[el.identifier]
  local entries = {}
  for _, block in ipairs(el.content) do
    if block.t == "OrderedList" or block.t == "BulletList" then
      for _, item in ipairs(block.content) do
        table.insert(entries, pandoc.utils.stringify(item))
      end
    end
  end
  if #entries == 0 then return {} end
  local out = '<w:p><w:pPr><w:pStyle w:val="TOCHeading"/></w:pPr>' .. run(list[1]) .. '</w:p>'
  for i, text in ipairs(entries) do
    local para = '<w:p>'
    if i == 1 then
      para = para .. '<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
        .. '<w:r><w:instrText xml:space="preserve"> TOC \\h \\z \\t "' .. list[2]
        .. ',1" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    end
    para = para .. run(text)
    if i == #entries then para = para .. '<w:r><w:fldChar w:fldCharType="end"/></w:r>' end
    out = out .. para .. '</w:p>'
  end
  return {pandoc.RawBlock("openxml", out), PAGE}
end

-- a caption starts with its number (the span the renderer gave the id "tabel-3-6", "tabel-l-1")
local function caption(el)
  local first = el.content[1]
  if first and first.t == "Span" then
    local style = CAPTIONS[first.identifier:match("^(%a+)%-%w+%-%d+$")]
    if style then return styled(style, {pandoc.Para(el.content)}) end
  end
end
Para = caption
Plain = caption

-- a heading ends with its (empty) anchor after a space: the anchor to the front, no space
function Header(el)
  local anchors = {}
  while #el.content > 0 do
    local last = el.content[#el.content]
    if last.t == "Space" or last.t == "SoftBreak" then
      el.content:remove(#el.content)
    elseif last.t == "Span" and #last.content == 0 then
      table.insert(anchors, 1, el.content:remove(#el.content))
    else
      break
    end
  end
  for i, anchor in ipairs(anchors) do el.content:insert(i, anchor) end
  return el
end

function Div(el)
  if el.classes:includes("lkjip-chapter-break") then return PAGE end
  if el.classes:includes("lkjip-docx-toc") then return {TOC, PAGE} end
  if el.classes:includes("lkjip-docx-list") and LISTS[el.identifier] then
    return caption_list(el)
  end
  if el.classes:includes("lkjip-cover") then
    local out = {}
    for _, block in ipairs(el.content) do
      local style = block.t == "Header" and "Title" or "Cover"
      table.insert(out, styled(style, {as_para(block)}))
    end
    table.insert(out, PAGE)
    return out
  end
  if el.classes:includes("lkjip-signature") then return styled("Signature", el.content) end
  if el.classes:includes("lkjip-foreword") then
    local out = el.content
    table.insert(out, PAGE)
    return out
  end
end

-- a table's columns get widths from their content: without widths Word and LibreOffice give
-- every column the same share, and a long name wraps word by word in a narrow one. A column
-- wants twice the square root of its longest text, at least its longest word (up to 14
-- characters) and 4; the widths are these shares of the page width.
local function text_length(cell)
  local text = pandoc.utils.stringify(cell.contents)
  return utf8.len(text) or #text
end

local function longest_word(cell)
  local longest = 0
  for word in pandoc.utils.stringify(cell.contents):gmatch("%S+") do
    longest = math.max(longest, utf8.len(word) or #word)
  end
  return longest
end

function Table(tbl)
  local n = #tbl.colspecs
  if n < 2 then return nil end
  local want, least = {}, {}
  for i = 1, n do want[i], least[i] = 1, 1 end
  local function visit(rows)
    for _, row in ipairs(rows) do
      local col = 1
      for _, cell in ipairs(row.cells) do
        if cell.col_span == 1 and col <= n then
          want[col] = math.max(want[col], text_length(cell))
          least[col] = math.max(least[col], longest_word(cell))
        end
        col = col + cell.col_span
      end
    end
  end
  visit(tbl.head.rows)
  for _, body in ipairs(tbl.bodies) do visit(body.head); visit(body.body) end
  visit(tbl.foot.rows)
  local weight, total = {}, 0
  for i = 1, n do
    weight[i] = math.max(math.sqrt(want[i]) * 2, math.min(least[i], 14), 4)
    total = total + weight[i]
  end
  for i = 1, n do tbl.colspecs[i] = {tbl.colspecs[i][1], weight[i] / total} end
  return tbl
end
""".replace("@PAGE@", _PAGE_BREAK).replace("@TOC@", _TOC_FIELD).replace("@LISTS@", ", ".join(
    f'["{key}"] = {{"{title}", "{style}"}}' for key, (title, style) in LISTS.items()))

#: Styles added to the reference document: the cover's lines, the signature block.
_STYLES = """
<w:style w:type="paragraph" w:customStyle="1" w:styleId="Cover"><w:name w:val="Cover"/>
<w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:before="120" w:after="120"/>
<w:jc w:val="center"/></w:pPr><w:rPr><w:b/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr>
</w:style>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="Signature"><w:name w:val="Signature"/>
<w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:before="0" w:after="0"/>
<w:ind w:left="4536"/><w:jc w:val="center"/></w:pPr></w:style>
"""
#: Table borders of the reference document's table style.
_BORDERS = ("<w:tblBorders>" + "".join(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="808080"/>'
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")) + "</w:tblBorders>")
#: A4 with the margins of the PDF (report.css, render/pdf.py), in twentieths of a point.
_SECTION = ('<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1021" w:right="850" '
            'w:bottom="1134" w:left="850" w:header="567" w:footer="567" w:gutter="0"/>'
            "</w:sectPr>")


class PandocUnavailable(LkjipError):
    """No usable pandoc: HTML and PDF are still produced, Word documents are skipped."""


def find_pandoc(explicit: str | None = None) -> str | None:
    """Path of the pandoc executable: ``explicit``, ``$LKJIP_PANDOC``, then the PATH."""
    for candidate in (explicit, os.environ.get(PANDOC_ENV)):
        if candidate:
            found = shutil.which(candidate) or (candidate if Path(candidate).is_file() else None)
            if not found:
                raise PandocUnavailable(f"Word (.docx) dilewati: pandoc '{candidate}' tidak "
                                        "ditemukan.")
            return found
    return shutil.which("pandoc")


def docx_html(page: str) -> str:
    """The combined report's HTML as pandoc should read it: no stylesheet or window title, the
    Daftar Isi as a marker the Lua filter replaces by Word's own, the lists of tables and
    figures as their entries in a marker the filter makes Word's own of."""
    page = _HEAD_PARTS.sub("", page)
    page = _NAV.sub('<div class="lkjip-docx-toc"></div>', page, count=1)
    return _LIST.sub(lambda m: f'<div class="lkjip-docx-list" id="{m["id"]}">{m["list"]}</div>',
                     page)


def reference_docx(pandoc: str) -> bytes:
    """pandoc's default reference document on A4, with bordered tables and the cover and
    signature styles."""
    default = _run(pandoc, ["--print-default-data-file", "reference.docx"])
    source, out = zipfile.ZipFile(io.BytesIO(default)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/styles.xml":
                text = data.decode("utf-8")
                text = re.sub(r'(w:styleId="Table">.*?<w:tblPr>)', r"\1" + _BORDERS, text,
                              count=1, flags=re.S)
                data = text.replace("</w:styles>", _STYLES + "</w:styles>").encode("utf-8")
            elif item.filename == "word/document.xml":
                text = data.decode("utf-8")
                text = re.sub(r"<w:sectPr\s*/>|<w:sectPr>.*?</w:sectPr>", _SECTION, text,
                              flags=re.S)
                data = text.encode("utf-8")
            target.writestr(item, data)
    return out.getvalue()


def _run(pandoc: str, args: list[str], cwd: Path | None = None) -> bytes:
    """pandoc's standard output; its first complaint as the error when it fails."""
    try:
        done = subprocess.run([pandoc, *args], capture_output=True, cwd=cwd, timeout=TIMEOUT,
                              check=False)
    except OSError as exc:
        raise PandocUnavailable(f"Word (.docx) dilewati: pandoc di {pandoc} tidak bisa "
                                f"dijalankan ({exc.strerror or exc}).") from exc
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise LkjipError(f"pandoc gagal (kode {done.returncode}): "
                         + (lines[0] if lines else "tanpa pesan"))
    return done.stdout


def docx_bytes(html_path: Path, pandoc: str) -> bytes:
    """The Word document of the combined report ``html_path``."""
    with tempfile.TemporaryDirectory(prefix="lkjip-docx-") as tmp:
        folder = Path(tmp)
        (folder / "report.html").write_text(
            docx_html(html_path.read_text(encoding="utf-8")), encoding="utf-8")
        (folder / "reference.docx").write_bytes(reference_docx(pandoc))
        (folder / "filter.lua").write_text(LUA_FILTER, encoding="utf-8")
        _run(pandoc, ["-f", "html", "-t", "docx", "--reference-doc", "reference.docx",
                      "--lua-filter", "filter.lua", "-o", "report.docx", "report.html"],
             cwd=folder)
        return (folder / "report.docx").read_bytes()


def write_docx(html_path: Path, docx_path: Path, pandoc: str | None = None) -> None:
    """Convert ``html_path`` to ``docx_path`` atomically; :class:`PandocUnavailable` without
    pandoc."""
    executable = find_pandoc(pandoc)
    if executable is None:
        raise PandocUnavailable(INSTALL_HINT)
    atomic.write_bytes(docx_path, docx_bytes(html_path, executable))


def docx_key(html_path: Path) -> str:
    """What a Word document is made from: the HTML and this converter."""
    digest = hashlib.sha256(html_path.read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()


@dataclass
class DocxReport:
    """What the Word step did."""

    written: list[Path] = field(default_factory=list)
    errors: list[tuple[Path, str]] = field(default_factory=list)
    notice: str = ""  # one line for the user when pandoc could not be used


class DocxQueue:
    """Convert combined reports to Word one after the other in a background thread, so a run
    goes on executing meanwhile; a document already made from the same HTML is kept."""

    def __init__(self, pandoc: str | None = None, force: bool = False):
        self.pandoc = pandoc
        self.force = force
        self.report = DocxReport()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lkjip-docx")
        self._futures: list[Future] = []
        self._lock = threading.Lock()
        self._executable: str | None = None

    def submit(self, html_path: Path, docx_path: Path | None = None) -> None:
        """Queue ``html_path`` (its ``.docx`` beside it unless ``docx_path``)."""
        target = docx_path or html_path.with_suffix(".docx")
        self._futures.append(self._pool.submit(self._convert, html_path, target))

    def _convert(self, html_path: Path, target: Path) -> None:
        if self.report.notice:
            return
        try:
            with self._lock:
                if self._executable is None:
                    self._executable = find_pandoc(self.pandoc)
                    if self._executable is None:
                        raise PandocUnavailable(INSTALL_HINT)
            key = docx_key(html_path)
            if not self.force and is_current(target, key):
                return
            atomic.write_bytes(target, docx_bytes(html_path, self._executable))
            mark_built(target, key)
            self.report.written.append(target)
        except PandocUnavailable as exc:
            self.report.notice = str(exc)
        except Exception as exc:  # one document must not stop the others
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            self.report.errors.append((target, first))

    def finish(self, cancel: bool = False) -> DocxReport:
        """Wait for the queued documents (or drop those not started, with ``cancel``)."""
        if cancel:
            for future in self._futures:
                future.cancel()
        self._pool.shutdown(wait=True)
        return self.report
