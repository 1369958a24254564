"""The allocation per sasaran as printed (allocation_sasaran; the tables of allocation,
performance and budget, and efficiency): anggaran, share, absorption, capaian and efficiency per
sasaran against the program tree and the IKU."""

from __future__ import annotations

from fractions import Fraction

from lkjip_nb.audit.budget_checks import program_tree
from lkjip_nb.audit.build import compare_money, compare_percent, finding, mean, pct_of
from lkjip_nb.audit.finding import Finding
from lkjip_nb.audit.indicator_checks import iku_capaian
from lkjip_nb.audit.numbers import as_int, missing, rupiah, show, show_exact
from lkjip_nb.audit.scope import Scope, ref

CHAPTER = "efficiency"


def sasaran_budget(scope: Scope) -> dict[str, dict[str, int]]:
    """Anggaran and realisasi per sasaran, summed from its programs' sub kegiatan."""
    out: dict[str, dict[str, int]] = {}
    for program in program_tree(scope):
        sid = str(program.row["sasaran_id"])
        item = out.setdefault(sid, {"anggaran": 0, "realisasi": 0})
        item["anggaran"] += program.anggaran
        item["realisasi"] += program.realisasi
    return out


def sasaran_names(scope: Scope) -> dict[str, str]:
    """'sasaran strategis 2' by sasaran id (its number in the profile, else its position)."""
    out = {}
    for i, s in enumerate(scope.profile.get("sasaran") or [], start=1):
        if isinstance(s, dict) and s.get("id"):
            number = s.get("number") if isinstance(s.get("number"), int) else i
            out[str(s["id"])] = f"sasaran strategis {number}"
    return out


def sasaran_capaian(scope: Scope, sasaran_id: str) -> tuple[Fraction | None, Fraction | None]:
    """(exact, from displayed) capaian of a sasaran: the mean capaian of its IKU, computed from
    exact IKU capaian and from each IKU capaian as displayed."""
    values = [iku_capaian(scope, k, scope.year) for k in scope.iku()
              if str(k.get("sasaran_id")) == sasaran_id]
    values = [v for v in values if v is not None]
    if not values:
        return None, None
    rule = scope.rule("capaian")
    return mean(values), mean([rule.apply(v) for v in values])


