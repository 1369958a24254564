"""IKU figures: capaian, progress to the Renstra end target, grades, a realisasi printed in two
tables, Perjanjian Kinerja against Renstra targets, formula inputs, program outcomes."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

import pandas as pd

from lkjip_nb import indicators
from lkjip_nb.audit.build import compare_money, compare_percent, finding
from lkjip_nb.audit.finding import Finding
from lkjip_nb.audit.numbers import judge, missing, show, show_exact
from lkjip_nb.audit.scope import Scope, profile_ref, ref
from lkjip_nb.audit.wording import PRINTED_REPORT, printed_table, printed_verb
from lkjip_nb.rounding import Rule, to_decimal

CHAPTER = "indicators"
#: Gradings and where their scale lives in profile.yaml (section, name key).
GRADINGS = {"sakip": ("sakip_grades", "grade"), "iks": ("iks_categories", "category")}
#: How the kinds of target are called in sentences.
TARGET_WORDS = {"pk": "Perjanjian Kinerja", "renstra": "Renstra", "annual": "tahunan",
                "rpjmd": "RPJMD"}


def exact(value: object) -> Fraction:
    """A printed figure as an exact fraction (84.61 -> 8461/100)."""
    return Fraction(to_decimal(value))


def iku_by_id(scope: Scope) -> dict[str, dict]:
    return {str(k.get("id")): k for k in scope.iku()}


def target(scope: Scope, iku_id: str, year: int) -> tuple[int, pd.Series] | None:
    """(index, row) of the target that counts for a year (PK first, then annual, ...)."""
    frame = scope.full("iku_targets")
    rows = frame[(frame["iku_id"] == iku_id) & (frame["year"] == year)]
    for kind in indicators.TARGET_PRIORITY:
        hit = rows[rows["kind"] == kind]
        if not hit.empty:
            return int(hit.index[0]), hit.iloc[0]
    return None


def end_target(scope: Scope, iku_id: str) -> tuple[int, pd.Series] | None:
    """(index, row) of the Renstra end-of-period target."""
    frame = scope.full("iku_targets")
    if scope.end_year is None:
        return None
    hit = frame[(frame["iku_id"] == iku_id) & (frame["year"] == scope.end_year)
                & (frame["kind"] == "renstra")]
    return None if hit.empty else (int(hit.index[0]), hit.iloc[0])


def primary(scope: Scope, iku_id: str, year: int) -> tuple[int, pd.Series] | None:
    frame = scope.full("iku_realisasi")
    hit = frame[(frame["iku_id"] == iku_id) & (frame["year"] == year) & frame["primary"]]
    return None if hit.empty else (int(hit.index[0]), hit.iloc[0])


def rule_of(scope: Scope, iku: Mapping) -> str:
    return indicators.capaian_rule(iku, scope.profile)


def capaian_of(realisasi: object, goal: object, iku: Mapping, rule: str) -> Fraction | None:
    """Exact capaian of a realisasi against a target by the IKU's rule (None if undefined)."""
    if missing(realisasi) or missing(goal):
        return None
    r, t = exact(realisasi), exact(goal)
    try:
        return Fraction(indicators.capaian(r, t, iku.get("direction", "higher"), rule))
    except ZeroDivisionError:
        return None


FORMULA_TEXT = {"ratio": "{r} / {t} × 100", "inverse_gap": "(2 × {t} − {r}) / {t} × 100",
                "inverse_ratio": "{t} / {r} × 100"}


def formula_text(rule: str, realisasi: object, goal: object) -> str:
    return FORMULA_TEXT.get(rule, FORMULA_TEXT["ratio"]).format(r=show(realisasi),
                                                                 t=show(goal))


def iku_capaian(scope: Scope, iku: Mapping, year: int) -> Fraction | None:
    """Exact capaian of an IKU's primary realisasi against the year's target."""
    t = target(scope, str(iku["id"]), year)
    r = primary(scope, str(iku["id"]), year)
    if t is None or r is None:
        return None
    return capaian_of(r[1]["realisasi"], t[1]["target"], iku, rule_of(scope, iku))


