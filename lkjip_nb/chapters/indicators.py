"""Bab III.A.1-4: Tabel 3.1, one table per sasaran, Tabel 3.2, IKU formulas, regional
comparisons, conflicts, election turnout and the turnout program's outcome.

Functions return exact frames (for arithmetic and key figures) and display frames of strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
from markupsafe import Markup

from lkjip_nb import elections, indicators, narrative
from lkjip_nb import present as p
from lkjip_nb.audit import Finding, for_row, select
from lkjip_nb.chapters.audit import beside, findings, mark, on_cells, sentences, unique, worst
from lkjip_nb.chapters.budget import lead, program_name
from lkjip_nb.chapters.common import (
    blank_repeats,
    capaian_formula_note,
    ever_has,
    has_grading,
    performance,
    rule_text,
    table_if_any,
    unit_suffix,
    value_label,
)
from lkjip_nb.chapters.planning import LABEL_GRADINGS, count_words, letter, nn
from lkjip_nb.narrative import AgencyTexts, join_id
from lkjip_nb.present import agency_label, md_text
from lkjip_nb.tex import tex_text

#: What a table shows for an IKU without realisasi in the year.
NO_REALISASI = "tidak tersedia"

#: How many earlier years the per-sasaran tables show.
HISTORY_YEARS = 2


def _grade(iku_row, value, profile) -> str | None:
    value = nn(value)
    if value is None or iku_row.get("grading") not in LABEL_GRADINGS:
        return None
    return indicators.grade_for(iku_row, value, profile)


def label(ctx, value, unit: str, iku_row, grade_found: Finding | None = None,
          value_found: Finding | None = None, what: str = "tercetak"):
    """An IKU value as the report writes it ('90 %', '84,61', 'B (66,55)'), the grade computed;
    the printed label beside where the audit finds its grade (``grade_found``) or value
    (``value_found``) different."""
    value = nn(value)
    grade = _grade(iku_row, value, ctx.profile)
    mine = value_label(ctx, value, unit, grade)
    f = worst(grade_found, value_found)
    if f is None:
        return mine
    pv = value if value_found is None else value_found.reported
    pg = grade_found.reported if grade_found is not None else grade
    return beside(mine, f, printed=value_label(ctx, pv, unit, pg), what=what)


def capaian_label(ctx, value, found: Finding | None = None, kind: str = "capaian"):
    """'98,3 %' (policy-rounded, trailing zeros dropped like the report) with the printed value
    beside where the audit finds it different."""
    value = nn(value)
    if value is None:
        return "–"
    return beside(ctx.fmt.compact(value, kind) + "\u00a0%", found,
                  lambda v: ctx.fmt.compact(v, kind) + "\u00a0%")


def realisasi_mark(ctx, iku_id: str, year: int, column: str,
                   reported_in: str | None) -> Finding | None:
    """The audit's finding on a printed cell of an IKU realisasi row (``grade_reported``,
    ``capaian_reported``, ...), the row named by where it is printed."""
    if reported_in is None:
        return None
    return mark(findings(ctx), "iku_realisasi", column, iku_id=iku_id, year=year,
                reported_in=reported_in)


def target_mark(ctx, iku_id: str, year: int, kind: str | None) -> Finding | None:
    """The audit's finding on the printed grade of an IKU target (by its kind)."""
    if kind is None:
        return None
    return mark(findings(ctx), "iku_targets", "target_grade", iku_id=iku_id, year=year,
                kind=kind)


def shown_row(ctx, iku_id: str, year: int, column: str | None = None) -> str | None:
    """Where the realisasi row a table shows is printed: the primary row of the year, or (with
    ``column``) the row printing that column (Tabel 3.2 prints the progress)."""
    real = ctx.dataset.table("iku_realisasi")
    rows = real[(real["iku_id"] == iku_id) & (real["year"] == year)]
    rows = rows[rows["primary"]] if column is None else rows[rows[column].notna()]
    return None if rows.empty else str(rows["reported_in"].iloc[0])


# --- Tabel 3.1 ---------------------------------------------------------------------------

def table_3_1(ctx) -> pd.DataFrame:
    """Exact Tabel 3.1 rows (common.performance) with the sasaran text and number."""
    perf = performance(ctx)
    sas = ctx.dataset.sasaran
    return perf.merge(sas, on="sasaran_id", how="left")


def indicator_cell(r) -> Markup | str:
    """An IKU's name, with its unit below when values alone do not say it (rates, counts)."""
    suffix = unit_suffix(getattr(r, "unit_kind", None), r.unit)
    if not suffix:
        return r.indikator
    return Markup("{}<br><small>({})</small>").format(r.indikator, suffix.strip())


def realisasi_label(ctx, r, k: dict, grade_found: Finding | None = None):
    """The realisasi cell; 'tidak tersedia' when the year has none."""
    if nn(r.realisasi) is None:
        return NO_REALISASI
    return label(ctx, r.realisasi, r.unit, k, grade_found)


def year_marks(ctx, r, k: dict) -> dict[str, Finding | None]:
    """The audit's findings on the cells of a Tabel 3.1 row: the target's grade, the primary
    realisasi's grade and its capaian (grades only where the label shows one)."""
    labelled = k.get("grading") in LABEL_GRADINGS
    where = shown_row(ctx, r.iku_id, ctx.year)
    return {"target": target_mark(ctx, r.iku_id, ctx.year, nn(r.target_kind)) if labelled
            else None,
            "grade": realisasi_mark(ctx, r.iku_id, ctx.year, "grade_reported", where)
            if labelled else None,
            "capaian": realisasi_mark(ctx, r.iku_id, ctx.year, "capaian_reported", where)}


def has_categories(ctx) -> bool:
    """Whether the profile defines capaian categories (a Kategori column is shown)."""
    return bool(ctx.profile.get("capaian_categories"))


def table_3_1_display(ctx, perf: pd.DataFrame) -> pd.DataFrame:
    iku = ctx.dataset.iku.set_index("iku_id")
    rows = []
    for r in perf.itertuples():
        k = iku.loc[r.iku_id].to_dict()
        marks = year_marks(ctx, r, k)
        row = {
            "no": str(r.no), "sasaran": r.sasaran, "indikator": indicator_cell(r),
            "target": label(ctx, r.target, r.unit, k, marks["target"]),
            "realisasi": realisasi_label(ctx, r, k, marks["grade"]),
            "capaian": capaian_label(ctx, r.capaian, marks["capaian"]),
        }
        if has_categories(ctx):
            row["kategori"] = nn(getattr(r, "capaian_category", None)) or "–"
        rows.append(row)
    return blank_repeats(pd.DataFrame(rows))


def table_3_1_columns(ctx) -> list[p.Col]:
    cols = [p.Col("no", "No."), p.Col("sasaran", "Sasaran Renstra OPD"),
            p.Col("indikator", "Uraian Indikator"), p.Col("target", f"Target {ctx.year}", True),
            p.Col("realisasi", f"Realisasi {ctx.year}", True),
            p.Col("capaian", f"Capaian {ctx.year}", True)]
    if has_categories(ctx):
        cols.append(p.Col("kategori", "Kategori Capaian"))
    return cols


def grade_note(ctx) -> str | None:
    """'Predikat SAKIP dihitung dari skala ...' when an IKU is graded, else None."""
    if not has_grading(ctx, "sakip"):
        return None
    basis = (ctx.profile.get("sakip_grades") or {}).get("legal_basis")
    return ("Predikat SAKIP dihitung dari nilainya menurut skala "
            + (f"{basis}." if basis else "nilai SAKIP."))


