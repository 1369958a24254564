"""Content hashes that decide whether a notebook or a document must be rebuilt."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any


def hash_bytes(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def hash_file(path: Path) -> str:
    """Hex SHA-256 of a file's content."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def hash_json(value: Any) -> str:
    """Hash of a JSON-able value, independent of key order."""
    return hash_bytes(json.dumps(value, sort_keys=True, default=str).encode("utf-8"))


def hash_parts(parts: Iterable[str]) -> str:
    """Hash of an ordered sequence of strings."""
    return hash_bytes("\n".join(parts).encode("utf-8"))


def hash_tree(root: Path, pattern: str = "*") -> dict[str, str]:
    """``{relative posix path: hash}`` of every non-hidden file under ``root``."""
    found: dict[str, str] = {}
    if not root.is_dir():
        return found
    for path in sorted(root.rglob(pattern)):
        rel = path.relative_to(root)
        if path.is_file() and not any(p.startswith(".") or p == "__pycache__" for p in rel.parts):
            found[rel.as_posix()] = hash_file(path)
    return found


@cache
def package_source_hash(exclude: tuple[str, ...] = ("runner", "render")) -> str:
    """Hash of lkjip_nb's Python sources a notebook can import (runner and render excluded)."""
    import lkjip_nb

    root = Path(lkjip_nb.__file__).parent
    files = {k: v for k, v in hash_tree(root, "*.py").items() if k.split("/")[0] not in exclude}
    files.update({k: v for k, v in hash_tree(root, "*.yaml").items()
                  if k.split("/")[0] not in exclude})
    return hash_json({"version": lkjip_nb.__version__, "files": files})


@cache
def render_source_hash() -> str:
    """Hash of the rendering code and templates (a change re-renders, never re-executes)."""
    import lkjip_nb

    root = Path(lkjip_nb.__file__).parent / "render"
    return hash_json(hash_tree(root))


def data_fingerprint(files: Mapping[str, str], inputs: list[str] | None, base: Path) -> str:
    """Hash of the data a notebook depends on.

    ``files`` maps every file of the agency folder to its hash. With ``inputs`` (the notebook's
    ``_inputs`` figure) only those files count, plus the list of file names (a file added or
    removed may change what a notebook reads); without it, every file counts.
    """
    if inputs is None:
        return hash_json(files)
    picked: dict[str, str] = {}
    for name in inputs:
        path = Path(name)
        if path.is_absolute():
            try:
                rel = path.resolve().relative_to(base.resolve()).as_posix()
            except ValueError:
                picked[name] = hash_file(path) if path.is_file() else "missing"
                continue
        else:
            rel = path.as_posix()
            prefix = base.name + "/"
            if rel not in files and rel.startswith(prefix):
                rel = rel[len(prefix):]  # written relative to data_dir: <opd>/file.csv
        picked[rel] = files.get(rel, "missing")
    return hash_json({"listing": sorted(files), "inputs": picked})
