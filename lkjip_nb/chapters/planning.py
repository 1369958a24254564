"""Bab II Perencanaan Kinerja: visi, misi, tujuan, IKU, Tabel 2.1-2.5, program tree, trajectory.

Every function takes the notebook context and returns plain data: exact frames for arithmetic,
display frames of strings for :func:`lkjip_nb.present.show_table`, sentences, key figures.
"""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from lkjip_nb import budget, indicators, present
from lkjip_nb.audit import Finding, for_row, select
from lkjip_nb.audit.wording import PRINTED_REPORT, printed_table
from lkjip_nb.chapters.audit import beside, findings, flag, on_cells, sentences, unique, worst
from lkjip_nb.chapters.audit import mark as cell_mark
from lkjip_nb.chapters.common import (
    blank_repeats,
    code_legend,
    code_mark,
    has_budget,
    has_grading,
    program_budget,
    value_label,
)
from lkjip_nb.present import agency_label, md_text, ref

#: Gradings whose grade is written before the value, as the report does: 'BB (75,3)'.
#: (IKS categories appear only in Tabel 2.1, after the value: '84,61 (Sangat Tinggi)'.)
LABEL_GRADINGS = ("sakip",)

#: Number of years Tabel 2.1 shows (the report year and the years before it).
TABLE_2_1_YEARS = 3

_ONES = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
         "sepuluh", "sebelas"]


