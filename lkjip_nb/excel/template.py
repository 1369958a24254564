"""The input workbook: one sheet per dataset table and the profile's sheets, with instructions,
header comments, dropdowns, number formats and frozen headers; pre-filled from a dataset on
request (values exactly as written: ``100.00`` is the number 100 shown with two decimals)."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from lkjip_nb.data.profile import Key
from lkjip_nb.data.schemas import TABLES
from lkjip_nb.data.units import BUILTIN
from lkjip_nb.data.units import KINDS as UNIT_KINDS
from lkjip_nb.excel import columns as colinfo
from lkjip_nb.excel.csvtext import CANONICAL, CsvStyle
from lkjip_nb.excel.profile_sheets import (
    BY_PATH,
    KEY_SHEET,
    ProfileSheet,
    profile_sheets,
    scalar_keys,
    sheet_rows,
)
from lkjip_nb.excel.rawdata import RawDataset, read_raw
from lkjip_nb.excel.styles import (
    BOLD,
    OPTIONAL_FILL,
    REQUIRED_FILL,
    TITLE_FONT,
    WRAP,
    header,
    put,
    put_text,
    save,
    widths,
)

INSTRUCTIONS = "petunjuk"
LISTS = "daftar_pilihan"
STYLE_PROPERTY = "lkjip.csv_style"
LAST_ROW = 5000  # dropdowns and checks reach this row
ROUNDING_METHODS = ("half_up", "truncate", "half_even")
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
_INT = re.compile(r"^[+-]?\d+$")


def table_sheet_names() -> list[str]:
    """Sheet names of the dataset tables (their CSV names), in schema order."""
    return list(TABLES)


def data_sheet_names() -> list[str]:
    """Every sheet an import reads: the profile's, then the tables'."""
    return [s.name for s in profile_sheets()] + table_sheet_names()


@dataclass
class _Lists:
    """The sheet of dropdown lists: each list a column, referenced as a range."""

    columns: dict[str, list[str]] = field(default_factory=dict)

    def ref(self, name: str) -> str:
        col = list(self.columns).index(name) + 1
        letter = get_column_letter(col)
        return f"{quote_sheetname(LISTS)}!${letter}$2:${letter}${len(self.columns[name]) + 1}"


def _validation(ws: Any, letter: str, *, choices: Sequence[str] = (), ref: str = "",
                strict: bool = True, whole: tuple[int | None, int | None] | None = None,
                prompt: str = "", rows: tuple[int, int] = (2, LAST_ROW)) -> None:
    """A dropdown (choices or a range) or a whole-number check on a column's data cells."""
    if whole is not None:
        low, high = whole
        if low is not None and high is not None:
            dv = DataValidation(type="whole", operator="between", formula1=str(low),
                                formula2=str(high), allow_blank=True)
            dv.error = f"isi bilangan bulat {low} sampai {high}"
        elif low is not None:
            dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1=str(low),
                                allow_blank=True)
            dv.error = f"isi bilangan bulat paling kecil {low}, tanpa pemisah ribuan"
        else:
            return
    else:
        formula = ref if ref else '"' + ",".join(choices) + '"'
        if not ref and len(formula) > 255:
            return
        dv = DataValidation(type="list", formula1=formula, allow_blank=True)
        dv.error = ("pilih salah satu isi daftar" if strict else
                    "isi ini tidak ada di daftar; lanjutkan bila memang benar")
    dv.errorStyle = "stop" if strict else "warning"
    dv.showErrorMessage = True
    dv.errorTitle = "Isi tidak sesuai"
    if prompt:
        dv.prompt = prompt[:255]
        dv.showInputMessage = True
    dv.add(f"{letter}{rows[0]}:{letter}{rows[1]}")
    ws.add_data_validation(dv)


def _number_cell(text: str, percent: bool) -> tuple[Any, str | None]:
    """A number written as text, as the number and the format that shows it as written."""
    if not _NUMBER.match(text):
        return text, None
    if "." not in text:
        return int(text), None
    places = len(text.split(".", 1)[1])
    fmt = "0." + "0" * places
    return float(text), fmt + '" %"' if percent else fmt


