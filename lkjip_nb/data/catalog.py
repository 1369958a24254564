"""Where datasets live: the data folder, its agencies, and which one is meant by default."""

from __future__ import annotations

import re
from pathlib import Path

from lkjip_nb.errors import LkjipError, ParameterError

#: The agency bundled with the package as a worked example.
BUNDLED_OPD = "bakesbangpol-kab-blitar"
#: What an agency slug (its folder name under the data and the output folders) looks like:
#: lower-case letters, digits and hyphens, starting with a letter or digit. No "/", "..", dots
#: or spaces, so that ``<root>/<slug>`` always stays inside ``<root>``.
SLUG_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*")
SLUG_MAX = 64


class DatasetNotFound(LkjipError, FileNotFoundError):
    """The data folder or the agency folder does not exist."""


class InvalidSlug(ParameterError):
    """An agency slug that is not a plain folder name (e.g. ``../x`` or an absolute path)."""


def is_slug(value: object) -> bool:
    """Whether ``value`` is a valid agency slug (:data:`SLUG_PATTERN`)."""
    return (isinstance(value, str) and len(value) <= SLUG_MAX
            and SLUG_PATTERN.fullmatch(value) is not None)


def check_slug(value: object, what: str = "OPD") -> str:
    """``value`` when it is a valid slug; :class:`InvalidSlug` saying the rule otherwise.

    Every entry point (``lkjip run``, ``validate``, ``audit``, ``iks``, loading a dataset in a
    notebook) goes through here, directly or through :func:`resolve_opd`.
    """
    if is_slug(value):
        return str(value)
    raise InvalidSlug(
        f"{what} {value!r} tidak sah: nama OPD adalah nama folder datasetnya, hanya huruf kecil "
        f"a-z, angka 0-9 dan tanda hubung (-), diawali huruf atau angka, paling panjang "
        f"{SLUG_MAX} karakter (mis. dinkes-kab-contoh); bukan path, tanpa '/', '..' atau spasi")


def list_opds(data_dir: str | Path) -> list[str]:
    """Agency slugs under ``data_dir`` (folders with a valid slug as name holding a
    profile.yaml)."""
    root = Path(data_dir)
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir()
                  if is_slug(p.name) and (p / "profile.yaml").is_file())


def resolve_opd(data_dir: str | Path, opd: str | None) -> str:
    """The agency meant: the one asked for, else the only one, else the bundled one."""
    if opd:
        check_slug(opd)
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