def _iku_name(iku: Mapping) -> str:
    return str(iku.get("text") or iku.get("id"))


def _where(reported_in: object) -> str:
    """Where the printed report prints an IKU row: 'Tabel 2.4 laporan tercetak', 'tabel
    sasaran 3' (a named group), 'laporan tercetak' when the data do not say."""
    if missing(reported_in) or not str(reported_in).strip():
        return PRINTED_REPORT
    text = str(reported_in).strip()
    return printed_table(text) if text[:1].isdigit() else f"tabel {text.replace('-', ' ')}"


def capaian_checks(scope: Scope) -> list[Finding]:
    """Printed capaian and progress of every IKU realisasi of the audited years."""
    iku = iku_by_id(scope)
    out = []
    for index, row in scope.in_window("iku_realisasi").iterrows():
        k = iku.get(str(row["iku_id"]))
        if k is None:
            continue
        rule = rule_of(scope, k)
        year = int(row["year"])
        where = _where(row["reported_in"])
        if not missing(row["capaian_reported"]):
            t = target(scope, k["id"], year)
            value = None if t is None else capaian_of(row["realisasi"], t[1]["target"], k, rule)
            rows = [ref("iku_realisasi", index, row, column="capaian_reported")]
            if t is not None:
                rows.append(ref("iku_targets", t[0], t[1]))
            f = _ratio_finding("capaian", rows, [k["id"], year, row["reported_in"]],
                               row["capaian_reported"], value, scope.rule("capaian"),
                               f"Capaian {_iku_name(k)} tahun {year} pada {where}",
                               formula_text(rule, row["realisasi"],
                                            None if t is None else t[1]["target"]),
                               "target tahun itu", digits=scope.digits(rows[0]))
            if f:
                out.append(f)
        if not missing(row["progress_reported"]):
            t = end_target(scope, k["id"])
            value = None if t is None else capaian_of(row["realisasi"], t[1]["target"], k, rule)
            rows = [ref("iku_realisasi", index, row, column="progress_reported")]
            if t is not None:
                rows.append(ref("iku_targets", t[0], t[1]))
            f = _ratio_finding("progress", rows, [k["id"], year, row["reported_in"]],
                               row["progress_reported"], value, scope.rule("kemajuan"),
                               f"Kemajuan {_iku_name(k)} tahun {year} terhadap target akhir "
                               f"Renstra pada {where}",
                               formula_text(rule, row["realisasi"],
                                            None if t is None else t[1]["target"]),
                               "target akhir Renstra", digits=scope.digits(rows[0]))
            if f:
                out.append(f)
    return out


def _ratio_finding(check, rows, key, reported, value, rule, subject, formula, missing_what,
                   chapter: str = CHAPTER, digits: int | None = None) -> Finding | None:
    if value is None:
        return finding(check, "warning", rows, key, reported=float(reported), recomputed=None,
                       subject=subject, chapter=chapter,
                       cause=f"{subject} {printed_verb(subject)} {show(reported)} %, tetapi "
                             f"{missing_what} "
                             "tidak ada dalam data sehingga angka ini tidak dapat diperiksa.",
                       suggestion=f"Lengkapi {missing_what} dalam data.")
    return compare_percent(check, rows, key, reported=float(reported), exact=value, rule=rule,
                           subject=subject, formula=formula, chapter=chapter, printed=digits)


def _scale(scope: Scope, grading: str) -> tuple[list, bool, str] | None:
    """(bands, authoritative, section) of a grading scale; authoritative when the profile
    names its legal basis."""
    if grading not in GRADINGS:
        return None
    section, _ = GRADINGS[grading]
    spec = scope.profile.get(section)
    if not isinstance(spec, Mapping) or not spec.get("scale"):
        return None
    return list(spec["scale"]), bool(spec.get("legal_basis")), section


def grade_of(scope: Scope, grading: str, value: object) -> str | None:
    found = _scale(scope, grading)
    if found is None or missing(value):
        return None
    return indicators.classify(float(value), found[0], GRADINGS[grading][1])


