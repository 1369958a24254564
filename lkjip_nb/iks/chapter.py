"""The IKS survey notebook's building blocks: load and analyse, then tables ready to show.

Each ``*_table`` returns the keyword arguments of :func:`lkjip_nb.present.show_table`, so the
notebook only calls and shows. Every caption says "data sintetis" when the survey is synthetic.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from lkjip_nb.fmt import number
from lkjip_nb.iks.analysis import Comparison, IksResult, analyse
from lkjip_nb.iks.codebook import CONVENTIONS, Codebook, categorize
from lkjip_nb.iks.errors import IksDesignWarning
from lkjip_nb.iks.published import Published, published_iks
from lkjip_nb.iks.sensitivity import weight_sensitivity
from lkjip_nb.iks.sources import (
    CODEBOOK_FILE,
    find_survey,
    iks_folder,
    load_survey,
    resolve_codebook,
    survey_files,
)
from lkjip_nb.indicators import capaian
from lkjip_nb.present import Col, md_text
from lkjip_nb.tex import tex_text

EM = "\u2003"
#: A weight symbol TeX can show as a letter with a subscript ("W1").
_SYMBOL = re.compile(r"([A-Za-z])([0-9A-Za-z]*)")
#: The display roundings this chapter uses, in words (its header lists only these).
ROUNDING_WORDS = {"indeks": "nilai indeks", "capaian": "capaian terhadap target"}


@dataclass
class Workbook:
    """One year's IKS analysis with its context (published values, trend, sensitivity)."""

    ctx: Any
    result: IksResult
    published: Published
    trend: pd.DataFrame
    sensitivity: pd.DataFrame
    survey_path: Path
    codebook_path: Path
    inputs: list[str] = field(default_factory=list)
    previous: IksResult | None = None  # the latest earlier year with a survey file

    @property
    def synthetic(self) -> bool:
        return self.result.synthetic

    @property
    def codebook(self) -> Codebook:
        return self.result.codebook

    def caption(self, title: str) -> str:
        return f"{title} (DATA SINTETIS)" if self.synthetic else title

    def marked(self, table: dict, synthetic: bool | None = None) -> dict:
        """Add a header row saying DATA SINTETIS (repeated on every printed page of a table)."""
        if self.synthetic if synthetic is None else synthetic:
            table["header_rows"] = [
                f'<tr><th colspan="{len(table["columns"])}" class="lkjip-synthetic" '
                'style="color:#c00000;text-align:center;font-weight:bold">DATA SINTETIS — '
                "bukan hasil survei IKS sebenarnya</th></tr>"]
        return table

    def survey_source(self) -> str:
        if self.synthetic:
            return (f"data sintetis {self.survey_path.name} (responden rekaan yang dibangkitkan "
                    "acak, bukan survei IKS sebenarnya), diolah")
        return f"Survei IKS {self.ctx.year} ({self.survey_path.name}), diolah"

    def num(self, value: float | None) -> str:
        return self.ctx.fmt.num(value, "indeks")

    def ci(self, low: float, high: float) -> str:
        return f"{self.num(low)} – {self.num(high)}"


def _analyse(survey, replicates: int, seed: int, categories) -> IksResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IksDesignWarning)  # kept in result.notes instead
        return analyse(survey, bootstrap_replicates=replicates, seed=seed,
                       categories=categories, warn=False)


def open_workbook(ctx, survey: str = "", codebook: str = "", bootstrap_replicates: int = 1000,
                  seed: int = 0) -> Workbook:
    """Load the year's survey (default: the agency's file for that year) and analyse it."""
    data_dir, opd, year = ctx.data_dir, ctx.opd, ctx.year
    cb = resolve_codebook(data_dir, opd, codebook)
    cb_path = Path(codebook) if codebook else iks_folder(data_dir, opd) / CODEBOOK_FILE
    published = published_iks(ctx.dataset)
    categories = cb.categories or published.categories
    path = Path(survey) if survey else find_survey(data_dir, opd, year)
    result = _analyse(load_survey(year, data_dir, opd, path, cb), bootstrap_replicates, seed,
                      categories)
    files = {year: path}
    for y, paths in survey_files(data_dir, opd).items():
        if y < year and len(paths) == 1:
            files[y] = paths[0]
    rows = []
    previous = None
    for y in sorted(files):
        r = result if y == year else _analyse(load_survey(y, data_dir, opd, files[y], cb), 0,
                                               seed, categories)
        if y < year:
            previous = r
        low, high = r.ci
        rows.append({"year": y, "iks": r.iks, "ci_low": low, "ci_high": high, "n": r.n,
                     "synthetic": r.synthetic, "published": published.value(y),
                     "target": published.target(y), "file": files[y].name})
    inputs = [_relative(p, data_dir) for p in [cb_path, *files.values()]]
    return Workbook(ctx, result, published, pd.DataFrame(rows), weight_sensitivity(result),
                    path, cb_path, inputs, previous)


