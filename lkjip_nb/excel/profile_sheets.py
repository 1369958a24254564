"""profile.yaml as sheets, derived from the profile's key list (lkjip_nb.data.profile.KEYS).

One key/value sheet ``profil`` holds every single value (agency, Renstra years, conventions);
each list of entries gets a sheet with one row per entry and one column per field (``sasaran``,
``iku``, ``misi``, the grade scales); a list of texts gets a sheet of one column, the texts
inside list entries a sheet naming their entry (``indikator_tujuan``); the mappings (units,
rounding, sources, table numbers) a sheet of key and value columns. A key added to KEYS appears
in the workbook without changing this module; a key of a kind it does not know is written in
``profil`` as YAML text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from lkjip_nb.data.parse import CellError, parse_bool
from lkjip_nb.data.profile import KEYS, Key
from lkjip_nb.excel.cells import to_text, typed
from lkjip_nb.excel.reader import Sheet, Value

KEY_SHEET = "profil"
KEY_COLUMNS = ("kunci", "nilai", "wajib", "keterangan")
SCALAR_KINDS = ("text", "int", "year", "number", "bool", "choice", "unit")
BY_PATH: dict[str, Key] = {k.path: k for k in KEYS}

#: Sheet names of the lists and mappings (others are named after their key).
SHEET_NAMES = {
    "renstra.missions": "misi", "renstra.regional_targets": "sasaran_daerah",
    "renstra.goals": "tujuan", "renstra.goals[].indicators": "indikator_tujuan",
    "sasaran": "sasaran", "iku": "iku", "units": "satuan", "sakip_grades.scale": "predikat_sakip",
    "iks_categories.scale": "kategori_iks", "capaian_categories.scale": "kategori_capaian",
    "rounding": "pembulatan", "sources": "sumber", "tables": "nomor_tabel",
}
#: Columns of the mapping sheets, by kind of key.
MAPPING_COLUMNS = {"units": ("satuan", "jenis"), "rounding": ("jenis_angka", "method", "decimals"),
                   "text_map": ("kunci", "teks"), "tables": ("tabel", "reported_in")}
_INT = re.compile(r"^[+-]?\d+$")


@dataclass(frozen=True)
class ProfileSheet:
    """One sheet of the profile: which key it holds and how (``kind``)."""

    name: str
    kind: str  # keys, entries, texts, nested, or a mapping kind (units, rounding, ...)
    path: str  # the key; for "nested" the texts key inside the entries (a.b[].c)
    columns: tuple[str, ...]
    meaning: str
    required: bool = False

    def field_key(self, column: str) -> Key | None:
        """The key behind one column of an entries sheet."""
        return BY_PATH.get(f"{self.path}[].{column}")


@dataclass(frozen=True)
class Loc:
    """Where a profile value sits in the workbook."""

    sheet: str
    row: int | None
    column: str
    header: str
    key: str = ""


def _sheet_name(path: str) -> str:
    return SHEET_NAMES.get(path, re.sub(r"[^0-9a-z_]+", "_", path.lower()).strip("_")[:31])


def _field_name(path: str) -> str:
    return path.rsplit(".", 1)[-1]


def _is_scalar(key: Key) -> bool:
    return "[]" not in key.path and key.kind in SCALAR_KINDS


def _is_other(key: Key) -> bool:
    """A key of a kind without a sheet of its own (written as YAML text in ``profil``)."""
    return ("[]" not in key.path and key.kind not in SCALAR_KINDS
            and key.kind not in ("mapping", "entries", "texts", *MAPPING_COLUMNS))


def profile_sheets() -> list[ProfileSheet]:
    """Every sheet of the profile, ``profil`` first, the others in the order of KEYS."""
    sheets = [ProfileSheet(KEY_SHEET, "keys", "", KEY_COLUMNS,
                           "identitas, Renstra dan ketentuan perangkat daerah (satu nilai per "
                           "kunci)", required=True)]
    for key in KEYS:
        if key.kind == "entries" and "[]" not in key.path:
            fields = tuple(_field_name(k.path) for k in KEYS
                           if k.path.startswith(key.path + "[].")
                           and "[]" not in k.path[len(key.path) + 3:]
                           and k.kind in SCALAR_KINDS)
            sheets.append(ProfileSheet(_sheet_name(key.path), "entries", key.path, fields,
                                       key.meaning, key.required))
            for child in KEYS:
                if child.path.startswith(key.path + "[].") and child.kind == "texts":
                    parent = _sheet_name(key.path)
                    sheets.append(ProfileSheet(
                        _sheet_name(child.path), "nested", child.path,
                        (parent, _field_name(child.path)),
                        f"{child.meaning} (satu baris per isi; kolom {parent}: "
                        f"{key.entry_id or 'nomor urut'} di lembar {parent})"))
        elif key.kind == "texts" and "[]" not in key.path:
            sheets.append(ProfileSheet(_sheet_name(key.path), "texts", key.path,
                                       (_field_name(key.path),), key.meaning + " (satu baris "
                                       "per isi, berurutan)"))
        elif key.kind in MAPPING_COLUMNS and "[]" not in key.path:
            columns = ("tabel", "sumber") if key.path == "sources" else MAPPING_COLUMNS[key.kind]
            sheets.append(ProfileSheet(_sheet_name(key.path), key.kind, key.path, columns,
                                       key.meaning))
    return sheets


def scalar_keys() -> list[Key]:
    """The keys of sheet ``profil``, in the order of KEYS."""
    return [k for k in KEYS if _is_scalar(k) or _is_other(k)]


# --- profile -> rows (the template) -----------------------------------------------------------

def _get(node: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def _entries(profile: dict, path: str) -> list[dict]:
    items = _get(profile, path)
    return [e for e in items if isinstance(e, dict)] if isinstance(items, list) else []


def _entry_ref(entry: dict, id_field: str, position: int) -> Any:
    ident = entry.get(id_field) if id_field else None
    return ident if isinstance(ident, str | int) and not isinstance(ident, bool) \
        and str(ident).strip() else position


def _key_meaning(key: Key) -> str:
    text = key.meaning
    if key.choices:
        text += "; pilihan: " + ", ".join(key.choices)
    if key.default:
        text += f" (bila kosong: {key.default})"
    if key.example:
        text += f"; contoh: {key.example}"
    return text


def _cell(key: Key | None, value: Any) -> Any:
    """A profile value as the template writes it (true/false as text)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if key is not None and _is_other(key) and value is not None:
        return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True,
                              width=10_000).strip()
    return value


