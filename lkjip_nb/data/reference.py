"""Generate docs/data.md, the reference of a dataset, from the schemas and the profile's keys.

    python -m lkjip_nb.data.reference > docs/data.md
"""

from __future__ import annotations

from lkjip_nb.data.profile import KEYS, TYPES, Key
from lkjip_nb.data.schemas import TABLES, Col
from lkjip_nb.data.units import BUILTIN
from lkjip_nb.data.units import KINDS as UNIT_KINDS
from lkjip_nb.yamlsafe import ALIAS_BUDGET, NODE_BUDGET

KINDS = {
    "int": "bilangan bulat", "year": "tahun", "money": "Rupiah bulat (≥ 0)", "float": "bilangan",
    "bool": "true/false", "str": "teks", "code": "kode bertitik",
}

_FORMAT = [
    "## Reading the files",
    "",
    "- **Encoding**: UTF-8 (a byte order mark, as Excel's *CSV UTF-8* writes, is fine). A file "
    "in another encoding (Windows-1252/ANSI, UTF-16) is one problem naming the line and column of "
    "the first unreadable byte and how to save it again as *CSV UTF-8*.",
    "- **Separator**: the comma. A file separated by semicolons (what Excel writes under "
    "Indonesian regional settings), tabs or bars is not read: it is one problem saying so and how "
    "to save it again with commas; it is not guessed, because such files usually also carry "
    "decimal commas.",
    "- **Rows**: every row has as many cells as the header; a row with more or fewer is one "
    "problem naming its line (usually a comma inside unquoted text). Text containing a comma is "
    "put in double quotes; a double quote inside such text is written twice (`\"\"`). Blank lines "
    "and lines of commas only are skipped; empty trailing header cells and their empty cells are "
    "ignored. Line numbers are those of the file (the header is line 1).",
    "- **Numbers**: a dot is the decimal separator and there are no thousands separators: "
    "`1234567`, `84.61`. Indonesian or English formats (`1.234.567`, `12,5`, `1.234,5`, "
    "`1,234.5`, `Rp 1.000`, `85%`) are not converted: each such cell is one problem showing how "
    "to write it. In a number column `1.234` is one point two three four; where other cells of "
    "the same column use dots as thousands separators it is reported too, as it may mean 1234. "
    "In integer and Rupiah columns `1.234` is always a problem.",
    "- **Empty cells** are missing values (None/NA in the loaded tables, never the text "
    "`nan`); a column that may not be empty says so below.",
    "",
]


def _checks(col: Col) -> str:
    errors = []
    for check in col.checks:
        text = getattr(check, "error", None) or getattr(check, "name", "")
        if text and text != "tidak boleh kosong":
            errors.append(text)
    if col.is_unit:
        errors.append("satuan bawaan atau yang didaftarkan di `units` profile.yaml (lihat Satuan)")
    return "; ".join(errors)


def _key_kind(key: Key) -> str:
    if key.kind == "choice":
        return "salah satu dari: " + ", ".join(f"`{c}`" for c in key.choices)
    return TYPES[key.kind]


def _key_meaning(key: Key) -> str:
    text = key.meaning
    if key.default:
        text += f" (bila tidak diisi: {key.default})"
    if key.refers:
        text += f"; harus salah satu `id` di `{key.refers}`"
    if key.entry_id:
        field = next((k for k in KEYS if k.path == f"{key.path}[].{key.entry_id}"), None)
        shown = field.example if field and field.example else "..."
        text += f"; pesan menyebut isinya dengan `{key.entry_id}`, mis. `{key.path}[{shown}]`"
    return text.replace("|", "\\|")