def _write_cell(ws: Any, row: int, col: int, text: str, info: colinfo.ColumnInfo) -> None:
    if text == "":
        return
    cell = ws.cell(row=row, column=col)
    if info.kind in ("int", "year", "money") and _INT.match(text):
        cell.value = int(text)
        cell.number_format = info.number_format
    elif info.kind == "float":
        value, fmt = _number_cell(text, info.is_percent)
        put(cell, value)
        cell.number_format = fmt or info.number_format
    else:
        put_text(cell, text)
        cell.number_format = colinfo.TEXT


def _table_sheet(wb: Workbook, name: str, rows: list[dict[str, str]], lists: _Lists) -> None:
    ws = wb.create_sheet(name)
    infos = colinfo.table_columns(name)
    spec = TABLES[name]
    ws.sheet_properties.tabColor = "C65911" if spec.required else "2F75B5"
    wanted: dict[int, int] = {}
    for col, info in enumerate(infos, start=1):
        letter = get_column_letter(col)
        header(ws.cell(row=1, column=col), info.name, required=info.required,
               comment=info.comment())
        ws.column_dimensions[letter].number_format = info.number_format
        wanted[col] = len(info.name)
        for r, values in enumerate(rows, start=2):
            text = values.get(info.name, "")
            _write_cell(ws, r, col, text, info)
            wanted[col] = max(wanted[col], min(len(text), 60))
        if info.choices:
            _validation(ws, letter, choices=info.choices)
        elif info.suggestions:
            _validation(ws, letter, choices=info.suggestions, strict=False)
        elif info.is_unit:
            _validation(ws, letter, ref=lists.ref("satuan"), strict=False)
        elif info.reference:
            _validation(ws, letter, ref=_column_ref(*info.reference), strict=False)
        elif info.minimum is not None:
            _validation(ws, letter, whole=(info.minimum, info.maximum))
    widths(ws, wanted)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(infos))}1"


def _columns_of(sheet: str) -> list[str]:
    """Headers of a data sheet, in order."""
    if sheet in TABLES:
        return [c.name for c in TABLES[sheet].columns]
    return next((list(s.columns) for s in profile_sheets() if s.name == sheet), [])


def _column_ref(sheet: str, column: str) -> str:
    """The data cells of one column of another sheet, for a dropdown."""
    names = _columns_of(sheet)
    col = names.index(column) + 1 if column in names else 1
    letter = get_column_letter(col)
    return f"{quote_sheetname(sheet)}!${letter}$2:${letter}${LAST_ROW}"


def _key_comment(key: Key | None, title: str) -> str:
    if key is None:
        return title
    lines = [key.meaning[:1].upper() + key.meaning[1:] + "."]
    if key.choices:
        lines.append("Pilihan: " + ", ".join(key.choices) + ".")
    if key.kind == "bool":
        lines.append("Pilihan: true, false.")
    if key.refers:
        lines.append(f"Harus ada di kolom id lembar {key.refers}.")
    if key.default:
        lines.append(f"Bila kosong: {key.default}.")
    if key.example:
        lines.append(f"Contoh: {key.example}.")
    lines.append("Wajib diisi." if key.required else "Boleh kosong.")
    return "\n".join(lines)


def _profile_value(cell: Any, key: Key | None, value: Any) -> None:
    if value is None or value == "":
        cell.number_format = colinfo.TEXT if key is None or key.kind not in (
            "int", "year", "number") else colinfo.GENERAL
        return
    if isinstance(value, str):
        put_text(cell, value)
        cell.number_format = colinfo.TEXT
    else:
        put(cell, value)


def _key_validation(ws: Any, letter: str, key: Key | None, lists: _Lists, wb: Workbook,
                    rows: tuple[int, int] = (2, LAST_ROW)) -> None:
    if key is None:
        return
    if key.kind == "bool":
        _validation(ws, letter, choices=colinfo.BOOLEAN, rows=rows)
    elif key.choices:
        _validation(ws, letter, choices=key.choices, rows=rows)
    elif key.kind == "unit":
        _validation(ws, letter, ref=lists.ref("satuan"), strict=False, rows=rows)
    elif key.refers:
        _validation(ws, letter, ref=_column_ref(profile_sheet_of(key.refers), "id"),
                    strict=False, rows=rows)
    elif key.kind == "year":
        _validation(ws, letter, whole=(1990, 2100), rows=rows)


