"""Load an agency dataset in one call: every table typed and validated, or nothing at all."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from lkjip_nb.data.cache import load_profile, load_table
from lkjip_nb.data.catalog import resolve_opd
from lkjip_nb.data.integrity import check_integrity, check_units
from lkjip_nb.data.problems import DataValidationError, Problem
from lkjip_nb.data.profile import (
    PROFILE_FILE,
    iku_frame,
    is_synthetic,
    sasaran_frame,
    undecodable,
)
from lkjip_nb.data.schemas import TABLES
from lkjip_nb.data.tables import empty_frame, take_lines, unreadable_frame
from lkjip_nb.errors import LkjipError
from lkjip_nb.rounding import RoundingPolicy


class YearNotInDataset(LkjipError, LookupError):
    """The requested year has no realisasi in the dataset."""


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class Dataset:
    """An agency's validated tables, its profile, and the files they came from."""

    opd: str
    path: Path
    profile: dict[str, Any]
    tables: dict[str, pd.DataFrame]
    files: dict[str, str] = field(default_factory=dict)  # file name -> sha256
    year: int | None = None
    all_tables: dict[str, pd.DataFrame] | None = field(default=None, repr=False)
    _read: set[str] = field(default_factory=set, repr=False)

    def table(self, name: str) -> pd.DataFrame:
        """A copy of one table; per-year tables hold only ``self.year`` when one year is set."""
        if name not in self.tables:
            raise KeyError(f"tabel '{name}' tidak dikenal; yang ada: {', '.join(self.tables)}")
        self._read.add(TABLES[name].file)
        return self.tables[name].copy()

    def has(self, name: str) -> bool:
        """True when the table holds at least one row (for this year, if restricted)."""
        return not self.tables[name].empty

    @property
    def sasaran(self) -> pd.DataFrame:
        self._read.add(PROFILE_FILE)
        return sasaran_frame(self.profile)

    @property
    def iku(self) -> pd.DataFrame:
        """One row per IKU (see :data:`lkjip_nb.data.profile.IKU_COLUMNS`)."""
        self._read.add(PROFILE_FILE)
        return iku_frame(self.profile)

    @property
    def synthetic(self) -> bool:
        """True when profile.yaml says ``synthetic: true``: every figure is invented."""
        self._read.add(PROFILE_FILE)
        return is_synthetic(self.profile)

    @property
    def name(self) -> str:
        return self.profile["agency"]["name"]

    @property
    def report_years(self) -> list[int]:
        """Years the dataset can report on (years with a primary IKU realisasi)."""
        real = self.full_tables["iku_realisasi"]
        return sorted(int(y) for y in real.loc[real["primary"], "year"].unique())

    @property
    def full_tables(self) -> dict[str, pd.DataFrame]:
        """Every table over all years, even when this dataset is restricted to one year."""
        return self.all_tables if self.all_tables is not None else self.tables

    def rounding(self, overrides: dict | None = None) -> RoundingPolicy:
        """The agency's rounding convention (profile.yaml) with a run's overrides on top."""
        return RoundingPolicy.from_config(self.profile.get("rounding")).with_overrides(overrides)

    def reported_in(self, key: str) -> str | None:
        """The number the agency's own report printed table ``key`` under (profile ``tables``:
        ``{belanja: {reported_in: "3.6"}}``), else None. A qualified key
        (``realisasi-sasaran/S1``) falls back to its base. Never what the table is numbered."""
        tables = self.profile.get("tables")
        tables = tables if isinstance(tables, dict) else {}
        for name in _key_chain(key):
            entry = tables.get(name)
            printed = entry.get("reported_in") if isinstance(entry, dict) else None
            if isinstance(printed, str) and printed.strip():
                return printed.strip()
        return None

    def source(self, key: str) -> str:
        """The 'Sumber:' line of table ``key``, as the agency writes it: profile ``sources``
        under the key (or its base, the part before "/"), else under the number the agency's
        report printed the table as (:meth:`reported_in`), else ``default``, else the agency."""
        sources = self.profile.get("sources")
        sources = sources if isinstance(sources, dict) else {}
        printed = self.reported_in(key)
        for name in (*_key_chain(key), printed):
            if name is not None and sources.get(name) not in (None, ""):
                return str(sources[name])
        return str(sources.get("default") or self.name)

    def for_year(self, year: int) -> Dataset:
        """The same dataset with every year-varying table restricted to ``year``."""
        if year not in self.report_years:
            years = ", ".join(map(str, self.report_years)) or "(tidak ada)"
            raise YearNotInDataset(
                f"Tahun {year} tidak ada dalam dataset {self.opd} (tahun yang tersedia: {years})")
        restricted = {
            name: (frame[frame["year"] == year].reset_index(drop=True)
                   if TABLES[name].restrict_to_year else frame)
            for name, frame in self.tables.items()
        }
        return replace(self, tables=restricted, year=year, all_tables=self.full_tables,
                       _read=self._read)

    def read_files(self) -> list[str]:
        """Files whose tables were used so far (for incremental re-runs)."""
        return sorted(self._read)


