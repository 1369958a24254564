"""Units of measurement: a built-in vocabulary (word -> kind) an agency extends in profile.yaml.

A unit is a word as the report prints it (``persen``, ``jiwa``, ``per 1.000 kelahiran hidup``);
its *kind* says how a value in it is read and shown. Words are matched without regard to case
or repeated spaces. An agency declares further words, or another kind for a built-in word, under
``units:`` in its profile.yaml (``word: kind``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: Every kind of unit, with what it means (as the documentation and messages say it).
KINDS: dict[str, str] = {
    "percent": "persentase",
    "index": "indeks",
    "score": "nilai atau skor",
    "grade": "predikat atau kategori",
    "money": "Rupiah",
    "count": "jumlah atau besaran: orang, kasus, kegiatan, hari, km, ton, ha, ...",
    "rate": "angka per sekian, mis. per 1.000 kelahiran hidup",
}

_WORDS: dict[str, tuple[str, ...]] = {
    "percent": ("persen", "%", "persentase", "prosentase"),
    "index": ("indeks", "index"),
    "score": ("nilai", "skor", "poin"),
    "grade": ("predikat", "kategori"),
    "money": ("rupiah", "rp", "rp."),
    "count": (
        # people and households
        "orang", "jiwa", "penduduk", "peserta", "pasien", "balita", "bayi", "ibu", "siswa",
        "mahasiswa", "guru", "pegawai", "asn", "petugas", "kader", "relawan", "petani",
        "nelayan", "rumah tangga", "keluarga", "kk", "kelompok",
        # cases, documents and activities
        "kasus", "konflik", "kejadian", "perkara", "pengaduan", "aduan", "laporan", "dokumen",
        "berkas", "surat", "naskah", "eksemplar", "buku", "rekomendasi", "izin", "sertifikat",
        "regulasi", "kebijakan", "perda", "perbup", "kegiatan", "program", "layanan",
        "inovasi", "aplikasi", "sistem", "paket", "unit", "buah", "set", "jenis", "produk",
        # organisations and places
        "lembaga", "ormas", "instansi", "perusahaan", "usaha", "umkm", "koperasi", "sekolah",
        "puskesmas", "posyandu", "rumah sakit", "fasilitas", "gedung", "ruang", "desa",
        "kelurahan", "kecamatan", "dusun", "lokasi", "titik", "kawasan", "wilayah",
        # times
        "kali", "hari", "minggu", "bulan", "tahun", "jam",
        # physical quantities
        "km", "m", "m2", "m3", "meter", "ha", "hektar", "ton", "kg", "liter",
        "ekor", "pohon", "batang",
    ),
    "rate": ("permil", "‰"),
}

#: The built-in vocabulary: unit word (normalised) -> kind.
BUILTIN: dict[str, str] = {word: kind for kind, words in _WORDS.items() for word in words}


def normalise(word: Any) -> str:
    """The form a unit word is matched in: lower case, single spaces, no spaces at the ends."""
    return " ".join(str(word).split()).casefold()


def declared_units(declared: Any) -> dict[str, str]:
    """An agency's ``units:`` mapping, normalised; entries with an unknown kind are left out."""
    if not isinstance(declared, Mapping):
        return {}
    return {normalise(word): kind for word, kind in declared.items()
            if isinstance(word, str) and isinstance(kind, str) and kind in KINDS}


def unit_kind(word: Any, declared: Mapping[str, str] | None = None) -> str | None:
    """The kind of unit ``word``: declared by the agency first, else built in; None if unknown.

    ``declared`` is the profile's ``units:`` mapping (word -> kind) as written.
    """
    if word is None or (isinstance(word, float) and word != word):  # None or NaN
        return None
    key = normalise(word)
    if not key:
        return None
    return declared_units(declared).get(key) or BUILTIN.get(key)


def is_declared(word: Any, declared: Any) -> bool:
    """Whether ``word`` appears under ``units:`` at all (whatever kind it was given)."""
    return isinstance(declared, Mapping) and normalise(word) in {
        normalise(w) for w in declared if isinstance(w, str)}


def kinds_text() -> str:
    """The kinds as a sentence for messages: ``percent (persentase), index (indeks), ...``."""
    return ", ".join(f"{kind} ({meaning})" for kind, meaning in KINDS.items())


def how_to_declare(word: Any) -> str:
    """The message for a unit that is neither built in nor declared, telling how to declare it."""
    return (f"satuan '{word}' tidak dikenal; bila benar, daftarkan di profile.yaml di bawah "
            f"'units:' sebagai '{word}: <jenis>' dengan jenis salah satu dari: {kinds_text()}")
