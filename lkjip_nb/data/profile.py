"""The agency profile (profile.yaml): identity, Renstra, sasaran, IKU, units, scales, rounding.

Its keys are described once, in :data:`KEYS` (path, kind, required, meaning, example): the
checks of :func:`check_profile` and the profile section of docs/data.md both come from there.
Rules that span keys (an IKU's sasaran exists, a capaian rule fits the IKU's direction, a scale
descends) follow the generic checks. Problems carry the line of profile.yaml and name list
entries by their id, e.g. ``iku[KEMATIAN_IBU].unit``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from lkjip_nb.data.parse import MAX_AMOUNT, MAX_COUNT
from lkjip_nb.data.problems import Problem
from lkjip_nb.data.units import KINDS as UNIT_KINDS
from lkjip_nb.data.units import how_to_declare, is_declared, unit_kind
from lkjip_nb.rounding import RoundingConfigError, parse_rule
from lkjip_nb.yamlsafe import SafeLoader, YamlRuleError, safe_load

PROFILE_FILE = "profile.yaml"
DIRECTIONS = ("higher", "lower")
#: How capaian is computed: realisasi/target x 100, (2T - R)/T x 100, target/realisasi x 100.
CAPAIAN_RULES = ("ratio", "inverse_gap", "inverse_ratio")
LOWER_RULES = ("inverse_gap", "inverse_ratio")
DEFAULT_CAPAIAN_LOWER = "inverse_gap"
#: Which IKU ``grading`` uses which scale section.
GRADINGS = {"sakip": "sakip_grades", "iks": "iks_categories"}


@dataclass(frozen=True)
class Key:
    """One key of profile.yaml."""

    path: str  # dotted; "[]" marks each entry of a list, e.g. "iku[].unit"
    kind: str  # one of TYPES
    meaning: str
    example: str = ""
    required: bool = False
    choices: tuple[str, ...] = ()
    default: str = ""  # what an absent optional key means, for the documentation
    entry_id: str = ""  # lists of entries: the field naming an entry in messages
    refers: str = ""  # the value must be the id of an entry of this list (a KEYS path)


#: Kind of a key -> how the documentation names it.
TYPES = {
    "text": "teks", "int": "bilangan bulat", "year": "tahun", "number": "bilangan",
    "bool": "true/false", "choice": "pilihan", "mapping": "pemetaan", "texts": "daftar teks",
    "entries": "daftar pemetaan", "unit": "satuan", "units": "pemetaan satuan: jenis",
    "rounding": "pemetaan jenis angka: aturan", "text_map": "pemetaan kunci: teks",
    "tables": "pemetaan kunci tabel: {reported_in: nomor}",
}


def _scale(section: str, name_key: str, what: str, example: str, above: str,
           label: str = "") -> tuple[Key, ...]:
    return (
        Key(f"{section}.scale", "entries", f"kelas {what} dari atas ke bawah; nilai yang lebih "
            "dari `above` masuk kelas itu, kelas terakhir (tanpa `above`) menampung sisanya",
            required=True, entry_id=name_key),
        Key(f"{section}.scale[].{name_key}", "text", f"nama kelas {what}", example,
            required=True),
        Key(f"{section}.scale[].above", "number", "batas bawah (tidak termasuk); harus menurun; "
            "wajib kecuali di kelas terakhir", above),
        Key(f"{section}.scale[].label", "text", "keterangan kelas", label),
    )


KEYS: tuple[Key, ...] = (
    Key("slug", "text", "nama folder dataset", "dinkes-kab-contoh"),
    Key("synthetic", "bool", "true bila semua angka dataset ini rekaan (data sintetis); laporan "
        "lalu diberi tanda DATA SINTETIS", "true", default="false"),
    Key("agency", "mapping", "identitas perangkat daerah", required=True),
    Key("agency.name", "text", "nama lengkap perangkat daerah",
        "Dinas Kesehatan Kabupaten Contoh", required=True),
    Key("agency.short_name", "text", "nama singkat", "Dinkes Kabupaten Contoh"),
    Key("agency.government", "text", "pemerintah daerah", "Pemerintah Kabupaten Contoh"),
    Key("agency.regency", "text", "kabupaten/kota", "Kabupaten Contoh"),
    Key("agency.province", "text", "provinsi", "Jawa Timur"),
    Key("agency.address", "text", "alamat kantor", "Jalan Sehat No. 1"),
    Key("agency.phone", "text", "telepon", "(0342) 801243"),
    Key("agency.email", "text", "surel", "dinkes@contoh.go.id"),
    Key("agency.website", "text", "situs web", "dinkes.contoh.go.id"),
    Key("agency.head", "mapping", "kepala perangkat daerah (penanda tangan)"),
    Key("agency.head.name", "text", "nama beserta gelar", "dr. NAMA CONTOH, M.Kes."),
    Key("agency.head.rank", "text", "pangkat/golongan", "Pembina Tingkat I"),
    Key("agency.head.nip", "text", "NIP (beri tanda kutip bila hanya angka)",
        "19700101 200001 1 001"),
    Key("agency.signed_at", "text", "tempat dan tanggal penandatanganan",
        "Contoh, 15 Februari 2024"),
    Key("renstra", "mapping", "Rencana Strategis yang berlaku", required=True),
    Key("renstra.start_year", "year", "tahun awal Renstra", "2019", required=True),
    Key("renstra.end_year", "year", "tahun akhir Renstra (tidak sebelum tahun awal)", "2023",
        required=True),
    Key("renstra.document", "text", "nama dokumen Renstra", "Renstra Dinas Kesehatan 2019-2023"),
    Key("renstra.vision", "text", "visi", "KABUPATEN CONTOH YANG SEHAT"),
    Key("renstra.missions", "entries", "misi", entry_id="number"),
    Key("renstra.missions[].number", "int", "nomor misi", "1"),
    Key("renstra.missions[].text", "text", "bunyi misi", required=True),
    Key("renstra.missions[].supported", "bool", "true bila perangkat daerah mendukung misi ini",
        "true", default="false"),
    Key("renstra.regional_goal", "text", "tujuan daerah (RPJMD) yang didukung"),
    Key("renstra.regional_targets", "texts", "sasaran daerah (RPJMD)"),
    Key("renstra.regional_target_supported", "int",
        "nomor sasaran daerah yang didukung (urutan di `regional_targets`)", "2"),
    Key("renstra.goals", "entries", "tujuan Renstra", entry_id="id"),
    Key("renstra.goals[].id", "text", "kode tujuan", "T1"),
    Key("renstra.goals[].text", "text", "bunyi tujuan", required=True),
    Key("renstra.goals[].indicators", "texts", "indikator tujuan"),
    Key("sasaran", "entries", "sasaran strategis", required=True, entry_id="id"),
    Key("sasaran[].id", "text", "kode sasaran, dipakai kolom `sasaran_id` di CSV", "S1",
        required=True),
    Key("sasaran[].number", "int", "nomor urut sasaran", "1", default="urutan di daftar"),
    Key("sasaran[].text", "text", "bunyi sasaran", "Menurunnya angka kematian ibu dan bayi",
        required=True),
    Key("iku", "entries", "Indikator Kinerja Utama (satu sasaran boleh punya beberapa IKU)",
        required=True, entry_id="id"),
    Key("iku[].id", "text", "kode IKU, dipakai kolom `iku_id` di CSV", "AKI", required=True),
    Key("iku[].sasaran_id", "text", "sasaran yang diukur IKU ini", "S1", required=True,
        refers="sasaran"),
    Key("iku[].text", "text", "nama indikator", "Angka Kematian Ibu", required=True),
    Key("iku[].unit", "unit", "satuan: bawaan (lihat Satuan) atau yang didaftarkan di `units`",
        "persen", required=True),
    Key("iku[].direction", "choice", "higher: makin tinggi makin baik; lower: makin rendah makin "
        "baik", "lower", required=True, choices=DIRECTIONS),
    Key("iku[].capaian_rule", "choice", "rumus capaian: ratio = R/T×100 (untuk higher); "
        "inverse_gap = (2T−R)/T×100 atau inverse_ratio = T/R×100 (untuk lower)", "inverse_ratio",
        choices=CAPAIAN_RULES, default="ratio untuk higher, `capaian_lower` untuk lower"),
    Key("iku[].grading", "choice", "skala predikat nilai IKU: sakip (`sakip_grades`) atau iks "
        "(`iks_categories`)", "sakip", choices=tuple(GRADINGS)),
    Key("iku[].formula", "text", "rumus/definisi operasional",
        "Jumlah kematian ibu / jumlah kelahiran hidup x 100.000"),
    Key("units", "units", "satuan tambahan perangkat daerah ini: `satuan: jenis`, jenis salah "
        "satu dari " + ", ".join(UNIT_KINDS) + " (lihat Satuan)",
        "{per 1.000 kelahiran hidup: rate, ekor: count}"),
    Key("capaian_lower", "choice", "rumus capaian bawaan IKU lower: inverse_gap = (2T−R)/T×100, "
        "inverse_ratio = T/R×100", "inverse_gap", choices=LOWER_RULES,
        default=DEFAULT_CAPAIAN_LOWER),
    Key("sakip_grades", "mapping", "skala predikat Nilai SAKIP (untuk IKU dengan grading sakip)"),
    Key("sakip_grades.legal_basis", "text", "dasar hukum skala",
        "Peraturan Menteri PANRB Nomor 88 Tahun 2021"),
    *_scale("sakip_grades", "grade", "predikat", "AA", "90", "Sangat Memuaskan"),
    Key("iks_categories", "mapping", "kategori Indeks Kesalehan Sosial (untuk IKU dengan grading "
        "iks)"),
    Key("iks_categories.source", "text", "sumber atau asumsi batas kategori"),
    *_scale("iks_categories", "category", "kategori", "Sangat Tinggi", "80"),
    Key("capaian_categories", "mapping", "kategori capaian kinerja (mis. Sangat Baik di atas "
        "90 %)"),
    Key("capaian_categories.source", "text", "sumber batas kategori",
        "Permendagri 86/2017"),
    *_scale("capaian_categories", "category", "kategori capaian", "Sangat Baik", "90"),
    Key("rounding", "rounding", "pembulatan tampilan per jenis angka: `jenis: {method: half_up "
        "| truncate | half_even, decimals: N}`", "{capaian: {method: truncate, decimals: 1}}"),
    Key("efficiency_capaian", "choice", "capaian dalam rumus efisiensi: displayed = "
        "setelah dibulatkan, exact = tanpa pembulatan", "displayed",
        choices=("displayed", "exact"), default="displayed"),
    Key("sources", "text_map", "baris 'Sumber:' per kunci tabel (mis. `kinerja`, `belanja`; "
        "`hibah` berlaku juga untuk `hibah/...`) atau per nomor tabel dalam laporan tercetak "
        "(lihat `tables`); `default` untuk yang lain",
        '{default: "Dinas Kesehatan, 2024", kinerja: Renstra 2019-2023}'),
    Key("tables", "tables", "per kunci tabel (daftarnya: `lkjip_nb.present.KEYS`; per sasaran "
        "atau IKU `realisasi-sasaran/S1`, `iku-daerah/IKS`): nomornya dalam laporan yang dicetak "
        "perangkat daerah (`reported_in`, beri tanda kutip); dipakai untuk mencari `sources` yang "
        "dicatat per nomor tercetak dan untuk menempatkan angka tercetak yang dicatat per nomor "
        "tabel (`reported_totals.table`, `reported_in` tabel IKU); nomor tabel laporan ini "
        "diberikan menurut urutan tampilnya",
        '{belanja: {reported_in: "3.6"}}'),
)

_BY_PATH = {k.path: k for k in KEYS}
_LISTS = {k.path: k for k in KEYS if k.kind == "entries"}
_SCALES = tuple(p.removesuffix(".scale") for p in _LISTS if p.endswith(".scale"))


def read_profile(path: Path, label: str) -> tuple[dict[str, Any], list[Problem]]:
    """Load and check profile.yaml; return the mapping and every problem found."""
    return parse_profile(path.read_bytes(), label)


def parse_profile(data: bytes, label: str) -> tuple[dict[str, Any], list[Problem]]:
    """Load and check the bytes of a profile.yaml (see :func:`read_profile`).

    Raises UnicodeDecodeError when the bytes are not UTF-8 (see :func:`undecodable`).
    """
    text = data.decode("utf-8-sig")
    try:
        profile = safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        detail = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        if isinstance(exc, YamlRuleError):  # well-formed, but a duplicate key or an alias bomb
            return {}, [Problem(label, line, "", "", detail)]
        return {}, [Problem(label, line, "", "", f"bukan YAML yang sah: {detail} (periksa "
                            "indentasi, titik dua dan tanda kutip)")]
    if not isinstance(profile, dict):
        return {}, [Problem(label, None, "", "", "harus berisi pemetaan kunci: nilai")]
    found = _findings(profile)
    if not found:
        return profile, []
    lines = _line_map(text, profile)
    return profile, [Problem(label, _line(lines, path), _column(profile, path),
                             "" if value is None else str(value), rule)
                     for path, value, rule in found]


def undecodable(data: bytes, exc: UnicodeDecodeError, label: str) -> Problem:
    """The problem of a profile.yaml that is not UTF-8: line of the first bad byte."""
    line = data.count(b"\n", 0, exc.start) + 1
    byte = data[exc.start:exc.start + 1]
    return Problem(label, line, "", "", (
        f"berkas bukan UTF-8: byte 0x{byte.hex().upper()} ('{byte.decode('cp1252', 'replace')}'"
        " bila dibaca sebagai Windows-1252/ANSI) tidak terbaca; simpan ulang dengan pengodean "
        "UTF-8 (di Notepad: Simpan Sebagai, Pengodean UTF-8)"))


def check_profile(profile: dict, label: str) -> list[Problem]:
    """Every problem of a loaded profile (without line numbers; see :func:`parse_profile`)."""
    return [Problem(label, None, _column(profile, path), "" if value is None else str(value), rule)
            for path, value, rule in _findings(profile)]


# --- checks ---------------------------------------------------------------------------------

KeyPath = tuple[str | int, ...]
Finding = tuple[KeyPath, Any, str]


def _findings(profile: dict) -> list[Finding]:
    found = list(_non_text_keys(profile))
    found += _check_mapping(profile, "", (), profile)
    found += _cross_rules(profile)
    return found


def _non_text_keys(node: Any, path: KeyPath = ()) -> Iterator[Finding]:
    """Keys that YAML did not read as text (e.g. an unquoted ``no:`` becomes False)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if not isinstance(key, str):
                yield (path + (key,), key,
                       "kunci harus teks; YAML membaca kunci seperti no/yes/on/off sebagai "
                       "true/false dan angka sebagai bilangan (pakai mis. 'number' atau beri "
                       "tanda kutip)")
            yield from _non_text_keys(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _non_text_keys(value, path + (i,))


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str | list | dict) and len(value) == 0)