def category_note(ctx) -> str | None:
    """The capaian categories, from the top: 'Kategori capaian: Sangat Baik (> 90 %); ...'."""
    if not has_categories(ctx):
        return None
    spec = ctx.profile["capaian_categories"]
    scale = spec.get("scale") if isinstance(spec, dict) else spec
    parts = []
    for band in scale or []:
        name = next((band[k] for k in ("category", "label", "grade") if band.get(k)), "")
        above = band.get("above")
        parts.append(f"{name} (> {ctx.fmt.compact(above, 'indeks')} %)" if above is not None
                     else f"{name} (lainnya)")
    source = spec.get("source") or spec.get("legal_basis") if isinstance(spec, dict) else None
    return "Kategori capaian: " + "; ".join(parts) + (f" ({source})." if source else ".")


def table_3_1_notes(ctx, perf: pd.DataFrame) -> list[str]:
    """The capaian formula, grades and categories, and the audit's findings on the table."""
    notes = [capaian_formula_note(ctx, perf)]
    return (notes + [n for n in (grade_note(ctx), category_note(ctx)) if n]
            + table_3_1_remarks(ctx, perf))


def missing_targets(perf: pd.DataFrame) -> list[str]:
    """Indicators of the year without a target in the data."""
    return [r.indikator for r in perf.itertuples() if nn(r.target) is None]


def performance_sentences(ctx, perf: pd.DataFrame) -> list[str]:
    """One sentence per IKU: target, realisasi, capaian, verdict (or what is missing)."""
    out = []
    iku = ctx.dataset.iku.set_index("iku_id")
    for r in perf.itertuples():
        k = iku.loc[r.iku_id].to_dict()
        unit = md_text(unit_suffix(r.unit_kind, r.unit))
        real = f"{md_text(label(ctx, r.realisasi, r.unit, k))}{unit}"
        name = md_text(r.indikator)
        if nn(r.realisasi) is None:
            out.append(f"Realisasi {name} tahun {ctx.year} belum tersedia dalam data, "
                       "sehingga capaiannya tidak dapat dihitung.")
            continue
        if nn(r.target) is None:
            out.append(f"{name} terealisasi {real}; target tahun {ctx.year} tidak "
                       "tersedia dalam dataset sehingga capaian tidak dapat dihitung.")
            continue
        tgt = f"{md_text(label(ctx, r.target, r.unit, k))}{unit}"
        if nn(r.capaian) is None:
            out.append(f"{name}: dari target {tgt} terealisasi {real}; capaian tidak "
                       "terdefinisi untuk angka ini.")
            continue
        shown = ctx.policy.round(r.capaian, "capaian")
        verdict = ("melampaui target" if shown > 100 else "mencapai target" if shown >= 100
                   else "di bawah target")
        lower = "; semakin rendah semakin baik" if r.direction == "lower" else ""
        category = nn(getattr(r, "capaian_category", None))
        category = f", kategori {md_text(category)}" if category else ""
        out.append(f"{name}: dari target {tgt} terealisasi {real}, capaian "
                   f"{capaian_label(ctx, r.capaian)} ({verdict}{lower}){category}.")
    return out


# --- Per sasaran -----------------------------------------------------------------------------

def history_years(ctx, with_data: bool = True) -> list[int]:
    """The earlier years the per-sasaran tables show; with ``with_data`` only those with a
    realisasi in the dataset."""
    years = [ctx.year - i for i in range(HISTORY_YEARS, 0, -1)]
    if not with_data:
        return years
    real = indicators.primary_realisasi(ctx.dataset.table("iku_realisasi"))
    present = set(int(y) for y in real["year"])
    return [y for y in years if y in present]


def sasaran_tables(ctx, perf: pd.DataFrame) -> list[dict]:
    """Per sasaran: its IKU rows (earlier realisasi, target, realisasi, capaian) and its capaian.

    Each item: sasaran_id, no, sasaran, rows (display frame), capaian (exact or None),
    iku (exact frame), remarks (the audit's findings on the earlier years' realisasi).
    """
    ds = ctx.dataset
    years = history_years(ctx)
    real = ds.table("iku_realisasi")
    hist = indicators.realisasi_history(ds.iku, real, years).set_index("iku_id")
    sas_cap = indicators.sasaran_capaian(perf).set_index("sasaran_id")["capaian"]
    iku = ds.iku.set_index("iku_id")
    out = []
    for s in ds.sasaran.itertuples():
        items = perf[perf["sasaran_id"] == s.sasaran_id]
        rows = []
        for r in items.itertuples():
            k = iku.loc[r.iku_id].to_dict()
            row = {"indikator": indicator_cell(r)}
            for y in years:
                value = hist.loc[r.iku_id, y] if r.iku_id in hist.index else None
                grade = (realisasi_mark(ctx, r.iku_id, y, "grade_reported", f"sasaran-{s.no}")
                         if _grade(k, value, ctx.profile) else None)
                row[f"r{y}"] = label(ctx, value, r.unit, k, grade)
            marks = year_marks(ctx, r, k)
            row["target"] = label(ctx, r.target, r.unit, k, marks["target"])
            row["realisasi"] = realisasi_label(ctx, r, k, marks["grade"])
            row["capaian"] = capaian_label(ctx, r.capaian, marks["capaian"])
            rows.append(row)
        cap = nn(sas_cap.get(s.sasaran_id))
        footer = {"indikator": Markup("<strong>{}</strong>").format(
            f"Capaian Kinerja Sasaran Strategis {s.no} Tahun {ctx.year}"),
            "capaian": Markup("<strong>{}</strong>").format(capaian_label(ctx, cap))}
        rows.append(footer)
        out.append({"sasaran_id": s.sasaran_id, "no": s.no, "sasaran": s.sasaran,
                    "rows": pd.DataFrame(rows), "capaian": cap, "iku": items,
                    "remarks": history_remarks(ctx, list(items["iku_id"]), years, s.no)})
    return out


def history_remarks(ctx, iku_ids: list[str], years: list[int], no: int) -> list[str]:
    """The audit's findings on the earlier years' realisasi of some IKU: printed differently in
    another table, or with another grade in the sasaran table; one sentence each."""
    found = findings(ctx)
    hits = [f for iku_id in iku_ids for y in years for f in unique(
        [f for f in on_cells(found, "iku_realisasi", ("realisasi",), iku_id=iku_id, year=y)
         if f.check == "cross_table"],
        on_cells(found, "iku_realisasi", ("grade_reported",), iku_id=iku_id, year=y,
                 reported_in=f"sasaran-{no}"))]
    return sentences(unique(hits))


def iks_dimensions(ctx) -> pd.DataFrame:
    """Dimensions of the IKS with their sub dimensions and whether the agency contributes."""
    st = ctx.dataset.table("iks_structure")
    if st.empty:
        return st
    rows = []
    for (no, dim, w), g in st.groupby(["dimension_no", "dimension", "weight_symbol"], sort=True):
        rows.append({"no": no, "dimension": dim, "weight": w,
                     "subdimensions": list(g["subdimension"]),
                     "contributing": list(g.loc[g["agency_contributes"], "subdimension"])})
    return pd.DataFrame(rows)


