"""Where an agency's IKS survey files and codebook live: ``<data>/<opd>/iks/``.

A survey file is any CSV / Excel / SPSS file there whose name holds the year as a separate
number (e.g. ``iks_survei_2024_sintetis.csv``). Explicit paths always win.
"""

from __future__ import annotations

import re
from pathlib import Path

from lkjip_nb.iks.codebook import Codebook, categories_from_profile, load_codebook
from lkjip_nb.iks.errors import SurveyFileError
from lkjip_nb.iks.readers import SURVEY_SUFFIXES, read_survey
from lkjip_nb.iks.validate import Survey, validate_survey

IKS_FOLDER = "iks"
CODEBOOK_FILE = "codebook.yaml"
PROFILE_FILE = "profile.yaml"
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


def iks_folder(data_dir: str | Path, opd: str) -> Path:
    return Path(data_dir) / opd / IKS_FOLDER


def survey_files(data_dir: str | Path, opd: str) -> dict[int, list[Path]]:
    """Survey files by the year in their name."""
    folder = iks_folder(data_dir, opd)
    found: dict[int, list[Path]] = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in SURVEY_SUFFIXES:
            continue
        for year in {int(m) for m in _YEAR.findall(path.stem)}:
            found.setdefault(year, []).append(path)
    return found


def find_survey(data_dir: str | Path, opd: str, year: int) -> Path:
    """The one survey file of ``year``; an error names what was found instead."""
    files = survey_files(data_dir, opd)
    hits = files.get(year, [])
    if len(hits) == 1:
        return hits[0]
    folder = iks_folder(data_dir, opd)
    if not hits:
        years = ", ".join(map(str, sorted(files))) or "(tidak ada)"
        raise SurveyFileError(
            f"Tidak ada berkas survei IKS tahun {year} di {folder} (tahun yang ada: {years}); "
            "beri berkasnya dengan parameter survey / --survey")
    names = ", ".join(p.name for p in hits)
    raise SurveyFileError(f"Lebih dari satu berkas survei IKS tahun {year} di {folder}: {names}; "
                          "pilih satu dengan parameter survey / --survey")


def resolve_codebook(data_dir: str | Path, opd: str, codebook: str | Path = "") -> Codebook:
    return load_codebook(Path(codebook) if codebook else iks_folder(data_dir, opd)
                         / CODEBOOK_FILE)


def load_survey(year: int, data_dir: str | Path, opd: str, survey: str | Path = "",
                codebook: str | Path | Codebook = "") -> Survey:
    """Read and validate one year's survey (default file and codebook of the agency)."""
    cb = codebook if isinstance(codebook, Codebook) else resolve_codebook(data_dir, opd, codebook)
    path = Path(survey) if survey else find_survey(data_dir, opd, year)
    return validate_survey(read_survey(path, cb), cb, year=year)


def profile_categories(codebook: Codebook) -> tuple[tuple[str, float | None], ...]:
    """IKS categories of the agency whose ``iks/`` folder holds the codebook file (its
    profile.yaml ``iks_categories``); none when the codebook lives elsewhere."""
    from lkjip_nb.yamlsafe import safe_load

    if not codebook.source:
        return ()
    folder = Path(codebook.source).parent
    profile = folder.parent / PROFILE_FILE
    if folder.name != IKS_FOLDER or not profile.is_file():
        return ()
    try:
        raw = safe_load(profile.read_text(encoding="utf-8")) or {}
    except (OSError, ValueError):
        return ()
    return categories_from_profile(raw) if isinstance(raw, dict) else ()