def _children(spec_path: str) -> list[Key]:
    """Keys directly under ``spec_path`` ("" for the top level)."""
    prefix = f"{spec_path}." if spec_path else ""
    return [k for k in KEYS if k.path.startswith(prefix)
            and "." not in k.path[len(prefix):]]


def _check_mapping(node: dict, spec_path: str, path: KeyPath, profile: dict) -> list[Finding]:
    """The keys described under ``spec_path`` in ``node`` (a mapping found at ``path``)."""
    found: list[Finding] = []
    children = _children(spec_path)
    closed = spec_path == "" or spec_path.endswith("[]")  # top level and list entries
    if closed:
        names = {k.path.rsplit(".", 1)[-1] for k in children}
        for key in node:
            if isinstance(key, str) and key not in names:
                found.append((path + (key,), None, "kunci tidak dikenal (periksa ejaan); yang "
                              "dikenal: " + ", ".join(sorted(names))))
    for key in children:
        name = key.path.rsplit(".", 1)[-1]
        value = node.get(name)
        here = path + (name,)
        if _empty(value):
            if key.required and not any(c.required for c in _children(key.path)):
                found.append((here, None, "wajib diisi"))
            else:
                found += _missing_children(key, here)
            continue
        found += _check_value(key, value, here, profile)
    return found


