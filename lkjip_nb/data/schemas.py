"""Schemas of every table of an agency dataset: columns, kinds, ranges, unique keys.

Kinds are parsed cell by cell (lkjip_nb.data.parse); value rules are pandera checks, so a failing
cell is reported with its file, line, column, value and rule.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandera.pandas as pa

NON_NEGATIVE = pa.Check.ge(0, error="tidak boleh negatif")
POSITIVE = pa.Check.gt(0, error="harus lebih dari 0")
YEAR_RANGE = pa.Check.in_range(1990, 2100, error="tahun harus antara 1990 dan 2100")
CODE = pa.Check.str_matches(r"^\d+(\.\d+)*$",
                            error="kode harus berbentuk angka bertitik, mis. 8.01.02.2.01.0003")
#: Range of a printed percentage: ten times 100 either way is a typo, not a capaian.
PERCENT = pa.Check.in_range(-1000, 1000, error="persentase harus antara -1000 dan 1000")
NOT_BLANK = pa.Check(lambda s: s.str.strip().str.len() > 0, element_wise=False,
                     error="tidak boleh kosong")


def one_of(*values: str) -> pa.Check:
    return pa.Check.isin(values, error="harus salah satu dari: " + ", ".join(values))


@dataclass(frozen=True)
class Col:
    """One column: its kind (int, year, money, float, bool, str, code) and value rules."""

    name: str
    kind: str = "str"
    nullable: bool = False
    checks: tuple[pa.Check, ...] = ()
    optional: bool = False  # the column itself may be left out of the file
    # a unit word: built in (lkjip_nb.data.units) or declared under ``units:`` in profile.yaml;
    # checked by the loader, which knows the profile
    is_unit: bool = False


@dataclass(frozen=True)
class TableSpec:
    """One CSV table of a dataset."""

    name: str
    columns: tuple[Col, ...]
    unique: tuple[tuple[str, ...], ...] = ()
    required: bool = False
    description: str = ""
    # False for tables that a year's report reads across years (history, targets, comparisons)
    per_year: bool = True

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    @property
    def has_year(self) -> bool:
        return any(c.name == "year" for c in self.columns)

    @property
    def restrict_to_year(self) -> bool:
        """Whether Dataset.for_year keeps only that year's rows."""
        return self.per_year and self.has_year


def _year(name: str = "year") -> Col:
    return Col(name, "year", checks=(YEAR_RANGE,))


def _money(name: str, nullable: bool = False) -> Col:
    return Col(name, "money", nullable=nullable, checks=(NON_NEGATIVE,))


def _text(name: str, nullable: bool = False, optional: bool = False) -> Col:
    return Col(name, "str", nullable=nullable, optional=optional,
               checks=() if nullable else (NOT_BLANK,))


def _pct(name: str, nullable: bool = True) -> Col:
    """A percentage as printed (capaian, serapan, partisipasi, efisiensi): may pass 100 or go
    below 0, never past :data:`PERCENT`."""
    return Col(name, "float", nullable=nullable, checks=(PERCENT,))


def _output_cols(prefix: str) -> tuple[Col, ...]:
    return (
        _text(f"{prefix}_indicator", nullable=True),
        Col(f"{prefix}_unit", nullable=True, is_unit=True),
        Col(f"{prefix}_target", "float", nullable=True),
        Col(f"{prefix}_realisasi", "float", nullable=True),
    )


#: Where a program/kegiatan/sub kegiatan code comes from: printed in the report, derived from
#: its position, taken from the national nomenclature, or assigned by the agency itself.
CODE_SOURCE = one_of("printed", "derived", "nomenclature", "user")