def profile_sheet_of(path: str) -> str:
    return next((s.name for s in profile_sheets() if s.path == path), path)


def _keys_sheet(wb: Workbook, spec: ProfileSheet, rows: list[list[Any]], lists: _Lists) -> None:
    ws = wb.create_sheet(spec.name)
    titles = {"kunci": "Kunci profil (jangan diubah).", "nilai": "Isi nilainya di sini.",
              "wajib": "ya: wajib diisi.", "keterangan": "Arti kunci dan contoh isian."}
    for col, name in enumerate(spec.columns, start=1):
        header(ws.cell(row=1, column=col), name, required=name in ("kunci", "nilai"),
               comment=titles[name])
    keys = {k.path: k for k in scalar_keys()}
    for r, (path, value, required, meaning) in enumerate(rows, start=2):
        key = keys.get(path)
        kcell = put_text(ws.cell(row=r, column=1), path)
        kcell.fill = REQUIRED_FILL if required else OPTIONAL_FILL
        _profile_value(ws.cell(row=r, column=2), key, value)
        put_text(ws.cell(row=r, column=3), required)
        put_text(ws.cell(row=r, column=4), meaning).alignment = WRAP
        _key_validation(ws, "B", key, lists, wb, rows=(r, r))
    widths(ws, {1: 34, 2: 60, 3: 6, 4: 90}, most=90)
    ws.freeze_panes = "A2"


def _profile_sheet(wb: Workbook, spec: ProfileSheet, rows: list[list[Any]],
                   lists: _Lists) -> None:
    ws = wb.create_sheet(spec.name)
    ws.sheet_properties.tabColor = "548235"
    wanted: dict[int, int] = {}
    for col, name in enumerate(spec.columns, start=1):
        letter = get_column_letter(col)
        key: Key | None = None
        required = False
        comment = ""
        if spec.kind == "entries":
            key = spec.field_key(name)
            required = bool(key and key.required)
            comment = _key_comment(key, name)
        elif spec.kind in ("texts", "nested"):
            key = BY_PATH.get(spec.path)
            required = col == 1 or spec.kind == "texts"
            comment = spec.meaning[:1].upper() + spec.meaning[1:] + "."
            if spec.kind == "nested" and col == 1:
                parent = BY_PATH[spec.path.split("[].")[0]]
                comment = (f"Isi {parent.entry_id or 'nomor urut'} dari lembar {name} "
                           "(atau nomor urut barisnya).")
                key = None
            elif spec.kind == "nested":
                comment = _key_comment(key, name).replace("Boleh kosong.", "Wajib diisi.")
                key = None
        else:
            required = col == 1 or spec.kind in ("units", "text_map", "tables")
            comment = _mapping_comment(spec, name)
        header(ws.cell(row=1, column=col), name, required=required, comment=comment)
        kind = key.kind if key else "text"
        ws.column_dimensions[letter].number_format = (
            colinfo.GENERAL if kind in ("int", "year", "number") or name == "decimals"
            else colinfo.TEXT)
        wanted[col] = len(name)
        for r, values in enumerate(rows, start=2):
            value = values[col - 1]
            _profile_value(ws.cell(row=r, column=col), key, value)
            wanted[col] = max(wanted[col], min(len(str(value or "")), 80))
        if spec.kind == "entries":
            _key_validation(ws, letter, key, lists, wb)
        elif spec.kind == "nested" and col == 1:
            parent = BY_PATH[spec.path.split("[].")[0]]
            _validation(ws, letter, ref=_column_ref(name, parent.entry_id or "id"),
                        strict=False)
        elif spec.kind == "units" and name == "jenis":
            _validation(ws, letter, choices=tuple(UNIT_KINDS))
        elif spec.kind == "rounding" and name == "method":
            _validation(ws, letter, choices=ROUNDING_METHODS)
        elif spec.kind == "rounding" and name == "decimals":
            _validation(ws, letter, whole=(0, 10))
    widths(ws, wanted, most=80)
    ws.freeze_panes = "A2"