def _band_text(scope: Scope, grading: str, grade: str) -> str:
    bands, _, _ = _scale(scope, grading)
    name = GRADINGS[grading][1]
    for i, band in enumerate(bands):
        if str(band.get(name)) != grade:
            continue
        above = band.get("above")
        upper = bands[i - 1].get("above") if i > 0 else None
        if above is None:
            return f"paling tinggi {show(upper)}" if upper is not None else "semua nilai"
        return (f"di atas {show(above)}" + (f" s.d. {show(upper)}" if upper is not None
                                            else ""))
    return "tidak ada dalam skala"


def grade_checks(scope: Scope) -> list[Finding]:
    """Printed grades (realisasi and targets) against the grade their value earns."""
    iku = iku_by_id(scope)
    out = []
    sources = [("iku_realisasi", scope.in_window("iku_realisasi"), "realisasi", "grade_reported")]
    targets = scope.full("iku_targets")
    years = set(scope.years) | ({scope.end_year} if scope.end_year else set())
    sources.append(("iku_targets", targets[targets["year"].isin(years)], "target",
                    "target_grade"))
    for table, frame, value_col, grade_col in sources:
        for index, row in frame.iterrows():
            k = iku.get(str(row["iku_id"]))
            printed_grade = row[grade_col]
            if k is None or missing(printed_grade) or not k.get("grading"):
                continue
            found = _scale(scope, str(k["grading"]))
            if found is None:
                continue
            _, authoritative, section = found
            grade = grade_of(scope, str(k["grading"]), row[value_col])
            if grade is None or grade == str(printed_grade).strip():
                continue
            what = ("realisasi" if value_col == "realisasi"
                    else f"target {TARGET_WORDS.get(str(row['kind']), row['kind'])}")
            where = _where(row["reported_in"])
            subject = f"Predikat {what} {_iku_name(k)} tahun {row['year']} pada {where}"
            basis = scope.profile[section].get("legal_basis")
            out.append(finding(
                "grade", "error" if authoritative else "warning",
                [ref(table, index, row, column=grade_col), profile_ref(f"{section}.scale")],
                [row["iku_id"], row["year"],
                 row["reported_in"] if table == "iku_realisasi" else row["kind"]],
                reported=str(printed_grade), recomputed=grade, chapter=CHAPTER,
                subject=subject, exact=row[value_col],
                cause=f"{subject} {printed_verb(subject)} {printed_grade} untuk nilai "
                      f"{show(row[value_col])}, "
                      f"sedangkan menurut skala "
                      f"{'(' + str(basis) + ') ' if basis else '(asumsi profil) '}nilai itu "
                      f"berpredikat {grade} ({_band_text(scope, str(k['grading']), grade)}); "
                      f"predikat {printed_grade} untuk nilai "
                      f"{_band_text(scope, str(k['grading']), str(printed_grade))}.",
                suggestion=f"Perbaiki predikat menjadi {grade}, atau periksa nilainya."))
    return out


def two_tables(scope: Scope) -> list[Finding]:
    """A realisasi of the same IKU and year printed differently in two tables."""
    iku = iku_by_id(scope)
    frame = scope.in_window("iku_realisasi")
    out = []
    for (iku_id, year), group in frame.groupby(["iku_id", "year"], sort=False):
        if len(group) < 2:
            continue
        base = group[group["primary"]]
        base_index = base.index[0] if not base.empty else group.index[0]
        base_row = group.loc[base_index]
        k = iku.get(str(iku_id), {"text": iku_id})
        for index, row in group.drop(index=base_index).iterrows():
            if exact(row["realisasi"]) == exact(base_row["realisasi"]):
                continue
            a, b = _where(row["reported_in"]), _where(base_row["reported_in"])
            subject = f"Realisasi {_iku_name(k)} tahun {year} pada {a}"
            note = f" Catatan data: {row['note']}." if "note" in row and not missing(
                row["note"]) else ""
            out.append(finding(
                "cross_table", "error",
                [ref("iku_realisasi", index, row, column="realisasi"),
                 ref("iku_realisasi", base_index, base_row, column="realisasi")],
                [iku_id, year, row["reported_in"]], reported=float(row["realisasi"]),
                recomputed=float(base_row["realisasi"]),
                difference=float(exact(row["realisasi"]) - exact(base_row["realisasi"])),
                chapter=CHAPTER, subject=subject,
                cause=f"{subject} {printed_verb(subject)} {show(row['realisasi'])}, tetapi "
                      f"{show(base_row['realisasi'])} pada {b}"
                      f"{' (realisasi utama dalam data)' if base_row['primary'] else ''}; "
                      f"angka satu tahun yang sama harus sama di semua tabel.{note}",
                suggestion=f"Tetapkan satu angka realisasi tahun {year} (sesuai dokumen "
                           f"sumber) dan samakan di {a} dan {b}."))
    return out


