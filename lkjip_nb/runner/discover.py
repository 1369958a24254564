"""Find what there is to run: chapter notebooks, years (params/*.yaml) and agency datasets."""

from __future__ import annotations

from pathlib import Path

from lkjip_nb.data.catalog import check_slug, list_opds
from lkjip_nb.errors import ParameterError
from lkjip_nb.registry import Chapter, find_chapters  # noqa: F401 - part of this API

#: The agency bundled with the product, used when --data holds several and --opd is not given.
BUNDLED_OPD = "bakesbangpol-kab-blitar"


def select_chapters(chapters: list[Chapter], wanted: list[str] | None) -> list[Chapter]:
    """Keep the chapters asked for (by id or by ``NN_id`` stem); complain about unknown ones."""
    if not wanted:
        return chapters
    by_name = {c.id: c for c in chapters} | {c.path.stem: c for c in chapters}
    unknown = [w for w in wanted if w not in by_name]
    if unknown:
        known = ", ".join(c.id for c in chapters) or "(tidak ada)"
        raise ParameterError(f"Bab tidak dikenal: {', '.join(unknown)} (yang ada: {known})")
    picked = {by_name[w] for w in wanted}
    return [c for c in chapters if c in picked]


def find_years(params_dir: Path) -> dict[int, Path]:
    """``{year: params file}`` for every ``params/<year>.yaml``."""
    years = {}
    for path in sorted(params_dir.glob("*.y*ml")):
        if path.stem.isdigit():
            years[int(path.stem)] = path
    return years


def select_years(available: dict[int, Path], wanted: list[int] | None) -> dict[int, Path]:
    """Keep the years asked for; a year without a params file is an error."""
    if not wanted:
        return available
    missing = [y for y in wanted if y not in available]
    if missing:
        have = ", ".join(str(y) for y in available) or "(tidak ada)"
        raise ParameterError(
            f"Tidak ada berkas parameter untuk tahun {', '.join(map(str, missing))} "
            f"(yang ada: {have}); buat params/<tahun>.yaml"
        )
    return {y: available[y] for y in wanted}


def find_opds(data_dir: Path) -> list[str]:
    """Every agency folder (a valid slug holding a profile.yaml) in ``data_dir``."""
    if not data_dir.is_dir():
        raise ParameterError(f"Folder data tidak ditemukan: {data_dir}")
    return list_opds(data_dir)


def select_opds(data_dir: Path, wanted: list[str] | None) -> list[str]:
    """Resolve ``--opd``: given slugs, ``all``, or the single/bundled agency by default. Each
    slug is checked (:func:`lkjip_nb.data.catalog.check_slug`) before any path is made of it."""
    for slug in wanted or ():
        if slug != "all":
            check_slug(slug, "--opd")
    available = find_opds(data_dir)
    if wanted and "all" in wanted:
        wanted = available
    if not wanted:
        if len(available) == 1:
            return available
        if BUNDLED_OPD in available:
            return [BUNDLED_OPD]
        raise ParameterError(
            f"Pilih OPD dengan --opd (yang ada di {data_dir}: {', '.join(available) or '-'})"
        )
    missing = [w for w in wanted if not (data_dir / w).is_dir()]
    if missing:
        raise ParameterError(
            f"Dataset OPD tidak ditemukan di {data_dir}: {', '.join(missing)} "
            f"(yang ada: {', '.join(available) or '-'})"
        )
    return list(dict.fromkeys(wanted))


def agency_info(data_dir: Path, opd: str) -> tuple[str, str]:
    """``(agency name, government)`` from the agency's profile.yaml (slug, "" if unreadable)."""
    import yaml

    from lkjip_nb.yamlsafe import safe_load

    try:
        profile = safe_load((data_dir / opd / "profile.yaml").read_text(encoding="utf-8"))
        agency = profile["agency"]
        return str(agency["name"]), str(agency.get("government", ""))
    except (OSError, KeyError, TypeError, AttributeError, yaml.YAMLError):
        return opd, ""