def terbilang(n: int) -> str:
    """Indonesian words of a whole number below one million: 26 -> 'dua puluh enam'."""
    n = int(n)
    if n < 0:
        return "minus " + terbilang(-n)
    if n < 12:
        return _ONES[n]
    if n < 20:
        return terbilang(n - 10) + " belas"
    if n < 100:
        tens, rest = divmod(n, 10)
        return terbilang(tens) + " puluh" + (" " + terbilang(rest) if rest else "")
    if n < 200:
        return "seratus" + (" " + terbilang(n - 100) if n > 100 else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return terbilang(hundreds) + " ratus" + (" " + terbilang(rest) if rest else "")
    if n < 2000:
        return "seribu" + (" " + terbilang(n - 1000) if n > 1000 else "")
    if n < 1_000_000:
        thousands, rest = divmod(n, 1000)
        return terbilang(thousands) + " ribu" + (" " + terbilang(rest) if rest else "")
    return str(n)


def count_words(n: int) -> str:
    """'6 (enam)' as the report writes counts."""
    return f"{int(n)} ({terbilang(n)})"


def roman(n: int) -> str:
    """Roman numeral of a positive number (program numbering: I, II, ...)."""
    out = []
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                           (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                           (4, "IV"), (1, "I")):
        while n >= value:
            out.append(numeral)
            n -= value
    return "".join(out)


def letter(n: int) -> str:
    """a, b, ..., z, aa, ab ... (sub kegiatan numbering)."""
    s = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        s = chr(97 + r) + s
    return s


# --- Visi, misi, tujuan -------------------------------------------------------------------

def renstra(ctx) -> dict:
    """The profile's Renstra block (vision, missions, goals) with defaults for absent keys."""
    r = dict(ctx.profile.get("renstra") or {})
    r.setdefault("missions", [])
    r.setdefault("goals", [])
    r.setdefault("regional_targets", [])
    return r


def item_no(item: dict, position: int) -> int:
    """The ``number`` of a profile list item, else its position."""
    value = item.get("number")
    return value if isinstance(value, int) and not isinstance(value, bool) else position


def missions(ctx) -> list[dict]:
    """Missions with their number, text and whether the agency supports them."""
    return [{"no": item_no(m, i), "text": " ".join(str(m.get("text", "")).split()),
             "supported": bool(m.get("supported"))}
            for i, m in enumerate(renstra(ctx)["missions"], start=1)]


def missions_markdown(ctx) -> str:
    """Numbered missions, the ones the agency supports in bold and marked."""
    lines = []
    for m in missions(ctx):
        if m["supported"]:
            short = ctx.profile["agency"].get("short_name", agency_label(ctx))
            lines.append(f"{m['no']}. **{md_text(m['text'])}** ✔ *(didukung {md_text(short)})*")
        else:
            lines.append(f"{m['no']}. {md_text(m['text'])}")
    return "\n".join(lines)


def supported_missions(ctx) -> list[dict]:
    return [m for m in missions(ctx) if m["supported"]]


def table_2_2(ctx) -> pd.DataFrame:
    """Tujuan Renstra and their indicators, one row per indicator (goal text on the first)."""
    rows = []
    for i, goal in enumerate(renstra(ctx)["goals"], start=1):
        for j, ind in enumerate(goal.get("indicators") or ["–"]):
            rows.append({"no": f"{i}." if j == 0 else "",
                         "tujuan": str(goal["text"]).strip() if j == 0 else "",
                         "indikator": ind})
    return pd.DataFrame(rows, columns=["no", "tujuan", "indikator"])


def table_2_3(ctx) -> pd.DataFrame:
    """IKU per sasaran (Tabel 2.3)."""
    sas = ctx.dataset.sasaran
    iku = ctx.dataset.iku
    rows = []
    for s in sas.itertuples():
        items = iku[iku["sasaran_id"] == s.sasaran_id]
        for j, k in enumerate(items.itertuples()):
            rows.append({"no": f"{s.no}." if j == 0 else "", "sasaran": s.sasaran if j == 0 else "",
                         "indikator": k.indikator, "satuan": k.unit,
                         "arah": "semakin rendah" if k.direction == "lower"
                         else "semakin tinggi"})
    return pd.DataFrame(rows, columns=["no", "sasaran", "indikator", "satuan", "arah"])


# --- Tabel 2.1: the regency-level IKU over the years ---------------------------------------

def regional_table(ctx, iku_id: str) -> str | None:
    """The number the agency's report printed the regency-level table of ``iku_id`` under
    (profile ``tables``, key ``iku-daerah/<iku_id>``; "2.1" in the bundled 2024 report), which
    the IKU tables' ``reported_in`` name it by; None when the profile gives none."""
    return ctx.dataset.reported_in(f"iku-daerah/{iku_id}")


def regional_iku_ids(ctx, table_id: str | None = None) -> list[str]:
    """IKU whose targets the data tie to their regency-level table (the IKU the regency sets
    for the agency): ``table_id``, else the number the profile gives (:func:`regional_table`)."""
    t = ctx.dataset.table("iku_targets")
    known = set(ctx.dataset.iku["iku_id"])
    ids = []
    for iku_id, printed in zip(t["iku_id"], t["reported_in"], strict=True):
        wanted = table_id if table_id is not None else regional_table(ctx, iku_id)
        if wanted is not None and printed == wanted and iku_id in known:
            ids.append(iku_id)
    return list(dict.fromkeys(ids))


def table_2_1_years(ctx, iku_id: str, table_id: str | None = None) -> list[int]:
    """Years up to the report year that the regency-level table of the IKU (``table_id``, else
    :func:`regional_table`) has a target or realisasi for (last three)."""
    table_id = regional_table(ctx, iku_id) if table_id is None else table_id
    t = ctx.dataset.table("iku_targets")
    r = indicators.primary_realisasi(ctx.dataset.table("iku_realisasi"))
    years = set(t.loc[(t["iku_id"] == iku_id) & (t["reported_in"] == table_id), "year"])
    years |= set(r.loc[r["iku_id"] == iku_id, "year"])
    years = sorted(int(y) for y in years if y <= ctx.year)
    return years[-TABLE_2_1_YEARS:]


def table_2_1(ctx, iku_id: str, table_id: str | None = None,
              ) -> tuple[pd.DataFrame, list[dict]]:
    """Exact per-year target/realisasi of the IKU with computed categories, and the audit's
    findings on what the table prints (``*_found``: target category, realisasi category,
    realisasi printed otherwise than the primary one). ``table_id``: the printed number of the
    table, else :func:`regional_table`.

    Returns (frame, notes): frame has one row per year; notes are the targets' remarks
    (e.g. "Target sesuai dengan RPJMD ...") with the year they apply to.
    """
    ds = ctx.dataset
    iku = ds.iku.set_index("iku_id").loc[iku_id]
    targets = ds.table("iku_targets")
    real = ds.table("iku_realisasi")
    prim = indicators.primary_realisasi(real)
    found = findings(ctx)
    table_id = regional_table(ctx, iku_id) if table_id is None else table_id
    rows, notes = [], []
    for year in table_2_1_years(ctx, iku_id, table_id):
        t = targets[(targets["iku_id"] == iku_id) & (targets["year"] == year)
                    & (targets["reported_in"] == table_id)]
        if t.empty:
            t = targets[(targets["iku_id"] == iku_id) & (targets["year"] == year)]
        t = t.iloc[0] if not t.empty else None
        r = prim[(prim["iku_id"] == iku_id) & (prim["year"] == year)]
        at = {"iku_id": iku_id, "year": year, "reported_in": table_id}
        value = float(r["realisasi"].iloc[0]) if not r.empty else None
        target = None if t is None else float(t["target"])
        note = None if t is None or pd.isna(t.get("note")) else str(t["note"])
        if note:
            notes.append({"year": year, "note": note, "kind": t["kind"]})
        rows.append({
            "year": year, "target": target,
            "target_kind": None if t is None else t["kind"],
            "target_note": note,
            "target_category": None if target is None else indicators.grade_for(
                iku, target, ctx.profile),
            "target_found": None if t is None else cell_mark(
                found, "iku_targets", "target_grade", iku_id=iku_id, year=year, kind=t["kind"]),
            "realisasi": value,
            "realisasi_found": cell_mark(select(found, check="cross_table"), "iku_realisasi",
                                    "realisasi", **at),
            "category": None if value is None else indicators.grade_for(iku, value, ctx.profile),
            "category_found": cell_mark(found, "iku_realisasi", "grade_reported", **at),
            "capaian": indicators.capaian_or_none(
                value, target, indicators.capaian_rule(iku, ctx.profile), iku["direction"]),
        })
    return pd.DataFrame(rows), notes


def nn(value):
    """None for missing values (None, NaN or pd.NA), the value otherwise."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return value


def _with_category(ctx, value, category, found: Finding | None,
                   star: str = "") -> str | Markup:
    """'84,61 (Sangat Tinggi)'; the printed category beside where the audit finds it other."""
    value, category = nn(value), nn(category)
    if value is None:
        return "–"
    text = ctx.fmt.compact(value, "indeks") + star
    if category is None:
        return text
    mine = Markup("{}<br><small>({})</small>").format(text, category)
    return beside(mine, found, lambda v: Markup("<small>({})</small>").format(v))


def table_2_1_display(ctx, frame: pd.DataFrame) -> tuple[pd.DataFrame, list]:
    """One row (the IKU), two columns per year; ``*`` marks a target with a remark."""
    row: dict = {}
    columns = []
    for r in frame.itertuples():
        star = "*" if nn(r.target_note) else ""
        row[f"t{r.year}"] = _with_category(ctx, r.target, r.target_category, r.target_found,
                                           star)
        real = _with_category(ctx, r.realisasi, r.category, r.category_found)
        if nn(r.realisasi) is not None:
            real = beside(Markup(real), r.realisasi_found,
                          lambda v: ctx.fmt.compact(v, "indeks"))
        row[f"r{r.year}"] = real
        columns.append(r.year)
    return pd.DataFrame([row]), columns


# --- Tabel 2.4 Perjanjian Kinerja -----------------------------------------------------------

def _target(targets: pd.DataFrame, iku_id: str, year: int, kind: str) -> pd.Series | None:
    hit = targets[(targets["iku_id"] == iku_id) & (targets["year"] == year)
                  & (targets["kind"] == kind)]
    return None if hit.empty else hit.iloc[0]


def perjanjian_kinerja(ctx, table_id: str | None = None) -> pd.DataFrame:
    """Per IKU: Renstra target of the year, realisasi of the year before, PK target.

    ``table_id`` is the number the agency's report printed the table under, which the IKU
    tables' ``reported_in`` name it by; else the profile's (``perjanjian-kinerja``; None
    matches no printed realisasi).

    The realisasi is the primary one; ``*_found`` are the audit's findings on what the table
    prints: the targets' grades, a realisasi printed otherwise than the primary one (e.g. 75 %
    against 70 % in the sasaran table) and its grade.
    """
    ds = ctx.dataset
    targets = ds.table("iku_targets")
    real = ds.table("iku_realisasi")
    prim = indicators.primary_realisasi(real)
    found = findings(ctx)
    if table_id is None:
        table_id = ctx.dataset.reported_in("perjanjian-kinerja")
    prev = ctx.year - 1
    rows = []
    sas = ds.sasaran.set_index("sasaran_id")
    for k in ds.iku.itertuples():
        ren = _target(targets, k.iku_id, ctx.year, "renstra")
        pk = _target(targets, k.iku_id, ctx.year, "pk")
        r = prim[(prim["iku_id"] == k.iku_id) & (prim["year"] == prev)]
        at = {"iku_id": k.iku_id, "year": prev, "reported_in": table_id}
        value = float(r["realisasi"].iloc[0]) if not r.empty else None
        kd = k._asdict()
        rows.append({
            "iku_id": k.iku_id, "sasaran_id": k.sasaran_id, "no": sas.loc[k.sasaran_id, "no"],
            "sasaran": sas.loc[k.sasaran_id, "sasaran"], "indikator": k.indikator,
            "unit": k.unit, "grading": k.grading,
            "renstra": None if ren is None else float(ren["target"]),
            "renstra_found": cell_mark(found, "iku_targets", "target_grade", iku_id=k.iku_id,
                                  year=ctx.year, kind="renstra"),
            "realisasi_prev": value,
            "realisasi_prev_grade": None if value is None
            else indicators.grade_for(kd, value, ctx.profile),
            "realisasi_found": cell_mark(select(found, check="cross_table"), "iku_realisasi",
                                    "realisasi", **at),
            "realisasi_grade_found": cell_mark(found, "iku_realisasi", "grade_reported", **at),
            "pk": None if pk is None else float(pk["target"]),
            "pk_found": cell_mark(found, "iku_targets", "target_grade", iku_id=k.iku_id,
                             year=ctx.year, kind="pk"),
        })
    frame = pd.DataFrame(rows)
    labelled = frame["grading"].isin(LABEL_GRADINGS)
    for col in ("renstra", "pk"):
        frame[f"{col}_grade"] = [
            None if v is None or v != v or not lab else indicators.grade_for(
                {"grading": g}, v, ctx.profile)
            for v, g, lab in zip(frame[col], frame["grading"], labelled, strict=True)]
    # grades are shown (and their prints marked) for labelled gradings only
    frame.loc[~labelled, ["realisasi_prev_grade", "renstra_found", "realisasi_grade_found",
                          "pk_found"]] = None
    return frame


def graded_label(ctx, value, unit: str, grade: str | None, grade_found: Finding | None = None,
                 value_found: Finding | None = None, what: str = "tercetak"):
    """'BB (75,3)' with the grade computed from the scale; the printed label beside where the
    audit finds its grade (``grade_found``) or value (``value_found``) different."""
    value, grade = nn(value), nn(grade)
    mine = value_label(ctx, value, unit, grade)
    f = worst(nn(grade_found), nn(value_found))
    if f is None:
        return mine
    rv = value if nn(value_found) is None else value_found.reported
    rg = grade if nn(grade_found) is None else grade_found.reported
    return beside(mine, f, printed=value_label(ctx, rv, unit, rg if grade else None), what=what)


def table_2_4_display(ctx, frame: pd.DataFrame) -> pd.DataFrame:
    printed = ctx.dataset.reported_in("perjanjian-kinerja")
    what = f"{printed_table(printed)}:" if printed else f"{PRINTED_REPORT}:"
    return blank_repeats(pd.DataFrame({
        "no": frame["no"].astype(str) + ".", "sasaran": frame["sasaran"],
        "indikator": frame["indikator"],
        "renstra": [graded_label(ctx, r.renstra, r.unit, r.renstra_grade, r.renstra_found)
                    for r in frame.itertuples()],
        "realisasi": [graded_label(ctx, r.realisasi_prev, r.unit, r.realisasi_prev_grade,
                                   r.realisasi_grade_found, r.realisasi_found,
                                   what=what)
                      for r in frame.itertuples()],
        "pk": [graded_label(ctx, r.pk, r.unit, r.pk_grade, r.pk_found)
               for r in frame.itertuples()],
    }))



# --- Tabel 2.5, program tree -------------------------------------------------------------

def programs_by_iku(ctx) -> pd.DataFrame:
    """Programs grouped under the IKU of their sasaran, with computed and printed anggaran."""
    ds = ctx.dataset
    progs = program_budget(ctx)
    sas = ds.sasaran
    iku = ds.iku
    progs = progs.merge(sas[["sasaran_id", "no"]].rename(columns={"no": "sasaran_no"}),
                        on="sasaran_id", how="left")
    progs = progs.sort_values(["sasaran_no", "order"], kind="stable").reset_index(drop=True)
    names = iku.groupby("sasaran_id", sort=False)["indikator"].agg(" / ".join)
    progs["iku"] = progs["sasaran_id"].map(names)
    return progs


def table_2_5_display(ctx, progs: pd.DataFrame) -> pd.DataFrame:
    found = findings(ctx)
    rows = []
    seen = []
    for p in progs.itertuples():
        first = p.sasaran_id not in seen
        if first:
            seen.append(p.sasaran_id)
        target = value_label(ctx, p.outcome_target, p.outcome_unit) \
            if p.outcome_target == p.outcome_target else "–"
        printed = cell_mark(found, "programs", "anggaran_reported", code=p.code)
        rows.append({"no": f"{len(seen)}." if first else "", "iku": p.iku if first else "",
                     "program": p.name, "target": target,
                     "anggaran": beside(ctx.fmt.money(p.anggaran), printed, ctx.fmt.money)})
    return pd.DataFrame(rows)


def tree(ctx) -> pd.DataFrame:
    """Program -> kegiatan -> sub kegiatan rows (budget.budget_tree), in report order."""
    ds = ctx.dataset
    return budget.budget_tree(ds.table("sub_kegiatan"), ds.table("kegiatan"),
                              ds.table("programs"))


def counts(tree_frame: pd.DataFrame) -> dict:
    """Numbers of programs, kegiatan and sub kegiatan in the tree."""
    by = tree_frame["level"].value_counts()
    return {"program": int(by.get("program", 0)), "kegiatan": int(by.get("kegiatan", 0)),
            "sub_kegiatan": int(by.get("sub_kegiatan", 0))}


def counts_per_program(tree_frame: pd.DataFrame) -> pd.DataFrame:
    """Per program: how many kegiatan and sub kegiatan it holds."""
    rows = []
    current = None
    for r in tree_frame.itertuples():
        if r.level == "program":
            current = {"code": r.code, "name": r.name, "kegiatan": 0, "sub_kegiatan": 0}
            rows.append(current)
        elif current is not None:
            current[r.level] += 1
    return pd.DataFrame(rows, columns=["code", "name", "kegiatan", "sub_kegiatan"])


def count_marks(ctx) -> dict[str, list[Finding]]:
    """Per level, the audit's findings on the numbers of programs, kegiatan and sub kegiatan
    the report prints (any table or narrative: 'Jumlah program', ...)."""
    found = select(findings(ctx), check="count")
    out = {}
    for key, item in (("program", "jumlah program"), ("kegiatan", "jumlah kegiatan"),
                      ("sub_kegiatan", "jumlah sub kegiatan")):
        out[key] = [f for f in for_row(found, "reported_totals", field="count")
                    if any(str(r.get("item", "")).strip().lower() == item for r in f.rows)]
    return out


def tree_legend(tree_frame: pd.DataFrame) -> str | None:
    """What the marks after the sub kegiatan codes of :func:`tree_html` mean (None: none)."""
    sources = budget.code_sources(tree_frame)
    return code_legend(src for src, level in zip(sources, tree_frame["level"], strict=True)
                       if level == "sub_kegiatan")


def tree_html(tree_frame: pd.DataFrame) -> str:
    """The hierarchy as the report lists it: I. PROGRAM / 1. kegiatan / a. sub kegiatan."""
    per = counts_per_program(tree_frame).set_index("code")
    marks = [code_mark(src) for src in budget.code_sources(tree_frame)]
    parts: list[str] = []
    p_no = 0
    open_keg = open_sub = False

    def close_sub() -> None:
        nonlocal open_sub
        if open_sub:
            parts.append("</ol>")
            open_sub = False

    def close_keg() -> None:
        nonlocal open_keg
        close_sub()
        if open_keg:
            parts.append("</li></ol>")
            open_keg = False

    first_keg = True
    for r, mark in zip(tree_frame.itertuples(), marks, strict=True):
        if r.level == "program":
            close_keg()
            p_no += 1
            c = per.loc[r.code]
            parts.append(str(Markup(
                '<p class="lkjip-tree-program"><strong>{} {}</strong> — {} kegiatan dan {} sub '
                "kegiatan</p>").format(roman(p_no) + ".", " ".join(str(r.name).split()),
                                        count_words(c["kegiatan"]),
                                        count_words(c["sub_kegiatan"]))))
            first_keg = True
        elif r.level == "kegiatan":
            close_sub()
            if first_keg:
                parts.append('<ol style="list-style-type:decimal">')
                open_keg = True
                first_keg = False
            else:
                parts.append("</li>")
            parts.append(str(Markup("<li>{}").format(" ".join(str(r.name).split()))))
        else:
            if not open_sub:
                parts.append('<ol type="a" style="list-style-type:lower-alpha">')
                open_sub = True
            parts.append(str(Markup("<li>{} <small>({}{})</small></li>").format(
                " ".join(str(r.name).split()), " ".join(str(r.code).split()), mark)))
    close_keg()
    return "\n".join(parts)


# --- Trajectory chart -----------------------------------------------------------------------

def trajectories(ctx) -> dict[str, pd.DataFrame]:
    """Per IKU: target (Renstra, else RPJMD/annual) and realisasi for each Renstra year."""
    r = renstra(ctx)
    start, end = int(r.get("start_year", ctx.year)), int(r.get("end_year", ctx.year))
    years = list(range(start, end + 1))
    ds = ctx.dataset
    targets, real = ds.table("iku_targets"), ds.table("iku_realisasi")
    return {k: indicators.trajectory(targets, real, k, years, until=ctx.year)
            for k in ds.iku["iku_id"]}


def trajectory_figure(ctx, paths: dict[str, pd.DataFrame]):
    """Small multiples: one panel per IKU, target path dashed, realisasi solid."""
    import math

    import matplotlib.pyplot as plt

    from lkjip_nb import charts

    iku = ctx.dataset.iku.set_index("iku_id")
    n = len(paths)
    cols = 2 if n > 1 else 1
    nrows = math.ceil(n / cols)
    fig, axes = plt.subplots(nrows, cols, figsize=(9, 3.1 * nrows), squeeze=False)
    for ax, (iku_id, path) in zip(axes.flat, paths.items(), strict=False):
        years = list(path["year"])
        t = [(y, v) for y, v in zip(years, path["target"], strict=True) if v == v and v is not None]
        rr = [(y, v) for y, v in zip(years, path["realisasi"], strict=True)
              if v == v and v is not None]
        if t:
            ax.plot(*zip(*t, strict=True), "o--", color=charts.MUTED, label="Target")
            for y, v in t:
                ax.annotate(ctx.fmt.compact(v, "indeks"), (y, v), textcoords="offset points",
                            xytext=(0, 7), ha="center", fontsize=8, color="#555")
        if rr:
            ax.plot(*zip(*rr, strict=True), "o-", color=charts.PALETTE[0], label="Realisasi")
            for y, v in rr:
                ax.annotate(ctx.fmt.compact(v, "indeks"), (y, v), textcoords="offset points",
                            xytext=(0, -13), ha="center", fontsize=8, color=charts.PALETTE[0])
        ax.axvline(ctx.year, color=charts.HIGHLIGHT, lw=0.8, ls=":")
        ax.set_xticks(years)
        ax.set_xlim(years[0] - 0.5, years[-1] + 0.5)
        values = [v for _, v in t + rr]
        if values:
            lo, hi = min(values), max(values)
            pad = max((hi - lo) * 0.35, 2)
            ax.set_ylim(lo - pad, hi + pad)
        unit = iku.loc[iku_id, "unit"]
        ax.set_ylabel("%" if unit == "persen" else unit)
        ax.set_title(charts.wrap(iku.loc[iku_id, "indikator"], 45), fontsize=9)
        charts.id_axis(ax.yaxis)
        ax.legend(fontsize=8, loc="lower right")
    for ax in list(axes.flat)[n:]:
        ax.set_visible(False)
    return fig


# --- Key figures -----------------------------------------------------------------------------

def key_figures(ctx, tree_frame: pd.DataFrame | None, table21: pd.DataFrame | None,
                iku_id: str | None, pk: pd.DataFrame, progs: pd.DataFrame | None) -> dict:
    figures: dict = {"n_sasaran": int(len(ctx.dataset.sasaran)),
                     "n_iku": int(len(ctx.dataset.iku)),
                     "n_misi": len(renstra(ctx)["missions"]),
                     "misi_didukung": [m["no"] for m in supported_missions(ctx)]}
    if tree_frame is not None:
        c = counts(tree_frame)
        figures.update({"n_program": c["program"], "n_kegiatan": c["kegiatan"],
                        "n_sub_kegiatan": c["sub_kegiatan"]})
    if progs is not None:
        figures["anggaran_program_total"] = int(progs["anggaran"].sum())
        for p in progs.itertuples():
            figures[f"anggaran_program_{p.code}"] = int(p.anggaran)
    if table21 is not None and iku_id:
        key = iku_id.lower()
        for r in table21.itertuples():
            figures[f"{key}_target_{r.year}"] = r.target
            figures[f"{key}_realisasi_{r.year}"] = r.realisasi
            figures[f"{key}_kategori_{r.year}"] = r.category
    for r in pk.itertuples():
        figures[f"pk_target_{r.iku_id}"] = None if r.pk != r.pk else r.pk
        figures[f"renstra_target_{r.iku_id}"] = None if r.renstra != r.renstra else r.renstra
        figures[f"realisasi_{ctx.year - 1}_{r.iku_id}"] = \
            None if r.realisasi_prev != r.realisasi_prev else r.realisasi_prev
    figures["has_budget"] = has_budget(ctx)
    return figures


# --- Generated narrative -----------------------------------------------------------------------

def table_2_1_sentence(ctx, frame: pd.DataFrame, iku_id: str) -> str | None:
    """'Pada tahun 2024 Indeks Kesalehan Sosial terealisasi 84,61 (Sangat Tinggi) dari target
    86, capaian 98,3 %; capaian turun dari 100,2 % pada tahun 2023.'"""
    iku = ctx.dataset.iku.set_index("iku_id").loc[iku_id]
    now = frame[frame["year"] == ctx.year]
    if now.empty or nn(now["capaian"].iloc[0]) is None:
        return None
    row = now.iloc[0]
    f = ctx.fmt
    category = f" ({md_text(row['category'])})" if nn(row["category"]) else ""
    text = (f"Pada tahun {ctx.year} {md_text(iku['indikator'])} terealisasi "
            f"{f.compact(row['realisasi'], 'indeks')}{category} dari target "
            f"{f.compact(row['target'], 'indeks')}, capaian "
            f"{f.compact(row['capaian'], 'capaian')} %")
    prev = frame[frame["year"] == ctx.year - 1]
    if not prev.empty and nn(prev["capaian"].iloc[0]) is not None:
        before = ctx.policy.round(prev["capaian"].iloc[0], "capaian")
        after = ctx.policy.round(row["capaian"], "capaian")
        move = "turun" if after < before else "naik" if after > before else "tetap"
        text += (f"; capaian {move} dibanding tahun {ctx.year - 1} "
                 f"({f.compact(prev['capaian'].iloc[0], 'capaian')} %)")
    return text + "."


