"""Where datasets live: the data folder, its agencies, and which one is meant by default."""

from __future__ import annotations

from pathlib import Path

from lkjip_nb.errors import LkjipError

#: The agency bundled with the package as a worked example.
BUNDLED_OPD = "bakesbangpol-kab-blitar"


class DatasetNotFound(LkjipError, FileNotFoundError):
    """The data folder or the agency folder does not exist."""


def list_opds(data_dir: str | Path) -> list[str]:
    """Agency slugs under ``data_dir`` (folders holding a profile.yaml)."""
    root = Path(data_dir)
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "profile.yaml").is_file())


def resolve_opd(data_dir: str | Path, opd: str | None) -> str:
    """The agency meant: the one asked for, else the only one, else the bundled one."""
    root = Path(data_dir)
    if not root.is_dir():
        raise DatasetNotFound(f"Folder data tidak ditemukan: {root}")
    available = list_opds(root)
    if opd:
        if opd not in available:
            listing = ", ".join(available) or "(tidak ada)"
            raise DatasetNotFound(
                f"Dataset OPD '{opd}' tidak ada di {root} (yang tersedia: {listing})")
        return opd
    if len(available) == 1:
        return available[0]
    if BUNDLED_OPD in available:
        return BUNDLED_OPD
    raise DatasetNotFound(
        f"Pilih OPD dengan --opd; {root} berisi: {', '.join(available) or '(tidak ada)'}")
