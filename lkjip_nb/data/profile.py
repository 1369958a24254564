"""The agency profile (profile.yaml): identity, Renstra, sasaran, IKU, grade scales, rounding."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from lkjip_nb.data.problems import Problem
from lkjip_nb.data.schemas import UNITS
from lkjip_nb.rounding import RoundingConfigError, parse_rule
from lkjip_nb.yamlsafe import safe_load

PROFILE_FILE = "profile.yaml"
DIRECTIONS = ("higher", "lower")


def read_profile(path: Path, label: str) -> tuple[dict[str, Any], list[Problem]]:
    """Load and check profile.yaml; return the mapping and every problem found."""
    return parse_profile(path.read_bytes(), label)


def parse_profile(data: bytes, label: str) -> tuple[dict[str, Any], list[Problem]]:
    """Load and check the bytes of a profile.yaml (see :func:`read_profile`)."""
    try:
        profile = safe_load(data.decode("utf-8")) or {}
    except yaml.YAMLError as exc:
        return {}, [Problem(label, None, "", "", f"bukan YAML yang sah: {exc}")]
    if not isinstance(profile, dict):
        return {}, [Problem(label, None, "", "", "harus berisi pemetaan kunci: nilai")]
    return profile, check_profile(profile, label)


def _get(profile: dict, dotted: str) -> Any:
    node: Any = profile
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _non_text_keys(node: Any, path: str = "") -> list[tuple[str, Any]]:
    """Keys that YAML did not read as text (e.g. an unquoted ``no:`` becomes False)."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if not isinstance(key, str):
                found.append((path, key))
            found += _non_text_keys(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for i, value in enumerate(node, start=1):
            found += _non_text_keys(value, f"{path}[{i}]")
    return found


def check_profile(profile: dict, label: str) -> list[Problem]:
    problems: list[Problem] = []

    def bad(entry: int | None, column: str, value: Any, rule: str) -> None:
        problems.append(Problem(label, entry, column, "" if value is None else str(value), rule))

    for path, key in _non_text_keys(profile):
        bad(None, path or "(akar)", key,
            "kunci harus teks; YAML membaca kunci seperti no/yes/on/off sebagai true/false "
            "(pakai mis. 'number' atau beri tanda kutip)")
    for key in ("agency.name", "renstra.start_year", "renstra.end_year", "sasaran", "iku"):
        if _get(profile, key) in (None, "", []):
            bad(None, key, None, "wajib diisi")
    for key in ("renstra.start_year", "renstra.end_year"):
        value = _get(profile, key)
        if value is not None and not isinstance(value, int):
            bad(None, key, value, "harus tahun (bilangan bulat)")

    sasaran_ids = set()
    for i, item in enumerate(profile.get("sasaran") or [], start=1):
        if not isinstance(item, dict) or not item.get("id") or not item.get("text"):
            bad(i, "sasaran", item, "setiap sasaran perlu 'id' dan 'text'")
            continue
        if item["id"] in sasaran_ids:
            bad(i, "sasaran.id", item["id"], "id sasaran duplikat")
        sasaran_ids.add(item["id"])

    iku_ids = set()
    for i, item in enumerate(profile.get("iku") or [], start=1):
        if not isinstance(item, dict):
            bad(i, "iku", item, "setiap IKU harus berupa pemetaan")
            continue
        for key in ("id", "sasaran_id", "text", "unit", "direction"):
            if not item.get(key):
                bad(i, f"iku.{key}", None, "wajib diisi")
        if item.get("id") in iku_ids:
            bad(i, "iku.id", item.get("id"), "id IKU duplikat")
        iku_ids.add(item.get("id"))
        if item.get("sasaran_id") and item["sasaran_id"] not in sasaran_ids:
            bad(i, "iku.sasaran_id", item["sasaran_id"], "sasaran tidak ada di daftar sasaran")
        if item.get("unit") and item["unit"] not in UNITS:
            bad(i, "iku.unit", item["unit"], "satuan harus salah satu dari: " + ", ".join(UNITS))
        if item.get("direction") and item["direction"] not in DIRECTIONS:
            bad(i, "iku.direction", item["direction"], "harus 'higher' atau 'lower'")

    for section, name_key in (("sakip_grades", "grade"), ("iks_categories", "category")):
        scale = _get(profile, f"{section}.scale")
        if scale is None:
            continue
        last = None
        for i, band in enumerate(scale, start=1):
            if not isinstance(band, dict) or not band.get(name_key):
                bad(i, f"{section}.scale", band, f"setiap kelas perlu '{name_key}'")
                continue
            above = band.get("above")
            if above is None and i != len(scale):
                bad(i, f"{section}.scale.above", None, "hanya kelas terakhir boleh tanpa 'above'")
            if above is not None and last is not None and above >= last:
                bad(i, f"{section}.scale.above", above, "batas harus menurun dari atas ke bawah")
            last = above if above is not None else last

    if profile.get("efficiency_capaian", "displayed") not in ("displayed", "exact"):
        bad(None, "efficiency_capaian", profile.get("efficiency_capaian"),
            "harus 'displayed' atau 'exact'")
    for kind, spec in (profile.get("rounding") or {}).items():
        try:
            parse_rule(spec, kind)
        except RoundingConfigError as exc:
            bad(None, f"rounding.{kind}", spec, str(exc))
    return problems


def sasaran_frame(profile: dict) -> pd.DataFrame:
    rows = [{"sasaran_id": s["id"], "no": s.get("number", i), "sasaran": s["text"]}
            for i, s in enumerate(profile.get("sasaran") or [], start=1)]
    return pd.DataFrame(rows, columns=["sasaran_id", "no", "sasaran"])


def iku_frame(profile: dict) -> pd.DataFrame:
    cols = ["iku_id", "sasaran_id", "indikator", "unit", "direction", "grading", "formula"]
    rows = [{"iku_id": k["id"], "sasaran_id": k["sasaran_id"], "indikator": k["text"],
             "unit": k["unit"], "direction": k["direction"], "grading": k.get("grading"),
             "formula": k.get("formula", "")} for k in profile.get("iku") or []]
    return pd.DataFrame(rows, columns=cols)
