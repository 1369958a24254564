"""Bab III.A.5: the allocation per sasaran, performance and budget, and efficiency tables
(keys ``alokasi-sasaran``, ``kinerja-anggaran``, ``efisiensi``; the bundled 2024 report printed
them as Tabel 3.3, 3.4 and 3.5, names kept by the functions below).

One row per sasaran: its budget, share, absorption and capaian (the mean capaian of its IKU,
as the indicators chapter shows it), and the efficiency where it is defined.
"""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from lkjip_nb import efficiency, indicators, narrative
from lkjip_nb.audit import Finding
from lkjip_nb.chapters.audit import beside, findings, mark, on_cells, sentences
from lkjip_nb.chapters.budget import output_value, program_name
from lkjip_nb.chapters.common import (
    capaian_formula_note,
    performance,
    program_budget,
    sasaran_budget,
    value_label,
)
from lkjip_nb.narrative import AgencyTexts
from lkjip_nb.present import Col, agency_label, md_text, say

#: Printed columns (allocation_sasaran) of each table, by its key (:data:`lkjip_nb.present.KEYS`).
PRINTED = {"alokasi-sasaran": ("anggaran_reported", "share_reported"),
           "kinerja-anggaran": ("realisasi_reported", "absorption_reported"),
           "efisiensi": ("capaian_kinerja_reported", "efficiency_reported")}


def _lines(items: list[str]) -> Markup | str:
    """Several indicator names in one cell, one per line."""
    if len(items) <= 1:
        return items[0] if items else "–"
    return Markup("<br>").join(items)


def per_sasaran(ctx, perf: pd.DataFrame | None = None) -> pd.DataFrame:
    """Exact figures per sasaran: budget, share, capaian (exact and as used), efficiency.

    ``capaian`` is the sasaran's capaian (mean of its IKU's), ``capaian_used`` the one the
    formula takes (displayed or exact, by the profile's ``efficiency_capaian``), ``n_iku`` and
    ``indikator`` (names, one per IKU) describe its IKU.
    """
    perf = performance(ctx) if perf is None else perf
    frame = sasaran_budget(ctx)
    cap = indicators.sasaran_capaian(perf).set_index("sasaran_id")["capaian"]
    names = perf.groupby("sasaran_id", sort=False)["indikator"].agg(list)
    frame["indikator_list"] = [names.get(s, []) for s in frame["sasaran_id"]]
    frame["indikator"] = [" / ".join(n) if n else None for n in frame["indikator_list"]]
    frame["n_iku"] = [len(n) for n in frame["indikator_list"]]
    frame["capaian"] = [None if pd.isna(cap.get(s, float("nan"))) else float(cap[s])
                        for s in frame["sasaran_id"]]
    frame["capaian_shown"] = [ctx.policy.round(c, "capaian") for c in frame["capaian"]]
    use = ctx.profile.get("efficiency_capaian", "displayed")
    frame["capaian_used"] = frame["capaian_shown"] if use == "displayed" else frame["capaian"]
    return efficiency.efficiency_table(frame, "capaian_used")


def total(frame: pd.DataFrame) -> dict:
    """Totals over every sasaran: anggaran, realisasi, absorption, efficiency."""
    anggaran = int(frame["anggaran"].sum())
    realisasi = int(frame["realisasi"].sum())
    return {"anggaran": anggaran, "realisasi": realisasi,
            "persen": realisasi / anggaran * 100 if anggaran else None,
            "efisiensi": efficiency.total_efficiency(frame, "capaian_used")}


def printed_mark(ctx, sasaran_id: str, column: str) -> Finding | None:
    """The audit's finding on a printed figure of a sasaran (allocation_sasaran ``column``)."""
    return mark(findings(ctx), "allocation_sasaran", column, year=ctx.year, sasaran_id=sasaran_id)


def _marked(ctx, frame: pd.DataFrame, column: str, printed: str, kind: str | None) -> list:
    """Computed figures (percentages of ``kind``, or Rupiah without), each with the printed one
    beside where the audit finds it different."""
    def show(v) -> str:
        return ctx.fmt.money(v) if kind is None else ctx.fmt.pct(v, kind)
    return [beside(show(v), printed_mark(ctx, sid, printed), show)
            for v, sid in zip(frame[column], frame["sasaran_id"], strict=True)]