def iks_formula_tex(dims: pd.DataFrame) -> str:
    """The composite formula of the IKS in LaTeX, from its dimensions and weight symbols."""
    def sym(w: str) -> str:
        w = re.sub(r"[^0-9A-Za-z]", "", str(w))  # a symbol: letters and digits only
        head, tail = w[:1], w[1:]
        return f"{head}_{{{tail}}}" if tail else head

    def name(d: str) -> str:
        return _tex_text(d)

    num = " + ".join(f"({sym(r.weight)} \\times I_{{{name(r.dimension)}}})"
                     for r in dims.itertuples())
    den = " + ".join(sym(r.weight) for r in dims.itertuples())
    return f"$$\\frac{{{num}}}{{{den}}}$$"


# --- Tabel 3.2 ---------------------------------------------------------------------------

def table_3_2(ctx) -> pd.DataFrame:
    ds = ctx.dataset
    end = int(ctx.profile["renstra"]["end_year"])
    prog = indicators.renstra_progress(ds.iku, ds.table("iku_targets"),
                                       ds.table("iku_realisasi"), ctx.year, end, ctx.profile)
    prog = prog.merge(ds.sasaran, on="sasaran_id", how="left")
    real = ds.table("iku_realisasi")
    notes = real[(real["year"] == ctx.year) & real["progress_reported"].notna()]
    if "note" in notes:
        prog["note"] = prog["iku_id"].map(notes.set_index("iku_id")["note"])
    else:
        prog["note"] = None
    prog["end_year"] = end
    return prog


def table_3_2_display(ctx, prog: pd.DataFrame) -> pd.DataFrame:
    iku = ctx.dataset.iku.set_index("iku_id")
    rows = []
    for r in prog.itertuples():
        k = iku.loc[r.iku_id].to_dict()
        marks = progress_marks(ctx, r.iku_id, int(r.end_year), k)
        rows.append({
            "no": f"{r.no}.", "sasaran": r.sasaran, "indikator": indicator_cell(r),
            "end_target": label(ctx, r.end_target, r.unit, k, marks["end_target"]),
            "realisasi": realisasi_label(ctx, r, k, marks["grade"]),
            "kemajuan": capaian_label(ctx, r.progress, marks["progress"], "kemajuan"),
        })
    return blank_repeats(pd.DataFrame(rows))


def progress_marks(ctx, iku_id: str, end_year: int, k: dict) -> dict[str, Finding | None]:
    """The audit's findings on the cells of a Tabel 3.2 row: the end target's grade, the
    realisasi's grade and the progress, as printed in the row printing the progress."""
    labelled = k.get("grading") in LABEL_GRADINGS
    where = shown_row(ctx, iku_id, ctx.year, "progress_reported")
    return {"end_target": target_mark(ctx, iku_id, end_year, "renstra") if labelled else None,
            "grade": realisasi_mark(ctx, iku_id, ctx.year, "grade_reported", where)
            if labelled else None,
            "progress": realisasi_mark(ctx, iku_id, ctx.year, "progress_reported", where)}


def table_3_2_remarks(ctx, prog: pd.DataFrame) -> list[str]:
    """The audit's findings on the printed figures of Tabel 3.2 (grades, progress, end
    targets), one sentence each."""
    found = findings(ctx)
    hits = []
    for r in prog.itertuples():
        where = shown_row(ctx, r.iku_id, ctx.year, "progress_reported")
        if where is not None:
            hits += on_cells(found, "iku_realisasi", ("grade_reported", "progress_reported"),
                             iku_id=r.iku_id, year=ctx.year, reported_in=where)
        hits += on_cells(found, "iku_targets", ("target_grade",), iku_id=r.iku_id,
                         year=int(r.end_year), kind="renstra")
    return sentences(unique(hits))


def table_3_1_remarks(ctx, perf: pd.DataFrame) -> list[str]:
    """The audit's findings on the printed figures of Tabel 3.1 (target grades, realisasi
    grades, capaian), one sentence each."""
    found = findings(ctx)
    hits = []
    for r in perf.itertuples():
        where = shown_row(ctx, r.iku_id, ctx.year)
        if where is not None:
            hits += on_cells(found, "iku_realisasi", ("grade_reported", "capaian_reported"),
                             iku_id=r.iku_id, year=ctx.year, reported_in=where)
        if nn(r.target_kind) is not None:
            hits += on_cells(found, "iku_targets", ("target_grade",), iku_id=r.iku_id,
                             year=ctx.year, kind=r.target_kind)
    return sentences(unique(hits))


# --- IKU formulas --------------------------------------------------------------------------

def formulas(ctx, perf: pd.DataFrame) -> pd.DataFrame:
    """Count-based IKU recomputed from their inputs, beside the realisasi the report uses."""
    inputs = ctx.dataset.table("iku_formula_inputs")
    if inputs.empty:
        return inputs
    res = indicators.formula_results(inputs)
    return res.merge(perf[["iku_id", "indikator", "unit", "target", "realisasi", "capaian"]],
                     on="iku_id", how="left")


#: ``\\text{}`` of a data text (one function for every chapter's TeX).
_tex_text = tex_text


def _tex_pct(number: str) -> str:
    """A formatted percentage in TeX: ``\\text{81,68}\\,\\%``."""
    return _tex_text(number) + r"\,\%"


def formula_tex(ctx, row) -> str:
    """'$$\\frac{\\text{...}}{\\text{...}} \\times 100 = \\frac{11}{11} \\times 100 = 100\\%$$'"""
    num = _tex_text(ctx.fmt.compact(row.numerator, "indeks"))
    den = _tex_text(ctx.fmt.compact(row.denominator, "indeks"))
    res = _tex_pct(ctx.fmt.compact(row.result, "capaian"))
    return (f"$$\\frac{{{_tex_text(row.numerator_label)}}}{{{_tex_text(row.denominator_label)}}}"
            f" \\times 100 = \\frac{{{num}}}{{{den}}} \\times 100 = {res}$$")


def formula_mark(ctx, iku_id: str) -> Finding | None:
    """The audit's finding on a realisasi its formula inputs do not give."""
    hits = on_cells(select(findings(ctx), check="formula"), "iku_realisasi", ("realisasi",),
                    iku_id=iku_id, year=ctx.year)
    return hits[0] if hits else None