def _missing_children(key: Key, path: KeyPath) -> list[Finding]:
    """Required keys under an absent required mapping ``key``."""
    if not key.required:
        return []
    found: list[Finding] = []
    for child in _children(key.path):
        if child.required:
            found += ([(path + (child.path.rsplit(".", 1)[-1],), None, "wajib diisi")]
                      if not any(c.required for c in _children(child.path))
                      else _missing_children(child, path + (child.path.rsplit(".", 1)[-1],)))
    return found


def _check_value(key: Key, value: Any, path: KeyPath, profile: dict) -> list[Finding]:
    """Whether ``value`` fits ``key``'s kind, then the keys beneath it."""
    kind = key.kind
    is_bool = isinstance(value, bool)
    if kind == "text" and (is_bool or not isinstance(value, str | int | float)):
        hint = " (YAML membaca yes/no/on/off tanpa tanda kutip sebagai true/false)" if is_bool \
            else ""
        return [(path, value, "harus teks" + hint)]
    if kind in ("int", "year") and (is_bool or not isinstance(value, int)):
        return [(path, value, "harus tahun (bilangan bulat)" if kind == "year"
                 else "harus bilangan bulat")]
    if kind == "year" and not 1990 <= value <= 2100:
        return [(path, value, "tahun harus antara 1990 dan 2100")]
    if kind == "int" and abs(value) > MAX_COUNT:
        return [(path, value, f"bilangan terlalu besar: paling besar {MAX_COUNT:_}"
                 .replace("_", "."))]
    if kind == "number" and (is_bool or not isinstance(value, int | float)):
        return [(path, value, "harus bilangan")]
    if kind == "number" and not (math.isfinite(value) and abs(value) <= MAX_AMOUNT):
        return [(path, value, "harus bilangan terhingga, paling besar 10^15 (bukan .inf, "
                 ".nan atau pangkat sebesar itu)")]
    if kind == "bool" and not is_bool:
        return [(path, value, "harus true atau false")]
    if kind == "choice" and value not in key.choices:
        return [(path, value, "harus salah satu dari: " + ", ".join(key.choices))]
    if kind == "unit" and not isinstance(value, str):
        return [(path, value, "harus teks")]
    if kind == "unit":
        declared = profile.get("units")
        if unit_kind(value, declared) is None and not is_declared(value, declared):
            return [(path, value, how_to_declare(value))]
        return []
    if kind == "texts":
        if not isinstance(value, list):
            return [(path, value, "harus berupa daftar (baris-baris diawali '- ')")]
        return [(path + (i,), item, "harus teks") for i, item in enumerate(value)
                if isinstance(item, bool) or not isinstance(item, str | int | float)]
    if kind in ("mapping", "units", "rounding", "text_map") and not isinstance(value, dict):
        return [(path, value, "harus berupa pemetaan (kunci: nilai)")]
    if kind == "mapping":
        return _check_mapping(value, key.path, path, profile)
    if kind == "units":
        return [(path + (word,), kind_, "jenis satuan harus salah satu dari: "
                 + ", ".join(UNIT_KINDS)) for word, kind_ in value.items()
                if isinstance(word, str) and not (isinstance(kind_, str) and kind_ in UNIT_KINDS)]
    if kind == "rounding":
        found: list[Finding] = []
        for name, spec in value.items():
            try:
                parse_rule(spec, name)
            except RoundingConfigError as exc:
                found.append((path + (name,), spec, str(exc)))
            except (TypeError, ValueError):
                found.append((path + (name,), spec, "aturan pembulatan tidak dimengerti; tulis "
                              "{method: half_up | truncate | half_even, decimals: N}"))
        return found
    if kind == "text_map":
        return [(path + (name,), text, "harus teks") for name, text in value.items()
                if isinstance(text, bool) or not isinstance(text, str | int | float)]
    if kind == "entries":
        return _check_entries(key, value, path, profile)
    if kind == "tables":
        return _check_tables(value, path)
    return []


