"""The computed tables of a year's report as numbers, from the domain functions (indicators,
budget, efficiency, elections, hibah) — never from the rendered HTML.

Percentages are the figures the report shows: rounded by the agency's rounding policy, with as
many decimals as the policy gives that kind of figure; money is whole Rupiah. Each table knows
its ``Sumber:`` line (profile ``sources``) and its totals rows.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from lkjip_nb import budget, efficiency, elections, hibah, indicators
from lkjip_nb.data.loader import Dataset
from lkjip_nb.rounding import RoundingPolicy

DIRECTIONS = {"higher": "makin tinggi makin baik", "lower": "makin rendah makin baik"}
LEGAL_STATUS = {"badan_hukum": "Berbadan hukum", "skt": "Surat Keterangan Terdaftar"}
LEVELS = {"program": "Program", "kegiatan": "Kegiatan", "sub_kegiatan": "Sub kegiatan"}


@dataclass(frozen=True)
class OutCol:
    """One column of an exported table: the frame column, its header, what it holds."""

    name: str
    header: str
    kind: str = "text"  # text, money, percent, number, int, year
    decimals: int | None = None


@dataclass
class ReportTable:
    """One exported table: title, columns, rows (values), totals rows, source line."""

    key: str
    sheet: str
    title: str
    columns: list[OutCol]
    rows: list[dict[str, Any]]
    totals: list[dict[str, Any]] = field(default_factory=list)
    source: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass
class _Context:
    dataset: Dataset  # restricted to the year
    full: Dataset
    year: int
    policy: RoundingPolicy

    def pct(self, value: Any, kind: str) -> float | None:
        value = clean(value)
        return None if value is None else self.policy.round(float(value), kind)

    def col(self, name: str, header: str, kind: str) -> OutCol:
        """A percent column shown with the policy's decimals for ``kind``."""
        return OutCol(name, header, "percent", self.policy.rule(kind).decimals)

    def source(self, key: str, qualifiers: Iterable[str] = ()) -> str:
        """The Sumber line of table ``key`` (:meth:`Dataset.source`: by key, else by the number
        the profile says the agency printed it under, else the generic line). An exported table
        holding the rows of several tables the documents show one per qualifier
        (``iku-daerah/<iku_id>``) takes the first of their lines that is not the generic one."""
        line = self.full.source(key)
        generic = self.full.source("\0")
        for qualifier in qualifiers if line == generic else ():
            qualified = self.full.source(f"{key}/{qualifier}")
            if qualified != generic:
                return qualified
        return line


