"""Bab IV Penutup: the conclusion drawn from the year's figures (IKU and sasaran that reached
their target, capaian per IKU, budget realisation), then the agency's own kesimpulan, saran and
rencana tindak lanjut."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lkjip_nb import budget, narrative, present
from lkjip_nb.chapters.common import (
    has_budget,
    performance,
    program_budget,
    run_figures,
    unit_suffix,
    value_label,
)
from lkjip_nb.narrative import AgencyTexts
from lkjip_nb.present import agency_label, md_text

#: Gradings whose grade is written before the value, as Bab III writes it: 'B (66,55)'.
LABEL_GRADINGS = ("sakip",)
#: The agency texts Bab IV shows, in order.
SECTIONS = ("kesimpulan", "saran", "rencana-tindak-lanjut")


def texts(ctx) -> AgencyTexts:
    """The agency's texts of Bab IV; a final build stops here listing every one missing."""
    found = narrative.agency_texts(ctx)
    found.require(SECTIONS)
    return found


@dataclass
class Conclusion:
    """The year's figures Bab IV concludes from."""

    perf: pd.DataFrame  # one row per IKU (lkjip_nb.chapters.common.performance)
    sasaran: pd.DataFrame  # sasaran_id, no, sasaran, reached (True/False/None: not measurable)
    budget: dict | None  # anggaran, realisasi, persen of every program; None without data

    def count(self, frame: pd.DataFrame, value: bool | None) -> int:
        return int(sum(1 for v in frame["reached"] if v is value))


def _reached(ctx, capaian: float | None) -> bool | None:
    """Whether a capaian reaches its target as printed (displayed rounding); None: unknown."""
    if capaian is None or capaian != capaian:
        return None
    return ctx.policy.round(capaian, "capaian") >= 100


def conclusion(ctx) -> Conclusion:
    """The figures of the conclusion, computed by the domain functions."""
    perf = performance(ctx)
    perf["reached"] = [_reached(ctx, c) for c in perf["capaian"]]
    sas = ctx.dataset.sasaran.copy()
    verdicts = []
    for sid in sas["sasaran_id"]:
        own = [v for v, s in zip(perf["reached"], perf["sasaran_id"], strict=True) if s == sid]
        verdicts.append(None if not own or None in own else all(own))
    sas["reached"] = verdicts
    money = budget.totals(program_budget(ctx)) if has_budget(ctx) else None
    return Conclusion(perf=perf, sasaran=sas, budget=money)


def _text(value: object) -> str | None:
    """A grade or category as text; None when there is none (None, NaN)."""
    return value if isinstance(value, str) and value.strip() else None


def _iku_line(ctx, r, gradings: dict[str, str]) -> str:
    """'Indeks Kesalehan Sosial: target 86, realisasi 84,61, capaian 98,3 % (di bawah target)'."""
    unit = unit_suffix(r.unit_kind, r.unit)
    name = md_text(r.indikator)
    if r.realisasi is None or r.realisasi != r.realisasi:
        return f"{name}: realisasi tahun {ctx.year} belum tersedia dalam data"
    graded = gradings.get(r.iku_id) in LABEL_GRADINGS
    real = md_text(value_label(ctx, r.realisasi, r.unit, _text(r.grade) if graded else None)
                   + unit)
    if r.target is None or r.target != r.target:
        return f"{name}: realisasi {real}; target tahun {ctx.year} tidak tersedia dalam data"
    target = md_text(value_label(ctx, r.target, r.unit, _text(r.target_grade) if graded else None)
                     + unit)
    if r.reached is None:
        return f"{name}: target {target}, realisasi {real}; capaian tidak dapat dihitung"
    verdict = "mencapai target" if r.reached else "di bawah target"
    shown = ctx.policy.round(r.capaian, "capaian")
    if r.reached and shown > 100:
        verdict = "melampaui target"
    lower = ", semakin rendah semakin baik" if r.direction == "lower" else ""
    category = _text(r.capaian_category)
    category = f", kategori {md_text(category)}" if category else ""
    return (f"{name}: target {target}, realisasi {real}, capaian "
            f"{ctx.fmt.compact(r.capaian, 'capaian')}\u00a0% ({verdict}{lower}){category}")