def dimension_lines(ctx) -> list[str]:
    """'**Kerjasama** terdiri dari 2 (dua) sub dimensi yaitu Kontribusi dan Totalitas Kerja'."""
    from lkjip_nb.narrative import join_id

    dims = ctx.dataset.table("iks_structure")
    out = []
    for i, ((_, dim), g) in enumerate(dims.groupby(["dimension_no", "dimension"], sort=True),
                                      start=1):
        subs = list(g["subdimension"])
        out.append(f"{letter(i)}.&nbsp;**{md_text(dim)}** terdiri dari {count_words(len(subs))} "
                   f"sub dimensi yaitu {join_id([md_text(s) for s in subs])}")
    return out


def table_2_1_remarks(frame: pd.DataFrame) -> list[str]:
    """The audit's findings on what Tabel 2.1 prints (categories, realisasi), one each."""
    return sentences(unique([f for column in ("target_found", "category_found",
                                              "realisasi_found")
                             for f in frame.get(column, []) if nn(f) is not None]))


def table_2_4_remarks(ctx, pk: pd.DataFrame, table_id: str | None = None) -> list[str]:
    """The audit's findings on what the Perjanjian Kinerja table prints (last year's realisasi
    and its grade, the targets' grades) and on its PK targets against the Renstra, one sentence
    each; ``table_id`` as for :func:`perjanjian_kinerja`."""
    found = findings(ctx)
    if table_id is None:
        table_id = ctx.dataset.reported_in("perjanjian-kinerja")
    hits = []
    for iku_id in pk["iku_id"]:
        hits += [f for f in on_cells(found, "iku_realisasi", ("realisasi", "grade_reported"),
                                     iku_id=iku_id, year=ctx.year - 1, reported_in=table_id)
                 if f.check in ("cross_table", "grade")]
        for kind in ("renstra", "pk"):
            hits += on_cells(found, "iku_targets", ("target_grade",), iku_id=iku_id,
                             year=ctx.year, kind=kind)
        hits += [f for f in on_cells(found, "iku_targets", ("target",), iku_id=iku_id,
                                     year=ctx.year, kind="pk") if f.check == "target_pk"]
    return sentences(unique(hits))


