"""A dataset whose every text field holds script renders, in every chapter of the combined
report, to pages where no script runs and none is even markup: the script reads as the text it
was typed as (HTML, PDF and Word). The run writes nothing outside its output folder."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from lkjip_nb.data.schemas import TABLES
from lkjip_nb.registry import NOTEBOOK_DIR, find_chapters
from tests.conftest import BUNDLED, DATA, built_once

pytestmark = [pytest.mark.notebooks, pytest.mark.browser]

#: Appended to every text: an HTML image whose error handler changes the page and opens a
#: dialog, a script element, and a Markdown link to a javascript: address.
PAYLOAD = (' <img src=x onerror="document.title=\'PWNED\';document.body.dataset.pwned=1;'
           'alert(1)"> <script>window.pwned=1;alert(2)</script> [klik](javascript:alert(3))')
#: profile.yaml keys whose values are identifiers, choices or units: they keep their value.
KEEP = {"id", "sasaran_id", "slug", "unit", "direction", "capaian_rule", "grading",
        "capaian_lower", "efficiency_capaian", "method", "reported_in", "units", "rounding",
        "tables", "synthetic"}


def _poison(node: object, key: str = "") -> object:
    if key in KEEP:
        return node
    if isinstance(node, dict):
        return {k: _poison(v, str(k)) for k, v in node.items()}
    if isinstance(node, list):
        return [_poison(v, key) for v in node]
    return node + PAYLOAD if isinstance(node, str) else node


def _free_text(name: str) -> list[str]:
    """Text columns that are no key, code, choice or unit."""
    return [c.name for c in TABLES[name].columns
            if c.kind == "str" and not c.is_unit and not c.name.endswith("_id")
            and c.name not in ("reported_in", "table", "party", "field", "item")
            and all("salah satu" not in str(check) and "harus" not in str(check)
                    for check in c.checks)]


def _poisoned_dataset(root: Path) -> None:
    for spec in TABLES.values():
        path = root / spec.file
        if not path.is_file():
            continue
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
        if not rows:
            continue
        for row in rows:
            for column in _free_text(spec.name):
                if row.get(column):
                    row[column] += PAYLOAD
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")
    profile = root / "profile.yaml"
    poisoned = _poison(yaml.safe_load(profile.read_text(encoding="utf-8")))
    profile.write_text(yaml.safe_dump(poisoned, allow_unicode=True, sort_keys=False),
                       encoding="utf-8")
    for text in root.rglob("*.md"):
        text.write_text(text.read_text(encoding="utf-8") + "\n\n" + PAYLOAD + "\n",
                        encoding="utf-8")


def _tree(root: Path, skip: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and skip not in p.parents}


def _report_chapters() -> list[str]:
    """The chapters of the combined report (the registry's), as the runner is asked for them."""
    return [c.id for c in find_chapters(NOTEBOOK_DIR) if c.in_report]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> list[Path]:
    """Every chapter of the combined report of the poisoned dataset: each chapter's reader and
    analyst page, the combined report (and its Word document when pandoc is there). Built once
    per test session: pytest-xdist's workers share one build through a lock."""
    if not shutil.which("chromium"):
        pytest.skip("needs chromium")
    folder = built_once(tmp_path_factory, "poisoned-report", _build_listing)
    return [Path(p) for p in (folder / "pages.txt").read_text(encoding="utf-8").splitlines()]


def _build_listing(folder: Path) -> None:
    pages = _build(folder / "run")
    (folder / "pages.txt").write_text("\n".join(map(str, pages)), encoding="utf-8")


def _build(tmp_path: Path) -> list[Path]:
    """Run the report's chapters on a poisoned copy of the bundled dataset in ``tmp_path``."""
    tmp_path.mkdir()
    data = tmp_path / "data"
    shutil.copytree(DATA / BUNDLED, data / BUNDLED)
    _poisoned_dataset(data / BUNDLED)
    check = subprocess.run([sys.executable, "-m", "lkjip_nb", "validate", "--data", str(data)],
                           capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stderr  # the payload is valid data, as text
    out = tmp_path / "out"
    before = _tree(tmp_path, out)
    chapters = _report_chapters()
    formats = ["html", "docx"] if shutil.which("pandoc") else ["html"]
    done = subprocess.run(
        [sys.executable, "-m", "lkjip_nb", "run", "--data", str(data), "--out", str(out),
         "--params", str(tmp_path / "no-params"), "--years", "2024", "--chapters", *chapters,
         "--formats", *formats, "--quiet", "--jobs", "2"],
        capture_output=True, text=True, timeout=900, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert _tree(tmp_path, out) == before  # not a byte outside --out
    year = out / BUNDLED / "2024"
    pages = [year / f"{c}{v}.html" for c in chapters for v in ("", "-analyst")
             if (year / f"{c}.ipynb").is_file()]
    pages.append(year / "lkjip-2024.html")
    assert len(pages) > 3 and all(p.is_file() for p in pages), sorted(year.iterdir())
    assert "PWNED" in pages[0].read_text(encoding="utf-8")  # the text is there
    return pages


@pytest.fixture(scope="module")
def seen(rendered) -> dict[str, dict]:
    """What Chromium, JavaScript on, makes of each page (:func:`_open`), opened once."""
    return _open(rendered)


def _open(pages: list[Path]):
    """Each page in Chromium with JavaScript on (as a reader's browser has it): its dialogs,
    its document at load and after a while (links to the payload clicked), its markup facts."""
    from playwright.sync_api import sync_playwright

    from lkjip_nb.render.pdf import find_browser

    seen = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=find_browser(), headless=True,
                                     args=["--no-sandbox", "--disable-gpu"])
        try:
            for page_path in pages:
                page = browser.new_page()
                dialogs: list[str] = []
                page.on("dialog", lambda d, box=dialogs: (box.append(d.message), d.dismiss()))
                page.goto(page_path.as_uri(), wait_until="load")
                at_load = page.content()
                page.wait_for_timeout(500)
                for link in page.query_selector_all("a[href]"):
                    if (link.inner_text() or "").strip() == "klik":
                        link.click(no_wait_after=True, timeout=2000)
                page.wait_for_timeout(300)
                state = page.evaluate("""() => ({
                    pwned: window.pwned === 1 || document.body.dataset.pwned !== undefined,
                    jsLinks: [...document.querySelectorAll('a[href]')]
                        .filter(a => a.href.trim().toLowerCase().startsWith('javascript:'))
                        .length,
                    handlers: [...document.querySelectorAll('*')]
                        .filter(e => [...e.attributes].some(a => a.name.startsWith('on')))
                        .length,
                    scripts: document.querySelectorAll('script').length,
                    text: document.body.innerText})""")
                seen[page_path.name] = dict(state, dialogs=dialogs, title=page.title(),
                                            unchanged=page.content() == at_load,
                                            url=page.url)
                page.close()
        finally:
            browser.close()
    return seen


def _facts(page: dict) -> dict:
    return {k: v for k, v in page.items() if k != "text"}


def _blankless(text: str) -> str:
    """Text without any blank (a table cell or a formula may break a text over lines)."""
    return re.sub(r"\s+", "", text)


def test_script_in_every_text_field_never_runs(seen):
    for name, page in seen.items():
        assert page["dialogs"] == [], (name, _facts(page))
        assert page["title"] != "PWNED" and not page["pwned"], (name, _facts(page))
        assert page["unchanged"] and page["url"].startswith("file:"), (name, _facts(page))


def test_script_in_every_text_field_is_not_even_markup(seen):
    payload = _blankless(PAYLOAD)
    for name, page in seen.items():
        assert page["jsLinks"] == 0 and page["handlers"] == 0, (name, _facts(page))
        assert page["scripts"] == 0, (name, _facts(page))
        # the script reads as typed: image, script element and Markdown link as text
        assert payload in _blankless(page["text"]), (name, page["text"][:2000])


def test_word_document_has_the_script_as_text_only(rendered):
    import html
    import zipfile

    docx = rendered[-1].with_suffix(".docx")
    if not docx.is_file():
        pytest.skip("needs pandoc")
    with zipfile.ZipFile(docx) as z:
        body = z.read("word/document.xml").decode("utf-8")
        relations = z.read("word/_rels/document.xml.rels").decode("utf-8")
    external = re.findall(r'Target="([^"]*)"[^>]*TargetMode="External"', relations)
    assert all(t.lower().startswith(("http://", "https://", "mailto:")) for t in external), \
        external
    assert "javascript:" not in relations.lower()
    paragraphs = ["".join(html.unescape(t) for t in re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>",
                                                              p))
                  for p in re.findall(r"<w:p[ >].*?</w:p>", body, re.S)]
    assert any(PAYLOAD.strip() in p for p in paragraphs)


def test_printed_page_links_nowhere_but_inside(rendered):
    """A chapter printed as the run prints it (JavaScript off): no link of the PDF leads out
    of it, none runs a script."""
    pikepdf = pytest.importorskip("pikepdf")
    from lkjip_nb.render.pdf import PdfPrinter, find_browser

    page = next(p for p in rendered if p.name == "planning.html")
    with PdfPrinter(find_browser()) as printer:
        data = printer.print_bytes(page, "uji")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        actions = [a.get("/A") for p in pdf.pages for a in (p.get("/Annots") or [])]
        actions = [a for a in actions if a is not None]
        assert not [a for a in actions if a.get("/S") in ("/URI", "/JavaScript", "/Launch")]
        assert "/JavaScript" not in (pdf.Root.get("/Names") or {})