def header(ctx) -> None:
    """The chapter's title block: agency, year, and the display rounding of the figures this
    chapter shows (indices, capaian), in words."""
    from lkjip_nb.present import agency_label, is_synthetic, say

    described = ctx.policy.describe()
    rules = "; ".join(f"{words}: {described.get(kind, described['(lainnya)'])}"
                      for kind, words in ROUNDING_WORDS.items())
    note = ("\n\n> **Data sintetis.** Nama dan angka dalam laporan ini rekaan untuk pengujian, "
            "bukan laporan resmi." if is_synthetic(ctx) else "")
    say(f"# {ctx.title}\n\n**{md_text(agency_label(ctx))}** — Laporan Kinerja Instansi "
        f"Pemerintah (LKJIP) Tahun {ctx.year}{note}\n\n<small>Pembulatan tampilan — {rules}. "
        "Nilai eksak dipakai dalam perhitungan.</small>")


def _relative(path: Path, data_dir: Path) -> str:
    try:
        return path.resolve().relative_to(Path(data_dir).resolve()).as_posix()
    except ValueError:
        return str(path.resolve())


def summary_table(wb: Workbook) -> dict:
    r, year = wb.result, wb.ctx.year
    low, high = r.ci
    target, published = wb.published.target(year), wb.published.value(year)
    rows = [
        ("IKS hasil hitung dari data mikro" + (" sintetis" if wb.synthetic else ""),
         wb.num(r.iks)),
        ("Selang kepercayaan 95 % (linearisasi Taylor)", wb.ci(low, high)),
    ]
    if r.bootstrap is not None:
        row = r.overall.iloc[0]
        rows.append((f"Selang kepercayaan 95 % (bootstrap, {len(r.bootstrap.replicates)} "
                     f"replikasi, benih {r.bootstrap.seed})",
                     wb.ci(row["ci_low_bootstrap"], row["ci_high_bootstrap"])))
    rows += [("Kategori" + (" (batas kategori: asumsi)" if wb.published.categories_note else ""),
              r.category or "–"),
             ("Responden dengan IKS / seluruh responden",
              f"{wb.ctx.fmt.integer(r.n)} / {wb.ctx.fmt.integer(r.survey.n)}")]
    if target is not None:
        rows.append(("Target", wb.num(target)))
        rows.append(("Capaian hasil hitung terhadap target",
                     wb.ctx.fmt.pct(capaian(r.iks, target), "capaian")))
    if published is not None:
        rows.append(("Nilai IKS yang dipublikasikan (LKJIP)", wb.num(published)))
        rows.append(("Selisih hasil hitung − dipublikasikan", wb.num(r.iks - published)))
    frame = pd.DataFrame(rows, columns=["uraian", "nilai"])
    warnings_ = [n for n in r.design.notes if n.startswith("Peringatan")]
    return wb.marked({
            "frame": frame, "columns": [Col("uraian", "Uraian"), Col("nilai", "Nilai", True)],
            "number": "IKS.1", "title": wb.caption(f"Indeks Kesalehan Sosial Tahun {year}"),
            "source": wb.survey_source() + "; target dan nilai dipublikasikan: "
            + wb.published.source,
            "notes": [*warnings_, r.ci_method, wb.codebook.weights_note]})


def dimension_table(wb: Workbook) -> dict:
    r = wb.result
    rows = []
    for _, d in r.level("dimensi").iterrows():
        rows.append(_index_row(wb, d, d["nama"], _weight_label(wb, d["id"]), "lkjip-group"))
        for _, s in r.level("sub-dimensi").iterrows():
            if s["induk"] == d["id"]:
                rows.append(_index_row(wb, s, EM + "– " + s["nama"], "", ""))
    top = r.overall.iloc[0]
    rows.append(_index_row(wb, top, "IKS (komposit)", "", "lkjip-total"))
    return wb.marked({"frame": pd.DataFrame(rows), "row_class": "kelas",
            "columns": [Col("nama", "Dimensi / sub-dimensi"), Col("bobot", "Bobot"),
                        Col("indeks", "Indeks", True), Col("ci", "SK 95 %", True),
                        Col("n", "n", True)],
            "number": "IKS.2", "title": wb.caption("Indeks per Dimensi dan Sub-dimensi"),
            "source": wb.survey_source(),
            "notes": [_structure_note(wb.codebook), wb.codebook.weights_note]})