def _mapping_comment(spec: ProfileSheet, name: str) -> str:
    texts = {
        ("units", "satuan"): "Kata satuan sebagaimana dicetak (mis. ekor, per 1.000 kelahiran "
                             "hidup). Wajib diisi.",
        ("units", "jenis"): "Jenis satuan: " + ", ".join(f"{k} ({v})" for k, v in
                                                          UNIT_KINDS.items()) + ". Wajib diisi.",
        ("rounding", "jenis_angka"): "Jenis angka, mis. capaian, persen_anggaran, efisiensi. "
                                     "Wajib diisi.",
        ("rounding", "method"): "half_up (bulatkan setengah ke atas), truncate (potong), "
                                "half_even (bulatkan setengah ke genap). Bila kosong: half_up.",
        ("rounding", "decimals"): "Jumlah desimal 0-10. Bila kosong: 2.",
        ("text_map", "tabel"): "Kunci tabel (mis. kinerja, belanja) atau nomor tabel laporan "
                               "tercetak (mis. 3.1); default untuk yang lain. Wajib diisi.",
        ("text_map", "sumber"): "Baris 'Sumber:' di bawah tabel itu. Wajib diisi.",
        ("text_map", "kunci"): "Kunci. Wajib diisi.",
        ("text_map", "teks"): "Teks. Wajib diisi.",
        ("tables", "tabel"): "Kunci tabel (mis. belanja). Wajib diisi.",
        ("tables", "reported_in"): "Nomor tabel itu dalam laporan yang dicetak (mis. 3.6), "
                                   "sebagai teks.",
    }
    key = BY_PATH.get(spec.path)
    return texts.get((spec.kind, name), key.meaning if key else name)


def _instructions(wb: Workbook, raw: RawDataset | None, opd: str | None) -> None:
    ws = wb.active
    ws.title = INSTRUCTIONS
    lines: list[tuple[str, Any]] = [
        ("title", "Buku kerja masukan LKJIP"),
        ("", "Buku kerja ini memuat seluruh data satu perangkat daerah: profil (identitas, "
             "Renstra, sasaran, IKU) dan tabel data (target, realisasi, program, kegiatan, sub "
             "kegiatan, anggaran, dan lainnya). Setelah diisi, buku kerja diimpor kembali ke "
             "dataset dengan perintah lkjip import; semua lembar diperiksa sekaligus dan "
             "dataset hanya ditulis bila tidak ada masalah."),
        ("", f"Diisi dari dataset {opd}." if opd and raw else
             "Templat kosong: isi lembar profil, sasaran, iku, lalu tabel data."),
        ("head", "Cara mengisi"),
        ("", "1. Satu baris per data, mulai baris 2; baris 1 adalah judul kolom. Jangan ubah, "
             "hapus atau pindahkan judul kolom dan nama lembar. Lembar yang tidak dipakai "
             "biarkan kosong, jangan dihapus."),
        ("", "2. Judul kolom berwarna jingga wajib diisi; yang biru boleh kosong. Arahkan "
             "kursor ke judul kolom untuk melihat arti, jenis isian dan aturannya."),
        ("", "3. Angka ditulis sebagai angka. Rupiah bilangan bulat tanpa 'Rp' (tampilan "
             "pemisah ribuan hanya format). Persentase ditulis sebagai angka persen (98,3 % "
             "ditulis 98.3 atau 98,3 sesuai pengaturan Excel Anda), bukan dengan format persen "
             "Excel. Jumlah desimal yang tampil ikut tersimpan: 100 yang tampil 100,00 "
             "tersimpan sebagai 100.00."),
        ("", "4. Kode (mis. 8.01.02.2.01.0003), nomor tabel (mis. 2.1) dan teks lain ditulis di "
             "sel berformat Teks, agar Excel tidak mengubahnya menjadi angka atau tanggal."),
        ("", "5. Pilihan (jenis target, arah indikator, asal kode, true/false, ...) dipilih dari "
             "daftar di sel. Satuan diambil dari daftar atau didaftarkan dulu di lembar satuan."),
        ("", "6. Jangan menggabungkan sel (merge) dan jangan menyembunyikan lembar. Rumus boleh "
             "dipakai, tetapi yang diimpor hanya nilai yang tersimpan: simpan buku kerja di "
             "Excel atau LibreOffice sebelum diimpor. Tautan ke buku kerja lain dan makro "
             "diabaikan."),
        ("", "7. Lembar profil: satu baris per kunci; isi kolom nilai. Daftar (misi, tujuan, "
             "sasaran, IKU, skala predikat, satuan, pembulatan, sumber) masing-masing punya "
             "lembar sendiri, satu baris per isi, berurutan."),
        ("head", "Lembar"),
    ]
    for sheet in profile_sheets():
        mark = " (wajib)" if sheet.required else ""
        lines.append(("sheet", (sheet.name, sheet.meaning + mark)))
    for name, spec in TABLES.items():
        mark = " (wajib)" if spec.required else ""
        lines.append(("sheet", (name, spec.description + mark)))
    lines.append(("sheet", (LISTS, "daftar isian untuk pilihan di sel (tidak diimpor)")))
    row = 1
    for kind, text in lines:
        if kind == "sheet":
            put_text(ws.cell(row=row, column=1), text[0]).font = BOLD
            put_text(ws.cell(row=row, column=2), text[1]).alignment = WRAP
        else:
            cell = put_text(ws.cell(row=row, column=1), text)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if kind == "title":
                cell.font = TITLE_FONT
            elif kind == "head":
                cell.font = BOLD
        row += 1
    widths(ws, {1: 110, 2: 90}, most=110)