def _key_chain(key: str) -> tuple[str, ...]:
    """A table key, then its base when qualified (``hibah/parpol`` -> ``hibah``)."""
    base = key.split("/", 1)[0]
    return (key, base) if base != key else (key,)


def _list(profile: dict, key: str) -> list[dict]:
    items = profile.get(key)
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def load_dataset(data_dir: str | Path = "data", opd: str | None = None,
                 year: int | None = None) -> Dataset:
    """Load, type and validate every table of ``<data_dir>/<opd>``.

    Raises :class:`DataValidationError` listing every problem (file, row, column, value, rule);
    nothing is returned half-loaded. With ``year`` the year-varying tables hold only that year.
    """
    slug = resolve_opd(data_dir, opd)
    root = Path(data_dir) / slug
    problems: list[Problem] = []
    files: dict[str, str] = {}

    profile_path = root / PROFILE_FILE
    try:
        profile, profile_problems, files[PROFILE_FILE] = load_profile(
            profile_path, f"{slug}/{PROFILE_FILE}")
    except UnicodeDecodeError as exc:
        profile = {}
        profile_problems = [undecodable(profile_path.read_bytes(), exc, f"{slug}/{PROFILE_FILE}")]
    problems += profile_problems

    tables: dict[str, pd.DataFrame] = {}
    labels: dict[str, str] = {}
    for name, spec in TABLES.items():
        path = root / spec.file
        labels[name] = f"{slug}/{spec.file}"
        if not path.is_file():
            if spec.required:
                problems.append(Problem(labels[name], None, "", "", "berkas wajib tidak ada"))
            tables[name] = unreadable_frame(spec) if spec.required else empty_frame(spec)
            continue
        tables[name], table_problems, files[spec.file] = load_table(path, spec, labels[name])
        problems += table_problems
        if spec.required and not table_problems and tables[name].empty:
            problems.append(Problem(labels[name], None, "", "", (
                "berkas hanya berisi header, tanpa satu pun baris data; tabel ini wajib berisi "
                f"data ({spec.description})")))

    by_line: dict[str, pd.DataFrame] = {}
    incomplete: set[str] = set()
    for name, frame in tables.items():
        lines, complete = take_lines(frame)
        by_line[name] = frame.set_axis(lines)
        if not complete:
            incomplete.add(name)
    problems += check_units(by_line, profile.get("units"), labels)
    if profile:
        # ids that are not text or numbers are reported by the profile's own checks
        sasaran_ids = {i for s in _list(profile, "sasaran")
                       if isinstance(i := s.get("id"), str | int)}
        iku_ids = {i for k in _list(profile, "iku") if isinstance(i := k.get("id"), str | int)}
        problems += check_integrity(by_line, sasaran_ids, iku_ids, labels, incomplete)
    if problems:
        raise DataValidationError(slug, problems)

    dataset = Dataset(opd=slug, path=root, profile=profile, tables=tables, files=files)
    return dataset.for_year(year) if year is not None else dataset