def formula_display(ctx, res: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for r in res.itertuples():
        computed = ctx.fmt.compact(r.result, "capaian") + "\u00a0%"
        rows.append({
            "indikator": r.indikator,
            "pembilang": f"{r.numerator_label}: {ctx.fmt.compact(r.numerator, 'indeks')}",
            "penyebut": f"{r.denominator_label}: {ctx.fmt.compact(r.denominator, 'indeks')}",
            "hasil": beside(computed, formula_mark(ctx, r.iku_id),
                            lambda v, unit=r.unit: value_label(ctx, v, unit),
                            what=Markup("realisasi {}:").format(
                                p.ref("kinerja", "yang dilaporkan"))),
        })
    return pd.DataFrame(rows)


def formula_remarks(ctx, res: pd.DataFrame) -> list[str]:
    """Per IKU with formula inputs: the audit's findings on its realisasi and printed result,
    else that the formula gives the realisasi reported (or that the year has none)."""
    found = select(findings(ctx), check="formula")
    out = []
    for r in res.itertuples():
        computed = ctx.fmt.compact(r.result, "capaian") + "\u00a0%"
        hits = on_cells(found, "iku_formula_inputs", None, iku_id=r.iku_id, year=ctx.year)
        if hits:
            out += sentences(hits)
        elif nn(r.realisasi) is None:
            out.append(f"{r.indikator}: hasil rumus {computed}; realisasi tahun {ctx.year} "
                       "tidak tersedia dalam dataset.")
        else:
            out.append(f"{r.indikator}: hasil rumus {computed} sama dengan realisasi yang "
                       "dilaporkan.")
    return out


# --- Regional comparisons --------------------------------------------------------------------

def comparisons(ctx) -> dict[str, pd.DataFrame]:
    """Per IKU with comparison data for the year: regions with their standing."""
    comp = ctx.dataset.table("regional_comparison")
    out = {}
    for iku_id in ctx.dataset.iku["iku_id"]:
        if (comp["iku_id"] == iku_id).any():
            out[iku_id] = indicators.compare_regions(comp, iku_id)
    return out


def comparison_title(ctx, iku_id: str, frame: pd.DataFrame) -> str:
    k = ctx.dataset.iku.set_index("iku_id").loc[iku_id]
    own = frame.loc[frame["is_self"], "region"].iloc[0]
    province = str(ctx.profile["agency"].get("province") or "")
    if province and not province.lower().startswith("provinsi"):
        province = f"Provinsi {province}"
    regions = frame.loc[~frame["is_self"] & ~frame["is_national"], "region"]
    local = all(str(r).startswith(("Kabupaten", "Kota")) for r in regions)
    if regions.empty:
        where = ""
    elif local:
        where = f"Kabupaten/Kota di {province}" if province else "Kabupaten/Kota lain"
    else:
        where = join_id(list(regions))
    others = join_id([w for w in ("Nasional" if frame["is_national"].any() else "", where) if w])
    return (f"Perbandingan {k['indikator']}: {own} dengan {others or 'wilayah lain'} "
            f"Tahun {ctx.year}")


def comparison_display(ctx, iku_id: str, frame: pd.DataFrame) -> pd.DataFrame:
    k = ctx.dataset.iku.set_index("iku_id").loc[iku_id].to_dict()
    rows = []
    for i, r in enumerate(frame.itertuples(), start=1):
        text = label(ctx, r.value, k["unit"], k)
        region = r.region + (" (nasional)" if r.is_national and "nasional" not in
                             r.region.lower() else "")
        if r.is_self:
            region = Markup("<strong>{}</strong> ◀").format(region)
            text = Markup("<strong>{}</strong>").format(text)
        rows.append({"no": f"{i}.", "region": region, "value": text})
    return pd.DataFrame(rows)


def comparison_sentence(ctx, iku_id: str, frame: pd.DataFrame) -> str:
    """'Pada tahun 2024, Indeks Kesalehan Sosial untuk Kabupaten Blitar sebesar 84,61, lebih
    tinggi dari Nasional (83,83), namun lebih rendah dari Kabupaten Lamongan (89,33) dan Kota
    Mojokerto (91,67).'"""
    k = ctx.dataset.iku.set_index("iku_id").loc[iku_id].to_dict()
    own = frame[frame["is_self"]].iloc[0]

    def names(rel: str) -> str:
        part = frame[frame["relation"] == rel]
        return join_id([f"{md_text(r.region)} ({md_text(value_label(ctx, r.value, k['unit']))})"
                        for r in part.itertuples()])

    # Better standings first: above the regions with a lower value (below them when a lower
    # value is better), then "namun" the others.
    lower_better = k.get("direction") == "lower"
    better, worse = ("higher", "lower") if lower_better else ("lower", "higher")
    word = {"lower": "lebih tinggi dari", "higher": "lebih rendah dari"}
    positive = []
    if names("equal"):
        positive.append(f"sama dengan {names('equal')}")
    if names(better):
        positive.append(f"{word[better]} {names(better)}")
    body = " serta ".join(positive)
    if names(worse):
        body += (", namun " if body else "") + f"{word[worse]} {names(worse)}"
    if not body:
        body = "tanpa wilayah pembanding"
    own_text = md_text(label(ctx, own["value"], k["unit"], k))
    hint = "; untuk indikator ini semakin rendah semakin baik" if lower_better else ""
    return (f"Pada tahun {ctx.year}, {md_text(k['indikator'])} untuk {md_text(own['region'])} "
            f"sebesar {own_text}, "
            f"{body}{hint}.")


def comparison_figure(ctx, iku_id: str, frame: pd.DataFrame):
    from lkjip_nb import charts

    k = ctx.dataset.iku.set_index("iku_id").loc[iku_id]
    return charts.ranked_bars(
        list(frame["region"]), [float(v) for v in frame["value"]], charts.wrap(k["indikator"], 60),
        highlight=list(frame["is_self"]), reference=list(frame["is_national"]),
        xlabel="%" if k["unit"] == "persen" else k["unit"], decimals=None)


def comparison_note(frame: pd.DataFrame) -> str:
    return "Merah: wilayah sendiri" + ("; arsir: nilai nasional." if frame["is_national"].any()
                                       else ".")


# --- Conflicts ---------------------------------------------------------------------------

def conflicts_display(ctx, konflik: pd.DataFrame) -> pd.DataFrame:
    k = konflik.sort_values("no")
    return pd.DataFrame({
        "no": [f"{n})" for n in k["no"]], "event": list(k["event"]),
        "kecamatan": [nn(v) or "–" for v in k["kecamatan"]],
        "handled": ["Ya" if h else "Belum" for h in k["handled"]],
        "handling": [nn(v) or "–" for v in k["handling"]],
    })


def conflict_sentence(ctx, summary: dict, res: pd.DataFrame | None, iku_id: str | None) -> str:
    total, handled = summary["total"], summary["handled"]
    text = (f"Pada tahun {ctx.year} jumlah kejadian menonjol yang terjadi sebanyak "
            f"{count_words(total)} kejadian dan {count_words(handled)} di antaranya "
            f"dapat ditangani ({capaian_label(ctx, summary['percent'])}).")
    if res is not None and iku_id and not res.empty and (res["iku_id"] == iku_id).any():
        hits = on_cells(select(findings(ctx), check="count"), "iku_formula_inputs", None,
                        iku_id=iku_id, year=ctx.year)
        if not hits:
            text += " Jumlah ini sama dengan pembilang dan penyebut rumus indikator di atas."
        else:
            text += "".join(f" {md_text(s)}" for s in sentences(hits))
    return text


def conflict_iku(ctx, res: pd.DataFrame | None) -> str | None:
    """The IKU whose formula counts conflicts (its denominator is the number of events)."""
    if res is None or res.empty:
        return None
    summary = indicators.conflict_summary(table_if_any(ctx, "konflik"))
    hit = res[res["denominator"] == summary["total"]]
    if len(hit) > 1:
        hit = hit[hit["denominator_label"].str.lower().str.contains("konflik")]
    return None if hit.empty else str(hit["iku_id"].iloc[0])


# --- Elections ---------------------------------------------------------------------------

def turnout(ctx) -> pd.DataFrame:
    """The year's elections and the previous one of each kind, turnout computed."""
    full = ctx.dataset.full_tables["pemilu"]
    table_if_any(ctx, "pemilu")  # record the file as read (when the agency has one)
    chosen = elections.comparison_set(full, ctx.year)
    if chosen.empty:
        return chosen.assign(partisipasi=pd.Series(dtype=float))
    return elections.turnout_table(chosen)


def turnout_average(ctx, table: pd.DataFrame) -> dict:
    """Average turnout of the year's elections: of the printed (display-rounded) turnouts, as
    the report does, and exact."""
    current = table[table["year"] == ctx.year]
    values = list(current["partisipasi"])
    shown = elections.average_turnout(values, lambda v: ctx.policy.round(v, "partisipasi"))
    exact = elections.average_turnout(values)
    return {"average": shown, "exact": exact, "labels": list(current["label"]),
            "values": [ctx.policy.round(v, "partisipasi") for v in values]}


def turnout_display(ctx, table: pd.DataFrame, avg: dict) -> tuple[pd.DataFrame, list]:
    """Rows Uraian x one column per election, as printed (DPT, voters, turnout, average)."""
    f = ctx.fmt
    found = findings(ctx)
    cols = [f"e{i}" for i in range(len(table))]
    rows = [{"uraian": "Jumlah DPT"}, {"uraian": "Jumlah Pengguna Hak Pilih"},
            {"uraian": "Partisipasi Masyarakat"}, {"uraian": "Rata-rata"}]
    current = [c for c, y in zip(cols, table["year"], strict=True) if y == ctx.year]
    for c, r in zip(cols, table.itertuples(), strict=True):
        rows[0][c] = f.integer(r.dpt)
        rows[1][c] = f.integer(r.voters)
        rows[2][c] = beside(f.pct(r.partisipasi, "partisipasi"),
                            mark(found, "pemilu", "participation_reported", kind=r.kind,
                                 year=r.year), lambda v: f.pct(v, "partisipasi"))
        rows[3][c] = "-" if c not in current else ""
    if current and avg["average"] is not None:
        rows[3][current[0]] = beside(
            f.pct(avg["average"], "rata_partisipasi"),
            mark(found, "reported_totals", "value", report_table="pemilu", year=ctx.year,
                 field="percent"), lambda v: f.pct(v, "rata_partisipasi"))
    return pd.DataFrame(rows), list(zip(cols, table["label"], strict=True))


def turnout_remarks(ctx) -> list[str]:
    """The audit's findings on the printed turnouts, their average and the turnouts the
    narrative quotes, one sentence each."""
    found = findings(ctx)
    return sentences(unique(
        on_cells(found, "pemilu", ("participation_reported",)),
        for_row(found, "reported_totals", report_table="pemilu"),
        for_row(found, "reported_totals", report_table="pemilu-narasi")))


def turnout_average_tex(ctx, avg: dict) -> str:
    vals = " + ".join(_tex_pct(ctx.fmt.num(v, "partisipasi")) for v in avg["values"])
    res = _tex_pct(ctx.fmt.num(avg["average"], "rata_partisipasi"))
    names = " + ".join(_tex_text("Partisipasi " + lbl.title()) for lbl in avg["labels"])
    n = len(avg["values"])
    return (f"$$\\text{{Rata-rata}} = \\frac{{{names}}}{{{n}}} = \\frac{{{vals}}}{{{n}}}"
            f" = {res}$$")


def turnout_program(ctx, avg: dict) -> dict | None:
    """The program whose outcome is turnout: target, average realisasi, capaian (display),
    and the audit's findings on its printed realisasi and capaian (``*_found``)."""
    progs = elections.turnout_programs(ctx.dataset.table("programs"))
    if progs.empty or avg["average"] is None:
        return None
    p = progs.iloc[0]
    shown = ctx.policy.round(avg["average"], "rata_partisipasi")
    target = nn(p["outcome_target"])
    cap = None if target is None else indicators.capaian(shown, float(target))
    return {"code": p["code"], "name": p["name"], "indicator": p["outcome_indicator"],
            "target": target, "realisasi": shown, "capaian": cap,
            "realisasi_found": mark(findings(ctx), "programs", "outcome_realisasi",
                                    code=p["code"]),
            "capaian_found": mark(findings(ctx), "programs", "outcome_capaian_reported",
                                  code=p["code"])}


def turnout_figure(ctx, table: pd.DataFrame, target: float | None):
    import matplotlib.pyplot as plt

    from lkjip_nb import charts

    fig, ax = plt.subplots(figsize=(7, 3.4))
    colors = [charts.PALETTE[0] if y == ctx.year else charts.MUTED for y in table["year"]]
    values = [float(v) for v in table["partisipasi"]]
    ax.bar(range(len(values)), values, color=colors)
    for i, v in enumerate(values):
        ax.text(i, v + 0.8, ctx.fmt.pct(v, "partisipasi"), ha="center", fontsize=9)
    if target is not None:
        ax.axhline(target, color=charts.HIGHLIGHT, ls="--", lw=1)
        ax.text(len(values) - 0.5, target + 0.8, f"Target {ctx.fmt.compact(target, 'indeks')} %",
                color=charts.HIGHLIGHT, ha="right", fontsize=9)
    ax.set_xticks(range(len(values)), list(table["label"]))
    ax.set_ylim(0, 100)
    ax.set_ylabel("Partisipasi (%)")
    ax.set_title("Partisipasi masyarakat dalam Pemilu dan Pilkada")
    charts.id_axis(ax.yaxis)
    return fig


# --- Charts of Tabel 3.1 / 3.2 ---------------------------------------------------------------

def capaian_figure(ctx, perf: pd.DataFrame, prog: pd.DataFrame):
    """Capaian of the year and progress to the Renstra end target per IKU (horizontal bars)."""
    import matplotlib.pyplot as plt

    from lkjip_nb import charts

    labels = [charts.wrap(t, 40) for t in perf["indikator"]]
    cap = [ctx.policy.round(v, "capaian") if nn(v) is not None else 0 for v in perf["capaian"]]
    kem = [ctx.policy.round(v, "kemajuan") if nn(v) is not None else 0
           for v in prog.set_index("iku_id").reindex(perf["iku_id"])["progress"]]
    fig, ax = plt.subplots(figsize=(8, 0.8 * len(labels) + 1.3))
    y = list(range(len(labels)))
    ax.barh([i - 0.2 for i in y], cap, 0.4, color=charts.PALETTE[0],
            label=f"Capaian {ctx.year} terhadap target tahunan")
    ax.barh([i + 0.2 for i in y], kem, 0.4, color=charts.MUTED,
            label=f"Kemajuan terhadap target akhir Renstra {ctx.profile['renstra']['end_year']}")
    missing = [nn(v) is None for v in perf["realisasi"]]
    for i, (c, k) in enumerate(zip(cap, kem, strict=True)):
        if missing[i]:
            ax.text(0, i, f" realisasi {ctx.year} {NO_REALISASI}", va="center", fontsize=8,
                    color="#555")
        if c:
            ax.text(c, i - 0.2, " " + ctx.fmt.compact(c, "capaian") + " %", va="center",
                    fontsize=8)
        if k:
            ax.text(k, i + 0.2, " " + ctx.fmt.compact(k, "kemajuan") + " %", va="center",
                    fontsize=8)
    ax.axvline(100, color=charts.HIGHLIGHT, lw=1, ls="--")
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlim(0, max([*cap, *kem, 100]) * 1.15)
    ax.set_xlabel("%")
    charts.id_axis(ax.xaxis)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=1, fontsize=8)
    return fig


