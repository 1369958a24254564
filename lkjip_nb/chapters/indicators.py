"""Bab III.A.1-4: Tabel 3.1, one table per sasaran, Tabel 3.2, IKU formulas, regional
comparisons, conflicts, election turnout and the turnout program's outcome.

Functions return exact frames (for arithmetic and key figures) and display frames of strings.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from markupsafe import Markup, escape

from lkjip_nb import elections, indicators
from lkjip_nb import present as p
from lkjip_nb.chapters.budget import program_name
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
from lkjip_nb.narrative import join_id
from lkjip_nb.present import agency_label, versus

#: What a table shows for an IKU without realisasi in the year.
NO_REALISASI = "tidak tersedia"

#: How many earlier years the per-sasaran tables show.
HISTORY_YEARS = 2


def _grade(iku_row, value, profile) -> str | None:
    value = nn(value)
    if value is None or iku_row.get("grading") not in LABEL_GRADINGS:
        return None
    return indicators.grade_for(iku_row, value, profile)


def label(ctx, value, unit: str, iku_row, printed_grade: str | None = None,
          printed_value: float | None = None, what: str = "tercetak"):
    """An IKU value as the report writes it ('90 %', '84,61', 'B (66,55)'), the grade computed;
    the printed label beside when it differs."""
    value = nn(value)
    grade = _grade(iku_row, value, ctx.profile)
    mine = value_label(ctx, value, unit, grade)
    printed_grade, printed_value = nn(printed_grade), nn(printed_value)
    if printed_value is None and printed_grade is None:
        return mine
    pv = value if printed_value is None else printed_value
    pg = (printed_grade or grade) if grade or printed_grade else None
    return versus(mine, value_label(ctx, pv, unit, pg), what=what)


def capaian_label(ctx, value, reported=None, kind: str = "capaian"):
    """'98,3 %' (policy-rounded, trailing zeros dropped like the report) with a differing
    printed value beside."""
    value, reported = nn(value), nn(reported)
    if value is None:
        return "–"
    mine = ctx.fmt.compact(value, kind) + "\u00a0%"
    theirs = None if reported is None else ctx.fmt.compact(reported, kind) + "\u00a0%"
    return versus(mine, theirs)


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


def realisasi_label(ctx, r, k: dict, printed_grade: str | None = None):
    """The realisasi cell; 'tidak tersedia' when the year has none."""
    if nn(r.realisasi) is None:
        return NO_REALISASI
    return label(ctx, r.realisasi, r.unit, k, printed_grade)


def has_categories(ctx) -> bool:
    """Whether the profile defines capaian categories (a Kategori column is shown)."""
    return bool(ctx.profile.get("capaian_categories"))


def table_3_1_display(ctx, perf: pd.DataFrame) -> pd.DataFrame:
    iku = ctx.dataset.iku.set_index("iku_id")
    rows = []
    for r in perf.itertuples():
        k = iku.loc[r.iku_id].to_dict()
        target_grade = nn(r.target_grade) if k.get("grading") in LABEL_GRADINGS else None
        row = {
            "no": str(r.no), "sasaran": r.sasaran, "indikator": indicator_cell(r),
            "target": label(ctx, r.target, r.unit, k, target_grade),
            "realisasi": realisasi_label(ctx, r, k,
                                         nn(r.grade_reported) if k.get("grading") in
                                         LABEL_GRADINGS else None),
            "capaian": capaian_label(ctx, r.capaian, r.capaian_reported),
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
    notes = [capaian_formula_note(ctx, perf)]
    return notes + [n for n in (grade_note(ctx), category_note(ctx)) if n]


def missing_targets(perf: pd.DataFrame) -> list[str]:
    """Indicators of the year without a target in the data."""
    return [r.indikator for r in perf.itertuples() if nn(r.target) is None]


def performance_sentences(ctx, perf: pd.DataFrame) -> list[str]:
    """One sentence per IKU: target, realisasi, capaian, verdict (or what is missing)."""
    out = []
    iku = ctx.dataset.iku.set_index("iku_id")
    for r in perf.itertuples():
        k = iku.loc[r.iku_id].to_dict()
        unit = unit_suffix(r.unit_kind, r.unit)
        real = f"{label(ctx, r.realisasi, r.unit, k)}{unit}"
        if nn(r.realisasi) is None:
            out.append(f"Realisasi {r.indikator} tahun {ctx.year} belum tersedia dalam data, "
                       "sehingga capaiannya tidak dapat dihitung.")
            continue
        if nn(r.target) is None:
            out.append(f"{r.indikator} terealisasi {real}; target tahun {ctx.year} tidak "
                       "tersedia dalam dataset sehingga capaian tidak dapat dihitung.")
            continue
        tgt = f"{label(ctx, r.target, r.unit, k)}{unit}"
        if nn(r.capaian) is None:
            out.append(f"{r.indikator}: dari target {tgt} terealisasi {real}; capaian tidak "
                       "terdefinisi untuk angka ini.")
            continue
        shown = ctx.policy.round(r.capaian, "capaian")
        verdict = ("melampaui target" if shown > 100 else "mencapai target" if shown >= 100
                   else "di bawah target")
        lower = "; semakin rendah semakin baik" if r.direction == "lower" else ""
        category = nn(getattr(r, "capaian_category", None))
        category = f", kategori {category}" if category else ""
        out.append(f"{r.indikator}: dari target {tgt} terealisasi {real}, capaian "
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
    iku (exact frame), divergent (other printed realisasi of the earlier years).
    """
    ds = ctx.dataset
    years = history_years(ctx)
    real = ds.table("iku_realisasi")
    hist = indicators.realisasi_history(ds.iku, real, years).set_index("iku_id")
    div = indicators.divergent_prints(real)
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
                printed = real[(real["iku_id"] == r.iku_id) & (real["year"] == y)
                               & (real["reported_in"] == f"sasaran-{s.no}")]
                value = hist.loc[r.iku_id, y] if r.iku_id in hist.index else None
                pg = None if printed.empty else nn(printed["grade_reported"].iloc[0])
                row[f"r{y}"] = label(ctx, value, r.unit, k, pg if _grade(k, value, ctx.profile)
                                     else None)
            target_grade = nn(r.target_grade) if k.get("grading") in LABEL_GRADINGS else None
            row["target"] = label(ctx, r.target, r.unit, k, target_grade)
            row["realisasi"] = realisasi_label(ctx, r, k, nn(r.grade_reported)
                                               if k.get("grading") in LABEL_GRADINGS else None)
            row["capaian"] = capaian_label(ctx, r.capaian, r.capaian_reported)
            rows.append(row)
        cap = nn(sas_cap.get(s.sasaran_id))
        footer = {"indikator": Markup("<strong>{}</strong>").format(
            f"Capaian Kinerja Sasaran Strategis {s.no} Tahun {ctx.year}"),
            "capaian": Markup("<strong>{}</strong>").format(capaian_label(ctx, cap))}
        rows.append(footer)
        d = div[div["iku_id"].isin(items["iku_id"]) & div["year"].isin(years)]
        out.append({"sasaran_id": s.sasaran_id, "no": s.no, "sasaran": s.sasaran,
                    "rows": pd.DataFrame(rows), "capaian": cap, "iku": items, "divergent": d})
    return out