def _check_tables(value: Any, path: KeyPath) -> list[Finding]:
    """``tables``: per key a mapping holding only ``reported_in``, written as quoted text."""
    if not isinstance(value, dict):
        return [(path, value, "harus berupa pemetaan (kunci tabel: {reported_in: \"3.6\"})")]
    found: list[Finding] = []
    for name, entry in value.items():
        if not isinstance(entry, dict):
            found.append((path + (name,), entry, "harus berupa pemetaan, mis. "
                          "{reported_in: \"3.6\"}"))
            continue
        for field, text in entry.items():
            here = path + (name, field)
            if field != "reported_in":
                found.append((here, None, "kunci tidak dikenal; yang dikenal: reported_in"))
            elif not isinstance(text, str):
                found.append((here, text, "nomor tabel harus teks bertanda kutip, mis. "
                              "\"3.10\" (tanpa tanda kutip YAML membaca 3.10 sebagai 3.1)"))
    return found


def _check_entries(key: Key, value: Any, path: KeyPath, profile: dict) -> list[Finding]:
    if not isinstance(value, list):
        return [(path, None, "harus berupa daftar (setiap isi diawali '- ')")]
    found: list[Finding] = []
    seen: dict[Any, int] = {}
    for i, entry in enumerate(value):
        if not isinstance(entry, dict):
            found.append((path + (i,), entry, "setiap isi daftar harus berupa pemetaan "
                          "(kunci: nilai)"))
            continue
        found += _check_mapping(entry, f"{key.path}[]", path + (i,), profile)
        ident = entry.get(key.entry_id) if key.entry_id else None
        if _empty(ident) or isinstance(ident, dict | list):
            continue
        if ident in seen:
            found.append((path + (i, key.entry_id), ident,
                          f"{key.entry_id} ganda: sudah dipakai isi ke-{seen[ident] + 1}"))
        else:
            seen[ident] = i
    return found