def _structure_note(cb: Codebook) -> str:
    widest = max(cb.dimensions, key=lambda d: len(d.subdimensions))
    return ("Sub-dimensi = rata-rata butirnya; dimensi = rata-rata sub-dimensinya (sehingga "
            f"{widest.name} dengan {len(widest.subdimensions)} sub-dimensi tidak berbobot lebih "
            "dari dimensi lain); IKS = Σ(W × indeks dimensi) / ΣW.")


def formula_latex(cb: Codebook) -> str:
    """The composite formula with the codebook's dimensions and weight symbols (their names
    as typed, :func:`lkjip_nb.tex.tex_text`)."""
    terms = " + ".join(f"{_weight_tex(d.weight)} I_{{{tex_text(d.name)}}}" for d in cb.dimensions)
    total = " + ".join(_weight_tex(d.weight) for d in cb.dimensions)
    return rf"\mathrm{{IKS}} = \frac{{{terms}}}{{{total}}}"


def _weight_tex(symbol: str) -> str:
    """A weight symbol in TeX: ``W1`` as W with subscript 1, any other text as typed."""
    match = _SYMBOL.fullmatch(symbol)
    if match is None:
        return tex_text(symbol)
    head, tail = match.groups()
    return f"{head}_{{{tail}}}" if tail else head


def _weight_label(wb: Workbook, dim_id: str) -> str:
    for d in wb.codebook.dimensions:
        if d.id == dim_id:
            return f"{d.weight} = {number(wb.codebook.weights[d.weight])}"
    return ""


def _index_row(wb: Workbook, row: pd.Series, name: str, weight: str, cls: str) -> dict:
    return {"nama": name, "bobot": weight, "indeks": wb.num(row["indeks"]),
            "ci": wb.ci(row["ci_low"], row["ci_high"]), "n": wb.ctx.fmt.integer(row["n"]),
            "kelas": cls}


def breakdown_table(wb: Workbook) -> dict:
    r = wb.result
    frame = r.breakdowns()
    rows = []
    for label, grp in frame.groupby("rincian", sort=False):
        rows.append({"kelompok": label, "n": "", "indeks": "", "ci": "", "kelas": "lkjip-group"})
        for _, g in grp.iterrows():
            mark = " †" if g["se_tak_terhitung"] and g["n"] else " *" if g["n_kecil"] else ""
            rows.append({"kelompok": EM + g["kelompok"] + mark,
                         "n": wb.ctx.fmt.integer(g["n"]), "indeks": wb.num(g["indeks"]),
                         "ci": "–" if g["se_tak_terhitung"] else wb.ci(g["ci_low"],
                                                                        g["ci_high"]),
                         "kelas": ""})
    unestimable = [t for t, bad, n in zip(frame["catatan"], frame["se_tak_terhitung"],
                                          frame["n"], strict=True) if bad and n]
    notes = [f"* n < {r.min_n}: selang kepercayaan lebar, tafsirkan dengan hati-hati. "
             "Selang kepercayaan kelompok memakai seluruh rancangan sampel, dengan derajat "
             "bebas dari klaster dan strata yang memuat responden kelompok itu."]
    if unestimable:
        notes.append("† Galat baku tidak dapat diestimasi: " + " ".join(unestimable))
    return wb.marked({"frame": pd.DataFrame(rows), "row_class": "kelas",
            "columns": [Col("kelompok", "Karakteristik responden"), Col("n", "n", True),
                        Col("indeks", "IKS", True), Col("ci", "SK 95 %", True)],
            "number": "IKS.3", "title": wb.caption("IKS menurut Karakteristik Responden"),
            "source": wb.survey_source(), "notes": notes})


def comparisons(wb: Workbook) -> list[tuple[str, Comparison]]:
    """The tests the chapter shows: this year against the previous survey, and in every
    characteristic its highest against its lowest group (among groups with an interval)."""
    r = wb.result
    out = []
    if wb.previous is not None:
        out.append(("antartahun", r.compare_years(wb.previous)))
    table = r.breakdowns()
    for key, grp in table.groupby("kunci", sort=False):
        ok = grp[~grp["se_tak_terhitung"] & (grp["n"] > 0)].sort_values("indeks")
        if len(ok) >= 2:
            out.append((str(grp["rincian"].iloc[0]),
                        r.compare(str(key), ok["kelompok"].iloc[-1], ok["kelompok"].iloc[0])))
    return out