def sheet_rows(profile: dict) -> dict[str, list[list[Any]]]:
    """The rows of every profile sheet holding ``profile`` (values, not yet cells)."""
    out: dict[str, list[list[Any]]] = {}
    for sheet in profile_sheets():
        rows: list[list[Any]] = []
        if sheet.kind == "keys":
            for key in scalar_keys():
                rows.append([key.path, _cell(key, _get(profile, key.path)),
                             "ya" if key.required else "", _key_meaning(key)])
        elif sheet.kind == "entries":
            for entry in _entries(profile, sheet.path):
                rows.append([_cell(sheet.field_key(c), entry.get(c)) for c in sheet.columns])
        elif sheet.kind == "texts":
            items = _get(profile, sheet.path)
            rows = [[item] for item in items] if isinstance(items, list) else []
        elif sheet.kind == "nested":
            parent_path, field = sheet.path.split("[].")
            parent = BY_PATH[parent_path]
            for i, entry in enumerate(_entries(profile, parent_path), start=1):
                items = entry.get(field)
                ref = _entry_ref(entry, parent.entry_id, i)
                rows += [[ref, item] for item in items] if isinstance(items, list) else []
        else:
            mapping = _get(profile, sheet.path)
            for name, value in (mapping.items() if isinstance(mapping, dict) else ()):
                if sheet.kind == "rounding":
                    spec = value if isinstance(value, dict) else {}
                    rows.append([name, spec.get("method"), spec.get("decimals")])
                elif sheet.kind == "tables":
                    entry = value if isinstance(value, dict) else {}
                    rows.append([name, entry.get("reported_in")])
                else:
                    rows.append([name, value])
        out[sheet.name] = rows
    return out


# --- rows -> profile (the import) -------------------------------------------------------------

def _text(cell: Value) -> str:
    return to_text(cell.value, cell.number_format, "str").text


def cell_problem(cell: Value, kind: str = "text") -> str:
    """Why a cell cannot give a profile value of ``kind`` at all ("" when it can): a formula
    without a stored value, an Excel error, a date, a number too long to be text."""
    if cell.problem:
        return cell.problem
    column_kind = {"int": "int", "year": "year", "number": "float", "bool": "bool"}
    return to_text(cell.value, cell.number_format, column_kind.get(kind, "str"),
                   cell.data_type).problem