def target_checks(scope: Scope) -> list[Finding]:
    """Perjanjian Kinerja targets against the Renstra (and annual) targets of the same year."""
    frame = scope.full("iku_targets")
    frame = frame[frame["year"].isin(scope.years)]
    iku = iku_by_id(scope)
    out = []
    for (iku_id, year), group in frame.groupby(["iku_id", "year"], sort=False):
        pk = group[group["kind"] == "pk"]
        if pk.empty:
            continue
        pk_index, pk_row = pk.index[0], pk.iloc[0]
        for kind in ("renstra", "annual"):
            other = group[group["kind"] == kind]
            if other.empty or exact(other["target"].iloc[0]) == exact(pk_row["target"]):
                continue
            o_index, o_row = other.index[0], other.iloc[0]
            name = _iku_name(iku.get(str(iku_id), {"text": iku_id}))
            label = "Renstra" if kind == "renstra" else "tahunan"
            out.append(finding(
                "target_pk", "warning",
                [ref("iku_targets", pk_index, pk_row, column="target"),
                 ref("iku_targets", o_index, o_row, column="target")],
                [iku_id, year, kind], reported=float(pk_row["target"]),
                recomputed=float(o_row["target"]),
                difference=float(exact(pk_row["target"]) - exact(o_row["target"])),
                chapter="planning",
                subject=f"Target Perjanjian Kinerja {name} tahun {year}",
                cause=f"Target Perjanjian Kinerja {name} tahun {year} "
                      f"{show(pk_row['target'])}, sedangkan target {label} tahun itu "
                      f"{show(o_row['target'])}. Perjanjian Kinerja seharusnya menjabarkan "
                      f"target {label}; perbedaan perlu dijelaskan.",
                suggestion="Jelaskan perubahan target (mis. Renstra perubahan) atau samakan "
                           "targetnya."))
    return out