def _profile_section() -> list[str]:
    lines = [
        "## `profile.yaml` (wajib)",
        "",
        "Identity, Renstra, sasaran, IKU, units, grade scales and conventions of the agency. "
        "`a.b` is key `b` inside `a`; `a[].b` is key `b` of every entry of list `a`. Unknown "
        "keys at the top level and inside list entries are reported (spelling). Problems name "
        "the line of profile.yaml and a list entry by its id, e.g. `iku[AKI].unit`. Keys must "
        "be text: quote keys such as `no`, `yes`, `on`, `off` or numbers (`\"3.1\"`). A key "
        "marked *wajib* inside an optional one is required only when that one is given. A key "
        "written twice in one mapping is an error (YAML would silently keep the last), and so "
        f"are more than {ALIAS_BUDGET} aliases (`*name`) or a document that expands past "
        f"{NODE_BUDGET} values.",
        "",
        "| kunci | jenis | wajib | arti | contoh |",
        "| --- | --- | --- | --- | --- |",
    ]
    for key in KEYS:
        example = f"`{key.example}`".replace("|", "\\|") if key.example else ""
        lines.append(f"| `{key.path}` | {_key_kind(key)} | {'ya' if key.required else 'tidak'} "
                     f"| {_key_meaning(key)} | {example} |")
    lines += [
        "",
        "Rules across keys: `renstra.end_year` is not before `renstra.start_year`; ids are unique "
        "within their list; an IKU's `capaian_rule` fits its `direction` (`ratio` for `higher`, "
        "`inverse_gap` or `inverse_ratio` for `lower`); an IKU's `grading` needs its scale; "
        "the `above` of a scale descend and only the last class goes without one; every "
        "sasaran has at least one IKU.",
        "",
        "Capaian (R = realisasi, T = target): `ratio` = R/T×100; `inverse_gap` = (2T−R)/T×100; "
        "`inverse_ratio` = T/R×100. The IKU table of a dataset (`Dataset.iku`) carries each IKU's "
        "resolved `capaian_rule` and the `unit_kind` of its unit.",
        "",
    ]
    return lines


def _units_section() -> list[str]:
    lines = [
        "## Satuan",
        "",
        "A unit (IKU `unit`, the `*_unit` columns) is a built-in word below or one the agency "
        "declares in profile.yaml under `units:` as `word: kind` (a declared word may also give "
        "a built-in word another kind). Words match regardless of case and repeated spaces.",
        "",
        "| jenis | arti | kata bawaan |",
        "| --- | --- | --- |",
    ]
    for kind, meaning in UNIT_KINDS.items():
        words = ", ".join(f"`{w}`" for w, k in BUILTIN.items() if k == kind)
        lines.append(f"| `{kind}` | {meaning} | {words} |")
    lines.append("")
    return lines


def render() -> str:
    lines = [
        "# Data reference",
        "",
        "Generated from `lkjip_nb/data/schemas.py`, `profile.py` and `units.py` by "
        "`python -m lkjip_nb.data.reference`; a test keeps it in sync.",
        "",
        "An agency dataset is a folder `data/<opd>/` with `profile.yaml` and one CSV per table "
        "(UTF-8, comma-separated, header row, dot as decimal separator, no thousands separators). "
        "Tables marked *wajib* must exist and hold at least one row; the others may be left "
        "out and are then empty. Whole numbers (`bilangan bulat`) are at most 1.000.000.000 "
        "either way, Rupiah and every other number at most 10^15 (finite: no `inf`); "
        "percentages as printed lie between -1000 and 1000. "
        "Columns ending in `_reported` (and `reported_totals.csv`) hold figures as the report "
        "prints them; the notebooks compute their own and show both when they differ.",
        "",
        *_FORMAT,
        *_profile_section(),
    ]
    for spec in TABLES.values():
        required = " (wajib)" if spec.required else ""
        per_year = "" if spec.restrict_to_year or not spec.has_year else \
            " Dibaca lintas tahun."
        lines += [f"## `{spec.file}`{required}", "", f"{spec.description}.{per_year}", ""]
        if spec.unique:
            keys = "; ".join("(" + ", ".join(k) + ")" for k in spec.unique)
            lines += [f"Kunci unik: {keys}.", ""]
        lines += ["| kolom | jenis | boleh kosong | aturan |", "| --- | --- | --- | --- |"]
        for col in spec.columns:
            optional = " (kolom opsional)" if col.optional else ""
            lines.append(f"| `{col.name}`{optional} | {KINDS[col.kind]} | "
                         f"{'ya' if col.nullable else 'tidak'} | {_checks(col)} |")
        lines.append("")
    lines += _units_section()
    return "\n".join(lines)


if __name__ == "__main__":
    print(render(), end="")