def convert(kind: str, cell: Value) -> Any:
    """A cell as the value a key of ``kind`` takes; what does not fit is kept as it is, for the
    profile's own checks to report."""
    value = typed(cell.value, cell.number_format)
    if kind in ("int", "year"):
        if isinstance(value, str) and _INT.match(value):
            return int(value)
        return value
    if kind == "number":
        if isinstance(value, str):
            try:
                number = float(value)
            except ValueError:
                return value
            return int(number) if number.is_integer() else number
        return value
    if kind == "bool":
        if isinstance(value, str):
            try:
                return parse_bool(value)
            except CellError:
                return value
        return value
    if kind == "other":
        try:
            return yaml.safe_load(_text(cell)) if isinstance(value, str) else value
        except yaml.YAMLError:
            return value
    return _text(cell) if not isinstance(value, str) else value


def _label(value: Any, position: int) -> str:
    """How the profile checks name a list entry: its id, else its position."""
    if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
        return str(value)
    return str(position)


def _set(root: dict, dotted: str, value: Any) -> None:
    node = root
    parts = dotted.split(".")
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value


@dataclass
class ProfileBuild:
    """A profile assembled from its sheets, with where each value came from."""

    profile: dict
    locations: dict[str, list[Loc]]
    problems: list[tuple[Loc, str, str]]  # (where, value, rule)


def _rows(sheet: Sheet | None) -> Iterator[tuple[int, dict[str, Value]]]:
    for row in sheet.rows if sheet else ():
        yield row.row, row.cells


def build_profile(sheets: dict[str, Sheet]) -> ProfileBuild:
    """The profile held by the sheets (missing sheets hold nothing)."""
    values: dict[str, Any] = {}
    locations: dict[str, list[Loc]] = {}
    problems: list[tuple[Loc, str, str]] = []

    def where(name: str, loc: Loc) -> None:
        locations.setdefault(name, []).append(loc)

    for spec in profile_sheets():
        sheet = sheets.get(spec.name)
        letters = sheet.letters if sheet else {}
        where(spec.path or "(akar)", Loc(spec.name, None, "", ""))

        def loc(row: int, column: str, key: str = "", sheet_name: str = spec.name,
                letters: dict = letters) -> Loc:
            return Loc(sheet_name, row, letters.get(column, ""), column, key)

        if spec.kind == "keys":
            known = {k.path: k for k in scalar_keys()}
            for key in known:
                where(key, Loc(spec.name, None, "", "", key))
            seen: dict[str, int] = {}
            for row, cells in _rows(sheet):
                name = _text(cells["kunci"]) if "kunci" in cells else ""
                here = loc(row, "nilai", name)
                if not name:
                    if "nilai" in cells:
                        problems.append((loc(row, "kunci"), "", "kunci kosong: tulis kuncinya "
                                         "atau hapus baris ini"))
                    continue
                if name not in known:
                    problems.append((loc(row, "kunci"), name, "kunci tidak dikenal; yang "
                                     "dikenal: " + ", ".join(known)))
                    continue
                if name in seen:
                    problems.append((loc(row, "kunci"), name,
                                     f"kunci ganda: sudah ada di baris {seen[name]}"))
                    continue
                seen[name] = row
                locations[name] = [here]
                cell = cells.get("nilai")
                if cell is None:
                    continue
                kind = "other" if _is_other(known[name]) else known[name].kind
                if cell_problem(cell, kind):
                    problems.append((here, "", cell_problem(cell, kind)))
                    continue
                values[name] = convert(kind, cell)
        elif spec.kind == "entries":
            list_key = BY_PATH[spec.path]
            items = []
            for i, (row, cells) in enumerate(_rows(sheet), start=1):
                entry: dict[str, Any] = {}
                for column in spec.columns:
                    cell = cells.get(column)
                    if cell is None:
                        continue
                    kind = spec.field_key(column).kind
                    if cell_problem(cell, kind):
                        problems.append((loc(row, column), "", cell_problem(cell, kind)))
                        continue
                    entry[column] = convert(kind, cell)
                label = _label(entry.get(list_key.entry_id), i) if list_key.entry_id else str(i)
                name = f"{spec.path}[{label}]"
                where(name, Loc(spec.name, row, "", ""))
                for column in spec.columns:
                    where(f"{name}.{column}", loc(row, column))
                items.append(entry)
            if items:
                values[spec.path] = items
        elif spec.kind == "texts":
            items = []
            column = spec.columns[0]
            for row, cells in _rows(sheet):
                cell = cells.get(column)
                if cell is None:
                    continue
                if cell_problem(cell):
                    problems.append((loc(row, column), "", cell_problem(cell)))
                    continue
                where(f"{spec.path}[{len(items) + 1}]", loc(row, column))
                items.append(_text(cell))
            if items:
                values[spec.path] = items
        elif spec.kind == "nested":
            values.setdefault("(nested)", []).append((spec, sheet))
        else:
            mapping: dict[str, Any] = {}
            key_column, *value_columns = spec.columns
            for row, cells in _rows(sheet):
                name_cell = cells.get(key_column)
                name = _text(name_cell) if name_cell else ""
                if not name:
                    problems.append((loc(row, key_column), "", "wajib diisi (sel kosong)"))
                    continue
                if name in mapping:
                    problems.append((loc(row, key_column), name, "ganda: sudah ada di lembar "
                                     "ini"))
                    continue
                kinds = {"decimals": "int"}
                bad = [c for c in spec.columns
                       if c in cells and cell_problem(cells[c], kinds.get(c, "text"))]
                for column in bad:
                    problems.append((loc(row, column), "",
                                     cell_problem(cells[column], kinds.get(column, "text"))))
                if bad:
                    continue
                where(f"{spec.path}.{name}", loc(row, value_columns[-1]))
                if spec.kind == "rounding":
                    rule = {}
                    if "method" in cells:
                        rule["method"] = _text(cells["method"])
                    if "decimals" in cells:
                        rule["decimals"] = convert("int", cells["decimals"])
                    mapping[name] = rule
                elif spec.kind == "tables":
                    cell = cells.get("reported_in")
                    mapping[name] = {"reported_in": _text(cell)} if cell else {}
                elif spec.kind == "units":
                    cell = cells.get(value_columns[0])
                    mapping[name] = _text(cell) if cell else None
                else:
                    cell = cells.get(value_columns[0])
                    mapping[name] = _text(cell) if cell else None
            if mapping:
                values[spec.path] = mapping
    for spec, sheet in values.pop("(nested)", []):
        problems += _nested(spec, sheet, values, locations)
    profile: dict[str, Any] = {}
    for key in KEYS:
        if "[]" not in key.path and key.path in values:
            _set(profile, key.path, values[key.path])
    return ProfileBuild(profile, locations, problems)


