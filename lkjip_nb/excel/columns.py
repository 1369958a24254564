"""What each column of a table sheet means, holds and accepts: the header comments, number
formats and dropdowns of the template, all derived from the dataset schemas."""

from __future__ import annotations

from dataclasses import dataclass

from lkjip_nb.data.reference import KINDS
from lkjip_nb.data.schemas import TABLES, Col, TableSpec

#: Number formats of the input workbook (the value stays the number the dataset holds).
RUPIAH = "#,##0"
TEXT = "@"
GENERAL = "General"
PERCENT = 'General" %"'

#: What a column holds, by name ("table.column" where one table means something else).
MEANINGS: dict[str, str] = {
    "iku_id": "kode IKU, sama dengan kolom id di lembar iku",
    "year": "tahun",
    "iku_targets.kind": "jenis target: annual (tahunan), rpjmd, renstra, pk (Perjanjian Kinerja)",
    "pemilu.kind": "jenis pemilihan: pemilu atau pilkada",
    "target": "nilai target, dalam satuan IKU",
    "target_grade": "predikat/kategori target sebagaimana dicetak",
    "iku_targets.reported_in": "nomor tabel laporan yang mencetak target ini (mis. 2.4)",
    "iku_realisasi.reported_in": "nomor tabel laporan yang mencetak realisasi ini (mis. 3.1)",
    "note": "catatan",
    "primary": "true untuk realisasi utama IKU pada tahun itu (tepat satu per IKU dan tahun)",
    "iku_realisasi.realisasi": "nilai realisasi, dalam satuan IKU",
    "realisasi": "realisasi anggaran",
    "hibah_recipients.realisasi": "realisasi hibah (kosong bila tidak disebut)",
    "grade_reported": "predikat/kategori sebagaimana dicetak",
    "capaian_reported": "capaian sebagaimana dicetak",
    "progress_reported": "kemajuan terhadap target akhir Renstra sebagaimana dicetak",
    "numerator": "pembilang rumus IKU",
    "denominator": "penyebut rumus IKU (lebih dari 0)",
    "numerator_label": "arti pembilang",
    "denominator_label": "arti penyebut",
    "result_reported": "hasil rumus sebagaimana dicetak",
    "no": "nomor urut sebagaimana dicetak",
    "event": "kejadian",
    "kecamatan": "kecamatan tempat kejadian",
    "handled": "true bila sudah ditangani",
    "handling": "cara penanganan",
    "region": "nama wilayah",
    "regional_comparison.value": "nilai indikator wilayah itu",
    "reported_totals.value": "angka sebagaimana dicetak",
    "is_self": "true untuk wilayah sendiri",
    "is_national": "true untuk angka nasional",
    "dimension_no": "nomor dimensi",
    "dimension": "nama dimensi",
    "weight_symbol": "simbol bobot dimensi (mis. W1)",
    "subdimension_no": "nomor sub dimensi",
    "subdimension": "nama sub dimensi",
    "agency_contributes": "true bila perangkat daerah berkontribusi pada sub dimensi ini",
    "type": "jenis belanja",
    "anggaran": "anggaran (pagu)",
    "percent_reported": "persentase realisasi sebagaimana dicetak",
    "label": "nama pemilihan sebagaimana dicetak",
    "dpt": "jumlah daftar pemilih tetap",
    "voters": "jumlah pengguna hak pilih",
    "participation_reported": "partisipasi sebagaimana dicetak",
    "legal_status": "status hukum: badan_hukum atau skt",
    "count": "jumlah ormas yang mencatatkan diri",
    "code": "kode bertitik sesuai nomenklatur, mis. 8.01.02.2.01.0003",
    "code_source": "asal kode: printed (tercetak di laporan), derived (diturunkan), "
                   "nomenclature (nomenklatur), user (ditetapkan OPD)",
    "no_reported": "nomor sebagaimana dicetak (mis. I, 1, 1.1)",
    "order": "urutan program di laporan",
    "name": "nama sebagaimana dicetak",
    "sasaran_id": "kode sasaran, sama dengan kolom id di lembar sasaran",
    "anggaran_reported": "anggaran sebagaimana dicetak",
    "realisasi_reported": "realisasi anggaran sebagaimana dicetak",
    "outcome_indicator": "indikator outcome program",
    "outcome_unit": "satuan indikator outcome",
    "outcome_target": "target outcome",
    "outcome_realisasi": "realisasi outcome",
    "outcome_capaian_reported": "capaian outcome sebagaimana dicetak",
    "program_code": "kode program induk (kolom code di lembar programs)",
    "kegiatan_code": "kode kegiatan induk (kolom code di lembar kegiatan)",
    "output_indicator": "indikator keluaran",
    "output_unit": "satuan indikator keluaran",
    "output_target": "target keluaran",
    "output_realisasi": "realisasi keluaran",
    "share_reported": "porsi anggaran sebagaimana dicetak",
    "absorption_reported": "penyerapan anggaran sebagaimana dicetak",
    "capaian_kinerja_reported": "capaian kinerja sebagaimana dicetak",
    "efficiency_reported": "efisiensi sebagaimana dicetak",
    "tahap": "nomor tahap penyaluran",
    "basis_election_year": "tahun pemilu yang menjadi dasar perolehan suara",
    "months": "jumlah bulan (1-12)",
    "rate_per_vote": "besaran bantuan per suara",
    "election_year": "tahun pemilu",
    "party": "nama partai politik",
    "votes": "jumlah suara sah",
    "component": "komponen: tahap_1, tahap_2, ... atau jumlah",
    "amount_reported": "besaran sebagaimana dicetak",
    "hibah_recipients.table": "tabel laporan tempat penerima dicetak (mis. penyelenggara_pemilu)",
    "reported_totals.table": "nomor tabel laporan (mis. 3.6)",
    "recipient": "nama penerima hibah",
    "recipient_type": "jenis penerima: penyelenggara_pemilu, instansi_vertikal, ormas, lainnya",
    "form": "bentuk hibah: uang atau barang",
    "purpose": "peruntukan",
    "amount": "besaran hibah",
    "item": "baris laporan (mis. Jumlah)",
    "field": "kolom laporan (mis. anggaran)",
}

