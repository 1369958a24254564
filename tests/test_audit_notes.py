"""The audit's notes in the bundled 2024 report as a reader gets it: every table number a note
names is either a link to the table this document numbers so, or named as the printed
report's ("Tabel 3.6 laporan tercetak"), never a printed number that reads as one of ours."""

from __future__ import annotations

import html
import re

import pytest

from tests.test_report_structure import report2024  # noqa: F401

#: A table named by its number ("Tabel 3.6", "Tabel 3.7-3.10").
NUMBERED = re.compile(r"\bTabel \d+(?:\.\d+)*")
PRINTED = " laporan tercetak"
LABEL = re.compile(r'<span class="lkjip-label" id="(?P<id>[^"]+)">(?P<text>[^<]*)</span>')
LINK = re.compile(r'<a (?:class="lkjip-ref" )?href="#(?P<id>[^"]+)">(?P<text>[^<]*)</a>')
#: Blocks of text: paragraphs (notes under tables, sentences) and list items.
BLOCK = re.compile(r"<(?P<tag>p|li)\b[^>]*>(?P<body>.*?)</(?P=tag)>", re.S)
#: The audit's cause on a printed cell, shown as its tooltip.
TITLE = re.compile(r'<span class="lkjip-(?:diff|note)" title="(?P<title>[^"]*)"')


def plain(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def unresolved(text: str) -> list[str]:
    """Table numbers of ``text`` not named as the printed report's."""
    return [text[max(0, m.start() - 50):m.end() + 20] for m in NUMBERED.finditer(text)
            if not text[m.end():].startswith(PRINTED)]


def audit_notes(page: str) -> list[str]:
    """The body's notes that carry the audit's mark ⚠, and the tables' notes."""
    body = re.sub(r"<nav\b.*?</nav>|<figcaption\b.*?</figcaption>", "", page, flags=re.S)
    return [m["body"] for m in BLOCK.finditer(body)
            if "⚠" in m["body"] or 'class="lkjip-note"' in m.group(0)[:40]]


@pytest.mark.notebooks
def test_a_table_number_in_a_note_is_our_link_or_the_printed_reports(report2024):  # noqa: F811
    page = report2024.read_text(encoding="utf-8")
    labels = {m["id"]: m["text"] for m in LABEL.finditer(page)}
    notes = audit_notes(page)
    assert any("⚠" in n for n in notes)
    bad, links = [], 0
    for note in notes:
        for link in LINK.finditer(note):
            if NUMBERED.fullmatch(link["text"]):
                links += 1
                assert labels.get(link["id"]) == link["text"], (link.group(0), note)
        bad += unresolved(plain(LINK.sub("", note)))
    bad += [t for m in TITLE.finditer(page) for t in unresolved(html.unescape(m["title"]))]
    assert bad == []
    assert links  # the notes do refer to tables of this document


def test_the_check_finds_a_printed_number_that_reads_as_ours():
    text = "Jumlah pada Tabel 3.6 tercetak Rp 1."
    assert unresolved(text) == [text]
    assert unresolved("Jumlah pada Tabel 3.6 laporan tercetak tertulis Rp 1.") == []
    notes = audit_notes('<nav><p>⚠ Tabel 1.1</p></nav><p class="lkjip-note">a</p><p>b</p>'
                        "<ul><li>⚠ c</li></ul>")
    assert notes == ["a", "⚠ c"]
