"""Writing a dataset's own files: the folder name rule, profile.yaml, a params file."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from lkjip_nb.excel.problems import ExcelError

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
PROFILE_HEADER = ("# Ditulis dari buku kerja Excel oleh 'lkjip import'. Isi kunci dijelaskan di "
                  "docs/data.md.\n")


def check_slug(slug: str) -> str:
    """``slug`` when it is a valid dataset folder name, else an :class:`ExcelError`."""
    if not SLUG.match(slug or ""):
        raise ExcelError(f"Nama OPD '{slug}' tidak sah: pakai huruf kecil, angka dan tanda "
                         "hubung, diawali huruf atau angka (mis. dinkes-kab-contoh)")
    return slug


def dump_profile(profile: dict, header: str = PROFILE_HEADER) -> bytes:
    """profile.yaml holding ``profile`` (keys in the order given; comments cannot be kept)."""
    body = yaml.safe_dump(profile, allow_unicode=True, sort_keys=False, width=10_000,
                          default_flow_style=False)
    return (header + body).encode("utf-8")


def write_params(params_dir: str | Path, year: int, by: str) -> Path | None:
    """``<params_dir>/<year>.yaml`` (year, no rounding override) unless it exists; its path,
    or None when one was there already (params files are shared by every agency)."""
    path = Path(params_dir) / f"{year}.yaml"
    if path.exists():
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"# Parameter laporan tahun {year} (dibuat oleh {by}). rounding: {{}} memakai "
                    "aturan pembulatan di profile.yaml;\n# isi mis. capaian: {method: half_up, "
                    "decimals: 2} untuk menggantinya pada tahun ini.\n"
                    f"year: {year}\nrounding: {{}}\n", encoding="utf-8")
    return path