def _count_text(reached: int, total: int, unknown: int, what: str, yes: str, no: str) -> str:
    """'3 dari 4 indikator kinerja utama mencapai atau melampaui target, 1 di bawah target'."""
    text = f"{reached} dari {total} {what} {yes}"
    below = total - reached - unknown
    if below:
        text += f", {below} {no}"
    if unknown:
        text += f", {unknown} belum dapat dinilai karena datanya belum lengkap"
    return text


def kesimpulan(ctx, c: Conclusion) -> str:
    """Section A, generated: how many sasaran and IKU reached their target, capaian per IKU,
    the budget realisation (Markdown)."""
    n_iku, n_sas = len(c.perf), len(c.sasaran)
    if not n_iku:
        return (f"Dataset tidak memuat indikator kinerja utama untuk tahun {ctx.year}; "
                "kesimpulan atas capaian kinerja tidak dapat ditarik.")
    iku = _count_text(c.count(c.perf, True), n_iku, c.count(c.perf, None),
                      "indikator kinerja utama", "mencapai atau melampaui target",
                      "di bawah target")
    sas = _count_text(c.count(c.sasaran, True), n_sas, c.count(c.sasaran, None),
                      "sasaran strategis", "tercapai seluruh indikatornya", "belum tercapai")
    lead = (f"Pada tahun {ctx.year} {md_text(agency_label(ctx))} menetapkan {n_sas} sasaran "
            f"strategis yang diukur dengan {n_iku} indikator kinerja utama. Sebanyak {iku}; "
            f"{sas}. Capaian setiap indikator:")
    gradings = dict(zip(ctx.dataset.iku["iku_id"], ctx.dataset.iku["grading"], strict=True))
    items = [f"- {_iku_line(ctx, r, gradings)}." for r in c.perf.itertuples()]
    parts = [lead, "", *items, ""]
    if c.budget is not None and c.budget["anggaran"]:
        parts.append(f"Realisasi anggaran seluruh program tahun {ctx.year} sebesar "
                     f"{ctx.fmt.rp(c.budget['realisasi'])} dari anggaran "
                     f"{ctx.fmt.rp(c.budget['anggaran'])}, atau "
                     f"{ctx.fmt.pct(c.budget['persen'], 'persen_anggaran')}.")
    else:
        parts.append(f"Data anggaran program tahun {ctx.year} tidak tersedia dalam dataset, "
                     "sehingga realisasi anggaran tidak dapat disimpulkan.")
    return "\n".join(parts)


def show_kesimpulan(ctx, found: AgencyTexts) -> Conclusion:
    """Section A: the conclusion from the figures, then the agency's own."""
    c = conclusion(ctx)
    present.say(kesimpulan(ctx, c))
    present.say(found.text("kesimpulan"))
    return c


def show_text(ctx, found: AgencyTexts, section: str) -> None:
    """Section B or C: the agency's text, or its placeholder."""
    present.say(found.text(section))


def key_figures(ctx, c: Conclusion, found: AgencyTexts) -> dict:
    """What the notebook records: IKU and sasaran that reached their target, the budget
    realisation, the texts still missing."""
    figures = {
        "iku_total": len(c.perf), "iku_reached": c.count(c.perf, True),
        "iku_unknown": c.count(c.perf, None),
        "sasaran_total": len(c.sasaran), "sasaran_reached": c.count(c.sasaran, True),
        "texts_missing": [m.what for m in found.missing],
    }
    if c.budget is not None:
        figures["realisasi_anggaran_persen"] = c.budget["persen"]
    return {**figures, **run_figures(ctx)}