# --- Key figures -----------------------------------------------------------------------------

def key_figures(ctx, perf, prog, res, summary, turnout_table, avg, program) -> dict:
    p = ctx.policy
    fig: dict = {}
    for r in perf.itertuples():
        fig[f"target_{r.iku_id}"] = nn(r.target)
        fig[f"realisasi_{r.iku_id}"] = nn(r.realisasi)
        fig[f"capaian_{r.iku_id}"] = None if nn(r.capaian) is None else p.round(r.capaian,
                                                                                  "capaian")
        iku = ctx.dataset.iku.set_index("iku_id").loc[r.iku_id].to_dict()
        g = _grade(iku, r.realisasi, ctx.profile)
        if g:
            fig[f"predikat_{r.iku_id}"] = g
    for s in indicators.sasaran_capaian(perf).itertuples():
        fig[f"capaian_sasaran_{s.sasaran_id}"] = None if nn(s.capaian) is None \
            else p.round(s.capaian, "capaian")
    if prog is not None:
        for r in prog.itertuples():
            fig[f"kemajuan_{r.iku_id}"] = None if nn(r.progress) is None \
                else p.round(r.progress, "kemajuan")
    if res is not None and not res.empty:
        for r in res.itertuples():
            fig[f"rumus_{r.iku_id}"] = p.round(r.result, "capaian")
    if summary is not None and summary["total"]:
        fig["konflik_total"] = summary["total"]
        fig["konflik_ditangani"] = summary["handled"]
    if turnout_table is not None and not turnout_table.empty:
        for r in turnout_table.itertuples():
            fig[f"partisipasi_{r.kind}_{r.year}"] = p.round(r.partisipasi, "partisipasi")
        if avg and avg["average"] is not None:
            fig["partisipasi_rata"] = p.round(avg["average"], "rata_partisipasi")
    if program and program["capaian"] is not None:
        fig["capaian_program_partisipasi"] = p.round(program["capaian"], "capaian_program")
        fig["target_program_partisipasi"] = program["target"]
    return fig