def divergent_sentences(ctx, div: pd.DataFrame) -> list[str]:
    """'Realisasi X tahun 2023 tercetak 75 % pada Tabel 2.4, sedangkan ... 70 %.'"""
    iku = ctx.dataset.iku.set_index("iku_id")
    out = []
    for r in div.itertuples():
        k = iku.loc[r.iku_id]
        where = (f"Tabel {r.reported_in}" if r.reported_in[:1].isdigit()
                 else f"tabel {r.reported_in.replace('-', ' ')}")
        out.append(f"⚠ Realisasi {k['indikator']} tahun {r.year} tercetak "
                   f"{value_label(ctx, r.value, k['unit'])} pada {where}, sedangkan tabel "
                   f"sasaran mencatat {value_label(ctx, r.primary, k['unit'])}; yang dipakai "
                   f"di sini {value_label(ctx, r.primary, k['unit'])}.")
    return out


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
        rows.append({
            "no": f"{r.no}.", "sasaran": r.sasaran, "indikator": indicator_cell(r),
            "end_target": label(ctx, r.end_target, r.unit, k, nn(r.end_target_grade)),
            "realisasi": realisasi_label(ctx, r, k, nn(r.grade_reported)),
            "kemajuan": capaian_label(ctx, r.progress, r.progress_reported, "kemajuan"),
        })
    return blank_repeats(pd.DataFrame(rows))


