"""New agencies and new years without touching code.

``new_agency`` writes an empty dataset: a profile with the agency's name (and Renstra period
when given) and the required tables with their headers only, plus a params file for the year.
``new_year`` starts a year from the previous one: the program tree (programs, kegiatan, sub
kegiatan with their indicators and targets) and the Renstra targets carried over, every
realisasi and printed figure left empty (the sub kegiatan money columns, which must hold a
number, set to 0 until the DPA figures are typed in).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lkjip_nb.data.catalog import resolve_opd
from lkjip_nb.data.loader import load_dataset
from lkjip_nb.data.profile import PROFILE_FILE
from lkjip_nb.data.schemas import TABLES
from lkjip_nb.excel.csvtext import CANONICAL, render
from lkjip_nb.excel.datafiles import check_slug, dump_profile, write_params
from lkjip_nb.excel.folder import replace_folder
from lkjip_nb.excel.problems import ExcelError
from lkjip_nb.excel.rawdata import read_raw

CORE_TABLES = tuple(name for name, spec in TABLES.items() if spec.required)
NEW_HEADER = ("# Profil perangkat daerah (dibuat oleh 'lkjip new'). Lengkapi lewat buku kerja "
              "Excel (lkjip template, lalu lkjip import) atau langsung di sini; kunci dijelaskan "
              "di docs/data.md.\n")
#: Per table: columns emptied in the new year (realisasi and figures as printed).
CLEARED = {
    "programs": ("no_reported", "anggaran_reported", "realisasi_reported", "percent_reported",
                 "outcome_realisasi", "outcome_capaian_reported"),
    "kegiatan": ("no_reported", "anggaran_reported", "realisasi_reported", "percent_reported",
                 "output_realisasi"),
    "sub_kegiatan": ("no_reported", "percent_reported", "output_realisasi"),
}
#: Per table: columns that must hold a number, set to 0 in the new year.
ZEROED = {"sub_kegiatan": ("anggaran", "realisasi")}
TREE = ("programs", "kegiatan", "sub_kegiatan")


@dataclass
class NewAgency:
    opd: str
    folder: Path
    files: list[str]
    params: Path | None


def new_agency(data_dir: str | Path, slug: str, name: str, *, year: int,
               params_dir: str | Path | None = None,
               renstra: tuple[int, int] | None = None) -> NewAgency:
    """Create ``<data_dir>/<slug>`` (it must not exist) and ``<params_dir>/<year>.yaml``."""
    check_slug(slug)
    name = (name or "").strip()
    if not name:
        raise ExcelError("Nama perangkat daerah (--name) tidak boleh kosong")
    folder = Path(data_dir) / slug
    if folder.exists():
        raise ExcelError(f"Dataset {slug} sudah ada di {folder}; pilih nama lain, atau isi "
                         "lewat lkjip template --opd lalu lkjip import")
    profile: dict = {"slug": slug, "agency": {"name": name}}
    if renstra:
        start, end = renstra
        if end < start:
            raise ExcelError(f"Periode Renstra {start}-{end}: tahun akhir sebelum tahun awal")
        profile["renstra"] = {"start_year": start, "end_year": end}
    files = {PROFILE_FILE: dump_profile(profile, NEW_HEADER)}
    for table in CORE_TABLES:
        files[TABLES[table].file] = render(TABLES[table], [], CANONICAL)[0]

    def write(new: Path) -> None:
        for file, data in files.items():
            (new / file).write_bytes(data)

    replace_folder(folder, write, lambda new: None)
    params = write_params(params_dir, year, "lkjip new") if params_dir is not None else None
    return NewAgency(slug, folder, list(files), params)


@dataclass
class NewYear:
    opd: str
    year: int
    source_year: int
    added: dict[str, int] = field(default_factory=dict)  # table -> rows added
    params: Path | None = None
    outside_renstra: bool = False


def _years(rows: list[dict[str, str]]) -> set[int]:
    return {int(r["year"]) for r in rows if r.get("year", "").strip().lstrip("-").isdigit()}


def new_year(data_dir: str | Path, opd: str | None, year: int, *,
             source_year: int | None = None,
             params_dir: str | Path | None = None) -> NewYear:
    """Add ``year`` to a valid dataset, carried from ``source_year`` (default: the latest year
    before it with programs). Raises when the year already has programs, kegiatan or sub
    kegiatan, or when there is no earlier year to start from."""
    slug = resolve_opd(data_dir, opd)
    dataset = load_dataset(data_dir, slug)  # a dataset that is not valid stops here
    folder = Path(data_dir) / slug
    raw = read_raw(folder)
    for table in TREE:
        if year in _years(raw.tables.get(table, [])):
            raise ExcelError(f"Tahun {year} sudah ada di {TABLES[table].file} dataset {slug}; "
                             "tahun baru hanya dimulai sekali")
    earlier = sorted(y for y in _years(raw.tables.get("programs", [])) if y < year)
    source = source_year if source_year is not None else (earlier[-1] if earlier else None)
    if source is None or source not in _years(raw.tables.get("programs", [])):
        raise ExcelError(f"Tidak ada program tahun {source if source else 'sebelum ' + str(year)}"
                         f" di dataset {slug} untuk dijadikan awal tahun {year}")
    result = NewYear(slug, year, source)
    renstra = dataset.profile.get("renstra") or {}
    start, end = renstra.get("start_year"), renstra.get("end_year")
    result.outside_renstra = isinstance(start, int) and isinstance(end, int) \
        and not start <= year <= end
    tables = {name: list(raw.tables.get(name, [])) for name in TREE}
    for name in TREE:
        carried = []
        for row in raw.tables.get(name, []):
            if row.get("year") != str(source):
                continue
            new = dict(row, year=str(year))
            new.update(dict.fromkeys(CLEARED.get(name, ()), ""))
            new.update(dict.fromkeys(ZEROED.get(name, ()), "0"))
            carried.append(new)
        tables[name] += carried
        result.added[name] = len(carried)
    targets = list(raw.tables.get("iku_targets", []))
    have = {(r.get("iku_id"), r.get("year"), r.get("kind")) for r in targets}
    carried = []
    if not result.outside_renstra:
        for row in targets:
            if row.get("kind") != "renstra" or row.get("year") != str(source):
                continue
            if (row.get("iku_id"), str(year), "renstra") in have:
                continue
            new = dict(row, year=str(year), reported_in="")
            if "note" in new:
                new["note"] = (f"disalin dari target Renstra {source}; sesuaikan dengan "
                               "dokumen Renstra")
            carried.append(new)
    tables["iku_targets"] = targets + carried
    result.added["iku_targets"] = len(carried)

    def write(new: Path) -> None:
        for name, rows in tables.items():
            spec = TABLES[name]
            style = raw.styles.get(name, CANONICAL)
            (new / spec.file).write_bytes(render(spec, rows, style)[0])

    def check(new: Path) -> None:
        load_dataset(new.parent, slug)  # raises DataValidationError: nothing is swapped in

    replace_folder(folder, write, check)
    if params_dir is not None:
        result.params = write_params(params_dir, year, "lkjip new-year")
    return result
