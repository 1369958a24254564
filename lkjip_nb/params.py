"""Notebook parameters: the common set, per-chapter extras, typed checks before anything runs."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from lkjip_nb import registry
from lkjip_nb.errors import ParameterError
from lkjip_nb.registry import Chapter
from lkjip_nb.yamlsafe import safe_load

#: Parameters every chapter notebook accepts, with their types.
COMMON_PARAMETERS: dict[str, type | tuple[type, ...]] = {
    "year": int,
    "opd": str,
    "data_dir": str,
    "rounding": dict,
    # a final build: a missing agency text (narasi/<year>/*.md, the signatory) fails the
    # chapter instead of showing "[belum diisi: ...]" (lkjip_nb.narrative)
    "final": bool,
}


_TYPE_NAMES = {int: "bilangan bulat", str: "teks", dict: "pemetaan (dict)", float: "bilangan",
               bool: "benar/salah", list: "daftar"}


def allowed_parameters(chapter: str | Chapter | None = None
                       ) -> dict[str, type | tuple[type, ...]]:
    """All parameters a chapter accepts: the common ones and the chapter's own, as its notebook
    declares them (:mod:`lkjip_nb.registry`; a chapter id is looked up in the notebook's
    folder, the current one, then among the shipped notebooks)."""
    spec = dict(COMMON_PARAMETERS)
    if isinstance(chapter, str):
        chapter = registry.chapter(chapter, Path.cwd())
    if chapter is not None:
        spec.update(chapter.parameter_types())
    return spec


def _type_name(expected: type | tuple[type, ...]) -> str:
    types = expected if isinstance(expected, tuple) else (expected,)
    return " atau ".join(_TYPE_NAMES.get(t, t.__name__) for t in types)


#: The only value types a parameter (or anything inside it) may have: what JSON can hold.
PLAIN_TYPES = (str, int, float, bool, type(None))


def not_plain(value: Any, path: str) -> str | None:
    """Where ``value`` holds something other than plain JSON data (text, numbers, true/false,
    null, lists and mappings with text keys), e.g. YAML's ``!!binary`` bytes, sets or dates;
    None when it is plain. Only plain values reach papermill, which writes them into code."""
    if isinstance(value, PLAIN_TYPES):
        return None
    if isinstance(value, list):
        for i, item in enumerate(value):
            found = not_plain(item, f"{path}[{i}]")
            if found:
                return found
        return None
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                return f"{path}: kunci {key!r} bukan teks"
            found = not_plain(item, f"{path}.{key}")
            if found:
                return found
        return None
    return f"{path}: nilai berjenis {type(value).__name__}"


def parameter_problems(values: Mapping[str, Any],
                       chapter: str | Chapter | None = None) -> list[str]:
    """Every problem with ``values`` (unknown names, wrong types, values that are not plain
    data), as Indonesian sentences."""
    spec = allowed_parameters(chapter)
    problems = []
    for name, value in values.items():
        odd = not_plain(value, name)
        if odd:
            problems.append(f"parameter '{name}' tidak sah ({odd}); parameter hanya boleh berisi "
                            "teks, angka, true/false, null, daftar dan pemetaan dari itu")
            continue
        if name not in spec:
            known = ", ".join(sorted(spec))
            problems.append(f"parameter '{name}' tidak dikenal (yang dikenal: {known})")
            continue
        expected = spec[name]
        types = expected if isinstance(expected, tuple) else (expected,)
        ok = isinstance(value, types) and not (isinstance(value, bool) and bool not in types)
        if int in types and float not in types and isinstance(value, float):
            ok = False
        if not ok:
            problems.append(
                f"parameter '{name}' bernilai {value!r} ({type(value).__name__}), "
                f"seharusnya {_type_name(expected)}"
            )
    return problems


def check_parameters(values: Mapping[str, Any],
                     chapter: str | Chapter | None = None) -> dict[str, Any]:
    """Raise :class:`ParameterError` listing every problem; return the values otherwise."""
    problems = parameter_problems(values, chapter)
    if problems:
        name = chapter.id if isinstance(chapter, Chapter) else chapter
        where = f" untuk bab '{name}'" if name else ""
        raise ParameterError("Parameter tidak valid" + where + ":\n- " + "\n- ".join(problems))
    return dict(values)


def load_params_file(path: str | Path) -> dict[str, Any]:
    """Read one params/*.yaml file (a mapping of parameter names to values)."""
    path = Path(path)
    try:
        data = safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError as exc:
        raise ParameterError(f"Berkas parameter tidak ditemukan: {path}") from exc
    except yaml.YAMLError as exc:
        raise ParameterError(f"Berkas parameter {path} bukan YAML yang sah: {exc}") from exc
    except UnicodeDecodeError as exc:
        line = path.read_bytes().count(b"\n", 0, exc.start) + 1
        raise ParameterError(f"Berkas parameter {path} baris {line} bukan UTF-8 (byte "
                             f"0x{exc.object[exc.start:exc.start + 1].hex().upper()}); simpan "
                             "ulang dengan pengodean UTF-8") from exc
    if not isinstance(data, dict):
        raise ParameterError(f"Berkas parameter {path} harus berisi pemetaan nama: nilai")
    return data
