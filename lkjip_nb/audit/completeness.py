"""What PermenPANRB 53/2014 expects Bab III to show for each IKU, and the dataset lacks: the
year's target and realisasi, earlier realisasi, the Renstra end target, a national or regional
comparison, the budget behind it (efficiency) and the programs that support it."""

from __future__ import annotations

from lkjip_nb.audit.build import finding
from lkjip_nb.audit.efficiency_checks import sasaran_budget
from lkjip_nb.audit.finding import Finding
from lkjip_nb.audit.indicator_checks import end_target, primary, target
from lkjip_nb.audit.scope import HISTORY_YEARS, Scope

CHAPTER = "indicators"
LEGAL = "PermenPANRB 53/2014, Bab III"


#: What each element is called in a finding's subject.
ELEMENTS = {"target": "target tahun ini", "realisasi": "realisasi tahun ini",
            "history": "realisasi tahun-tahun sebelumnya", "end_target": "target akhir Renstra",
            "comparison": "pembanding nasional/wilayah lain", "programs": "program pendukung",
            "budget": "anggaran program pendukung"}


def _lack(iku: dict, year: int, element: str, severity: str, cause: str,
          suggestion: str, table: str) -> Finding:
    name = str(iku.get("text") or iku.get("id"))
    return finding("completeness", severity, [{"table": table, "year": year,
                                               "iku_id": iku.get("id")}],
                   [iku.get("id"), year, element], reported=None, recomputed=None,
                   subject=f"{name}: tidak ada {ELEMENTS[element]}", chapter=CHAPTER,
                   cause=f"Untuk {name} tahun {year}, {cause}", suggestion=suggestion,
                   table="iku")


def checks(scope: Scope) -> list[Finding]:
    year = scope.year
    out = []
    comparison = scope.full("regional_comparison")
    budget = sasaran_budget(scope) if scope.has("sub_kegiatan") else {}
    programs = scope.of_year("programs")
    known_years = set(int(y) for y in scope.full("iku_realisasi")["year"])
    for k in scope.iku():
        iku_id = str(k.get("id"))
        if target(scope, iku_id, year) is None:
            out.append(_lack(k, year, "target", "warning",
                             "target tahun ini tidak ada dalam data; capaian tidak dapat "
                             f"dihitung ({LEGAL}: membandingkan target dan realisasi).",
                             "Lengkapi target (Perjanjian Kinerja) tahun ini.", "iku_targets"))
        if primary(scope, iku_id, year) is None:
            out.append(_lack(k, year, "realisasi", "warning",
                             f"realisasi tahun ini tidak ada dalam data ({LEGAL}).",
                             "Lengkapi realisasi tahun ini.", "iku_realisasi"))
        earlier = [y for y in range(year - HISTORY_YEARS, year)
                   if y >= min(known_years, default=year) and primary(scope, iku_id, y) is None]
        if earlier:
            years = ", ".join(map(str, earlier))
            out.append(_lack(k, year, "history", "info",
                             f"realisasi tahun {years} tidak ada dalam data; perbandingan "
                             f"dengan tahun-tahun sebelumnya tidak dapat disajikan ({LEGAL}).",
                             f"Lengkapi realisasi tahun {years}.", "iku_realisasi"))
        if end_target(scope, iku_id) is None:
            out.append(_lack(k, year, "end_target", "info",
                             "target akhir Renstra tidak ada dalam data; kemajuan terhadap "
                             f"target jangka menengah tidak dapat dihitung ({LEGAL}).",
                             "Lengkapi target Renstra tahun akhir periode.", "iku_targets"))
        rows = comparison[(comparison["iku_id"] == iku_id) & (comparison["year"] == year)] \
            if not comparison.empty else comparison
        if rows.empty or not (~rows["is_self"]).any():
            out.append(_lack(k, year, "comparison", "info",
                             "tidak ada pembanding nasional atau wilayah lain dalam data "
                             f"({LEGAL}: membandingkan dengan standar nasional bila ada).",
                             "Tambahkan nilai nasional, provinsi atau kabupaten/kota lain bila "
                             "tersedia, atau nyatakan bahwa pembanding tidak tersedia.",
                             "regional_comparison"))
        sid = str(k.get("sasaran_id"))
        supporting = programs[programs["sasaran_id"] == sid] if not programs.empty else programs
        if supporting.empty:
            out.append(_lack(k, year, "programs", "warning",
                             "tidak ada program yang mendukung sasarannya dalam data; analisis "
                             f"program penunjang tidak dapat disajikan ({LEGAL}).",
                             "Lengkapi program, kegiatan dan sub kegiatan tahun ini.",
                             "programs"))
        elif not budget.get(sid, {}).get("anggaran"):
            out.append(_lack(k, year, "budget", "info",
                             "program pendukungnya tidak memiliki anggaran dalam data; "
                             f"efisiensi penggunaan sumber daya tidak dapat dihitung ({LEGAL}).",
                             "Lengkapi anggaran dan realisasi sub kegiatannya.", "sub_kegiatan"))
    return out