def counts_sentence(ctx, tree_frame: pd.DataFrame) -> str:
    """'... dicapai melalui 6 (enam) program, 11 (sebelas) kegiatan dan 26 (dua puluh enam) sub
    kegiatan', a differing printed count marked."""
    n = counts(tree_frame)
    marks = count_marks(ctx)

    def part(key: str, word: str) -> str:
        hits = marks.get(key, [])
        printed = ", ".join(str(v) for v in sorted({int(f.reported) for f in hits}))
        error = "⚠ " if any(flag(f) for f in hits) else ""
        return f"{count_words(n[key])} {word}" + (f" ({error}tercetak {printed})" if hits else "")

    return (f"Pencapaian {count_words(len(ctx.dataset.sasaran))} sasaran strategis "
            f"{md_text(agency_label(ctx))} tahun {ctx.year} dicapai melalui "
            f"{part('program', 'program')}, "
            f"{part('kegiatan', 'kegiatan')} dan {part('sub_kegiatan', 'sub kegiatan')} "
            f"sebagaimana {ref('program')}.")


def counts_table(tree_frame: pd.DataFrame, fmt) -> pd.DataFrame:
    """Display frame: kegiatan and sub kegiatan per program with a total row."""
    per = counts_per_program(tree_frame)
    per["no"] = [roman(i) for i in range(1, len(per) + 1)]
    total = {"no": "", "name": "Jumlah", "kegiatan": int(per["kegiatan"].sum()),
             "sub_kegiatan": int(per["sub_kegiatan"].sum())}
    shown = pd.concat([per, pd.DataFrame([total])], ignore_index=True)
    for col in ("kegiatan", "sub_kegiatan"):
        shown[col] = [fmt.integer(v) for v in shown[col]]
    return shown