def table_remarks(ctx, table: str) -> list[str]:
    """The audit's findings on the printed figures of table ``table`` (a key of
    :data:`PRINTED`), one sentence each (a sasaran missing from the printed allocation goes
    with ``alokasi-sasaran``)."""
    found = [f for f in on_cells(findings(ctx), "allocation_sasaran", None, year=ctx.year)
             if f.chapter == "efficiency"]
    columns = set(PRINTED[table])
    return sentences([f for f in found if any(
        r.get("column") in columns or (table == "alokasi-sasaran" and not r.get("column"))
        for r in f.rows if r.get("table") == "allocation_sasaran")])


def table_3_3(ctx, frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "no": frame["no"].astype(str) + ".", "sasaran": frame["sasaran"],
        "indikator": [_lines(n) for n in frame["indikator_list"]],
        "anggaran": _marked(ctx, frame, "anggaran", "anggaran_reported", None),
        "porsi": _marked(ctx, frame, "porsi", "share_reported", "porsi"),
    })


def _realisasi_label(ctx, r) -> str:
    grade = r.grade if isinstance(r.target_grade, str) and isinstance(r.grade, str) else None
    if r.realisasi is None or r.realisasi != r.realisasi:
        return "tidak tersedia"
    return value_label(ctx, r.realisasi, r.unit, grade)


