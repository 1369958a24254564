"""``lkjip import``: a filled-in workbook becomes the dataset folder, all of it or nothing.

Every sheet is read and every cell checked; the CSV files and profile.yaml are written into a
staging folder beside the dataset and validated there by the real loader; only when neither the
workbook nor the loader found a problem is the staging folder swapped in. Otherwise one report
names every problem by sheet, cell, header, value and rule, and the dataset stays as it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lkjip_nb.data.loader import load_dataset
from lkjip_nb.data.problems import DataValidationError, Problem
from lkjip_nb.data.profile import PROFILE_FILE
from lkjip_nb.data.schemas import TABLES
from lkjip_nb.data.units import how_to_declare, kinds_text
from lkjip_nb.excel.csvtext import CANONICAL, render
from lkjip_nb.excel.datafiles import check_slug, dump_profile
from lkjip_nb.excel.folder import drop, replace_folder
from lkjip_nb.excel.problems import SheetProblem, WorkbookInvalid
from lkjip_nb.excel.profile_sheets import (
    KEY_SHEET,
    Loc,
    ProfileBuild,
    build_profile,
    profile_sheets,
)
from lkjip_nb.excel.rawdata import RawDataset, read_profile_text, read_raw
from lkjip_nb.excel.reader import Workbook, read_workbook
from lkjip_nb.excel.table_sheets import TableRows, table_rows
from lkjip_nb.excel.template import data_sheet_names, styles_of


@dataclass
class ImportResult:
    """What an import wrote."""

    opd: str
    folder: Path
    changed: list[str] = field(default_factory=list)  # files whose bytes changed
    unchanged: list[str] = field(default_factory=list)
    rows: int = 0
    ignored_sheets: list[str] = field(default_factory=list)
    profile_rewritten: bool = False  # profile.yaml regenerated (its comments are not kept)


@dataclass
class _Plan:
    """The files an import would write, and where their lines came from."""

    files: dict[str, bytes] = field(default_factory=dict)
    remove: list[str] = field(default_factory=list)
    lines: dict[str, dict[int, int]] = field(default_factory=dict)  # table -> CSV line -> row
    tables: dict[str, TableRows] = field(default_factory=dict)


def _problem(loc: Loc, value: str, rule: str, positions: dict[str, int]) -> SheetProblem:
    header = f"{loc.header} untuk {loc.key}" if loc.key else loc.header
    return SheetProblem(loc.sheet, loc.row, loc.column, header, value, rule,
                        positions.get(loc.sheet, len(positions)))


def _locate(build: ProfileBuild, column: str) -> list[Loc]:
    """Where the profile value named ``column`` (``iku[AKI].unit``) sits; its nearest
    enclosing entry or sheet when the value itself is not in the workbook."""
    name = column
    while name:
        if name in build.locations:
            return build.locations[name]
        cut = max(name.rfind("."), name.rfind("["))
        name = name[:cut] if cut > 0 else ""
    return [Loc(KEY_SHEET, None, "", "")]


def _rephrase(rule: str, value: str, lines: dict[int, int] | None = None) -> str:
    """A loader rule in the workbook's terms (sheets, Excel rows) instead of files and lines."""
    if rule == how_to_declare(value):
        return (f"satuan '{value}' tidak dikenal; bila benar, daftarkan di lembar satuan dengan "
                f"jenisnya, salah satu dari: {kinds_text()}")
    if lines is not None:
        rule = re.sub(r"sudah ada di baris (\d+)",
                      lambda m: f"sudah ada di baris {lines.get(int(m.group(1)), m.group(1))}",
                      rule)
    rule = rule.replace("IKU tidak ada di profile.yaml", "IKU tidak ada di lembar iku")
    rule = rule.replace("sasaran tidak ada di profile.yaml", "sasaran tidak ada di lembar "
                        "sasaran")
    rule = re.sub(r"\b([a-z_]+)\.csv\b", r"lembar \1", rule)
    for sheet in profile_sheets():
        if sheet.kind == "entries":
            rule = rule.replace(f"di daftar {sheet.path} ", f"di lembar {sheet.name} ")
    return rule.replace("profile.yaml", "profil")