def targets_missing_until(ctx, paths: dict[str, pd.DataFrame]) -> list[str]:
    """Indicators without any target up to the report year."""
    iku = ctx.dataset.iku.set_index("iku_id")
    return [iku.loc[k, "indikator"] for k, path in paths.items()
            if path.loc[path["year"] <= ctx.year, "target"].isna().all()]


# --- The chapter's sections, as the notebook shows them ----------------------------------------

def intro(ctx) -> str:
    """What the chapter holds, listing only the parts the agency's data have."""
    r = renstra(ctx)
    items = []
    if r.get("vision") or r["missions"]:
        items.append("visi dan misi")
    regional = regional_iku_ids(ctx)
    if regional:
        items.append("target dan realisasi IKU yang ditetapkan pemerintah daerah"
                     f"{ref(f'iku-daerah/{regional[0]}', aside=True)}")
    if r["goals"]:
        items.append(f"tujuan dan indikator tujuan{ref('tujuan', aside=True)}")
    items += [f"Indikator Kinerja Utama{ref('iku', aside=True)}",
              f"lintasan target Renstra terhadap realisasi{ref('renstra-chart', aside=True)}",
              f"Perjanjian Kinerja{ref('perjanjian-kinerja', aside=True)}",
              f"program dengan target dan anggaran{ref('program', aside=True)}",
              "susunan program → kegiatan → sub kegiatan"]
    from lkjip_nb.narrative import join_id

    return ("Bab II LKJIP — Perencanaan Kinerja: " + join_id(items) + ". Semua angka berasal "
            "dari data; angka yang dicetak laporan berbeda dari hasil hitung ditulis di "
            "sampingnya, dengan ⚠ bila bertentangan dengan data.")