def table_3_4(ctx, frame: pd.DataFrame, perf: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per IKU; the sasaran and its budget on the sasaran's first row."""
    f = ctx.fmt
    perf = performance(ctx) if perf is None else perf
    ids = frame["sasaran_id"]
    penyerapan = dict(zip(ids, _marked(ctx, frame, "persen", "absorption_reported",
                                       "persen_anggaran"), strict=True))
    anggaran = dict(zip(ids, _marked(ctx, frame, "anggaran", "anggaran_reported", None),
                        strict=True))
    realisasi = dict(zip(ids, _marked(ctx, frame, "realisasi", "realisasi_reported", None),
                         strict=True))
    rows = []
    for s in frame.itertuples():
        items = list(perf[perf["sasaran_id"] == s.sasaran_id].itertuples()) or [None]
        for i, r in enumerate(items):
            first = i == 0
            row = {"no": f"{s.no}." if first else "", "sasaran": s.sasaran if first else "",
                   "anggaran": anggaran[s.sasaran_id] if first else "",
                   "realisasi": realisasi[s.sasaran_id] if first else "",
                   "penyerapan": penyerapan[s.sasaran_id] if first else ""}
            if r is None:
                row.update({"indikator": "–", "target": "–", "realisasi_kinerja": "–",
                            "capaian": "–"})
            else:
                tg = r.target_grade if isinstance(r.target_grade, str) else None
                row.update({"indikator": r.indikator,
                            "target": value_label(ctx, r.target, r.unit, tg),
                            "realisasi_kinerja": _realisasi_label(ctx, r),
                            "capaian": f.pct(r.capaian, "capaian")})
            rows.append(row)
    return pd.DataFrame(rows)


def table_3_4_columns() -> list[Col]:
    return [Col("no", "No"), Col("sasaran", "Sasaran Strategis"),
            Col("indikator", "Indikator Kinerja"), Col("target", "Target", True),
            Col("realisasi_kinerja", "Realisasi", True), Col("capaian", "Capaian", True),
            Col("anggaran", "Anggaran", True), Col("realisasi", "Realisasi Anggaran", True),
            Col("penyerapan", "Capaian Anggaran", True)]


def table_3_4_notes(ctx, perf: pd.DataFrame) -> list[str]:
    """The capaian formula, and the audit's findings on the printed figures of the table."""
    return [capaian_formula_note(ctx, perf), *table_remarks(ctx, "kinerja-anggaran")]


def table_3_5(ctx, frame: pd.DataFrame) -> pd.DataFrame:
    f = ctx.fmt
    return pd.DataFrame({
        "no": frame["no"].astype(str) + ".", "sasaran": frame["sasaran"],
        "indikator": [_lines(n) for n in frame["indikator_list"]],
        "capaian": _marked(ctx, frame, "capaian_used", "capaian_kinerja_reported", "capaian"),
        "penyerapan": [f.pct(v, "persen_anggaran") for v in frame["persen"]],
        "efisiensi": _marked(ctx, frame, "efisiensi", "efficiency_reported", "efisiensi"),
    })


def table_3_5_notes(ctx, frame: pd.DataFrame, perf: pd.DataFrame | None = None) -> list[str]:
    """Where the capaian come from (the sentences below say why a sasaran has none)."""
    perf = performance(ctx) if perf is None else perf
    notes = []
    if (frame["n_iku"] > 1).any():
        notes.append("Capaian kinerja sasaran dengan lebih dari satu indikator adalah rata-rata "
                     "capaian indikatornya yang dapat dihitung.")
    notes.append(capaian_formula_note(ctx, perf))
    if frame["efisiensi"].isna().any():
        notes.append("–: efisiensi tidak dihitung (lihat penjelasan di bawah tabel).")
    return notes + table_remarks(ctx, "efisiensi")


def efficiency_sentences(ctx, frame: pd.DataFrame) -> list[str]:
    """One sentence per sasaran: what it spent of its budget and its efficiency (or why none)."""
    f = ctx.fmt
    out = []
    for row in frame.itertuples():
        head = f"Sasaran strategis {row.no} \"{md_text(row.sasaran)}\""
        if row.efisiensi_reason == "no_budget":
            out.append(f"{head} tidak memiliki anggaran tahun {ctx.year}; efisiensinya tidak "
                       "dihitung karena tidak ada pagu anggaran sebagai pembanding.")
            continue
        spent = (f"{head} terealisasi {f.rp(row.realisasi)} "
                 f"({f.pct(row.persen, 'persen_anggaran')}) dari anggaran {f.rp(row.anggaran)}")
        if row.efisiensi_reason == "no_capaian":
            out.append(f"{spent}; capaian kinerjanya tidak dapat dihitung (realisasi atau target "
                       "tidak tersedia), sehingga efisiensinya tidak dihitung.")
        elif row.efisiensi_reason == "zero_expected":
            out.append(f"{spent}; capaian kinerjanya 0 %, sehingga efisiensinya tidak "
                       "terdefinisi.")
        else:
            kind = ("ada efisiensi anggaran sebesar" if row.efisiensi > 0
                    else "tingkat efisiensi sebesar")
            out.append(f"{spent}, sehingga {kind} {f.pct(row.efisiensi, 'efisiensi')}.")
    return out


def total_sentence(ctx, frame: pd.DataFrame) -> str:
    tot = total(frame)
    f = ctx.fmt
    if tot["efisiensi"] is None:
        return (f"Efisiensi keseluruhan tidak dapat dihitung karena tidak ada sasaran yang "
                f"memiliki anggaran dan capaian; penyerapan anggaran "
                f"{f.pct(tot['persen'], 'persen_anggaran')}.")
    only = (" (dihitung dari sasaran yang memiliki anggaran dan capaian)"
            if frame["efisiensi_reason"].isin(["no_budget", "no_capaian"]).any() else "")
    return (f"Secara keseluruhan tingkat efisiensi {f.pct(tot['efisiensi'], 'efisiensi')}{only} "
            f"dengan penyerapan anggaran {f.pct(tot['persen'], 'persen_anggaran')}.")


def allocation_sentence(ctx, frame: pd.DataFrame) -> str:
    tot = total(frame)
    top = frame.sort_values("anggaran", ascending=False).iloc[0]
    return (f"Total anggaran pada {md_text(agency_label(ctx))} tahun {ctx.year} sebesar "
            f"{ctx.fmt.rp(tot['anggaran'])}, dibagi ke dalam {len(frame)} sasaran strategis. "
            "Porsi terbesar ada pada sasaran "
            f"\"{md_text(top['sasaran'])}\" yaitu {ctx.fmt.pct(top['porsi'], 'porsi')} atau "
            f"{ctx.fmt.rp(top['anggaran'])}."
            + "".join(f" {md_text(s)}" for s in table_remarks(ctx, "alokasi-sasaran")))


def capaian_used_sentence(ctx) -> str:
    shown = ctx.profile.get("efficiency_capaian", "displayed") == "displayed"
    return "Capaian yang dipakai dalam rumus: " + (
        "capaian sebagaimana ditampilkan (setelah pembulatan laporan)" if shown
        else "capaian eksak") + "."


def scatter(ctx, frame: pd.DataFrame):
    """Capaian against absorption per sasaran with both (None when no sasaran has both)."""
    from lkjip_nb import charts

    rows = frame[[c is not None and c == c and p is not None and p == p
                  for c, p in zip(frame["capaian_used"], frame["persen"], strict=True)]]
    if rows.empty:
        return None
    return charts.scatter_labelled(
        [float(v) for v in rows["persen"]], [float(v) for v in rows["capaian_used"]],
        [f"S{n}" for n in rows["no"]], "Capaian kinerja dan penyerapan anggaran per sasaran",
        "Penyerapan anggaran (%)", "Capaian kinerja (%)")


def key_figures(ctx, frame: pd.DataFrame) -> dict:
    """Figures recorded for tests and the index (exact values; display ones alongside)."""
    tot = total(frame)
    figures = {
        "anggaran_total": tot["anggaran"], "realisasi_total": tot["realisasi"],
        "penyerapan_total": ctx.policy.round(tot["persen"], "persen_anggaran"),
        "efisiensi_total": ctx.policy.round(tot["efisiensi"], "efisiensi"),
    }
    for row in frame.itertuples():
        figures[f"efisiensi_{row.sasaran_id}"] = ctx.policy.round(row.efisiensi, "efisiensi")
        figures[f"porsi_{row.sasaran_id}"] = ctx.policy.round(row.porsi, "porsi")
        figures[f"penyerapan_{row.sasaran_id}"] = ctx.policy.round(row.persen, "persen_anggaran")
        figures[f"capaian_{row.sasaran_id}"] = ctx.policy.round(row.capaian_used, "capaian")
    return figures


# --- III.A.6: programs behind the sasaran's success or failure, the agency's analysis ----------

#: The agency text of item 6 (factors supporting the programs, problems and solutions).
FAKTOR = "faktor-penunjang"


def texts(ctx) -> AgencyTexts:
    """The agency's text of item 6; a final build stops here when it is missing."""
    found = narrative.agency_texts(ctx)
    found.require([FAKTOR])
    return found


def _capaian_words(ctx, capaian) -> str:
    """'capaian kinerja 98,3 %, di bawah target' (by the displayed capaian), or that it
    cannot be computed."""
    if capaian is None or capaian != capaian:
        return "capaian kinerja tidak dapat dihitung"
    shown = ctx.policy.round(capaian, "capaian")
    verdict = ("melampaui target" if shown > 100 else "mencapai target" if shown >= 100
               else "di bawah target")
    return f"capaian kinerja {ctx.fmt.compact(capaian, 'capaian')}\u00a0%, {verdict}"


def _program_item(ctx, r) -> str:
    """'Program … (realisasi anggaran 99,93 %; indikator program: target 80 %, realisasi
    80 %)'."""
    item = (f"{md_text(program_name(r.name))} (realisasi anggaran "
            f"{ctx.fmt.pct(r.persen, 'persen_anggaran')}")
    if isinstance(r.outcome_indicator, str) and r.outcome_indicator.strip():
        target = md_text(output_value(ctx, r.outcome_target, r.outcome_unit))
        real = md_text(output_value(ctx, r.outcome_realisasi, r.outcome_unit))
        item += f"; indikator program: target {target}, realisasi {real}"
    return item + ")"


def support_sentences(ctx, frame: pd.DataFrame) -> list[str]:
    """Per sasaran: its capaian kinerja, whether it reached its target, and the programs that
    carry it with their budget realisation and outcome (Markdown list items)."""
    programs = program_budget(ctx)
    out = []
    for row in frame.itertuples():
        own = programs[programs["sasaran_id"] == row.sasaran_id].sort_values("order")
        head = f"Sasaran strategis {row.no} ({_capaian_words(ctx, row.capaian_used)})"
        if own.empty:
            out.append(f"{head}: tidak ada program beranggaran pada tahun {ctx.year}.")
            continue
        items = [_program_item(ctx, r) for r in own.itertuples()]
        out.append(f"{head} ditunjang oleh " + "; ".join(items) + ".")
    return out


def show_faktor(ctx, frame: pd.DataFrame | None, found: AgencyTexts) -> None:
    """Item 6: the programs behind each sasaran (from the data, when the year has budget
    data), then the agency's analysis of what supported or hindered them (or its
    placeholder)."""
    if frame is not None and not frame.empty:
        say("Program yang menunjang setiap sasaran strategis tahun " + str(ctx.year) + ":\n\n"
            + "\n".join(f"- {s}" for s in support_sentences(ctx, frame)))
    say(found.text(FAKTOR))
