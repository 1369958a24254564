"""The audit takes the printed table numbers from the dataset, never from the bundled report.

A copy of the bundled dataset whose printed numbers are renumbered consistently (profile
``tables`` ``reported_in`` and the ``sources`` keyed by number, reported_totals ``table``, the
``reported_in`` of the IKU tables) must give the same findings as the original: the same ids,
severities, figures and sentences once the new numbers are read back as the old ones.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from lkjip_nb.audit import audit
from lkjip_nb.data import load_dataset
from tests.test_audit_support import copy_bundled, read, write

#: Every number the bundled 2024 report printed a table under, and the one the copy gets: other
#: chapters, and the order within a chapter reversed (no number keeps its place).
RENUMBER = {
    **{f"2.{k}": f"7.{6 - k}" for k in range(1, 6)},
    **{f"3.{k}": f"8.{11 - k}" for k in range(1, 11)},
}
BACK = {new: old for old, new in RENUMBER.items()}
#: A printed table number in a text (not part of a code such as 8.01.03.2.01.0003 or of a
#: figure such as 66.347.193.865 or 84,61).
_NUMBER = re.compile(r"(?<![\d.,])(\d+\.\d+)(?![\d,]|\.\d)")


def _renumbered(text: str) -> str:
    """``text`` with a printed number (alone or before ``-narasi``) renumbered."""
    match = re.fullmatch(r"(\d+\.\d+)(-narasi)?", text)
    if match and match[1] in RENUMBER:
        return RENUMBER[match[1]] + (match[2] or "")
    return text


def renumber(folder: Path) -> None:
    """Renumber the printed tables of the dataset copy in ``folder`` everywhere it names them."""
    profile = folder / "profile.yaml"
    text = profile.read_text(encoding="utf-8")
    text, tables = re.subn(r'reported_in: "(\d+\.\d+)"',
                           lambda m: f'reported_in: "{RENUMBER[m[1]]}"', text)
    text, sources = re.subn(r'^(\s+)"(\d+\.\d+)":',
                            lambda m: f'{m[1]}"{RENUMBER[m[2]]}":', text, flags=re.M)
    assert tables == len(RENUMBER) and sources >= 1
    profile.write_text(text, encoding="utf-8")
    for table, column in (("reported_totals", "table"), ("iku_realisasi", "reported_in"),
                          ("iku_targets", "reported_in")):
        fields, rows = read(folder, table)
        changed = 0
        for row in rows:
            new = _renumbered(row[column])
            changed += new != row[column]
            row[column] = new
        assert changed, f"{table}.{column} names no printed number"
        write(folder, table, fields, rows)


def _findings(folder: Path, year: int = 2024) -> list[dict]:
    return [f.to_dict() for f in audit(load_dataset(folder.parent, folder.name), year)]


def _as_original(findings: list[dict]) -> dict[str, dict]:
    """The renumbered copy's findings with the new numbers read as the old, by id."""
    text = _NUMBER.sub(lambda m: BACK.get(m[1], m[1]),
                       json.dumps(findings, ensure_ascii=False))
    return {f["id"]: f for f in json.loads(text)}


@pytest.fixture(scope="module")
def original(tmp_path_factory) -> list[dict]:
    return _findings(copy_bundled(tmp_path_factory.mktemp("original")))


@pytest.fixture(scope="module")
def renumbered(tmp_path_factory) -> list[dict]:
    folder = copy_bundled(tmp_path_factory.mktemp("renumbered"))
    renumber(folder)
    return _findings(folder)


def test_original_names_no_new_number(original):
    """The comparison reads every new number back: none may stand in the original already."""
    text = json.dumps(original, ensure_ascii=False)
    assert not set(_NUMBER.findall(text)) & set(BACK)
    assert any(n in RENUMBER for n in _NUMBER.findall(text))  # the findings do name some


def test_renumbered_copy_names_the_new_numbers(renumbered):
    named = {str(r.get("report_table", "")).removesuffix("-narasi")
             for f in renumbered for r in f["rows"]}
    assert not named & set(RENUMBER)
    assert named & set(BACK)
    assert "sum/reported_totals/8.5/2024/jumlah/anggaran" in {f["id"] for f in renumbered}


def test_renumbered_copy_gives_the_same_findings(original, renumbered):
    same = _as_original(renumbered)
    before = {f["id"]: f for f in original}
    assert len(renumbered) == len(original)
    assert sorted(same) == sorted(before)
    for fid, finding in before.items():
        assert same[fid] == finding, fid


def test_renumbered_copy_leaves_no_printed_figure_unchecked(original, renumbered):
    """The printed totals the renumbered tables hold are compared, not listed as unchecked."""
    def unchecked(found: list[dict]) -> int:
        return sum(f["check"] == "unchecked" for f in found)
    assert unchecked(renumbered) == unchecked(original)