def _cross_rules(profile: dict) -> list[Finding]:
    """Rules that span keys: references, year order, capaian rules, gradings, scales."""
    found: list[Finding] = []
    start, end = (_get(profile, f"renstra.{k}") for k in ("start_year", "end_year"))
    if (isinstance(start, int) and isinstance(end, int) and not isinstance(start, bool)
            and not isinstance(end, bool) and end < start):
        found.append((("renstra", "end_year"), end, f"tahun akhir sebelum tahun awal {start}"))
    for key in KEYS:
        if key.refers:
            found += _references(profile, key)
    for i, item in _entries(profile, "iku"):
        found += _iku_rules(profile, i, item)
    found += _unmeasured_sasaran(profile)
    for section in _SCALES:
        found += _scale_order(profile, section)
    return found


def _entries(profile: dict, list_path: str) -> Iterator[tuple[int, dict]]:
    items = _get(profile, list_path)
    if isinstance(items, list):
        yield from ((i, item) for i, item in enumerate(items) if isinstance(item, dict))


def _references(profile: dict, key: Key) -> list[Finding]:
    list_path, field = key.path.split("[].")
    target = _LISTS[key.refers]
    known = {v for _, item in _entries(profile, key.refers)
             if isinstance(v := item.get(target.entry_id), str | int)}
    shown = ", ".join(sorted(map(str, known)))
    return [((*list_path.split("."), i, field), value,
             f"tidak ada di daftar {key.refers} (yang ada: {shown})")
            for i, item in _entries(profile, list_path)
            if isinstance(value := item.get(field), str | int) and value not in known]