def allocation_checks(scope: Scope) -> list[Finding]:
    rows = scope.of_year("allocation_sasaran")
    if rows.empty or not scope.has("sub_kegiatan") or scope.of_year("sub_kegiatan").empty:
        return []
    budget = sasaran_budget(scope)
    total = sum(b["anggaran"] for b in budget.values())
    printed_total = sum(int(a) for a in rows["anggaran_reported"])
    use_displayed = scope.profile.get("efficiency_capaian", "displayed") == "displayed"
    names = sasaran_names(scope)
    out: list[Finding] = []
    for index, row in rows.iterrows():
        sid = str(row["sasaran_id"])
        b = budget.get(sid, {"anggaran": 0, "realisasi": 0})
        key = [row["year"], sid]
        label = names.get(sid, f"sasaran {sid}")

        def at(column: str, index=index, row=row) -> list[dict]:
            return [ref("allocation_sasaran", index, row, column=column)]

        for money in ("anggaran", "realisasi"):
            shown = as_int(row[f"{money}_reported"])
            if shown is None:
                continue
            f = compare_money("sum", at(f"{money}_reported"), [*key, money], reported=shown,
                              computed=b[money], subject=f"{money.capitalize()} {label}",
                              basis=f"jumlah {money} sub kegiatan program-programnya",
                              chapter=CHAPTER)
            if f:
                out.append(f)
        if not missing(row["share_reported"]) and total:
            f = compare_percent(
                "share", at("share_reported"), key, reported=float(row["share_reported"]),
                exact=pct_of(b["anggaran"], total), rule=scope.rule("porsi"),
                subject=f"Porsi anggaran {label}",
                formula=f"{rupiah(b['anggaran'])} / {rupiah(total)} × 100", chapter=CHAPTER,
                alternatives=[("anggaran tercetak", pct_of(int(row["anggaran_reported"]),
                                                           printed_total))],
                printed=scope.digits(at("share_reported")[0]))
            if f:
                out.append(f)
        if not missing(row["absorption_reported"]) and b["anggaran"]:
            alternatives = []
            if as_int(row["realisasi_reported"]) is not None and int(row["anggaran_reported"]):
                alternatives.append(("angka tercetak", pct_of(int(row["realisasi_reported"]),
                                                              int(row["anggaran_reported"]))))
            f = compare_percent(
                "absorption", at("absorption_reported"), key,
                reported=float(row["absorption_reported"]),
                exact=pct_of(b["realisasi"], b["anggaran"]), rule=scope.rule("persen_anggaran"),
                subject=f"Penyerapan anggaran {label}",
                formula=f"{rupiah(b['realisasi'])} / {rupiah(b['anggaran'])} × 100",
                chapter=CHAPTER, alternatives=alternatives,
                printed=scope.digits(at("absorption_reported")[0]))
            if f:
                out.append(f)
        cap_exact, cap_shown = sasaran_capaian(scope, sid)
        if not missing(row["capaian_kinerja_reported"]):
            if cap_exact is None:
                out.append(_no_capaian(at("capaian_kinerja_reported"), key, label,
                                       row["capaian_kinerja_reported"]))
            else:
                f = compare_percent(
                    "sasaran_capaian", at("capaian_kinerja_reported"), key,
                    reported=float(row["capaian_kinerja_reported"]), exact=cap_exact,
                    rule=scope.rule("capaian"), subject=f"Capaian kinerja {label}",
                    formula="rata-rata capaian IKU-nya", chapter=CHAPTER,
                    alternatives=[("capaian IKU yang sudah dibulatkan", cap_shown)],
                    printed=scope.digits(at("capaian_kinerja_reported")[0]))
                if f:
                    out.append(f)
        if not missing(row["efficiency_reported"]) and cap_exact is not None:
            used, other = (cap_shown, cap_exact) if use_displayed else (cap_exact, cap_shown)
            if b["anggaran"] > 0 and used:  # else efficiency is undefined
                value = _efficiency(b["anggaran"], b["realisasi"], used)
                alt = _efficiency(b["anggaran"], b["realisasi"], other)
                basis = ("capaian eksak" if use_displayed
                         else "capaian yang sudah dibulatkan")
                f = compare_percent(
                    "efficiency", at("efficiency_reported"), key,
                    reported=float(row["efficiency_reported"]), exact=value,
                    rule=scope.rule("efisiensi"), subject=f"Tingkat efisiensi {label}",
                    formula=f"({rupiah(b['anggaran'])} × {show_exact(used, 4)} % − "
                            f"{rupiah(b['realisasi'])}) / ({rupiah(b['anggaran'])} × "
                            f"{show_exact(used, 4)} %) × 100",
                    chapter=CHAPTER, alternatives=[(basis, alt)],
                    printed=scope.digits(at("efficiency_reported")[0]))
                if f:
                    out.append(f)
    listed = set(str(s) for s in rows["sasaran_id"])
    for sid, b in budget.items():
        if sid not in listed and b["anggaran"]:
            label = names.get(sid, f"sasaran {sid}")
            out.append(finding(
                "cross_table", "warning", [{"table": "allocation_sasaran", "year": scope.year,
                                            "sasaran_id": sid}], [scope.year, sid, "missing"],
                reported=None, recomputed=b["anggaran"], chapter=CHAPTER,
                subject=f"Alokasi anggaran {label}",
                cause=f"{label.capitalize()} beranggaran {rupiah(b['anggaran'])} menurut "
                      "program-programnya, tetapi tidak ada dalam tabel alokasi per sasaran.",
                suggestion="Tambahkan sasaran ini ke tabel alokasi per sasaran."))
    return out


def _efficiency(anggaran: int, realisasi: int, capaian: Fraction) -> Fraction:
    expected = Fraction(anggaran) * Fraction(capaian) / 100
    return (expected - realisasi) / expected * 100


def _no_capaian(rows, key, label, reported) -> Finding:
    return finding("sasaran_capaian", "warning", rows, key, reported=float(reported),
                   recomputed=None, subject=f"Capaian kinerja {label}", chapter=CHAPTER,
                   cause=f"Capaian kinerja {label} tercetak {show(reported)} %, tetapi target "
                         "atau realisasi IKU-nya tidak ada dalam data.",
                   suggestion="Lengkapi target dan realisasi IKU sasaran ini.")


def checks(scope: Scope) -> list[Finding]:
    return allocation_checks(scope)