def clean(value: Any) -> Any:
    """A plain Python value: None for NaN/NA, numpy scalars as numbers."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: clean(v) for k, v in row.items()} for row in frame.to_dict("records")]


def _sasaran_names(ctx: _Context) -> dict[str, str]:
    s = ctx.dataset.sasaran
    return dict(zip(s["sasaran_id"], s["sasaran"], strict=True))


def _performance(ctx: _Context) -> pd.DataFrame:
    ds = ctx.dataset
    return indicators.iku_performance(ds.iku, ds.table("iku_targets"),
                                      ds.table("iku_realisasi"), ctx.year, ds.profile)


def _iku(ctx: _Context) -> ReportTable | None:
    iku = ctx.dataset.iku
    names = _sasaran_names(ctx)
    rows = [{"sasaran": names.get(r["sasaran_id"]), "iku_id": r["iku_id"],
             "indikator": r["indikator"], "unit": r["unit"],
             "arah": DIRECTIONS.get(r["direction"], r["direction"]), "formula": r["formula"]}
            for r in _records(iku)]
    return ReportTable("iku", "IKU", "Indikator Kinerja Utama", [
        OutCol("sasaran", "Sasaran strategis"), OutCol("iku_id", "Kode"),
        OutCol("indikator", "Indikator kinerja"), OutCol("unit", "Satuan"),
        OutCol("arah", "Arah"), OutCol("formula", "Rumus")], rows,
        source=ctx.source("iku"))


def _goals(ctx: _Context) -> ReportTable | None:
    goals = (ctx.dataset.profile.get("renstra") or {}).get("goals") or []
    rows = []
    for goal in (g for g in goals if isinstance(g, dict)):
        for i, indicator in enumerate(goal.get("indicators") or [None]):
            rows.append({"tujuan": goal.get("text") if i == 0 else None,
                         "indikator": indicator})
    if not rows:
        return None
    return ReportTable("tujuan", "Tujuan", "Tujuan dan Indikator Tujuan", [
        OutCol("tujuan", "Tujuan"), OutCol("indikator", "Indikator tujuan")], rows,
        source=ctx.source("tujuan"))


def _history(ctx: _Context) -> ReportTable | None:
    ds = ctx.dataset
    start = (ds.profile.get("renstra") or {}).get("start_year")
    first = start if isinstance(start, int) and start <= ctx.year else ctx.year
    years = list(range(first, ctx.year + 1))
    wide = indicators.realisasi_history(ds.iku, ds.table("iku_realisasi"), years)
    units = dict(zip(ds.iku["iku_id"], ds.iku["unit"], strict=True))
    names = dict(zip(ds.iku["iku_id"], ds.iku["indikator"], strict=True))
    rows = [{"indikator": names.get(r["iku_id"]), "unit": units.get(r["iku_id"]),
             **{str(y): r.get(y) for y in years}} for r in _records(wide)]
    return ReportTable("iku-daerah", "Riwayat Realisasi IKU",
                       f"Realisasi IKU Tahun {years[0]}-{ctx.year}", [
                           OutCol("indikator", "Indikator kinerja"), OutCol("unit", "Satuan"),
                           *(OutCol(str(y), str(y), "number") for y in years)], rows,
                       source=ctx.source("iku-daerah", ds.iku["iku_id"].astype(str)))


def _targets_table(ctx: _Context, kind: str | None) -> list[dict[str, Any]]:
    ds = ctx.dataset
    targets = ds.table("iku_targets")
    if kind is not None:
        targets = targets[targets["kind"] == kind]
    perf = indicators.iku_performance(ds.iku, targets, ds.table("iku_realisasi"), ctx.year,
                                      ds.profile)
    names = _sasaran_names(ctx)
    return [{"sasaran": names.get(r["sasaran_id"]), "indikator": r["indikator"],
             "unit": r["unit"], "target": r["target"], "realisasi": r["realisasi"],
             "capaian": ctx.pct(r["capaian"], "capaian"), "grade": r["grade"],
             "capaian_reported": r["capaian_reported"]} for r in _records(perf)]


def _perjanjian(ctx: _Context) -> ReportTable | None:
    targets = ctx.dataset.table("iku_targets")
    if not ((targets["kind"] == "pk") & (targets["year"] == ctx.year)).any():
        return None
    rows = _targets_table(ctx, "pk")
    return ReportTable("perjanjian-kinerja", "Perjanjian Kinerja",
                       f"Perjanjian Kinerja Tahun {ctx.year}", [
                           OutCol("sasaran", "Sasaran strategis"),
                           OutCol("indikator", "Indikator kinerja"), OutCol("unit", "Satuan"),
                           OutCol("target", "Target", "number"),
                           OutCol("realisasi", "Realisasi", "number"),
                           ctx.col("capaian", "Capaian (%)", "capaian")], rows,
                       source=ctx.source("perjanjian-kinerja"))


def _kinerja(ctx: _Context) -> ReportTable | None:
    rows = _targets_table(ctx, None)
    return ReportTable("kinerja", "Capaian IKU",
                       f"Capaian Indikator Kinerja Utama Tahun {ctx.year}", [
                           OutCol("sasaran", "Sasaran strategis"),
                           OutCol("indikator", "Indikator kinerja"), OutCol("unit", "Satuan"),
                           OutCol("target", "Target", "number"),
                           OutCol("realisasi", "Realisasi", "number"),
                           ctx.col("capaian", "Capaian (%)", "capaian"),
                           OutCol("grade", "Predikat/kategori"),
                           OutCol("capaian_reported", "Capaian tercetak (%)", "number")], rows,
                       source=ctx.source("kinerja"),
                       notes=["Capaian dihitung dari target dan realisasi, dibulatkan menurut "
                              "aturan pembulatan perangkat daerah."])


def _renstra(ctx: _Context) -> ReportTable | None:
    ds = ctx.dataset
    end = (ds.profile.get("renstra") or {}).get("end_year")
    if not isinstance(end, int):
        return None
    prog = indicators.renstra_progress(ds.iku, ds.table("iku_targets"),
                                       ds.table("iku_realisasi"), ctx.year, end, ds.profile)
    rows = [{"indikator": r["indikator"], "unit": r["unit"], "end_target": r["end_target"],
             "realisasi": r["realisasi"], "progress": ctx.pct(r["progress"], "kemajuan"),
             "progress_reported": r["progress_reported"]} for r in _records(prog)]
    return ReportTable("renstra-progress", "Kemajuan Renstra",
                       f"Realisasi Tahun {ctx.year} terhadap Target Akhir Renstra {end}", [
                           OutCol("indikator", "Indikator kinerja"), OutCol("unit", "Satuan"),
                           OutCol("end_target", f"Target {end}", "number"),
                           OutCol("realisasi", f"Realisasi {ctx.year}", "number"),
                           ctx.col("progress", "Kemajuan (%)", "kemajuan"),
                           OutCol("progress_reported", "Kemajuan tercetak (%)", "number")], rows,
                       source=ctx.source("renstra-progress"))


def _programs(ctx: _Context) -> pd.DataFrame:
    ds = ctx.dataset
    return budget.program_rollup(ds.table("sub_kegiatan"), ds.table("kegiatan"),
                                 ds.table("programs"))


def _program_list(ctx: _Context) -> ReportTable | None:
    progs = _programs(ctx)
    names = _sasaran_names(ctx)
    rows = [{"no": r["no_reported"], "code": r["code"], "name": r["name"],
             "sasaran": names.get(r["sasaran_id"]), "indicator": r["outcome_indicator"],
             "target": r["outcome_target"], "unit": r["outcome_unit"],
             "anggaran": r["anggaran"]} for r in _records(progs)]
    total = {"name": "Jumlah", "anggaran": int(progs["anggaran"].sum())}
    return ReportTable("program", "Program", f"Program, Target dan Anggaran Tahun {ctx.year}", [
        OutCol("no", "No"), OutCol("code", "Kode"), OutCol("name", "Program"),
        OutCol("sasaran", "Sasaran strategis"), OutCol("indicator", "Indikator outcome"),
        OutCol("target", "Target", "number"), OutCol("unit", "Satuan"),
        OutCol("anggaran", "Anggaran (Rp)", "money")], rows, [total],
        source=ctx.source("program"))


def _per_sasaran(ctx: _Context) -> pd.DataFrame:
    frame = budget.sasaran_rollup(_programs(ctx), ctx.dataset.sasaran)
    cap = indicators.sasaran_capaian(_performance(ctx)).set_index("sasaran_id")["capaian"]
    frame["capaian"] = [clean(cap.get(s)) for s in frame["sasaran_id"]]
    frame["capaian_shown"] = [ctx.pct(c, "capaian") for c in frame["capaian"]]
    use = ctx.dataset.profile.get("efficiency_capaian", "displayed")
    frame["capaian_used"] = frame["capaian_shown"] if use == "displayed" else frame["capaian"]
    return efficiency.efficiency_table(frame, "capaian_used")


def _allocation(ctx: _Context) -> ReportTable | None:
    frame = _per_sasaran(ctx)
    rows = [{"no": r["no"], "sasaran": r["sasaran"], "anggaran": r["anggaran"],
             "porsi": ctx.pct(r["porsi"], "porsi")} for r in _records(frame)]
    total = {"sasaran": "Jumlah", "anggaran": int(frame["anggaran"].sum()),
             "porsi": ctx.pct(100.0 if frame["anggaran"].sum() else None, "porsi")}
    return ReportTable("alokasi-sasaran", "Alokasi Anggaran",
                       f"Alokasi Anggaran per Sasaran Strategis Tahun {ctx.year}", [
                           OutCol("no", "No", "int"), OutCol("sasaran", "Sasaran strategis"),
                           OutCol("anggaran", "Anggaran (Rp)", "money"),
                           ctx.col("porsi", "Porsi (%)", "porsi")], rows, [total],
                       source=ctx.source("alokasi-sasaran"))


def _performance_budget(ctx: _Context) -> ReportTable | None:
    frame = _per_sasaran(ctx)
    rows = [{"no": r["no"], "sasaran": r["sasaran"], "capaian": r["capaian_shown"],
             "anggaran": r["anggaran"], "realisasi": r["realisasi"],
             "persen": ctx.pct(r["persen"], "persen_anggaran")} for r in _records(frame)]
    tot = budget.totals(frame)
    total = {"sasaran": "Jumlah", "anggaran": tot["anggaran"], "realisasi": tot["realisasi"],
             "persen": ctx.pct(tot["persen"], "persen_anggaran")}
    return ReportTable("kinerja-anggaran", "Kinerja dan Anggaran",
                       f"Capaian Kinerja dan Anggaran per Sasaran Tahun {ctx.year}", [
                           OutCol("no", "No", "int"), OutCol("sasaran", "Sasaran strategis"),
                           ctx.col("capaian", "Capaian kinerja (%)", "capaian"),
                           OutCol("anggaran", "Anggaran (Rp)", "money"),
                           OutCol("realisasi", "Realisasi (Rp)", "money"),
                           ctx.col("persen", "Penyerapan (%)", "persen_anggaran")], rows,
                       [total], source=ctx.source("kinerja-anggaran"))


def _efficiency(ctx: _Context) -> ReportTable | None:
    frame = _per_sasaran(ctx)
    rows = [{"no": r["no"], "sasaran": r["sasaran"], "capaian": r["capaian_used"],
             "persen": ctx.pct(r["persen"], "persen_anggaran"),
             "efisiensi": ctx.pct(r["efisiensi"], "efisiensi")} for r in _records(frame)]
    tot = budget.totals(frame)
    total = {"sasaran": "Jumlah", "persen": ctx.pct(tot["persen"], "persen_anggaran"),
             "efisiensi": ctx.pct(efficiency.total_efficiency(frame, "capaian_used"),
                                  "efisiensi")}
    return ReportTable("efisiensi", "Efisiensi", f"Efisiensi Penggunaan Sumber Daya Tahun "
                       f"{ctx.year}", [
                           OutCol("no", "No", "int"), OutCol("sasaran", "Sasaran strategis"),
                           ctx.col("capaian", "Capaian kinerja (%)", "capaian"),
                           ctx.col("persen", "Penyerapan (%)", "persen_anggaran"),
                           ctx.col("efisiensi", "Efisiensi (%)", "efisiensi")], rows, [total],
                       source=ctx.source("efisiensi"),
                       notes=["Efisiensi = (pagu x capaian - realisasi) / (pagu x capaian) x "
                              "100; kosong bila tidak terdefinisi."])


def _belanja(ctx: _Context) -> ReportTable | None:
    belanja = ctx.full.table("belanja")
    if not (belanja["year"] == ctx.year).any():
        return None
    frame = budget.belanja_table(belanja, ctx.year)
    years = [y for y in (ctx.year - 1, ctx.year) if f"anggaran_{y}" in frame]
    columns = [OutCol("no", "No", "int"), OutCol("type", "Jenis belanja")]
    for y in years:
        columns += [OutCol(f"anggaran_{y}", f"Anggaran {y} (Rp)", "money"),
                    OutCol(f"realisasi_{y}", f"Realisasi {y} (Rp)", "money"),
                    ctx.col(f"persen_{y}", f"Realisasi {y} (%)", "persen_anggaran")]
    if len(years) == 2:
        columns += [OutCol("perubahan_anggaran", "Perubahan anggaran (Rp)", "money"),
                    OutCol("perubahan_realisasi", "Perubahan realisasi (Rp)", "money")]
    rows, totals = [], []
    for r in _records(frame):
        for y in years:
            r[f"persen_{y}"] = ctx.pct(r.get(f"persen_{y}"), "persen_anggaran")
        (totals if r.get("is_total") else rows).append(r)
    return ReportTable("belanja", "Belanja", f"Anggaran dan Realisasi Belanja Tahun {ctx.year}",
                       columns, rows, totals, source=ctx.source("belanja"))


def _tree(ctx: _Context) -> ReportTable | None:
    ds = ctx.dataset
    tree = budget.budget_tree(ds.table("sub_kegiatan"), ds.table("kegiatan"),
                              ds.table("programs"))
    if tree.empty:
        return None
    rows = [{"level": LEVELS.get(r["level"], r["level"]), "code": r["code"], "no": r["no"],
             "name": r["name"], "anggaran": r["anggaran"], "realisasi": r["realisasi"],
             "persen": ctx.pct(r["persen"], "persen_anggaran"), "indicator": r["indicator"],
             "target": r["target"], "unit": r["unit"], "output_realisasi": r["output_realisasi"]}
            for r in _records(tree)]
    tot = budget.totals(_programs(ctx))
    total = {"name": "Jumlah", "anggaran": tot["anggaran"], "realisasi": tot["realisasi"],
             "persen": ctx.pct(tot["persen"], "persen_anggaran")}
    return ReportTable("program-tree", "Pohon Anggaran",
                       f"Anggaran dan Realisasi Program, Kegiatan dan Sub Kegiatan Tahun "
                       f"{ctx.year}", [
                           OutCol("level", "Tingkat"), OutCol("code", "Kode"),
                           OutCol("no", "No"), OutCol("name", "Uraian"),
                           OutCol("anggaran", "Anggaran (Rp)", "money"),
                           OutCol("realisasi", "Realisasi (Rp)", "money"),
                           ctx.col("persen", "Realisasi (%)", "persen_anggaran"),
                           OutCol("indicator", "Indikator"),
                           OutCol("target", "Target", "number"), OutCol("unit", "Satuan"),
                           OutCol("output_realisasi", "Realisasi indikator", "number")], rows,
                       [total], source=ctx.source("program-tree"))


def _pemilu(ctx: _Context) -> ReportTable | None:
    pemilu = ctx.full.table("pemilu")
    chosen = elections.comparison_set(pemilu, ctx.year)
    if chosen.empty:
        return None
    table = elections.turnout_table(chosen)
    rows = [{"label": r["label"], "year": r["year"], "dpt": r["dpt"], "voters": r["voters"],
             "partisipasi": ctx.pct(r["partisipasi"], "partisipasi"),
             "participation_reported": r["participation_reported"]} for r in _records(table)]
    return ReportTable("pemilu", "Partisipasi Pemilih", "Partisipasi Masyarakat dalam Pemilihan",
                       [OutCol("label", "Pemilihan"), OutCol("year", "Tahun", "year"),
                        OutCol("dpt", "DPT", "int"), OutCol("voters", "Pengguna hak pilih", "int"),
                        ctx.col("partisipasi", "Partisipasi (%)", "partisipasi"),
                        OutCol("participation_reported", "Partisipasi tercetak (%)", "number")],
                       rows, source=ctx.source("pemilu"))


def _konflik(ctx: _Context) -> ReportTable | None:
    konflik = ctx.dataset.table("konflik")
    if konflik.empty:
        return None
    rows = [{"no": r["no"], "event": r["event"], "kecamatan": r["kecamatan"],
             "handled": "ya" if r["handled"] else "tidak", "handling": r["handling"]}
            for r in _records(konflik)]
    total = {"event": f"Jumlah: {len(rows)} kejadian, "
                      f"{sum(r['handled'] == 'ya' for r in rows)} ditangani"}
    return ReportTable("konflik", "Kejadian Menonjol", f"Kejadian Menonjol Tahun {ctx.year}", [
        OutCol("no", "No", "int"), OutCol("event", "Kejadian"), OutCol("kecamatan", "Kecamatan"),
        OutCol("handled", "Ditangani"), OutCol("handling", "Penanganan")], rows, [total],
        source=ctx.source("konflik"))


def _comparison(ctx: _Context) -> ReportTable | None:
    comp = ctx.dataset.table("regional_comparison")
    if comp.empty:
        return None
    names = dict(zip(ctx.dataset.iku["iku_id"], ctx.dataset.iku["indikator"], strict=True))
    rows = []
    for iku_id in dict.fromkeys(comp["iku_id"]):
        for r in _records(indicators.compare_regions(comp, iku_id)):
            rows.append({"indikator": names.get(iku_id, iku_id), "region": r["region"],
                         "value": r["value"],
                         "self": "ya" if r.get("is_self") else "",
                         "national": "ya" if r.get("is_national") else ""})
    return ReportTable("perbandingan", "Perbandingan Wilayah",
                       f"Perbandingan dengan Wilayah Lain Tahun {ctx.year}", [
                           OutCol("indikator", "Indikator"), OutCol("region", "Wilayah"),
                           OutCol("value", "Nilai", "number"),
                           OutCol("self", "Wilayah sendiri"), OutCol("national", "Nasional")],
                       rows, source=ctx.source("perbandingan"))


def _formulas(ctx: _Context) -> ReportTable | None:
    inputs = ctx.dataset.table("iku_formula_inputs")
    if inputs.empty:
        return None
    names = dict(zip(ctx.dataset.iku["iku_id"], ctx.dataset.iku["indikator"], strict=True))
    res = indicators.formula_results(inputs)
    rows = [{"indikator": names.get(r["iku_id"], r["iku_id"]),
             "numerator_label": r["numerator_label"], "numerator": r["numerator"],
             "denominator_label": r["denominator_label"], "denominator": r["denominator"],
             "result": ctx.pct(r["result"], "capaian"),
             "result_reported": r["result_reported"]} for r in _records(res)]
    return ReportTable("rumus-iku", "Rumus IKU", f"Perhitungan Rumus IKU Tahun {ctx.year}", [
        OutCol("indikator", "Indikator"), OutCol("numerator_label", "Pembilang"),
        OutCol("numerator", "Nilai pembilang", "number"),
        OutCol("denominator_label", "Penyebut"),
        OutCol("denominator", "Nilai penyebut", "number"),
        ctx.col("result", "Hasil (%)", "capaian"),
        OutCol("result_reported", "Hasil tercetak (%)", "number")], rows,
        source=ctx.source("kinerja"))


def _party_grants(ctx: _Context) -> ReportTable | None:
    ds = ctx.dataset
    grants = hibah.party_grants(ds.table("hibah_parpol_tahap"), ds.table("party_votes"),
                                ctx.year)
    if grants.empty:
        return None
    wide = hibah.party_grants_wide(grants)
    stages = sorted(int(t) for t in grants["tahap"].unique())
    columns = [OutCol("party", "Partai politik")]
    for t in stages:
        columns += [OutCol(f"votes_{t}", f"Suara tahap {t}", "int"),
                    OutCol(f"grant_{t}", f"Bantuan tahap {t} (Rp)", "money")]
    columns.append(OutCol("jumlah", "Jumlah (Rp)", "money"))
    rows = _records(wide)
    total: dict[str, Any] = {"party": "Jumlah"}
    for t in stages:
        total[f"grant_{t}"] = int(wide[f"grant_{t}"].fillna(0).sum())
    total["jumlah"] = int(wide["jumlah"].sum())
    return ReportTable("hibah/parpol", "Hibah Partai Politik",
                       f"Bantuan Keuangan Partai Politik Tahun {ctx.year}", columns, rows,
                       [total], source=ctx.source("hibah/parpol"))


def _recipients(ctx: _Context) -> ReportTable | None:
    rec = ctx.dataset.table("hibah_recipients")
    if rec.empty:
        return None
    rows = _records(rec)
    stated = bool(rec["realisasi"].notna().all())
    total = {"recipient": "Jumlah", "amount": int(rec["amount"].sum()),
             "realisasi": int(rec["realisasi"].sum()) if stated else None}
    return ReportTable("hibah/penerima", "Hibah Penerima Lain",
                       f"Hibah kepada Penerima Lain Tahun {ctx.year}", [
                           OutCol("table", "Kelompok"), OutCol("no", "No", "int"),
                           OutCol("recipient", "Penerima"), OutCol("recipient_type", "Jenis"),
                           OutCol("form", "Bentuk"), OutCol("purpose", "Peruntukan"),
                           OutCol("amount", "Besaran (Rp)", "money"),
                           OutCol("realisasi", "Realisasi (Rp)", "money"),
                           OutCol("note", "Keterangan")], rows, [total],
                       source=ctx.source("hibah/penerima"),
                       notes=[] if stated else ["Realisasi kosong: tidak disebut; jumlahnya "
                                                "tidak dihitung."])


def _reconcile(ctx: _Context) -> ReportTable | None:
    ds = ctx.dataset
    hb = hibah.belanja_hibah(ctx.full.table("belanja"), ctx.year)
    rec = ds.table("hibah_recipients")
    grants = hibah.party_grants(ds.table("hibah_parpol_tahap"), ds.table("party_votes"),
                                ctx.year)
    if hb is None or (rec.empty and grants.empty):
        return None
    party_total = int(grants["grant"].sum()) if not grants.empty else 0
    frame = hibah.reconcile(party_total, rec, hb["anggaran"], hb["realisasi"])
    rows, totals = [], []
    for r in _records(frame):
        r["asumsi"] = "ya" if r.get("asumsi") else ""
        (totals if r["komponen"] in ("Jumlah tabel hibah", "Selisih") else rows).append(r)
    return ReportTable("hibah/rekonsiliasi", "Rekonsiliasi Hibah",
                       f"Rekonsiliasi Hibah dengan Belanja Hibah Tahun {ctx.year}", [
                           OutCol("komponen", "Komponen"),
                           OutCol("anggaran", "Anggaran (Rp)", "money"),
                           OutCol("realisasi", "Realisasi (Rp)", "money"),
                           OutCol("asumsi", "Realisasi diasumsikan")], rows, totals,
                       source=ctx.source("hibah/rekonsiliasi"),
                       notes=["Realisasi yang tidak disebut diasumsikan sama dengan besarannya."])


def _ormas(ctx: _Context) -> ReportTable | None:
    ormas = ctx.full.table("ormas_terdaftar")
    if ormas.empty or not (ormas["year"] <= ctx.year).any():
        return None
    frame = hibah.ormas_registrations(ormas, ctx.year)
    frame["legal_status"] = frame["legal_status"].map(
        lambda s: LEGAL_STATUS.get(s, s))
    return ReportTable("ormas", "Ormas Terdaftar", f"Ormas yang Mencatatkan Diri s.d. {ctx.year}",
                       [OutCol("legal_status", "Status hukum"), OutCol("year", "Tahun", "year"),
                        OutCol("count", "Jumlah", "int"),
                        OutCol("cumulative", "Jumlah kumulatif", "int")], _records(frame),
                       source=ctx.source("ormas"))


#: Every table, in the order of the report's chapters.
BUILDERS: tuple[tuple[str, Callable[[_Context], ReportTable | None]], ...] = (
    ("Riwayat realisasi IKU", _history), ("Tujuan", _goals),
    ("Indikator Kinerja Utama", _iku), ("Perjanjian Kinerja", _perjanjian),
    ("Program", _program_list), ("Capaian IKU", _kinerja), ("Kemajuan Renstra", _renstra),
    ("Rumus IKU", _formulas), ("Perbandingan wilayah", _comparison),
    ("Kejadian menonjol", _konflik), ("Partisipasi pemilih", _pemilu),
    ("Alokasi anggaran", _allocation), ("Kinerja dan anggaran", _performance_budget),
    ("Efisiensi", _efficiency), ("Belanja", _belanja), ("Pohon anggaran", _tree),
    ("Hibah partai politik", _party_grants), ("Hibah penerima lain", _recipients),
    ("Rekonsiliasi hibah", _reconcile), ("Ormas terdaftar", _ormas))


def report_tables(dataset: Dataset, year: int,
                  policy: RoundingPolicy | None = None) -> tuple[list[ReportTable], list[str]]:
    """Every table of ``year`` the data support, and a note for each that could not be built."""
    ctx = _Context(dataset.for_year(year), dataset, year,
                   policy if policy is not None else dataset.rounding())
    tables: list[ReportTable] = []
    notes: list[str] = []
    for label, build in BUILDERS:
        try:
            table = build(ctx)
        except (KeyError, ValueError, TypeError, ZeroDivisionError) as exc:
            notes.append(f"{label}: tidak dapat dihitung ({exc})")
            continue
        if table is not None:
            tables.append(table)
    return tables, notes