def _unmeasured_sasaran(profile: dict) -> list[Finding]:
    """Every sasaran is measured by at least one IKU (when there is a list of IKU at all)."""
    if not any(True for _ in _entries(profile, "iku")):
        return []  # no IKU: reported as such
    measured = {ident for _, item in _entries(profile, "iku")
                if isinstance(ident := item.get("sasaran_id"), str | int)}
    return [(("sasaran", i, "id"), ident,
             f"sasaran {ident} tidak punya IKU: tambahkan di daftar iku sedikitnya satu IKU "
             f"dengan sasaran_id: {ident}, atau hapus sasaran ini")
            for i, item in _entries(profile, "sasaran")
            if isinstance(ident := item.get("id"), str | int) and not isinstance(ident, bool)
            and not _empty(ident) and ident not in measured]


def _iku_rules(profile: dict, i: int, item: dict) -> list[Finding]:
    found: list[Finding] = []
    rule, direction = item.get("capaian_rule"), item.get("direction")
    if direction == "lower" and rule == "ratio":
        found.append((("iku", i, "capaian_rule"), rule, (
            "rumus ratio (R/T×100) hanya untuk IKU yang makin tinggi makin baik; IKU ini makin "
            "rendah makin baik (direction: lower): pakai inverse_gap atau inverse_ratio")))
    if direction == "higher" and rule in LOWER_RULES:
        found.append((("iku", i, "capaian_rule"), rule, (
            f"rumus {rule} hanya untuk IKU yang makin rendah makin baik; IKU ini makin tinggi "
            "makin baik (direction: higher): pakai ratio atau hapus capaian_rule")))
    grading = item.get("grading")
    section = GRADINGS.get(grading) if isinstance(grading, str) else None
    if section and not isinstance(_get(profile, f"{section}.scale"), list):
        found.append((("iku", i, "grading"), grading,
                      f"skala '{section}' (dengan daftar 'scale') tidak ada di "
                      "profile.yaml"))
    return found


def _scale_order(profile: dict, section: str) -> list[Finding]:
    scale = _get(profile, f"{section}.scale")
    if not isinstance(scale, list):
        return []
    found: list[Finding] = []
    last = None
    for i, band in enumerate(scale):
        if not isinstance(band, dict):
            continue
        above = band.get("above")
        if isinstance(above, bool) or not isinstance(above, int | float | None):
            continue  # reported as not a number
        here = (section, "scale", i, "above")
        if above is None and i != len(scale) - 1:
            found.append((here, None, "hanya kelas terakhir boleh tanpa 'above'"))
        if above is not None and last is not None and above >= last:
            found.append((here, above, f"batas harus menurun dari atas ke bawah (kelas di "
                          f"atasnya: {last})"))
        last = above if above is not None else last
    return found