def esc(text: str) -> str:
    """Escape text for generated Markdown (:func:`lkjip_nb.present.md_text`)."""
    return md_text(text)


# --- The chapter's sections, as the notebook shows them ----------------------------------------

@dataclass
class Parts:
    """What the chapter is built from for one year; empty frames where the data have none."""

    perf: pd.DataFrame
    formulas: pd.DataFrame
    regions: dict[str, pd.DataFrame]
    konflik: pd.DataFrame
    conflicts: dict
    conflict_iku: str | None
    elections: pd.DataFrame
    average: dict | None
    program: dict | None
    prog: pd.DataFrame | None = None


def parts(ctx) -> Parts:
    """Compute every part of the chapter for the context's year."""
    perf = table_3_1(ctx)
    res = formulas(ctx, perf)
    konflik = table_if_any(ctx, "konflik")
    table = turnout(ctx)
    average = turnout_average(ctx, table) if not table.empty else None
    return Parts(perf=perf, formulas=res, regions=comparisons(ctx), konflik=konflik,
                 conflicts=indicators.conflict_summary(konflik),
                 conflict_iku=conflict_iku(ctx, res), elections=table, average=average,
                 program=turnout_program(ctx, average) if average else None)


def _has_elections(ctx) -> bool:
    return ever_has(ctx, "pemilu")


def intro(ctx) -> str:
    """What the chapter holds, listing only the parts the agency's data have."""
    items = [f"target, realisasi dan capaian IKU{p.ref('kinerja', aside=True)}",
             "realisasi dan capaian per sasaran strategis dengan realisasi tahun-tahun "
             "sebelumnya"]
    if ever_has(ctx, "iku_formula_inputs"):
        items.append("rumus di balik IKU dihitung dari masukannya")
    if ever_has(ctx, "regional_comparison"):
        items.append("perbandingan dengan wilayah lain")
    if ever_has(ctx, "konflik"):
        items.append("kejadian menonjol (konflik)")
    if _has_elections(ctx):
        items.append("partisipasi masyarakat dalam pemilihan umum")
    items.append("kemajuan terhadap target akhir Renstra"
                 f"{p.ref('renstra-progress', aside=True)}")
    return ("Bab III.A.1–4 LKJIP — Capaian Kinerja Organisasi: " + join_id(items) + ". Semua "
            "angka dihitung dari data; angka tercetak yang berbeda dari hasil hitung ditulis di "
            "sampingnya, dengan ⚠ bila bertentangan dengan data.")


def show_table_3_1(ctx, parts: Parts) -> None:
    """Tabel 3.1, one sentence per IKU, and which targets are missing."""
    perf = parts.perf
    p.show_table(table_3_1_display(ctx, perf), table_3_1_columns(ctx), key="kinerja",
                 title=f"Target, Realisasi dan Capaian Kinerja Tahun {ctx.year}",
                 source=ctx.source("kinerja"), notes=table_3_1_notes(ctx, perf))
    p.say("\n".join(f"- {s}" for s in performance_sentences(ctx, perf)))
    lacking = missing_targets(perf)
    if lacking:
        p.say(f"> **Data target tidak lengkap.** Target tahun {ctx.year} tidak ada dalam dataset "
              "untuk: " + "; ".join(map(md_text, lacking)) + ". Kolom target dan capaian "
              "indikator tersebut "
              "ditandai “–”.")


def definition_sentence(ctx, iku_id: str) -> str | None:
    """'Cara pengukuran Angka Kematian Ibu: Jumlah kematian ibu / ... (satuan: ...).'"""
    k = ctx.dataset.iku.set_index("iku_id").loc[iku_id]
    formula = k.get("formula")
    if not isinstance(formula, str) or not formula.strip():
        return None
    lower = "; semakin rendah semakin baik" if k["direction"] == "lower" else ""
    return (f"Cara pengukuran {esc(k['indikator'])}: {esc(' '.join(formula.split()))} "
            f"(satuan: {esc(k['unit'])}{lower}).")


def _show_conflicts(ctx, parts: Parts, with_formula: bool) -> None:
    p.say(conflict_sentence(ctx, parts.conflicts, parts.formulas if with_formula else None,
                            parts.conflict_iku if with_formula else None))
    p.show_table(conflicts_display(ctx, parts.konflik), [
        p.Col("no", "No"), p.Col("event", "Kejadian menonjol"), p.Col("kecamatan", "Kecamatan"),
        p.Col("handled", "Ditangani"), p.Col("handling", "Cara penanganan")],
        key="konflik", title=f"Kejadian Menonjol Tahun {ctx.year}",
        source=ctx.source("konflik"))


def _compared_ever(ctx) -> set[str]:
    """IKU with comparison data in any year."""
    full = ctx.dataset.full_tables.get("regional_comparison")
    return set() if full is None else set(full["iku_id"])


def _show_iku_extras(ctx, parts: Parts, iku_id: str) -> None:
    """Definition, composite or recomputed formula, conflicts and comparisons of one IKU."""
    k = ctx.dataset.iku.set_index("iku_id").loc[iku_id]
    definition = definition_sentence(ctx, iku_id)
    if definition:
        p.say(definition)
    if k["grading"] == "iks":
        dims = iks_dimensions(ctx)
        if not dims.empty:
            p.say(f"{md_text(k['indikator'])} adalah indikator komposit yang dihitung dengan "
                  "rumus:\n\n"
                  f"{iks_formula_tex(dims)}")
            mine = [f"{md_text(r.dimension)} (sub dimensi "
                    f"{', '.join(map(md_text, r.contributing))})"
                    for r in dims.itertuples() if r.contributing]
            if mine:
                p.say(f"{md_text(agency_label(ctx))} berkontribusi pada dimensi: "
                      + "; ".join(mine) + ".")
    res = parts.formulas
    if not res.empty and (res["iku_id"] == iku_id).any():
        row = next(res[res["iku_id"] == iku_id].itertuples())
        p.say(f"Rumus indikator {md_text(k['indikator'])}:\n\n{formula_tex(ctx, row)}")
        for sentence in formula_remarks(ctx, res[res["iku_id"] == iku_id]):
            p.say(md_text(sentence))
    if iku_id == parts.conflict_iku and parts.conflicts["total"]:
        _show_conflicts(ctx, parts, with_formula=True)
    if iku_id in parts.regions:
        frame = parts.regions[iku_id]
        title = comparison_title(ctx, iku_id, frame)
        p.show_table(comparison_display(ctx, iku_id, frame), [
            p.Col("no", "No"), p.Col("region", "Wilayah"),
            p.Col("value", f"{k['indikator']} {ctx.year}", True)],
            key=f"perbandingan/{iku_id}", title=title,
            source=ctx.source("perbandingan"),
            notes=["Baris tebal ◀: wilayah sendiri."])
        p.say(comparison_sentence(ctx, iku_id, frame))
        p.show_figure(comparison_figure(ctx, iku_id, frame), key=f"perbandingan-chart/{iku_id}",
                      title=title,
                      source=ctx.source("perbandingan"), note=comparison_note(frame))
    elif iku_id in _compared_ever(ctx):
        p.say(f"Data perbandingan {md_text(k['indikator'])} dengan wilayah lain tahun "
              f"{ctx.year} tidak "
              "ada dalam dataset.")