def grade_disagreements(ctx, prog: pd.DataFrame) -> list[dict]:
    """Rows of Tabel 3.2 whose printed grade differs from the grade of the value."""
    iku = ctx.dataset.iku.set_index("iku_id")
    out = []
    for r in prog.itertuples():
        k = iku.loc[r.iku_id].to_dict()
        g = _grade(k, r.realisasi, ctx.profile)
        if g and nn(r.grade_reported) and g != r.grade_reported:
            out.append({"iku_id": r.iku_id, "indikator": r.indikator, "value": r.realisasi,
                        "grade": g, "printed": r.grade_reported})
    return out


# --- IKU formulas --------------------------------------------------------------------------

def formulas(ctx, perf: pd.DataFrame) -> pd.DataFrame:
    """Count-based IKU recomputed from their inputs, beside the realisasi the report uses."""
    inputs = ctx.dataset.table("iku_formula_inputs")
    if inputs.empty:
        return inputs
    res = indicators.formula_results(inputs)
    return res.merge(perf[["iku_id", "indikator", "unit", "target", "realisasi", "capaian"]],
                     on="iku_id", how="left")


def _tex_text(text: str) -> str:
    """``\\text{...}`` of plain text (braces dropped)."""
    return r"\text{" + str(text).replace("{", "").replace("}", "") + "}"


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


