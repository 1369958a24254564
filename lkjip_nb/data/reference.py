"""Generate docs/data.md, the column-by-column reference of a dataset, from the schemas.

    python -m lkjip_nb.data.reference > docs/data.md
"""

from __future__ import annotations

from lkjip_nb.data.schemas import TABLES, UNITS

KINDS = {
    "int": "bilangan bulat", "year": "tahun", "money": "Rupiah bulat (≥ 0)", "float": "bilangan",
    "bool": "true/false", "str": "teks", "code": "kode bertitik",
}


def _checks(col) -> str:
    errors = []
    for check in col.checks:
        text = getattr(check, "error", None) or getattr(check, "name", "")
        if text and text != "tidak boleh kosong" and not text.startswith("satuan"):
            errors.append(text)
        elif text.startswith("satuan"):
            errors.append("satuan yang dikenal (lihat bawah)")
    return "; ".join(errors)


def render() -> str:
    lines = [
        "# Data reference",
        "",
        "Generated from `lkjip_nb/data/schemas.py` by `python -m lkjip_nb.data.reference`; "
        "a test keeps it in sync.",
        "",
        "An agency dataset is a folder `data/<opd>/` with `profile.yaml` and one CSV per table "
        "(UTF-8, comma-separated, header row, dot as decimal separator, no thousands separators). "
        "Tables marked *wajib* must exist; the others may be left out and are then empty. "
        "Columns ending in `_reported` (and `reported_totals.csv`) hold figures as the report "
        "prints them; the notebooks compute their own and show both when they differ.",
        "",
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
    lines += ["## Satuan yang dikenal", "", ", ".join(f"`{u}`" for u in UNITS), ""]
    return "\n".join(lines)


if __name__ == "__main__":
    print(render(), end="")