TABLES: dict[str, TableSpec] = {t.name: t for t in (
    TableSpec("iku_targets", (
        _text("iku_id"), _year(), Col("kind", checks=(one_of("annual", "rpjmd", "renstra", "pk"),)),
        Col("target", "float"), _text("target_grade", nullable=True),
        _text("reported_in", nullable=True), _text("note", nullable=True, optional=True),
    ), unique=(("iku_id", "year", "kind"),), required=True,
        per_year=False,
        description="Target IKU per tahun: Renstra, Perjanjian Kinerja (pk), RPJMD, tahunan"),
    TableSpec("iku_realisasi", (
        _text("iku_id"), _year(), _text("reported_in"), Col("primary", "bool"),
        Col("realisasi", "float"), _text("grade_reported", nullable=True),
        _pct("capaian_reported"), _pct("progress_reported"),
        _text("note", nullable=True, optional=True),
    ), unique=(("iku_id", "year", "reported_in"),), required=True,
        per_year=False,
        description="Realisasi IKU per tahun, per tabel laporan yang mencetaknya"),
    TableSpec("iku_formula_inputs", (
        _text("iku_id"), _year(), Col("numerator", "float", checks=(NON_NEGATIVE,)),
        Col("denominator", "float", checks=(POSITIVE,)), _text("numerator_label"),
        _text("denominator_label"), Col("result_reported", "float", nullable=True),
    ), unique=(("iku_id", "year"),), description="Masukan rumus IKU (pembilang/penyebut)"),
    TableSpec("konflik", (
        _year(), Col("no", "int", checks=(POSITIVE,)), _text("event"),
        _text("kecamatan", nullable=True), Col("handled", "bool"),
        _text("handling", nullable=True),
    ), unique=(("year", "no"),), description="Kejadian menonjol / potensi konflik"),
    TableSpec("regional_comparison", (
        _year(), _text("iku_id"), _text("region"), Col("value", "float"),
        Col("is_self", "bool"), Col("is_national", "bool"),
    ), unique=(("year", "iku_id", "region"),), description="Perbandingan dengan wilayah lain"),
    TableSpec("iks_structure", (
        Col("dimension_no", "int", checks=(POSITIVE,)), _text("dimension"),
        _text("weight_symbol"), Col("subdimension_no", "int", checks=(POSITIVE,)),
        _text("subdimension"), Col("agency_contributes", "bool"),
    ), unique=(("dimension_no", "subdimension_no"),),
        description="Dimensi dan sub dimensi Indeks Kesalehan Sosial"),
    TableSpec("belanja", (
        _year(), Col("no", "int", checks=(POSITIVE,)), _text("type"), _money("anggaran"),
        _money("realisasi"), _pct("percent_reported"),
    ), unique=(("year", "type"),), per_year=False,
        description="Anggaran dan realisasi belanja per jenis"),
    TableSpec("pemilu", (
        Col("kind", checks=(one_of("pemilu", "pilkada"),)), _year(), _text("label"),
        Col("dpt", "int", checks=(NON_NEGATIVE,)), Col("voters", "int", checks=(NON_NEGATIVE,)),
        _pct("participation_reported"),
    ), unique=(("kind", "year"),), description="DPT dan pengguna hak pilih"),
    TableSpec("ormas_terdaftar", (
        _year(), Col("legal_status", checks=(one_of("badan_hukum", "skt"),)),
        Col("count", "int", checks=(NON_NEGATIVE,)),
    ), unique=(("year", "legal_status"),), per_year=False,
        description="Ormas yang mencatatkan diri per tahun"),
    TableSpec("programs", (
        _year(), Col("code", "code", checks=(CODE,)), Col("code_source", checks=(CODE_SOURCE,)),
        _text("no_reported", nullable=True), Col("order", "int", checks=(POSITIVE,)),
        _text("name"), _text("sasaran_id"), _money("anggaran_reported", nullable=True),
        _money("realisasi_reported", nullable=True), _pct("percent_reported"),
        *_output_cols("outcome"), _pct("outcome_capaian_reported"),
    ), unique=(("year", "code"),), required=True,
        description="Program (tabel program, pohon program dan tabel per sasaran)"),
    TableSpec("kegiatan", (
        _year(), Col("code", "code", checks=(CODE,)), Col("code_source", checks=(CODE_SOURCE,)),
        Col("program_code", "code", checks=(CODE,)), _text("no_reported", nullable=True),
        _text("name"), _money("anggaran_reported", nullable=True),
        _money("realisasi_reported", nullable=True), _pct("percent_reported"),
        *_output_cols("output"),
    ), unique=(("year", "code"),), required=True,
        description="Kegiatan (pohon program dan tabel per sasaran)"),
    TableSpec("sub_kegiatan", (
        _year(), Col("code", "code", checks=(CODE,)), Col("code_source", checks=(CODE_SOURCE,)),
        Col("kegiatan_code", "code", checks=(CODE,)), _text("no_reported", nullable=True),
        _text("name"), _money("anggaran"), _money("realisasi"), _pct("percent_reported"),
        *_output_cols("output"),
    ), unique=(("year", "code"),), required=True,
        description="Sub kegiatan (pohon program dan tabel per sasaran)"),
    TableSpec("allocation_sasaran", (
        _year(), _text("sasaran_id"), _money("anggaran_reported"), _pct("share_reported"),
        _money("realisasi_reported", nullable=True), _pct("absorption_reported"),
        _pct("capaian_kinerja_reported"), _pct("efficiency_reported"),
    ), unique=(("year", "sasaran_id"),),
        description=("Alokasi anggaran, capaian kinerja dan efisiensi per "
                     "sasaran sebagaimana dicetak")),
    TableSpec("hibah_parpol_tahap", (
        _year(), Col("tahap", "int", checks=(POSITIVE,)), _year("basis_election_year"),
        Col("months", "int", checks=(pa.Check.in_range(1, 12, error="bulan harus 1-12"),)),
        _money("rate_per_vote"), _text("note", nullable=True, optional=True),
    ), unique=(("year", "tahap"),), description="Tahap bantuan keuangan partai politik"),
    TableSpec("party_votes", (
        _year("election_year"), Col("no", "int", checks=(POSITIVE,)), _text("party"),
        Col("votes", "int", checks=(NON_NEGATIVE,)),
    ), unique=(("election_year", "party"),), description="Perolehan suara sah partai"),
    TableSpec("hibah_parpol_reported", (
        _year(), _text("party"),
        Col("component", checks=(pa.Check.str_matches(
            r"^(tahap_\d+|jumlah)$", error="harus tahap_1, tahap_2, ... atau jumlah"),)),
        _money("amount_reported"),
    ), unique=(("year", "party", "component"),), description="Hibah parpol sebagaimana dicetak"),
    TableSpec("hibah_recipients", (
        _year(), _text("table"), Col("no", "int", checks=(POSITIVE,)), _text("recipient"),
        Col("recipient_type", checks=(one_of(
            "penyelenggara_pemilu", "instansi_vertikal", "ormas", "lainnya"),)),
        Col("form", checks=(one_of("uang", "barang"),)), _text("purpose", nullable=True),
        _money("amount"), _money("realisasi", nullable=True), _text("note", nullable=True),
    ), unique=(("year", "table", "no"),), description="Penerima hibah selain partai politik"),
    TableSpec("dokumentasi", (
        _year(), Col("sub_kegiatan_code", "code", checks=(CODE,)),
        Col("no", "int", checks=(POSITIVE,)), _text("caption"), _text("image", nullable=True),
    ), unique=(("year", "sub_kegiatan_code", "no"),),
        description="Foto dokumentasi kegiatan per sub kegiatan dengan keterangannya"),
    TableSpec("reported_totals", (
        _text("table"), _year(), _text("item"), _text("field"), Col("value", "float"),
        _text("note", nullable=True),
    ), unique=(("table", "year", "item", "field"),),
        description="Jumlah, total dan angka turunan yang dicetak laporan (untuk audit)"),
)}