def formula_checks(scope: Scope) -> list[Finding]:
    """An IKU whose formula inputs give another result than the printed one or the realisasi."""
    if not scope.has("iku_formula_inputs"):
        return []
    iku = iku_by_id(scope)
    out = []
    for index, row in scope.of_year("iku_formula_inputs").iterrows():
        k = iku.get(str(row["iku_id"]), {"text": row["iku_id"]})
        result = Fraction(exact(row["numerator"]) * 100, exact(row["denominator"]))
        formula = f"{show(row['numerator'])} / {show(row['denominator'])} × 100"
        name = _iku_name(k)
        if not missing(row["result_reported"]):
            where = ref("iku_formula_inputs", index, row, column="result_reported")
            f = compare_percent("formula", [where], [row["iku_id"], row["year"], "result"],
                                reported=float(row["result_reported"]), exact=result,
                                rule=scope.rule("capaian"),
                                subject=f"Hasil rumus {name} tahun {row['year']}",
                                formula=formula, chapter=CHAPTER, printed=scope.digits(where))
            if f:
                out.append(f)
        r = primary(scope, str(row["iku_id"]), int(row["year"]))
        if r is None:
            continue
        r_index, r_row = r
        stated = r_row["realisasi"]
        stated_digits = scope.digits(ref("iku_realisasi", r_index, r_row, column="realisasi"))
        if judge(stated, result, Rule("half_up", 0), printed=stated_digits).status != "mismatch":
            continue  # the realisasi is the result at its printed precision
        t = target(scope, str(row["iku_id"]), int(row["year"]))
        extra = ""
        if t is not None and not missing(t[1]["target"]):
            rule = rule_of(scope, k)
            cap = capaian_of(result, t[1]["target"], k, rule)
            if exact(stated) == exact(t[1]["target"]):
                extra += " Realisasi yang dilaporkan sama dengan targetnya."
            if cap is not None:
                extra += (f" Dengan hasil rumus, capaian terhadap target "
                          f"{show(t[1]['target'])} menjadi "
                          f"{show(scope.rule('capaian').apply(cap))} %.")
        out.append(finding(
            "formula", "error",
            [ref("iku_formula_inputs", index, row),
             ref("iku_realisasi", r_index, r_row, column="realisasi")],
            [row["iku_id"], row["year"], "realisasi"], reported=float(stated),
            recomputed=result, difference=float(exact(stated) - result), exact=result,
            chapter=CHAPTER, subject=f"Realisasi {name} tahun {row['year']}",
            cause=f"Realisasi {name} tahun {row['year']} dilaporkan {show(stated)}, sedangkan "
                  f"rumusnya dengan masukan yang tercatat ({row['numerator_label']}: "
                  f"{show(row['numerator'])}; {row['denominator_label']}: "
                  f"{show(row['denominator'])}) menghasilkan {formula} = "
                  f"{show_exact(result, 2)}.{extra}",
            suggestion="Laporkan realisasi sesuai hasil rumus, atau perbaiki masukan rumusnya "
                       "bila realisasi yang dilaporkan benar."))
    return out


def conflict_checks(scope: Scope) -> list[Finding]:
    """Formula inputs that count conflicts against the listed conflict events of the year."""
    if not scope.has("iku_formula_inputs", "konflik"):
        return []
    events = scope.of_year("konflik")
    if events.empty:
        return []
    counted = {"denominator": len(events), "numerator": int(events["handled"].sum())}
    out = []
    for index, row in scope.of_year("iku_formula_inputs").iterrows():
        labels = f"{row['numerator_label']} {row['denominator_label']}".lower()
        if "konflik" not in labels:
            continue
        for part, what in (("denominator", "kejadian"), ("numerator", "kejadian tertangani")):
            f = compare_money(
                "count", [ref("iku_formula_inputs", index, row, column=part),
                          {"table": "konflik", "year": scope.year}],
                [row["iku_id"], row["year"], part], reported=int(row[part]),
                computed=counted[part], money=False, severity="warning", chapter=CHAPTER,
                subject=f"{row[part + '_label']} tahun {row['year']}",
                basis=f"banyaknya {what} dalam daftar kejadian menonjol")
            if f:
                out.append(f)
    return out


def program_outcome_checks(scope: Scope) -> list[Finding]:
    """Printed capaian of program outcomes: realisasi / target x 100."""
    out = []
    for index, row in scope.of_year("programs").iterrows():
        reported = row.get("outcome_capaian_reported")
        if missing(reported):
            continue
        value = None
        if not missing(row["outcome_realisasi"]) and not missing(row["outcome_target"]) \
                and exact(row["outcome_target"]) != 0:
            value = exact(row["outcome_realisasi"]) * 100 / exact(row["outcome_target"])
        where = ref("programs", index, row, column="outcome_capaian_reported")
        f = _ratio_finding(
            "program_capaian", [where], [row["year"], row["code"]], reported, value,
            scope.rule("capaian_program"),
            f"Capaian outcome program {row['code']} tahun {row['year']}",
            f"{show(row['outcome_realisasi'])} / {show(row['outcome_target'])} × 100",
            "target atau realisasi outcome", chapter="budget", digits=scope.digits(where))
        if f:
            out.append(f)
    return out


def checks(scope: Scope) -> list[Finding]:
    return (capaian_checks(scope) + grade_checks(scope) + two_tables(scope)
            + target_checks(scope) + formula_checks(scope) + conflict_checks(scope)
            + program_outcome_checks(scope))