def _get(profile: dict, dotted: str) -> Any:
    node: Any = profile
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


# --- where a problem is ---------------------------------------------------------------------

def _column(profile: dict, path: KeyPath) -> str:
    """``iku[KEMATIAN_IBU].unit``: the path, list entries named by their id (else position)."""
    text = ""
    node: Any = profile
    spec = ""
    for part in path:
        if isinstance(part, int) and isinstance(node, list):
            entry = node[part] if part < len(node) else None
            key = _LISTS.get(spec)
            ident = entry.get(key.entry_id) if key and key.entry_id and isinstance(
                entry, dict) else None
            shown = ident if isinstance(ident, str | int) and not isinstance(ident, bool) \
                and not _empty(ident) else part + 1
            text += f"[{shown}]"
            spec += "[]"
            node = entry
        else:
            text += f".{part}" if text else str(part)
            spec += f".{part}" if spec else str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return text or "(akar)"


def _line_map(text: str, profile: dict) -> dict[KeyPath, int]:
    """Line of profile.yaml where each key path starts (composed nodes beside loaded values)."""
    lines: dict[KeyPath, int] = {}
    try:
        root = yaml.compose(text, Loader=SafeLoader)
    except yaml.YAMLError:
        return lines

    def walk(node: Any, value: Any, path: KeyPath) -> None:
        if isinstance(node, yaml.MappingNode) and isinstance(value, dict) \
                and len(node.value) == len(value):
            for (key_node, child), (key, item) in zip(node.value, value.items(), strict=True):
                lines[path + (key,)] = key_node.start_mark.line + 1
                walk(child, item, path + (key,))
        elif isinstance(node, yaml.SequenceNode) and isinstance(value, list) \
                and len(node.value) == len(value):
            for i, (child, item) in enumerate(zip(node.value, value, strict=True)):
                lines[path + (i,)] = child.start_mark.line + 1
                walk(child, item, path + (i,))

    if root is not None:
        walk(root, profile, ())
    return lines


def _line(lines: dict[KeyPath, int], path: KeyPath) -> int | None:
    """Line of ``path``, else of its nearest enclosing key that is written in the file."""
    for n in range(len(path), 0, -1):
        if path[:n] in lines:
            return lines[path[:n]]
    return None


# --- frames ---------------------------------------------------------------------------------

def sasaran_frame(profile: dict) -> pd.DataFrame:
    rows = [{"sasaran_id": s["id"], "no": s.get("number", i), "sasaran": s["text"]}
            for i, s in enumerate(profile.get("sasaran") or [], start=1)]
    return pd.DataFrame(rows, columns=["sasaran_id", "no", "sasaran"])


#: Columns of :func:`iku_frame`.
IKU_COLUMNS = ["iku_id", "sasaran_id", "indikator", "unit", "direction", "grading", "formula",
               "unit_kind", "capaian_rule"]


def capaian_rule(iku: dict, profile: dict) -> str:
    """The capaian rule of one IKU: its own, else ratio (higher) or the agency's lower rule."""
    if iku.get("capaian_rule"):
        return str(iku["capaian_rule"])
    if iku.get("direction") == "lower":
        return str(profile.get("capaian_lower") or DEFAULT_CAPAIAN_LOWER)
    return "ratio"


def iku_frame(profile: dict) -> pd.DataFrame:
    """One row per IKU; ``unit_kind`` (lkjip_nb.data.units.KINDS) and ``capaian_rule`` resolved."""
    declared = profile.get("units")
    rows = [{"iku_id": k["id"], "sasaran_id": k["sasaran_id"], "indikator": k["text"],
             "unit": k["unit"], "direction": k["direction"], "grading": k.get("grading"),
             "formula": k.get("formula", ""), "unit_kind": unit_kind(k["unit"], declared),
             "capaian_rule": capaian_rule(k, profile)} for k in profile.get("iku") or []]
    return pd.DataFrame(rows, columns=IKU_COLUMNS)


def is_synthetic(profile: dict) -> bool:
    """Whether the profile marks the dataset as synthetic (``synthetic: true``)."""
    return profile.get("synthetic") is True