class _Numbering:
    """'### 1. ...', '### 2. ...': sub sections numbered as they are shown."""

    def __init__(self) -> None:
        self.n = 0

    def heading(self, title: str) -> str:
        self.n += 1
        return f"### {self.n}. {title}"


def vision_mission_markdown(ctx) -> str | None:
    """Period, vision and missions as far as the profile has them (None: neither)."""
    r = renstra(ctx)
    vision = " ".join(str(r.get("vision") or "").split())
    listed = missions_markdown(ctx)
    if not vision and not listed:
        return None
    lines = []
    if r.get("start_year") and r.get("end_year"):
        doc = f" ({md_text(r['document'])})" if r.get("document") else ""
        lines.append(f"Periode {md_text(r['start_year'])}–{md_text(r['end_year'])}{doc}.")
    if vision:
        lines.append(f"**Visi:**\n\n> ”{md_text(vision)}”")
    if listed:
        lines.append(f"**Misi:**\n\n{listed}")
    return "\n\n".join(lines)


def supported_sentence(ctx) -> str | None:
    supported = supported_missions(ctx)
    if not supported:
        return None
    return (f"Sesuai tugas pokok dan fungsinya, {md_text(agency_label(ctx))} mendukung "
            + " dan ".join(f"Misi {roman(m['no'])} yaitu “{md_text(m['text'])}”"
                           for m in supported)
            + ".")