def _lists_sheet(wb: Workbook, lists: _Lists) -> None:
    ws = wb.create_sheet(LISTS)
    for col, (name, items) in enumerate(lists.columns.items(), start=1):
        header(ws.cell(row=1, column=col), name)
        for r, item in enumerate(items, start=2):
            put_text(ws.cell(row=r, column=col), item)
    widths(ws, {i + 1: 30 for i in range(len(lists.columns))})
    ws.freeze_panes = "A2"


def build_template(raw: RawDataset | None = None, opd: str | None = None) -> Workbook:
    """The input workbook, pre-filled with ``raw`` when given."""
    profile = raw.profile if raw else {}
    declared = profile.get("units") if isinstance(profile.get("units"), dict) else {}
    units = sorted({*BUILTIN, *(str(w) for w in declared)}, key=str.casefold)
    lists = _Lists({"satuan": units, "jenis_satuan": list(UNIT_KINDS)})
    wb = Workbook()
    _instructions(wb, raw, opd)
    rows = sheet_rows(profile)
    for spec in profile_sheets():
        if spec.name == KEY_SHEET:
            _keys_sheet(wb, spec, rows[spec.name], lists)
        else:
            _profile_sheet(wb, spec, rows[spec.name], lists)
    for name in TABLES:
        _table_sheet(wb, name, raw.tables.get(name, []) if raw else [], lists)
    _lists_sheet(wb, lists)
    if raw:
        styles = {name: style.to_dict() for name, style in raw.styles.items()
                  if style != CANONICAL}
        if styles:
            wb.custom_doc_props.append(StringProperty(name=STYLE_PROPERTY,
                                                      value=json.dumps(styles)))
    return wb


def styles_of(properties: dict[str, str]) -> dict[str, CsvStyle]:
    """The CSV layouts a pre-filled template recorded (see :data:`STYLE_PROPERTY`)."""
    try:
        data = json.loads(properties.get(STYLE_PROPERTY, "{}"))
    except json.JSONDecodeError:
        return {}
    return {name: CsvStyle.from_dict(style) for name, style in data.items()
            if name in TABLES and isinstance(style, dict)} if isinstance(data, dict) else {}


def write_template(out: str | Path, folder: str | Path | None = None,
                   opd: str | None = None) -> Path:
    """Write the input workbook to ``out``; pre-filled from the dataset ``folder`` if given."""
    raw = read_raw(folder) if folder is not None else None
    return save(build_template(raw, opd), Path(out))