def _p_text(p: float) -> str:
    if p != p:
        return "–"
    return "< 0,001" if p < 0.001 else number(p, 3)


def comparison_table(wb: Workbook) -> dict:
    rows = []
    for what, c in comparisons(wb):
        label = (f"{c.label_a} − {c.label_b}" if what == "antartahun"
                 else f"{what}: {c.label_a} − {c.label_b}")
        rows.append({
            "uji": label[:1].upper() + label[1:],
            "selisih": wb.num(c.difference), "ci": wb.ci(c.ci_low, c.ci_high)
            if c.ci_low == c.ci_low else "–", "df": wb.ctx.fmt.integer(c.df),
            "p": _p_text(c.p_value),
            "hasil": "bermakna" if c.significant else "tidak bermakna"})
    return wb.marked({"frame": pd.DataFrame(rows, columns=["uji", "selisih", "ci", "df", "p",
                                                           "hasil"]),
            "columns": [Col("uji", "Perbandingan IKS"), Col("selisih", "Selisih", True),
                        Col("ci", "SK 95 % selisih", True), Col("df", "Derajat bebas", True),
                        Col("p", "p", True), Col("hasil", "Pada taraf 5 %")],
            "number": "IKS.4", "title": wb.caption("Uji Beda IKS antartahun dan antarkelompok"),
            "source": wb.survey_source(),
            "notes": ["Uji t berbasis rancangan sampel. Antarkelompok: kedua kelompok dari "
                      "survei yang sama, dengan seluruh rancangan sampel. Antartahun: dua survei "
                      "diperlakukan sebagai sampel yang saling bebas.",
                      "Pasangan tertinggi–terendah dipilih setelah melihat data, sehingga nilai "
                      "p-nya cenderung terlalu kecil: anggap sebagai petunjuk, bukan bukti."]})


def comparison_sentences(wb: Workbook) -> str:
    """The tests' results as Markdown (their group names as typed)."""
    return " ".join(md_text(c.sentence()) for _, c in comparisons(wb))


def sensitivity_table(wb: Workbook, show: int = 5) -> dict:
    t = wb.sensitivity.sort_values("iks")
    symbols = [d.weight for d in wb.codebook.dimensions]
    picked = pd.concat([t[t["dasar"]], t.head(show), t.tail(show)]).drop_duplicates()
    rows = []
    for _, r in picked.iterrows():
        rows.append({
            "ket": "bobot dasar" if r["dasar"] else ("terendah" if r["iks"] <= t["iks"].median()
                                                     else "tertinggi"),
            **{s: number(r[s]) for s in symbols},
            "iks": wb.num(r["iks"]), "ci": wb.ci(r["ci_low"], r["ci_high"]),
            "selisih": wb.num(r["selisih"])})
    return wb.marked({"frame": pd.DataFrame(rows),
            "columns": [Col("ket", "Kombinasi")] + [Col(s, s, True) for s in symbols]
            + [Col("iks", "IKS", True), Col("ci", "SK 95 %", True),
               Col("selisih", "Selisih dari dasar", True)],
            "number": "IKS.5",
            "title": wb.caption(f"Sensitivitas IKS terhadap Bobot Dimensi ({len(t)} kombinasi)"),
            "source": wb.survey_source(),
            "notes": [f"Setiap bobot {', '.join(symbols)} bernilai 1, 2 atau 3; kombinasi yang "
                      "sebanding (mis. semua 2 dan semua 1) dihitung sekali."]})


def trend_table(wb: Workbook) -> dict:
    rows = []
    for _, r in wb.trend.iterrows():
        rows.append({"tahun": str(r["year"]), "iks": wb.num(r["iks"]),
                     "ci": wb.ci(r["ci_low"], r["ci_high"]), "n": wb.ctx.fmt.integer(r["n"]),
                     "pub": wb.num(r["published"]), "target": wb.num(r["target"]),
                     "data": "sintetis" if r["synthetic"] else "survei"})
    any_synthetic = bool(wb.trend["synthetic"].any())
    return wb.marked({"frame": pd.DataFrame(rows),
            "columns": [Col("tahun", "Tahun"), Col("iks", "IKS hasil hitung", True),
                        Col("ci", "SK 95 %", True), Col("n", "n", True),
                        Col("pub", "Dipublikasikan", True), Col("target", "Target", True),
                        Col("data", "Data mikro")],
            "number": "IKS.6",
            "title": (f"Tren IKS {_years(wb.trend['year'])}"
                      + (" (DATA SINTETIS)" if any_synthetic else "")),
            "source": ("data sintetis per tahun (bukan survei sebenarnya), diolah" if any_synthetic
                       else "Survei IKS per tahun, diolah")
            + "; nilai dipublikasikan dan target: " + wb.published.source}, any_synthetic)