def regional_goal_markdown(ctx) -> str | None:
    """The regional goal the supported mission serves and its development targets."""
    r = renstra(ctx)
    if not r.get("regional_goal"):
        return None
    chosen = r.get("regional_target_supported")
    lines = "\n".join(f"{i}. " + (f"**{md_text(t)}** ✔" if i == chosen else md_text(t))
                      for i, t in enumerate(r["regional_targets"], start=1))
    return (f"Tujuan yang ditetapkan untuk misi tersebut: **{md_text(r['regional_goal'])}**, "
            f"dengan sasaran pembangunan:\n\n{lines}"
            + (f"\n\n{md_text(agency_label(ctx))} mendukung sasaran ke-{md_text(chosen)}."
               if chosen else ""))


def show_table_2_1(ctx, iku_id: str) -> pd.DataFrame:
    """Tabel 2.1 of one IKU set by the regency, with its remarks and sentence."""
    frame, notes = table_2_1(ctx, iku_id)
    iku = ctx.dataset.iku.set_index("iku_id").loc[iku_id]
    shown, years = table_2_1_display(ctx, frame)
    shown.insert(0, "no", "1.")
    shown.insert(1, "indikator", iku["indikator"])
    shown.insert(2, "satuan", iku["unit"].capitalize())
    cols = [present.Col("no", "No."), present.Col("indikator", "Indikator Kinerja Sasaran"),
            present.Col("satuan", "Satuan")]
    for y in years:
        cols += [present.Col(f"t{y}", "Target", True), present.Col(f"r{y}", "Realisasi", True)]
    group = ('<tr><th colspan="3"></th>' + "".join(
        f'<th colspan="2" style="text-align:center">{y}</th>' for y in years) + "</tr>")
    scale = (ctx.profile.get("iks_categories", {}).get("source")
             if iku.get("grading") == "iks" else None)
    regency = ctx.profile["agency"].get("regency", "")
    present.show_table(
        shown, cols, key=f"iku-daerah/{iku_id}",
        title=f"Target dan Realisasi {iku['indikator']} {regency} Tahun {years[0]} s.d "
              f"{years[-1]}",
        source=ctx.source(f"iku-daerah/{iku_id}"), header_rows=[group],
        notes=[f"*{n['note']}" for n in notes]
        + ([f"Kategori dihitung dari skala kategori indikator ({scale}); kategori tercetak "
            "yang berbeda ditulis di sampingnya."] if scale else [])
        + table_2_1_remarks(frame))
    sentence = table_2_1_sentence(ctx, frame, iku_id)
    if sentence:
        present.say(sentence)
    return frame


def show_renstra(ctx) -> tuple[pd.DataFrame | None, str | None]:
    """Section A (Renstra): vision and missions, the regency's IKU (Tabel 2.1), goals (Tabel
    2.2), the IKU (Tabel 2.3) and the Renstra's target path of each IKU against its realisasi
    (Gambar 2.1: the plan the Renstra sets, year by year), numbered as shown; parts the profile
    lacks are left out. Returns Tabel 2.1 and its IKU (None, None without one)."""
    numbering = _Numbering()
    vm = vision_mission_markdown(ctx)
    if vm:
        present.say(numbering.heading("Visi dan Misi") + "\n\n" + vm)
        for text in (supported_sentence(ctx), regional_goal_markdown(ctx)):
            if text:
                present.say(text)
    table21 = iku_id = None
    ids = regional_iku_ids(ctx)
    if ids:
        present.say(numbering.heading("Indikator Kinerja Utama Kabupaten"))
        for iku_id in ids:
            table21 = show_table_2_1(ctx, iku_id)
        if not ctx.dataset.table("iks_structure").empty:
            present.say("Dimensi yang digunakan dalam pengukuran indeks:\n\n"
                        + "  \n".join(dimension_lines(ctx)))
    present.say(numbering.heading("Tujuan Strategis"))
    goals = renstra(ctx)["goals"]
    if goals:
        present.say(f"{md_text(agency_label(ctx))} menetapkan tujuan: " + "; ".join(
            f"“{md_text(g['text'])}”" for g in goals)
            + f", dengan indikator tujuan pada {ref('tujuan')}.")
        present.show_table(table_2_2(ctx), [
            present.Col("no", "No."), present.Col("tujuan", "Tujuan Renstra OPD"),
            present.Col("indikator", "Uraian Indikator")], key="tujuan",
            title=f"Tujuan dan Indikator Tujuan {agency_label(ctx)}", source=ctx.source("tujuan"))
    else:
        present.say("Tujuan Renstra dan indikatornya tidak tercantum dalam data.")
    present.say(numbering.heading("Indikator Kinerja Utama (IKU)"))
    show_table_2_3(ctx)
    present.say(numbering.heading("Target Renstra dan Realisasi IKU"))
    show_trajectory(ctx)
    return table21, iku_id