def _nested(spec: ProfileSheet, sheet: Sheet | None, values: dict[str, Any],
            locations: dict[str, list[Loc]]) -> list[tuple[Loc, str, str]]:
    """Texts inside list entries (indicators of goals): each row names its entry."""
    parent_path, field = spec.path.split("[].")
    parent_key = BY_PATH[parent_path]
    entries = values.get(parent_path) or []
    by_ref: dict[str, dict] = {}
    for i, entry in enumerate(entries, start=1):
        ident = entry.get(parent_key.entry_id) if parent_key.entry_id else None
        by_ref.setdefault(_label(ident, i), entry)
        by_ref.setdefault(str(i), entry)
    ref_column, text_column = spec.columns
    letters = sheet.letters if sheet else {}
    problems: list[tuple[Loc, str, str]] = []
    counts: dict[int, int] = {}
    for row, cells in _rows(sheet):
        ref_loc = Loc(spec.name, row, letters.get(ref_column, ""), ref_column)
        text_loc = Loc(spec.name, row, letters.get(text_column, ""), text_column)
        bad = [(c, cell_problem(cells[c])) for c in spec.columns
               if c in cells and cell_problem(cells[c])]
        if bad:
            problems += [(Loc(spec.name, row, letters.get(c, ""), c), "", rule)
                         for c, rule in bad]
            continue
        ref = _text(cells[ref_column]) if ref_column in cells else ""
        entry = by_ref.get(ref)
        if entry is None:
            known = ", ".join(k for k in by_ref if not k.isdigit()) or "(tidak ada)"
            problems.append((ref_loc, ref, f"tidak ada di lembar {ref_column} (yang ada: "
                             f"{known}; atau nomor urut barisnya)"))
            continue
        if text_column not in cells:
            problems.append((text_loc, "", "wajib diisi (sel kosong)"))
            continue
        items = entry.setdefault(field, [])
        items.append(_text(cells[text_column]))
        position = entries.index(entry) + 1
        counts[position] = len(items)
        label = _label(entry.get(parent_key.entry_id), position) if parent_key.entry_id \
            else str(position)
        locations.setdefault(f"{parent_path}[{label}].{field}[{len(items)}]", []).append(
            text_loc)
    # put the texts where KEYS has them inside each entry
    order = [_field_name(k.path) for k in KEYS if k.path.startswith(parent_path + "[].")]
    for i, entry in enumerate(entries):
        entries[i] = {k: entry[k] for k in order if k in entry} | \
            {k: v for k, v in entry.items() if k not in order}
    return problems