def _years(years: pd.Series) -> str:
    lo, hi = int(years.min()), int(years.max())
    return str(lo) if lo == hi else f"{lo}-{hi}"


def regions_table(wb: Workbook) -> dict | None:
    regions = wb.published.regions_for(wb.ctx.year)
    if regions.empty:
        return None
    year = int(regions["year"].iloc[0])
    rows = [{"wilayah": r["region"] + (" (nasional)" if r["is_national"]
                                       and "nasional" not in r["region"].lower() else ""),
             "nilai": wb.num(r["value"]), "kelas": "lkjip-total" if r["is_self"] else ""}
            for _, r in regions.sort_values("value", ascending=False).iterrows()]
    low, high = wb.result.ci
    rows.append({"wilayah": f"Hasil hitung {wb.ctx.year}" + (" dari data sintetis"
                                                             if wb.synthetic else ""),
                 "nilai": f"{wb.num(wb.result.iks)} (SK 95 % {wb.ci(low, high)})", "kelas": ""})
    return {"frame": pd.DataFrame(rows), "row_class": "kelas",
            "columns": [Col("wilayah", "Wilayah"), Col("nilai", f"Nilai IKS {year}", True)],
            "number": "IKS.7",
            "title": f"Perbandingan IKS dengan Nasional dan Wilayah Lain Tahun {year}",
            "source": wb.published.source + "; baris terakhir: " + wb.survey_source(),
            "notes": ["Nilai wilayah adalah angka yang dipublikasikan, bukan data sintetis."]}


def item_table(wb: Workbook) -> dict:
    from lkjip_nb.iks.scoring import item_summary

    s = wb.result.survey
    t = item_summary(s.answers, wb.codebook, s.weights)
    frame = pd.DataFrame({
        "butir": t["butir"], "teks": t["teks"] + t["dibalik"].map({True: " (dibalik)",
                                                                   False: ""}),
        "skor": [wb.num(v) for v in t["skor"]],
        "dijawab": [wb.ctx.fmt.pct(v * 100, "indeks") for v in t["dijawab"]]})
    return wb.marked({"frame": frame,
            "columns": [Col("butir", "Butir"), Col("teks", "Pernyataan"),
                        Col("skor", "Skor 0-100", True), Col("dijawab", "Dijawab", True)],
            "number": "IKS.8", "title": wb.caption("Skor per Butir Pertanyaan"),
            "source": wb.survey_source(),
            "notes": [wb.codebook.instrument_note] if wb.codebook.instrument_note else []})


def method_notes(wb: Workbook) -> str:
    """Markdown list of every assumption and rule behind the figures (each a plain text)."""
    cb, r = wb.codebook, wb.result
    lines = list(r.notes)
    lines.append(f"Skala jawaban {cb.scale.min}-{cb.scale.max}; skor butir 0-100 = "
                 f"{CONVENTIONS[cb.scale.convention]}; butir yang dibalik dicerminkan dulu "
                 f"(x → {cb.scale.min} + {cb.scale.max} − x).")
    if r.bootstrap is not None:
        lines.append(f"Bootstrap: {len(r.bootstrap.replicates)} replikasi (benih "
                     f"{r.bootstrap.seed}); klaster diambil ulang di dalam strata "
                     "(bootstrap Rao-Wu), seluruh perhitungan diulang per replikasi; "
                     "selang persentil.")
    if wb.published.categories_note:
        lines.append(f"Kategori IKS: {wb.published.categories_note}.")
    if cb.instrument_note:
        lines.append(cb.instrument_note)
    lines.append(f"Codebook: {wb.codebook_path.name}; berkas survei: {wb.survey_path.name}.")
    return "\n".join(f"- {md_text(line)}" for line in lines)