#: Usual kinds of belanja (suggestions: other wording is accepted).
BELANJA_TYPES = ("Belanja pegawai", "Belanja barang dan jasa", "Belanja Hibah",
                 "Belanja bantuan sosial", "Belanja modal tanah",
                 "Belanja modal peralatan dan mesin", "Belanja modal gedung dan bangunan",
                 "Belanja modal jalan, irigasi dan jaringan", "Belanja modal aset tetap lainnya",
                 "Belanja tidak terduga")
COMPONENTS = ("tahap_1", "tahap_2", "tahap_3", "jumlah")
BOOLEAN = ("true", "false")

#: Columns whose values are ids of another sheet: column -> (sheet, header there).
REFERENCES: dict[str, tuple[str, str]] = {
    "iku_id": ("iku", "id"),
    "sasaran_id": ("sasaran", "id"),
    "kegiatan.program_code": ("programs", "code"),
    "sub_kegiatan.kegiatan_code": ("kegiatan", "code"),
}


@dataclass(frozen=True)
class ColumnInfo:
    """One column of a table sheet as the template shows it."""

    table: str
    name: str
    kind: str
    required: bool  # must be filled in
    optional: bool  # the column itself may be left out
    meaning: str
    number_format: str
    choices: tuple[str, ...] = ()  # only these values (a strict dropdown)
    suggestions: tuple[str, ...] = ()  # usual values (a dropdown that accepts others)
    reference: tuple[str, str] | None = None  # (sheet, header) holding the allowed ids
    is_unit: bool = False
    rules: tuple[str, ...] = ()
    minimum: int | None = None  # whole numbers: the smallest allowed
    maximum: int | None = None

    @property
    def is_percent(self) -> bool:
        return self.kind == "float" and self.name.endswith("_reported")

    def comment(self) -> str:
        """The header comment: meaning, kind, whether it must be filled, allowed values."""
        lines = [self.meaning[:1].upper() + self.meaning[1:] + "."]
        kind = KINDS[self.kind]
        if self.kind == "money":
            kind += ", tanpa pemisah ribuan dan tanpa 'Rp'"
        elif self.is_percent:
            kind += " dalam persen (98.3 berarti 98,3 %), bukan format persen Excel"
        elif self.kind in ("str", "code"):
            kind += " (sel berformat Teks)"
        lines.append(f"Jenis: {kind}.")
        lines.append("Wajib diisi." if self.required else "Boleh kosong.")
        if self.choices:
            lines.append("Pilihan: " + ", ".join(self.choices) + ".")
        if self.is_unit:
            lines.append("Satuan bawaan atau yang didaftarkan di lembar satuan.")
        if self.reference:
            lines.append(f"Harus ada di kolom {self.reference[1]} lembar {self.reference[0]}.")
        lines += [rule[:1].upper() + rule[1:] + "." for rule in self.rules]
        return "\n".join(lines)


def _lookup(table: str, name: str, mapping: dict):
    return mapping.get(f"{table}.{name}", mapping.get(name))


def _bounds(col: Col) -> tuple[int | None, int | None]:
    low = high = None
    for check in col.checks:
        stats = check.statistics or {}
        if check.name == "greater_than_or_equal_to":
            low = stats.get("min_value")
        elif check.name == "greater_than":
            low = stats.get("min_value", 0) + 1
        elif check.name == "in_range":
            low, high = stats.get("min_value"), stats.get("max_value")
    return low, high


def column_info(spec: TableSpec, col: Col) -> ColumnInfo:
    """How the template presents one column of ``spec``."""
    choices: tuple[str, ...] = ()
    rules: list[str] = []
    for check in col.checks:
        allowed = (check.statistics or {}).get("allowed_values")
        if allowed:
            choices = tuple(allowed)
        elif check.error and check.error != "tidak boleh kosong":
            rules.append(check.error)
    if col.kind == "bool":
        choices = BOOLEAN
    suggestions: tuple[str, ...] = ()
    if col.name == "component":
        suggestions = COMPONENTS
    elif spec.name == "belanja" and col.name == "type":
        suggestions = BELANJA_TYPES
    if col.kind == "money":
        number_format = RUPIAH
    elif col.kind in ("str", "code", "bool"):
        number_format = TEXT
    elif col.kind == "float" and col.name.endswith("_reported"):
        number_format = PERCENT
    else:
        number_format = GENERAL
    low, high = _bounds(col) if col.kind in ("int", "year", "money") else (None, None)
    return ColumnInfo(
        table=spec.name, name=col.name, kind=col.kind, required=not col.nullable,
        optional=col.optional, meaning=_lookup(spec.name, col.name, MEANINGS) or col.name,
        number_format=number_format, choices=choices, suggestions=suggestions,
        reference=_lookup(spec.name, col.name, REFERENCES), is_unit=col.is_unit,
        rules=tuple(rules), minimum=low, maximum=high)


def table_columns(name: str) -> list[ColumnInfo]:
    """Every column of a table sheet, in the schema's order."""
    spec = TABLES[name]
    return [column_info(spec, col) for col in spec.columns]