def show_table_2_3(ctx) -> None:
    t23 = table_2_3(ctx)
    cols = [present.Col("no", "No."), present.Col("sasaran", "Sasaran Renstra OPD"),
            present.Col("indikator", "Uraian Indikator"), present.Col("satuan", "Satuan")]
    notes = []
    if (ctx.dataset.iku["direction"] == "lower").any():
        cols.append(present.Col("arah", "Baik bila"))
        notes.append("Capaian indikator yang baik bila semakin rendah (mis. angka kematian) "
                     f"dihitung dengan rumus tersendiri; lihat catatan {ref('kinerja')}.")
    present.show_table(t23, cols, key="iku",
                       title=f"Indikator Kinerja Utama (IKU) {agency_label(ctx)}",
                       source=ctx.source("iku"), notes=notes)
    present.say(f"Terdapat {count_words(len(ctx.dataset.sasaran))} sasaran strategis dengan "
                f"{count_words(len(ctx.dataset.iku))} Indikator Kinerja Utama.")


def table_2_4_notes(ctx) -> list[str]:
    note = (f"Kolom tercetak: Target Renstra Tahun {ctx.year}; Realisasi Kinerja s.d Tahun "
            f"{ctx.year - 1}; Target Perjanjian Kinerja (PK) Tahun {ctx.year}.")
    if has_grading(ctx, "sakip"):
        note += " Predikat (BB, B, ...) dihitung dari nilainya menurut skala nilai SAKIP."
    return [note]


def show_perjanjian_kinerja(ctx) -> pd.DataFrame:
    """Section B: Tabel 2.4, the IKU without a PK target, printed realisasi that differ."""
    pk = perjanjian_kinerja(ctx)
    if pk["pk"].notna().any() or pk["renstra"].notna().any():
        present.show_table(table_2_4_display(ctx, pk), [
            present.Col("no", "No."), present.Col("sasaran", "Sasaran Renstra"),
            present.Col("indikator", "Indikator Kinerja"),
            present.Col("renstra", f"Target Renstra {ctx.year}", True),
            present.Col("realisasi", f"Realisasi s.d. {ctx.year - 1}", True),
            present.Col("pk", f"Target PK {ctx.year}", True)],
            key="perjanjian-kinerja",
            title=f"Perjanjian Kinerja {agency_label(ctx)} Tahun {ctx.year}",
            source=ctx.source("perjanjian-kinerja"), notes=table_2_4_notes(ctx))
        lacking = list(pk.loc[pk["pk"].isna(), "indikator"])
        if lacking:
            present.say("Target Perjanjian Kinerja tidak ada dalam dataset untuk: "
                        + "; ".join(map(md_text, lacking)) + ".")
    else:
        present.missing("Target Renstra dan target Perjanjian Kinerja", ctx.year)
    for sentence in table_2_4_remarks(ctx, pk):
        present.say(md_text(sentence))
    return pk


def show_programs(ctx) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """Section C: Tabel 2.5, counts per program and the hierarchy (None, None without data)."""
    if not has_budget(ctx):
        present.missing("Data program, kegiatan dan sub kegiatan (beserta anggarannya)",
                        ctx.year)
        return None, None
    progs = programs_by_iku(ctx)
    tree_frame = tree(ctx)
    present.say(counts_sentence(ctx, tree_frame))
    printed = progs["anggaran_reported"].notna().any()
    cols = [present.Col("no", "No"), present.Col("iku", "IKU"), present.Col("program", "Program")]
    if progs["outcome_target"].notna().any():
        cols.append(present.Col("target", f"Target Tahun {ctx.year}", True))
    cols.append(present.Col("anggaran", f"Anggaran Tahun {ctx.year}", True))
    present.show_table(table_2_5_display(ctx, progs), cols,
        key="program", title=f"Program {agency_label(ctx)} Tahun {ctx.year}",
        source=ctx.source("program"),
        notes=[f"Anggaran dijumlahkan dari sub kegiatan; jumlah seluruh program "
               f"{ctx.fmt.rp(progs['anggaran'].sum())}."
               + (" Anggaran tercetak yang berbeda ditandai ⚠." if printed else "")])
    present.show_table(counts_table(tree_frame, ctx.fmt), [
        present.Col("no", "No"), present.Col("name", "Program"),
        present.Col("kegiatan", "Kegiatan", True),
        present.Col("sub_kegiatan", "Sub Kegiatan", True)],
        key="program-count",
        title=f"Jumlah Kegiatan dan Sub Kegiatan per Program Tahun {ctx.year}",
        source=ctx.source("program"))
    present.say("#### Susunan program, kegiatan dan sub kegiatan")
    present.say(tree_html(tree_frame))
    legend = tree_legend(tree_frame)
    if legend:
        present.say(f"<small>{legend}</small>")
    return progs, tree_frame


def show_trajectory(ctx) -> None:
    """Gambar 2.1: target path and realisasi per IKU over the Renstra period (the last item of
    section A, :func:`show_renstra`)."""
    r = renstra(ctx)
    paths = trajectories(ctx)
    if not any(path["target"].notna().any() or path["realisasi"].notna().any()
               for path in paths.values()):
        present.missing("Target Renstra dan realisasi IKU", ctx.year)
        return
    present.show_figure(
        trajectory_figure(ctx, paths), key="renstra-chart",
        title=f"Target Renstra {r.get('start_year')}–{r.get('end_year')} dan Realisasi per IKU "
              f"s.d. Tahun {ctx.year}",
        source=r.get("document"),
        note="Hanya titik yang ada dalam data yang digambar. Target: target Renstra; bila tidak "
             f"ada, target RPJMD/tahunan. Garis titik-titik merah: tahun laporan {ctx.year}.")
    missing_t = targets_missing_until(ctx, paths)
    if missing_t:
        present.say(f"Target sampai tahun {ctx.year} tidak ada dalam dataset untuk: "
                    + "; ".join(map(md_text, missing_t)) + ".")