def headline(wb: Workbook) -> str:
    """The opening sentence, generated from the figures."""
    r, year = wb.result, wb.ctx.year
    low, high = r.ci
    text = (f"Dari {wb.ctx.fmt.integer(r.survey.n)} responden"
            + (" **sintetis**" if wb.synthetic else "")
            + f", IKS tahun {year} dihitung sebesar **{wb.num(r.iks)}**"
            + (f" (kategori {md_text(r.category)})" if r.category else "")
            + f" dengan selang kepercayaan 95 % {wb.ci(low, high)}.")
    target = wb.published.target(year)
    if target is not None:
        verdict = "di atas" if low > target else "di bawah" if high < target else "mencakup"
        text += (f" Target tahun {year} sebesar {wb.num(target)}; selang kepercayaan "
                 f"{verdict} target" + (" tersebut." if verdict == "mencakup" else "."))
    published = wb.published.value(year)
    if published is not None:
        inside = low <= published <= high
        text += (f" Nilai yang dipublikasikan, {wb.num(published)}, "
                 + ("berada di dalam" if inside else "berada di luar")
                 + " selang kepercayaan hasil hitung.")
    if wb.synthetic:
        text += (" Karena data mikro ini sintetis, angka-angka ini hanya memperagakan cara "
                 "kerja buku kerja, bukan hasil survei.")
    return text


def dimension_sentence(wb: Workbook) -> str:
    """The highest and lowest dimension and sub-dimension, as Markdown."""
    dims = wb.result.level("dimensi").sort_values("indeks")
    subs = wb.result.level("sub-dimensi").sort_values("indeks")

    def named(row: pd.Series) -> str:
        return f"{md_text(row['nama'])} ({wb.num(row['indeks'])})"

    return (f"Dimensi tertinggi adalah {named(dims.iloc[-1])} dan terendah {named(dims.iloc[0])}."
            f" Sub-dimensi terendah: {named(subs.iloc[0])}; tertinggi: {named(subs.iloc[-1])}.")


def sensitivity_sentence(wb: Workbook) -> str:
    t = wb.sensitivity
    base = float(t.loc[t["dasar"], "iks"].iloc[0])
    low, high = wb.result.ci
    outside = int(((t["iks"] < low) | (t["iks"] > high)).sum())
    return (f"Pada {len(t)} kombinasi bobot, IKS berkisar {wb.num(t['iks'].min())} – "
            f"{wb.num(t['iks'].max())} (rentang {wb.num(t['iks'].max() - t['iks'].min())} "
            f"poin) di sekitar nilai bobot dasar {wb.num(base)}; {outside} kombinasi jatuh di "
            "luar selang kepercayaan 95 % bobot dasar. Kategori: "
            + ", ".join(md_text(c) for c in sorted({categorize(v, wb.result.categories)
                                                    for v in t["iks"]}))
            + " di seluruh kombinasi.")


def key_figures(wb: Workbook) -> dict[str, Any]:
    r = wb.result
    low, high = r.ci
    row = r.overall.iloc[0]
    out: dict[str, Any] = {
        "iks_komposit": r.iks, "iks_ci_low": low, "iks_ci_high": high, "iks_se": row["se"],
        "iks_df": r.df,
        "n_responden": r.survey.n, "n_iks": r.n, "synthetic": wb.synthetic,
        "iks_kategori": r.category, "bobot": r.weights_used(),
        "model_based": r.design.model_based,
        "iks_dipublikasikan": wb.published.value(wb.ctx.year),
        "iks_target": wb.published.target(wb.ctx.year),
        "sensitivitas_min": float(wb.sensitivity["iks"].min()),
        "sensitivitas_max": float(wb.sensitivity["iks"].max()),
    }
    if r.bootstrap is not None:
        out["iks_ci_low_bootstrap"] = float(r.bootstrap.ci_low[0])
        out["iks_ci_high_bootstrap"] = float(r.bootstrap.ci_high[0])
    for _, d in r.level("dimensi").iterrows():
        out[f"iks_dimensi_{d['id']}"] = d["indeks"]
    return out


def finish(wb: Workbook) -> None:
    """Record the data files read — the dataset's and the survey's — for re-runs."""
    from lkjip_nb.data.schemas import TABLES
    from lkjip_nb.iks.published import TABLES_USED
    from lkjip_nb.record import record

    wb.ctx.finish()
    read = set(wb.ctx.dataset.read_files()) | {TABLES[name].file for name in TABLES_USED}
    dataset_inputs = [f"{wb.ctx.opd}/{name}" for name in sorted(read)]
    record("_inputs", sorted(set(dataset_inputs + wb.inputs)), label="Berkas data yang dibaca")