def show_sasaran(ctx, parts: Parts, texts: AgencyTexts | None = None) -> None:
    """Per sasaran: its IKU over the years, its capaian and programs; per IKU the figures
    against earlier years, its definition and extras, then the agency's analysis (with
    ``texts``: the causes of success or failure)."""
    years = history_years(ctx)
    history = realisasi_by_year(ctx)
    absent = [y for y in history_years(ctx, with_data=False) if y not in years]
    if absent:
        p.say(f"Realisasi tahun {', '.join(map(str, absent))} tidak ada dalam dataset; kolomnya "
              "tidak ditampilkan.")
    programs = ctx.dataset.table("programs")
    for i, item in enumerate(sasaran_tables(ctx, parts.perf), start=1):
        p.say(f"### {letter(i)}. Sasaran Strategis {item['no']}: {md_text(item['sasaran'])}")
        cols = [p.Col("indikator", "IKU")] + [p.Col(f"r{y}", str(y), True) for y in years] + [
            p.Col("target", "Target", True), p.Col("realisasi", "Realisasi", True),
            p.Col("capaian", "Capaian", True)]
        group = ('<tr><th></th>' + (f'<th colspan="{len(years)}" style="text-align:center">'
                                    'Realisasi</th>' if years else "")
                 + f'<th colspan="3" style="text-align:center">Capaian {ctx.year}</th></tr>')
        notes = [capaian_formula_note(ctx, item["iku"])]
        if len(item["iku"]) > 1:
            notes.append("Capaian kinerja sasaran: rata-rata capaian indikatornya yang dapat "
                         "dihitung.")
        p.show_table(item["rows"], cols, key=f"capaian-sasaran/{item['sasaran_id']}",
                     title=f"Target dan Realisasi Sasaran Strategis {item['no']} Tahun {ctx.year}",
                     source=ctx.source("kinerja"), header_rows=[group], notes=notes)
        for sentence in item["remarks"]:
            p.say(md_text(sentence))
        own = programs[programs["sasaran_id"] == item["sasaran_id"]].sort_values("order")
        if not own.empty:
            p.say(f"Sasaran strategis ini dijalankan dengan {count_words(len(own))} program: "
                  + "; ".join(md_text(program_name(n)) for n in own["name"]) + ".")
        for r in item["iku"].itertuples():
            p.say(realisasi_sentence(ctx, r, history.get(r.iku_id, {})))
            _show_iku_extras(ctx, parts, r.iku_id)
            if texts is not None:
                show_analysis(ctx, texts, r)


def show_unattached(ctx, parts: Parts) -> None:
    """Conflicts no IKU counts, and the parts of the agency's data the year lacks."""
    if parts.conflict_iku is None or not parts.conflicts["total"]:
        if parts.conflicts["total"]:
            _show_conflicts(ctx, parts, with_formula=False)
        elif ever_has(ctx, "konflik"):
            p.missing("Daftar kejadian menonjol (konflik)", ctx.year)
    if parts.formulas.empty and ever_has(ctx, "iku_formula_inputs"):
        p.missing("Masukan rumus IKU (pembilang dan penyebut)", ctx.year)


def show_turnout(ctx, parts: Parts) -> None:
    """Turnout in the year's elections, its average and the turnout program's capaian; left
    out for an agency whose data hold no election."""
    if not _has_elections(ctx):
        return
    p.say("### Partisipasi masyarakat dalam Pemilu dan Pilkada")
    table, average, program = parts.elections, parts.average, parts.program
    if table.empty:
        p.missing("Data Pemilu/Pilkada (DPT dan pengguna hak pilih)", ctx.year)
        return
    shown, cols = turnout_display(ctx, table, average)
    p.show_table(shown, [p.Col("uraian", "Uraian")] + [p.Col(c, lbl, True) for c, lbl in cols],
                 key="pemilu",
                 title="Perbandingan Partisipasi Masyarakat Saat Pemilu dan Pilkada",
                 source=ctx.source("pemilu"),
                 notes=["Partisipasi = pengguna hak pilih / DPT × 100, dihitung dari data; angka "
                        "tercetak yang berbeda ditulis di sampingnya, dengan ⚠ bila bertentangan "
                        "dengan data."])
    p.say(turnout_average_tex(ctx, average))
    p.say("Rata-rata partisipasi dihitung, seperti dalam laporan, dari partisipasi yang telah "
          f"dibulatkan ({rule_text(ctx, 'partisipasi')}), lalu ditampilkan "
          f"{rule_text(ctx, 'rata_partisipasi')}: "
          f"{ctx.fmt.pct(average['average'], 'rata_partisipasi')}. Tanpa pembulatan antara, "
          f"rata-rata eksak {ctx.fmt.num(average['exact'], 'indeks')} %.")
    for sentence in turnout_remarks(ctx):
        p.say(md_text(sentence))
    fig = turnout_figure(ctx, table, program["target"] if program else None)
    p.show_figure(fig, key="pemilu-chart", title="Partisipasi Masyarakat dalam Pemilu dan Pilkada",
                  source=ctx.source("pemilu"),
                  note=f"Biru tua: pemilihan tahun {ctx.year}"
                  + ("; garis merah: target indikator program." if program else "."))
    if program:
        cap = capaian_label(ctx, program["capaian"], program["capaian_found"],
                            "capaian_program")
        real = beside(ctx.fmt.pct(program["realisasi"], "rata_partisipasi"),
                      program["realisasi_found"], lambda v: ctx.fmt.pct(v, "rata_partisipasi"))
        p.say(f"Pada tahun {ctx.year}, {md_text(program_name(program['name']))} dengan "
              f"indikator “{md_text(program['indicator'])}” memiliki target "
              f"{ctx.fmt.compact(program['target'], 'indeks')} % dan terealisasi {real} "
              f"(rata-rata partisipasi di atas), sehingga capaian kinerja sebesar {cap}.")


def table_3_2_notes(ctx, prog: pd.DataFrame) -> list[str]:
    end = int(ctx.profile["renstra"]["end_year"])
    notes = [f"Kolom: Target Akhir Renstra Tahun {end}; Realisasi Kinerja Tahun {ctx.year}. "
             + capaian_formula_note(ctx, prog, what="Tingkat kemajuan",
                                    target="target akhir Renstra", kind="kemajuan")]
    printed = sorted({n for n in prog["note"].dropna()})
    return notes + [f"{n}; tabel ini memuat realisasi tahun {ctx.year}." for n in printed]