def formula_display(ctx, res: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for r in res.itertuples():
        computed = ctx.fmt.compact(r.result, "capaian") + "\u00a0%"
        used = nn(r.realisasi)
        rows.append({
            "indikator": r.indikator,
            "pembilang": f"{r.numerator_label}: {ctx.fmt.compact(r.numerator, 'indeks')}",
            "penyebut": f"{r.denominator_label}: {ctx.fmt.compact(r.denominator, 'indeks')}",
            "hasil": versus(computed, None if used is None else value_label(ctx, used, r.unit),
                            what="realisasi Tabel 3.1:"),
        })
    return pd.DataFrame(rows)


def formula_sentences(ctx, res: pd.DataFrame) -> list[str]:
    out = []
    for r in res.itertuples():
        computed = ctx.fmt.compact(r.result, "capaian") + "\u00a0%"
        used = nn(r.realisasi)
        if used is None:
            out.append(f"{r.indikator}: hasil rumus {computed}; realisasi tahun {ctx.year} "
                       "tidak tersedia dalam dataset.")
        elif abs(used - r.result) < 1e-9:
            out.append(f"{r.indikator}: hasil rumus {computed} sama dengan realisasi yang "
                       "dilaporkan.")
        else:
            k = ctx.dataset.iku.set_index("iku_id").loc[r.iku_id]
            recomputed = indicators.capaian_or_none(
                r.result, nn(r.target), indicators.capaian_rule(k, ctx.profile), k["direction"])
            cap = (f" Dengan hasil rumus, capaian terhadap target "
                   f"{value_label(ctx, r.target, r.unit)} menjadi "
                   f"{capaian_label(ctx, recomputed)}." if recomputed is not None else "")
            out.append(f"⚠ {r.indikator}: rumus menghasilkan {computed} "
                       f"({ctx.fmt.compact(r.numerator, 'indeks')} dari "
                       f"{ctx.fmt.compact(r.denominator, 'indeks')}), sedangkan realisasi yang "
                       f"dilaporkan dan dipakai untuk capaian adalah "
                       f"{value_label(ctx, used, r.unit)} (sama dengan target).{cap}")
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
        return join_id([f"{r.region} ({value_label(ctx, r.value, k['unit'])})"
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
    own_text = label(ctx, own["value"], k["unit"], k)
    hint = "; untuk indikator ini semakin rendah semakin baik" if lower_better else ""
    return (f"Pada tahun {ctx.year}, {k['indikator']} untuk {own['region']} sebesar {own_text}, "
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
        r = res[res["iku_id"] == iku_id].iloc[0]
        if int(r["numerator"]) == handled and int(r["denominator"]) == total:
            text += " Jumlah ini sama dengan pembilang dan penyebut rumus indikator di atas."
        else:
            text += (f" ⚠ Rumus indikator memakai {ctx.fmt.compact(r['numerator'], 'indeks')}/"
                     f"{ctx.fmt.compact(r['denominator'], 'indeks')}, berbeda dari daftar "
                     "kejadian ini.")
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
    rt = ctx.dataset.table("reported_totals")
    rep = rt[(rt["table"] == "pemilu") & (rt["field"] == "percent")]
    return {"average": shown, "exact": exact, "labels": list(current["label"]),
            "values": [ctx.policy.round(v, "partisipasi") for v in values],
            "reported": None if rep.empty else float(rep["value"].iloc[0])}


def turnout_display(ctx, table: pd.DataFrame, avg: dict) -> tuple[pd.DataFrame, list]:
    """Rows Uraian x one column per election, as printed (DPT, voters, turnout, average)."""
    f = ctx.fmt
    cols = [f"e{i}" for i in range(len(table))]
    rows = [{"uraian": "Jumlah DPT"}, {"uraian": "Jumlah Pengguna Hak Pilih"},
            {"uraian": "Partisipasi Masyarakat"}, {"uraian": "Rata-rata"}]
    current = [c for c, y in zip(cols, table["year"], strict=True) if y == ctx.year]
    for c, r in zip(cols, table.itertuples(), strict=True):
        rows[0][c] = f.integer(r.dpt)
        rows[1][c] = f.integer(r.voters)
        rep = nn(r.participation_reported)
        rows[2][c] = versus(f.pct(r.partisipasi, "partisipasi"),
                            None if rep is None else f.pct(rep, "partisipasi"))
        rows[3][c] = "-" if c not in current else ""
    if current and avg["average"] is not None:
        rows[3][current[0]] = versus(f.pct(avg["average"], "rata_partisipasi"),
                                     None if avg["reported"] is None
                                     else f.pct(avg["reported"], "rata_partisipasi"))
    return pd.DataFrame(rows), list(zip(cols, table["label"], strict=True))


def turnout_average_tex(ctx, avg: dict) -> str:
    vals = " + ".join(_tex_pct(ctx.fmt.num(v, "partisipasi")) for v in avg["values"])
    res = _tex_pct(ctx.fmt.num(avg["average"], "rata_partisipasi"))
    names = " + ".join(_tex_text("Partisipasi " + lbl.title()) for lbl in avg["labels"])
    n = len(avg["values"])
    return (f"$$\\text{{Rata-rata}} = \\frac{{{names}}}{{{n}}} = \\frac{{{vals}}}{{{n}}}"
            f" = {res}$$")


def turnout_program(ctx, avg: dict) -> dict | None:
    """The program whose outcome is turnout: target, average realisasi, capaian (display)."""
    progs = elections.turnout_programs(ctx.dataset.table("programs"))
    if progs.empty or avg["average"] is None:
        return None
    p = progs.iloc[0]
    shown = ctx.policy.round(avg["average"], "rata_partisipasi")
    target = nn(p["outcome_target"])
    cap = None if target is None else indicators.capaian(shown, float(target))
    return {"code": p["code"], "name": p["name"], "indicator": p["outcome_indicator"],
            "target": target, "realisasi": shown,
            "realisasi_reported": nn(p["outcome_realisasi"]),
            "capaian": cap, "capaian_reported": nn(p["outcome_capaian_reported"])}


def narrative_turnout_mentions(ctx, table: pd.DataFrame) -> list[dict]:
    """Turnout figures the narrative prints (reported_totals 'pemilu-narasi') vs computed."""
    rt = ctx.dataset.table("reported_totals")
    rows = rt[(rt["table"] == "pemilu-narasi") & (rt["field"] == "percent")]
    out = []
    for r in rows.itertuples():
        words = r.item.lower()
        hit = table[[str(lbl).lower() in words or (k in words and str(y) in words)
                     for lbl, k, y in zip(table["label"], table["kind"], table["year"],
                                          strict=True)]]
        if not hit.empty:
            out.append({"item": r.item, "printed": r.value,
                        "computed": float(hit["partisipasi"].iloc[0])})
    return out


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
    """Escape text for generated Markdown/HTML."""
    return str(escape(text))


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
    items = ["target, realisasi dan capaian IKU (Tabel 3.1)",
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
    items.append("kemajuan terhadap target akhir Renstra (Tabel 3.2)")
    return ("Bab III.A.1–4 LKJIP — Capaian Kinerja Organisasi: " + join_id(items) + ". Semua "
            "angka dihitung dari data; angka tercetak yang berbeda dari hasil hitung ditandai ⚠.")


def show_table_3_1(ctx, parts: Parts) -> None:
    """Tabel 3.1, one sentence per IKU, and which targets are missing."""
    perf = parts.perf
    p.show_table(table_3_1_display(ctx, perf), table_3_1_columns(ctx), number="3.1",
                 title=f"Target, Realisasi dan Capaian Kinerja Tahun {ctx.year}",
                 source=ctx.source("3.1"), notes=table_3_1_notes(ctx, perf))
    p.say("\n".join(f"- {s}" for s in performance_sentences(ctx, perf)))
    lacking = missing_targets(perf)
    if lacking:
        p.say(f"> **Data target tidak lengkap.** Target tahun {ctx.year} tidak ada dalam dataset "
              "untuk: " + "; ".join(lacking) + ". Kolom target dan capaian indikator tersebut "
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
        number=None, title=f"Kejadian Menonjol Tahun {ctx.year}", source=ctx.source("konflik"))


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
            p.say(f"{k['indikator']} adalah indikator komposit yang dihitung dengan rumus:\n\n"
                  f"{iks_formula_tex(dims)}")
            mine = [f"{r.dimension} (sub dimensi {', '.join(r.contributing)})"
                    for r in dims.itertuples() if r.contributing]
            if mine:
                p.say(f"{agency_label(ctx)} berkontribusi pada dimensi: " + "; ".join(mine) + ".")
    res = parts.formulas
    if not res.empty and (res["iku_id"] == iku_id).any():
        row = next(res[res["iku_id"] == iku_id].itertuples())
        p.say(f"Rumus indikator {k['indikator']}:\n\n{formula_tex(ctx, row)}")
        for sentence in formula_sentences(ctx, res[res["iku_id"] == iku_id]):
            p.say(sentence)
    if iku_id == parts.conflict_iku and parts.conflicts["total"]:
        _show_conflicts(ctx, parts, with_formula=True)
    if iku_id in parts.regions:
        frame = parts.regions[iku_id]
        title = comparison_title(ctx, iku_id, frame)
        p.show_table(comparison_display(ctx, iku_id, frame), [
            p.Col("no", "No"), p.Col("region", "Wilayah"),
            p.Col("value", f"{k['indikator']} {ctx.year}", True)],
            number=None, title=title, source=ctx.source("perbandingan"),
            notes=["Baris tebal ◀: wilayah sendiri."])
        p.say(comparison_sentence(ctx, iku_id, frame))
        p.show_figure(comparison_figure(ctx, iku_id, frame), number=None, title=title,
                      source=ctx.source("perbandingan"), note=comparison_note(frame))
    elif iku_id in _compared_ever(ctx):
        p.say(f"Data perbandingan {k['indikator']} dengan wilayah lain tahun {ctx.year} tidak "
              "ada dalam dataset.")


def show_sasaran(ctx, parts: Parts) -> None:
    """Per sasaran: its IKU over the years, its capaian, programs, definitions and extras."""
    years = history_years(ctx)
    absent = [y for y in history_years(ctx, with_data=False) if y not in years]
    if absent:
        p.say(f"Realisasi tahun {', '.join(map(str, absent))} tidak ada dalam dataset; kolomnya "
              "tidak ditampilkan.")
    programs = ctx.dataset.table("programs")
    for i, item in enumerate(sasaran_tables(ctx, parts.perf), start=1):
        p.say(f"### {letter(i)}. Sasaran Strategis {item['no']}: {item['sasaran']}")
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
        p.show_table(item["rows"], cols, number=None,
                     title=f"Target dan Realisasi Sasaran Strategis {item['no']} Tahun {ctx.year}",
                     source=ctx.source("3.1"), header_rows=[group], notes=notes)
        for sentence in divergent_sentences(ctx, item["divergent"]):
            p.say(sentence)
        own = programs[programs["sasaran_id"] == item["sasaran_id"]].sort_values("order")
        if not own.empty:
            p.say(f"Sasaran strategis ini dijalankan dengan {count_words(len(own))} program: "
                  + "; ".join(program_name(n) for n in own["name"]) + ".")
        for iku_id in item["iku"]["iku_id"]:
            _show_iku_extras(ctx, parts, iku_id)


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
                 number=None, title="Perbandingan Partisipasi Masyarakat Saat Pemilu dan Pilkada",
                 source=ctx.source("pemilu"),
                 notes=["Partisipasi = pengguna hak pilih / DPT × 100, dihitung dari data; angka "
                        "tercetak yang berbeda ditandai ⚠."])
    p.say(turnout_average_tex(ctx, average))
    p.say("Rata-rata partisipasi dihitung, seperti dalam laporan, dari partisipasi yang telah "
          f"dibulatkan ({rule_text(ctx, 'partisipasi')}), lalu ditampilkan "
          f"{rule_text(ctx, 'rata_partisipasi')}: "
          f"{ctx.fmt.pct(average['average'], 'rata_partisipasi')}. Tanpa pembulatan antara, "
          f"rata-rata eksak {ctx.fmt.num(average['exact'], 'indeks')} %.")
    for m in narrative_turnout_mentions(ctx, table):
        if ctx.policy.round(m["computed"], "partisipasi") != m["printed"]:
            p.say(f"⚠ Narasi laporan menyebut {m['item']} sebesar "
                  f"{ctx.fmt.compact(m['printed'], 'indeks')} %, sedangkan hasil hitung "
                  f"{ctx.fmt.pct(m['computed'], 'partisipasi')}.")
    fig = turnout_figure(ctx, table, program["target"] if program else None)
    p.show_figure(fig, number=None, title="Partisipasi Masyarakat dalam Pemilu dan Pilkada",
                  source=ctx.source("pemilu"),
                  note=f"Biru tua: pemilihan tahun {ctx.year}"
                  + ("; garis merah: target indikator program." if program else "."))
    if program:
        cap = capaian_label(ctx, program["capaian"], program["capaian_reported"],
                            "capaian_program")
        reported = program["realisasi_reported"]
        real = versus(ctx.fmt.pct(program["realisasi"], "rata_partisipasi"),
                      None if reported is None else ctx.fmt.pct(reported, "rata_partisipasi"))
        p.say(f"Pada tahun {ctx.year}, {program_name(program['name'])} dengan indikator "
              f"“{program['indicator']}” memiliki target "
              f"{ctx.fmt.compact(program['target'], 'indeks')} % dan terealisasi {real} "
              f"(rata-rata partisipasi di atas), sehingga capaian kinerja sebesar {cap}.")


def table_3_2_notes(ctx, prog: pd.DataFrame) -> list[str]:
    end = int(ctx.profile["renstra"]["end_year"])
    notes = [f"Kolom: Target Akhir Renstra Tahun {end}; Realisasi Kinerja Tahun {ctx.year}. "
             + capaian_formula_note(ctx, prog, what="Tingkat kemajuan",
                                    target="target akhir Renstra", kind="kemajuan")]
    printed = sorted({n for n in prog["note"].dropna()})
    return notes + [f"⚠ {n}; tabel ini memuat realisasi tahun {ctx.year}." for n in printed]


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
        number="3.2", title="Perbandingan Realisasi Kinerja s.d akhir periode RENSTRA",
        source=ctx.source("3.2"), notes=table_3_2_notes(ctx, prog))
    basis = (ctx.profile.get("sakip_grades") or {}).get("legal_basis", "SAKIP")
    for g in grade_disagreements(ctx, prog):
        value = ctx.fmt.compact(g["value"], "indeks")
        p.say(f"⚠ Predikat {g['indikator']} tercetak {g['printed']} ({value}), padahal nilai "
              f"{value} menurut skala {basis} berpredikat {g['grade']}.")
    lacking = [r.indikator for r in parts.perf.itertuples() if nn(r.realisasi) is None]
    note = "Garis putus-putus: 100 %. Indikator tanpa target tahun berjalan tidak punya batang " \
           "capaian."
    if lacking:
        note += f" Realisasi {ctx.year} belum tersedia untuk: " + "; ".join(lacking) + "."
    p.show_figure(capaian_figure(ctx, parts.perf, prog), number=None,
                  title=f"Capaian Tahun {ctx.year} dan Kemajuan terhadap Target Akhir Renstra "
                  "per IKU", source=ctx.source("3.1"), note=note)
    parts.prog = prog


def figures(ctx, parts: Parts) -> dict:
    """Key figures of the chapter (see :func:`key_figures`)."""
    return key_figures(ctx, parts.perf, parts.prog, parts.formulas, parts.conflicts,
                       parts.elections, parts.average, parts.program)