def _map_problems(problems: list[Problem], plan: _Plan, build: ProfileBuild,
                  positions: dict[str, int], missing: set[str]) -> list[SheetProblem]:
    """The loader's problems by sheet and cell."""
    out: list[SheetProblem] = []
    for p in problems:
        file = p.file.split("/", 1)[-1]
        if file == PROFILE_FILE:
            for loc in _locate(build, p.column):
                rule = _rephrase(p.rule, p.value)
                if loc.row is None and loc.sheet != KEY_SHEET and rule == "wajib diisi":
                    rule = "wajib diisi: paling sedikit satu baris"
                out.append(_problem(loc, p.value, rule, positions))
            continue
        name = file.removesuffix(".csv")
        if name in missing:
            continue
        rows = plan.tables.get(name)
        lines = plan.lines.get(name, {})
        if p.row is None or rows is None:
            out.append(SheetProblem(name, None, "", p.column, p.value, _rephrase(p.rule, p.value),
                                    positions.get(name, 0)))
            continue
        row = lines.get(p.row, p.row)
        if (row, p.column) in rows.blocked:
            continue  # the cell's own problem is reported already
        out.append(SheetProblem(name, row, rows.letters.get(p.column, ""), p.column, p.value,
                                _rephrase(p.rule, p.value, lines), positions.get(name, 0)))
    return out


def _plan(wb: Workbook, old: RawDataset | None, build: ProfileBuild) -> tuple[_Plan,
                                                                            list[SheetProblem]]:
    plan = _Plan()
    problems: list[SheetProblem] = []
    recorded = styles_of(wb.properties)
    for name, spec in TABLES.items():
        sheet = wb.sheets.get(name)
        if sheet is None:
            plan.remove.append(spec.file)
            continue
        rows, found = table_rows(sheet, spec)
        problems += found
        plan.tables[name] = rows
        present = old is not None and name in old.present
        if not (spec.required or rows.rows or present):
            continue
        style = (old.styles.get(name) if old else None) or recorded.get(name) or CANONICAL
        data, lines = render(spec, rows.rows, style)
        plan.files[spec.file] = data
        plan.lines[name] = {1: 1, **dict(zip(lines, rows.excel_rows, strict=True))}
    if old is not None and old.profile_bytes is not None \
            and read_profile_text(old.profile_bytes) == build.profile:
        plan.files[PROFILE_FILE] = old.profile_bytes  # unchanged: keep it, comments and all
    else:
        plan.files[PROFILE_FILE] = dump_profile(build.profile)
    return plan, problems


def import_workbook(path: str | Path, data_dir: str | Path, opd: str) -> ImportResult:
    """Write dataset ``<data_dir>/<opd>`` from the workbook at ``path``.

    Raises :class:`WorkbookInvalid` listing every problem (nothing is written then), or
    :class:`ExcelError` when the file is no readable workbook.
    """
    check_slug(opd)
    target = Path(data_dir) / opd
    expected = data_sheet_names()
    positions = {name: i for i, name in enumerate(expected)}
    wb = read_workbook(path, expected)
    problems = list(wb.problems)
    reported = {p.sheet for p in problems if p.row is None}
    missing = {name for name in expected if name not in wb.sheets}
    for name in sorted(missing - reported, key=positions.get):
        problems.append(SheetProblem(name, None, "", "", "", (
            "lembar tidak ada; buku kerja harus memuat semua lembar templat (lembar yang tidak "
            "dipakai dibiarkan kosong); buat templat baru dengan lkjip template bila perlu"),
            positions[name]))
    build = build_profile(wb.sheets)
    problems += [_problem(loc, value, rule, positions) for loc, value, rule in build.problems]
    slug = build.profile.get("slug")
    if isinstance(slug, str) and slug and slug != opd:
        loc = _locate(build, "slug")[0]
        problems.append(_problem(loc, slug, (
            f"buku kerja ini untuk dataset '{slug}', bukan '{opd}' yang dituju impor; periksa "
            "buku kerjanya, atau ubah isian ini bila memang disengaja"), positions))
    old = read_raw(target) if target.is_dir() else None
    plan, found = _plan(wb, old, build)
    problems += found
    result = ImportResult(opd, target, ignored_sheets=list(wb.ignored))

    def write(folder: Path) -> None:
        drop(folder, plan.remove)
        for name, data in plan.files.items():
            (folder / name).write_bytes(data)

    def check(folder: Path) -> None:
        try:
            load_dataset(folder.parent, opd)
        except DataValidationError as exc:
            problems.extend(_map_problems(exc.problems, plan, build, positions, missing))
        if problems:
            raise WorkbookInvalid(wb.name, problems)

    before = {name: (target / name).read_bytes() for name in plan.files
              if (target / name).is_file()}
    replace_folder(target, write, check)
    for name, data in plan.files.items():
        (result.unchanged if before.get(name) == data else result.changed).append(name)
    result.rows = sum(len(t.rows) for t in plan.tables.values())
    result.profile_rewritten = PROFILE_FILE in result.changed
    return result