def show_table_3_2(ctx, parts: Parts) -> None:
    """Tabel 3.2, printed grades that disagree, and the chart of capaian and progress (the
    exact table is kept in ``parts.prog``)."""
    prog = table_3_2(ctx)
    end = int(ctx.profile["renstra"]["end_year"])
    p.show_table(table_3_2_display(ctx, prog), [
        p.Col("no", "No."), p.Col("sasaran", "Sasaran Renstra"),
        p.Col("indikator", "Indikator Kinerja"), p.Col("end_target", f"Target Akhir {end}", True),
        p.Col("realisasi", f"Realisasi {ctx.year}", True),
        p.Col("kemajuan", "Tingkat Kemajuan", True)],
        key="renstra-progress", title="Perbandingan Realisasi Kinerja s.d akhir periode RENSTRA",
        source=ctx.source("renstra-progress"), notes=table_3_2_notes(ctx, prog))
    for sentence in table_3_2_remarks(ctx, prog):
        p.say(md_text(sentence))
    lacking = [r.indikator for r in parts.perf.itertuples() if nn(r.realisasi) is None]
    note = "Garis putus-putus: 100 %. Indikator tanpa target tahun berjalan tidak punya batang " \
           "capaian."
    if lacking:
        note += f" Realisasi {ctx.year} belum tersedia untuk: " + "; ".join(lacking) + "."
    p.show_figure(capaian_figure(ctx, parts.perf, prog), key="capaian-chart",
                  title=f"Capaian Tahun {ctx.year} dan Kemajuan terhadap Target Akhir Renstra "
                  "per IKU", source=ctx.source("kinerja"), note=note)
    parts.prog = prog


def figures(ctx, parts: Parts) -> dict:
    """Key figures of the chapter (see :func:`key_figures`)."""
    return key_figures(ctx, parts.perf, parts.prog, parts.formulas, parts.conflicts,
                       parts.elections, parts.average, parts.program)


# --- The agency's analysis: III.A.2 per IKU, III.A.4 kendala dan solusi -----------------------

#: The agency text of item 4: causes of success or failure and the solutions taken.
KENDALA = "kendala-dan-solusi"


def text_sections(ctx) -> list[str]:
    """The agency texts this chapter shows: the analysis of each IKU, the kendala dan solusi
    (the faktor penunjang of III.A.6 is the efficiency chapter's)."""
    return [s for s in narrative.bab3_sections(ctx)
            if s.startswith(narrative.ANALYSIS_PREFIX)] + [KENDALA]


def texts(ctx) -> AgencyTexts:
    """The agency's texts of the chapter; a final build stops here listing every one
    missing."""
    found = narrative.agency_texts(ctx)
    found.require(text_sections(ctx))
    return found


def verdict(ctx, capaian) -> str | None:
    """'melampaui target', 'mencapai target', 'di bawah target' (by the displayed capaian);
    None when there is no capaian."""
    if nn(capaian) is None:
        return None
    shown = ctx.policy.round(capaian, "capaian")
    return ("melampaui target" if shown > 100 else "mencapai target" if shown >= 100
            else "di bawah target")


def realisasi_by_year(ctx) -> dict[str, dict[int, float]]:
    """Per IKU, its realisasi in the earlier years the per-sasaran tables show (only those
    the data hold)."""
    years = history_years(ctx)
    hist = indicators.realisasi_history(ctx.dataset.iku, ctx.dataset.table("iku_realisasi"),
                                        years).set_index("iku_id")
    return {str(i): {y: float(row[y]) for y in years if nn(row[y]) is not None}
            for i, row in hist.iterrows()}


def realisasi_sentence(ctx, r, earlier: dict[int, float]) -> str:
    """The figures of one IKU of a sasaran: realisasi against target and capaian, then the
    change from the latest earlier year with data ('naik 0,38 poin') and the years before."""
    k = ctx.dataset.iku.set_index("iku_id").loc[r.iku_id].to_dict()
    suffix = unit_suffix(r.unit_kind, r.unit)
    name, unit = md_text(r.indikator), f" {md_text(suffix.strip())}" if suffix else ""
    if nn(r.realisasi) is None:
        return f"Realisasi {name} tahun {ctx.year} belum tersedia dalam data."
    text = (f"Pada tahun {ctx.year} {name} terealisasi "
            f"{md_text(label(ctx, r.realisasi, r.unit, k))}{unit}")
    if nn(r.target) is not None:
        text += f" dari target {md_text(label(ctx, r.target, r.unit, k))}{unit}"
        judged = verdict(ctx, r.capaian)
        if judged:
            text += f", capaian {capaian_label(ctx, r.capaian)} ({judged})"
    else:
        text += f" (target tahun {ctx.year} tidak tersedia dalam data)"
    text += "."
    before = sorted(earlier.items(), reverse=True)
    if before:
        year, value = before[0]
        change = float(r.realisasi) - value
        if ctx.policy.round(abs(change), "indeks") == 0:
            text += f" Realisasi ini sama dengan tahun {year}"
        else:
            text += (f" Dibandingkan tahun {year} realisasinya "
                     f"{'naik' if change > 0 else 'turun'} "
                     f"{ctx.fmt.compact(abs(change), 'indeks')}{unit or ' poin'}")
        listed = "; ".join(f"tahun {y}: {md_text(label(ctx, v, r.unit, k))}{unit}"
                           for y, v in before)
        text += f" (realisasi {listed})."
    if r.direction == "lower":
        text += " Indikator ini semakin rendah semakin baik."
    return text


def show_analysis(ctx, found: AgencyTexts, r) -> None:
    """The agency's analysis of one IKU (why the figures are what they are), or its
    placeholder, under a label naming the indicator."""
    p.say(lead(f"Analisis capaian {r.indikator}") + "\n\n"
          + found.analisis(r.iku_id, str(r.indikator)))


def kendala_sentence(ctx, perf: pd.DataFrame) -> str:
    """Which IKU reached their target in the year and which did not, with their capaian (the
    figures the agency's analysis of causes and solutions is about)."""
    groups: dict[str, list[str]] = {"reached": [], "below": [], "unknown": []}
    for r in perf.itertuples():
        judged = verdict(ctx, r.capaian)
        if judged is None:
            groups["unknown"].append(md_text(r.indikator))
        else:
            groups["below" if judged == "di bawah target" else "reached"].append(
                f"{md_text(r.indikator)} ({capaian_label(ctx, r.capaian)})")
    parts = []
    if groups["reached"]:
        parts.append("yang mencapai atau melampaui target: " + join_id(groups["reached"]))
    if groups["below"]:
        parts.append("yang di bawah target: " + join_id(groups["below"]))
    if groups["unknown"]:
        parts.append("yang belum dapat dinilai karena datanya belum lengkap: "
                     + join_id(groups["unknown"]))
    if not parts:
        return f"Dataset tidak memuat indikator kinerja utama untuk tahun {ctx.year}."
    return f"Pada tahun {ctx.year}, indikator kinerja utama " + "; ".join(parts) + "."


def show_kendala(ctx, parts: Parts, found: AgencyTexts) -> None:
    """Item 4: the IKU below and above target, then the agency's analysis of the causes and
    the solutions taken (or its placeholder)."""
    p.say(kendala_sentence(ctx, parts.perf))
    p.say(found.text(KENDALA))
