"""Bab III.B Realisasi Anggaran: belanja by type, program -> kegiatan -> sub kegiatan and one
table per sasaran with output indicators (keys ``belanja``, ``program-tree``,
``realisasi-sasaran/<id>``; the bundled 2024 report printed them as Tabel 3.6, 3.7 and 3.8
onwards, names kept by the functions below).

Every function takes the notebook context; exact figures come from lkjip_nb.budget, the display
frames here only format them and put the report's printed figures beside where the audit
(:mod:`lkjip_nb.audit`, through :mod:`lkjip_nb.chapters.audit`) finds them different.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import pandas as pd
from markupsafe import Markup, escape

from lkjip_nb import budget, narrative
from lkjip_nb.audit import Finding, for_row, select
from lkjip_nb.budget import present
from lkjip_nb.chapters.audit import beside, findings, flag, mark, on_cells, sentences, unique
from lkjip_nb.chapters.common import code_legend, code_mark
from lkjip_nb.narrative import AgencyTexts
from lkjip_nb.present import DIFF_MARK, Col, agency_label, md_text, ref, say

LEVEL_LABEL = {"program": "program", "kegiatan": "kegiatan", "sub_kegiatan": "sub kegiatan"}
#: Items of reported_totals (the tree's table with ``-narasi``) holding the printed counts per
#: level.
COUNT_ITEMS = {"program": "Jumlah program", "kegiatan": "Jumlah kegiatan",
               "sub_kegiatan": "Jumlah sub kegiatan"}
#: Words that name a table in the dataset's printed figures (``reported_totals.table``) where
#: the profile gives it no printed number (:data:`lkjip_nb.audit.reported.FAMILIES`), by key.
PRINTED_WORDS = {"belanja": "belanja", "program-tree": "program"}
PCT = "persen_anggaran"
#: The dataset table holding each level of the tree (where the audit's findings point).
LEVEL_TABLE = {"program": "programs", "kegiatan": "kegiatan", "sub_kegiatan": "sub_kegiatan"}


# --------------------------------------------------------------------------- reported figures

def reported_totals(ctx) -> pd.DataFrame:
    """Every printed total of the dataset (all years: the belanja table prints last year's
    too)."""
    ctx.table("reported_totals")  # records the file as read
    return ctx.dataset.full_tables["reported_totals"].copy()


def printed_tables(ctx, key: str, suffix: str = "") -> tuple[str, ...]:
    """What the dataset's printed figures (``reported_totals.table``) name table ``key`` by:
    the number the profile says the agency printed it under (:meth:`Dataset.reported_in`, e.g.
    "3.6"), and its word (:data:`PRINTED_WORDS`), each followed by ``suffix`` ("-narasi")."""
    names = (ctx.dataset.reported_in(key), PRINTED_WORDS.get(key))
    return tuple(dict.fromkeys(f"{n}{suffix}" for n in names if n))


def _names(table: str | tuple[str, ...]) -> tuple[str, ...]:
    return (table,) if isinstance(table, str) else table


def printed_items(ctx, table: str | tuple[str, ...], field: str) -> set[str]:
    """Items the report prints a figure for in ``table`` (one name or several,
    :func:`printed_tables`) of the year (their values are the audit's to compare)."""
    rt = reported_totals(ctx)
    hit = rt[rt["table"].isin(_names(table)) & (rt["year"] == ctx.year)
             & (rt["field"] == field)]
    return set(hit["item"])


def printed_total(found: list[Finding], table: str | tuple[str, ...], year: int,
                  field: str) -> Finding | None:
    """The audit's finding on a printed total of ``table`` (reported_totals; one name or
    several, :func:`printed_tables`), if any."""
    for name in _names(table):
        hit = mark(found, "reported_totals", "value", report_table=name, year=year, field=field)
        if hit is not None:
            return hit
    return None


def _printed_rows(found: list[Finding], tables: tuple[str, ...]) -> list[Finding]:
    """The findings on rows of reported_totals in any of ``tables``."""
    return unique(*(for_row(found, "reported_totals", report_table=t) for t in tables))


def stacked(cell: Markup | str) -> Markup | str:
    """A computed figure with the differing printed one on a second line (narrow columns)."""
    if isinstance(cell, Markup) and " <span" in cell:
        return Markup(str(cell).replace(" <span", "<br><span", 1))
    return cell


def money_cell(ctx, computed, f: Finding | None) -> Markup | str:
    """The computed amount; the printed one the audit names beside it (second line)."""
    return stacked(beside(ctx.fmt.money(computed), f, ctx.fmt.money))


def pct_cell(ctx, computed, f: Finding | None) -> Markup | str:
    """Realisation % (0/0 shown '–'); the printed one the audit names beside it."""
    computed = present(computed)
    shown = "–" if computed is None else ctx.fmt.num(computed, PCT)
    return stacked(beside(shown, f, lambda v: ctx.fmt.num(v, PCT)))


def compact(frame: pd.DataFrame, size: str = "85%", skip: tuple[str, ...] = ("row_class",)
            ) -> pd.DataFrame:
    """Every cell in a smaller font, so wide tables fit an A4 page in the PDF."""
    out = frame.copy()
    for column in out.columns:
        if column in skip:
            continue
        out[column] = [Markup('<span style="font-size:{}">{}</span>').format(size, v)
                       if v is not None and v == v else v for v in out[column]]
    return out


def _signed(text: str, value) -> str:
    """'+6,00' for a rise; a change that rounds to zero is shown unsigned ('0,00')."""
    if text.lstrip("-").strip("0,.") == "":
        return text.lstrip("-")
    return "+" + text if value is not None and value == value and value > 0 else text


# --------------------------------------------------------------------------- Tabel 3.6

def has_belanja(ctx) -> bool:
    belanja = ctx.table("belanja")
    return bool((belanja["year"] == ctx.year).any())


def belanja(ctx) -> pd.DataFrame:
    """Exact Tabel 3.6: this year and (when in the data) the previous one, with a total row."""
    return budget.belanja_table(ctx.table("belanja"), ctx.year)


def belanja_years(frame: pd.DataFrame) -> list[int]:
    return sorted(int(c.split("_")[1]) for c in frame.columns
                  if c.startswith("anggaran_") and c.split("_")[1].isdigit())


def table_3_6(ctx, frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Col], list[str]]:
    """Display frame, columns and the two-level header of Tabel 3.6."""
    years = belanja_years(frame)
    out = pd.DataFrame({"type": frame["type"]})
    cols = [Col("type", "Uraian")]
    found = findings(ctx)
    tables = printed_tables(ctx, "belanja")
    for y in years:
        printed = {field: printed_total(found, tables, y, field) for field in
                   ("anggaran", "realisasi", "percent")}
        anggaran, realisasi, persen = [], [], []
        for row in frame.itertuples():
            total = bool(row.is_total)
            anggaran.append(money_cell(ctx, getattr(row, f"anggaran_{y}"),
                                       printed["anggaran"] if total else None))
            realisasi.append(money_cell(ctx, getattr(row, f"realisasi_{y}"),
                                        printed["realisasi"] if total else None))
            persen.append(pct_cell(ctx, getattr(row, f"persen_{y}"),
                                   printed["percent"] if total else
                                   mark(found, "belanja", "percent_reported", year=y,
                                        type=row.type)))
        out[f"anggaran_{y}"], out[f"realisasi_{y}"], out[f"persen_{y}"] = \
            anggaran, realisasi, persen
        cols += [Col(f"anggaran_{y}", "Anggaran", True), Col(f"realisasi_{y}", "Realisasi", True),
                 Col(f"persen_{y}", "%", True)]
    groups = [("", 1)] + [(f"Tahun {y}", 3) for y in years]
    out["row_class"] = ["total" if t else "" for t in frame["is_total"]]
    out["type"] = _bold_total(out["type"], frame["is_total"])
    return out, cols, [group_header(groups)]


def _bold_total(labels, is_total) -> list:
    return [Markup("<strong>{}</strong>").format(t) if total else t
            for t, total in zip(labels, is_total, strict=True)]


def has_change(frame: pd.DataFrame) -> bool:
    return "perubahan_anggaran" in frame


def change_table(ctx, frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Col]]:
    """The change from last year to this, per type of belanja (beside Tabel 3.6)."""
    f = ctx.fmt
    out = pd.DataFrame({
        "type": _bold_total(frame["type"], frame["is_total"]),
        "d_anggaran": [_signed(f.money(v), v) for v in frame["perubahan_anggaran"]],
        "d_anggaran_pct": [_signed(f.num(v, PCT), v) for v in frame["perubahan_anggaran_persen"]],
        "d_realisasi": [_signed(f.money(v), v) for v in frame["perubahan_realisasi"]],
        "d_realisasi_pct": [_signed(f.num(v, PCT), v)
                            for v in frame["perubahan_realisasi_persen"]],
        "d_serapan": [_signed(f.num(v, PCT), v) for v in frame["perubahan_serapan"]],
        "row_class": ["total" if t else "" for t in frame["is_total"]],
    })
    return out, [Col("type", "Uraian"), Col("d_anggaran", "Anggaran (Rp)", True),
                 Col("d_anggaran_pct", "Anggaran (%)", True),
                 Col("d_realisasi", "Realisasi (Rp)", True),
                 Col("d_realisasi_pct", "Realisasi (%)", True),
                 Col("d_serapan", "Serapan (poin %)", True)]


def group_header(groups: list[tuple[str, int]]) -> str:
    """An extra header row spanning columns: [(label, span), ...]."""
    cells = "".join(Markup('<th colspan="{}" style="text-align:center">{}</th>').format(span, label)
                    for label, span in groups)
    return f"<tr>{cells}</tr>"


def total_row(frame: pd.DataFrame) -> pd.Series:
    return frame[frame["is_total"]].iloc[0]


def belanja_sentences(ctx, frame: pd.DataFrame, tree: pd.DataFrame | None) -> list[str]:
    """The audit's findings on Tabel 3.6, its narrative and its agreement with Tabel 3.7, one
    sentence each; where Tabel 3.7 agrees, that is said."""
    found = select(findings(ctx), chapter="budget")
    out = [md_text(s) for s in sentences(unique(
        _printed_rows(found, printed_tables(ctx, "belanja")),
        on_cells(found, "belanja", ("percent_reported",))))]
    if tree is not None:
        tree_total = budget.totals(tree[tree["level"] == "sub_kegiatan"])
        crossed = select(found, check="cross_table", table="belanja")
        for money in ("anggaran", "realisasi"):
            hit = on_cells(crossed, "belanja", (money,), year=ctx.year)
            out += [md_text(s) for s in sentences(hit)] if hit else [
                f"Jumlah {money} {ref('belanja')} sama dengan total {ref('program-tree')} "
                f"({ctx.fmt.rp(tree_total[money])})."]
    return out + [md_text(s) for s in sentences(
        _printed_rows(found, printed_tables(ctx, "belanja", "-narasi")))]


def belanja_narrative(ctx, frame: pd.DataFrame) -> str:
    f = ctx.fmt
    y = ctx.year
    total = total_row(frame)
    parts = [f"{md_text(t.lower())} sebesar {f.rp(a)}" for t, a, is_total in
             zip(frame["type"], frame[f"anggaran_{y}"], frame["is_total"], strict=True)
             if not is_total and a > 0]
    from lkjip_nb.narrative import join_id

    text = (f"Anggaran tahun {y} pada {md_text(agency_label(ctx))} adalah sebesar "
            f"{f.rp(total[f'anggaran_{y}'])}, digunakan untuk {join_id(parts)}. Dari anggaran "
            f"tersebut terealisasi {f.rp(total[f'realisasi_{y}'])} atau "
            f"{f.pct(total[f'persen_{y}'], PCT)}.")
    prev = y - 1
    if f"anggaran_{prev}" in frame:
        d = total["perubahan_serapan"]
        trend = ("meningkat" if d > 0 else "menurun" if d < 0 else "sama")
        text += (f" Dibandingkan tahun {prev} dengan anggaran {f.rp(total[f'anggaran_{prev}'])} "
                 f"dan realisasi {f.rp(total[f'realisasi_{prev}'])} "
                 f"({f.pct(total[f'persen_{prev}'], PCT)}), anggaran tahun {y} "
                 f"{'naik' if total['perubahan_anggaran'] >= 0 else 'turun'} "
                 f"{f.rp(abs(total['perubahan_anggaran']))} "
                 f"({f.pct(abs(total['perubahan_anggaran_persen']), PCT)}) dan serapan anggaran "
                 + (f"{trend} {f.num(abs(d), PCT)} poin persen." if d else "tidak berubah."))
    else:
        text += (f" Data belanja tahun {prev} tidak tersedia dalam dataset, sehingga perbandingan "
                 "dengan tahun sebelumnya tidak dapat disajikan.")
    return text


# --------------------------------------------------------------------------- Tabel 3.7

def tree(ctx) -> pd.DataFrame:
    """Exact Tabel 3.7: every program, kegiatan and sub kegiatan with roll-ups and numbers.

    ``no_calc`` numbers rows by their dotted place (I, 1, 1.1), ``no_local`` by their place
    within the parent (I, 1, 1); ``code_shown`` is the code source as it can be described.
    """
    ds = ctx.dataset
    out = budget.budget_tree(ds.table("sub_kegiatan"), ds.table("kegiatan"), ds.table("programs"))
    out["no_calc"] = budget.positional_numbers(out)
    out["no_local"] = budget.local_numbers(out)
    out["code_shown"] = budget.code_sources(out)
    return out


def count_marks(ctx) -> dict[str, Finding | None]:
    """Per level, the audit's finding on the number of rows the narrative of Tabel 3.7 prints."""
    found = findings(ctx)
    tables = printed_tables(ctx, "program-tree", "-narasi")
    return {level: next((hit for t in tables if (hit := mark(
        found, "reported_totals", "value", report_table=t, year=ctx.year, item=item))), None)
        for level, item in COUNT_ITEMS.items()}


def row_mark(found: list[Finding], row, column: str) -> Finding | None:
    """The audit's finding on one printed cell of a tree row (``anggaran_reported``, ...)."""
    return mark(found, LEVEL_TABLE[row["level"]], column, code=row["code"])


def _code_label(row) -> str:
    source = row.get("code_shown", row.get("code_source"))
    return f"{row['code']}{code_mark(present(source))}"


def _name(row) -> Markup:
    """The name under its code (small), indented by level, programs in bold."""
    code = Markup('<span style="font-size:80%;color:#555">{}</span><br>').format(_code_label(row))
    if row["level"] == "program":
        return code + Markup("<strong>{}</strong>").format(row["name"])
    pad = "0.8em" if row["level"] == "kegiatan" else "1.6em"
    return Markup('<div style="padding-left:{}">{}{}</div>').format(pad, code, row["name"])


def _no(found: list[Finding], row) -> Markup | str:
    """The row's number; a printed number the audit finds out of place is beside."""
    return beside(row["no_calc"], row_mark(found, row, "no_reported"))


def hierarchy_display(ctx, frame: pd.DataFrame) -> pd.DataFrame:
    """No, Kode, name, anggaran, realisasi, % of every row, the printed figures the audit
    finds different beside."""
    found = findings(ctx)
    rows = [r for _, r in frame.iterrows()]
    return pd.DataFrame({
        "no": [_no(found, r) for r in rows],
        "name": [_name(r) for r in rows],
        "anggaran": [money_cell(ctx, r["anggaran"], row_mark(found, r, "anggaran_reported"))
                     for r in rows],
        "realisasi": [money_cell(ctx, r["realisasi"], row_mark(found, r, "realisasi_reported"))
                      for r in rows],
        "persen": [pct_cell(ctx, r["persen"], row_mark(found, r, "percent_reported"))
                   for r in rows],
        "row_class": list(frame["level"]),
    })


def table_3_7(ctx, frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Col]]:
    shown = hierarchy_display(ctx, frame)
    tot = budget.totals(frame[frame["level"] == "sub_kegiatan"])
    found = findings(ctx)
    printed = {field: printed_total(found, printed_tables(ctx, "program-tree"), ctx.year,
                                    field)
               for field in ("anggaran", "realisasi", "percent")}
    shown.loc[len(shown)] = {
        "no": "", "name": Markup("<strong>Total</strong>"),
        "anggaran": money_cell(ctx, tot["anggaran"], printed["anggaran"]),
        "realisasi": money_cell(ctx, tot["realisasi"], printed["realisasi"]),
        "persen": pct_cell(ctx, tot["persen"], printed["percent"]),
        "row_class": "total"}
    return shown, [Col("no", "No"), Col("name", "Kode dan Program/Kegiatan/Sub Kegiatan"),
                   Col("anggaran", "Anggaran (Rp)", True), Col("realisasi", "Realisasi (Rp)", True),
                   Col("persen", "%", True)]


def tree_marks(ctx, frame: pd.DataFrame, check: str) -> list[Finding]:
    """The audit's findings of one check on the rows of a tree frame."""
    found = select(findings(ctx), check=check)
    return unique(*(on_cells(found, LEVEL_TABLE[level], None, code=code)
                    for level, code in zip(frame["level"], frame["code"], strict=True)))


def tree_notes(ctx, frame: pd.DataFrame) -> list[str]:
    """Notes under Tabel 3.7: code sources, printed numbers the audit finds out of place, where
    amounts come from. Nothing is said of a number or amount the report did not print."""
    notes = []
    sources = frame["code_shown"] if "code_shown" in frame else budget.code_sources(frame)
    legend = code_legend(present(s) for s in sources)
    if legend:
        notes.append(legend)
    dotted = list(frame["no_calc"])
    local = list(frame["no_local"]) if "no_local" in frame else budget.local_numbers(frame)
    printed = [present(v) for v in frame["no"]]
    per_parent = any(no is not None and str(no).strip() == loc != calc
                     for no, calc, loc in zip(printed, dotted, local, strict=True))
    if per_parent:
        notes.append("Laporan menomori sub kegiatan per kegiatan (1, 2, ...); tabel ini memakai "
                     "nomor bertingkat (nomor kegiatan.nomor sub kegiatan).")
    numbering = tree_marks(ctx, frame, "numbering")
    if numbering:
        items = ", ".join(f"{f.rows[0].get('code')} (tercetak {f.reported}, menurut urutan "
                          f"{f.recomputed}){flag(f)}" for f in numbering)
        notes.append("Nomor dihitung dari urutan dalam hierarki; nomor tercetak yang berbeda "
                     f"ditulis di sampingnya: {items}.")
    if budget.has_printed_amounts(frame):
        notes.append("Anggaran dan realisasi program dan kegiatan dijumlahkan dari sub "
                     "kegiatannya; angka cetak yang berbeda ditulis di sampingnya, dengan ⚠ bila "
                     "bertentangan dengan data.")
    else:
        notes.append("Anggaran dan realisasi program dan kegiatan dijumlahkan dari sub "
                     "kegiatannya; laporan tidak mencetak subtotalnya.")
    return notes


def tree_narrative(ctx, frame: pd.DataFrame) -> str:
    f = ctx.fmt
    c = count_marks(ctx)
    computed = budget.hierarchy_counts(frame)
    tot = budget.totals(frame[frame["level"] == "sub_kegiatan"])

    def count_text(level: str) -> str:
        shown = f"{computed[level]} {LEVEL_LABEL[level]}"
        hit = c[level]
        if hit is not None:
            shown += f" (tercetak {int(hit.reported)}{flag(hit)})"
        return shown

    from lkjip_nb.narrative import join_id

    text = (f"Pada tahun {ctx.year}, {md_text(agency_label(ctx))} menjalankan "
            f"{join_id([count_text(level) for level in COUNT_ITEMS])}. Anggaran seluruhnya "
            f"{f.rp(tot['anggaran'])} dan terealisasi {f.rp(tot['realisasi'])} atau "
            f"{f.pct(tot['persen'], PCT)}.")
    printed = printed_items(ctx, printed_tables(ctx, "program-tree", "-narasi"), "count")
    if set(COUNT_ITEMS.values()) <= printed and all(v is None for v in c.values()):
        text += " Jumlah program, kegiatan dan sub kegiatan sama dengan yang dicetak laporan."
    sums = tree_marks(ctx, frame, "sum")
    rows = {(r.get("table"), r.get("code")) for f in sums for r in f.rows
            if r.get("table") in LEVEL_TABLE.values()}
    if not budget.has_printed_amounts(frame):
        text += (" Laporan tidak mencetak subtotal program dan kegiatan; angkanya dijumlahkan "
                 "dari sub kegiatan.")
    elif not rows:
        text += (" Semua subtotal program dan kegiatan yang dicetak sama dengan hasil penjumlahan "
                 "sub kegiatannya.")
    else:
        text += (f" {len(rows)} subtotal tercetak berbeda dari hasil penjumlahan sub kegiatannya "
                 "(ditandai ⚠).")
    return text


# --------------------------------------------------------------------------- per sasaran

#: Words kept in lower case when an upper-case name is title-cased.
_SMALL_WORDS = {"dan", "serta", "dalam", "melalui", "di", "ke", "dari", "yang", "untuk", "atau",
                "pada", "bagi", "oleh", "terhadap"}


def title_case(name: str) -> str:
    """'PROGRAM PENGUATAN IDEOLOGI PANCASILA DAN ...' -> 'Program Penguatan Ideologi Pancasila
    dan ...' (names not in upper case are left alone)."""
    if not name.isupper():
        return name
    words = name.lower().split(" ")
    return " ".join(w if i and w in _SMALL_WORDS
                    else "/".join(part[:1].upper() + part[1:] for part in w.split("/"))
                    for i, w in enumerate(words))


def program_name(name: str) -> str:
    """A program's name for a sentence, starting with 'Program' exactly once."""
    name = title_case(name)
    return name if name.lower().startswith("program") else f"Program {name}"


@dataclass
class SasaranTable:
    """One 'Realisasi Program, Kegiatan dan Sub Kegiatan' table of a sasaran."""

    key: str  # "realisasi-sasaran/<sasaran_id>" (lkjip_nb.present.KEYS)
    sasaran_id: str
    no: int
    text: str
    rows: pd.DataFrame  # exact rows of the tree for this sasaran
    has_outputs: bool

    @property
    def title(self) -> str:
        return f"Realisasi Program, Kegiatan dan Sub Kegiatan untuk Sasaran Strategis {self.no}"


def sasaran_tables(ctx, frame: pd.DataFrame) -> list[SasaranTable]:
    """One table per sasaran that has programs, in sasaran order (the renderer numbers them
    after the hierarchy's table)."""
    out = []
    for s in ctx.dataset.sasaran.itertuples():
        rows = frame[frame["sasaran_id"] == s.sasaran_id]
        if rows.empty:
            continue
        has_outputs = bool(rows["indicator"].notna().any())
        out.append(SasaranTable(f"realisasi-sasaran/{s.sasaran_id}", s.sasaran_id, int(s.no),
                                s.sasaran, rows, has_outputs))
    return out


def output_value(ctx, value, unit) -> str:
    """'80 %', '450 orang', '4 laporan' as the report writes output targets."""
    if value is None or value != value:
        return "–"
    text = ctx.fmt.compact(value, "indeks")
    if unit is None or unit != unit:
        return text
    return f"{text}\u00a0%" if unit == "persen" else f"{text} {unit}"


def sasaran_display(ctx, table: SasaranTable) -> tuple[pd.DataFrame, list[Col], list[str]]:
    """Display frame, columns and header of one sasaran table; the output columns only when the
    data hold an output indicator, target or realisasi for the sasaran."""
    rows = table.rows
    shown = hierarchy_display(ctx, rows)
    tot = budget.totals(rows[rows["level"] == "sub_kegiatan"])
    total = {"no": "", "name": Markup("<strong>Jumlah sasaran</strong>"),
             "anggaran": ctx.fmt.money(tot["anggaran"]),
             "realisasi": ctx.fmt.money(tot["realisasi"]),
             "persen": ctx.fmt.num(tot["persen"], PCT), "row_class": "total"}
    cols = [Col("no", "No"), Col("name", "Kode dan Program/Kegiatan/Sub Kegiatan"),
            Col("anggaran", "Anggaran", True), Col("realisasi", "Realisasi", True),
            Col("persen", "%", True)]
    outputs = any(present(v) is not None for column in ("indicator", "target", "output_realisasi")
                  for v in rows[column])
    if not outputs:
        shown.loc[len(shown)] = total
        return compact(shown), cols, []
    shown["indicator"] = [i if isinstance(i, str) else "–" for i in rows["indicator"]]
    shown["target"] = [output_value(ctx, t, u) for t, u in zip(rows["target"], rows["unit"],
                                                               strict=True)]
    found = findings(ctx)
    shown["output_realisasi"] = [
        beside(output_value(ctx, t, u), mark(found, "programs", "outcome_realisasi", code=code)
               if level == "program" else None, lambda v, u=u: output_value(ctx, v, u))
        for t, u, level, code in zip(rows["output_realisasi"], rows["unit"], rows["level"],
                                     rows["code"], strict=True)]
    shown.loc[len(shown)] = {**total, "indicator": "", "target": "", "output_realisasi": ""}
    cols += [Col("indicator", "Indikator"), Col("target", "Target", True),
             Col("output_realisasi", "Realisasi", True)]
    header = group_header([("", 2), ("Alokasi Biaya", 3), ("Keluaran (Output)", 3)])
    return compact(shown), cols, [header]


def sasaran_without_budget(ctx, tables: list[SasaranTable]) -> str | None:
    """'Sasaran strategis 3 tidak memiliki program beranggaran pada tahun 2023.' (or None)."""
    shown = {t.sasaran_id for t in tables}
    missing = [str(s.no) for s in ctx.dataset.sasaran.itertuples() if s.sasaran_id not in shown]
    if not missing:
        return None
    from lkjip_nb.narrative import join_id

    return (f"Sasaran strategis {join_id(missing)} tidak memiliki program beranggaran pada tahun "
            f"{ctx.year}, sehingga tidak ada tabel realisasinya.")


def sasaran_notes(tables: list[SasaranTable]) -> dict[str, list[str]]:
    """Notes per table; a table whose sasaran has no output indicator in the data says so
    (naming the sasaran that have them, when some do)."""
    with_outputs = [t for t in tables if t.has_outputs]
    notes: dict[str, list[str]] = {
        t.key: [f"Nomor dan kode mengikuti {ref('program-tree')}."] for t in tables}
    for t in tables:
        if t.has_outputs:
            continue
        if with_outputs:
            from lkjip_nb.narrative import join_id

            others = join_id([str(p.no) for p in with_outputs])
            notes[t.key].append(
                f"Data memuat indikator keluaran hanya untuk {len(with_outputs)} sasaran "
                f"(sasaran {others}); tabel sasaran {t.no} disusun dari data anggaran saja. "
                "Nomor tabel melanjutkan urutan.")
        else:
            notes[t.key].append("Data tidak memuat indikator keluaran; tabel disusun dari "
                                "data anggaran saja.")
    return notes


def sasaran_narrative(ctx, table: SasaranTable) -> str:
    f = ctx.fmt
    rows = table.rows
    iku = ctx.dataset.iku
    indicators = list(iku.loc[iku["sasaran_id"] == table.sasaran_id, "indikator"])
    programs = rows[rows["level"] == "program"]
    from lkjip_nb.narrative import join_id

    names = join_id([md_text(program_name(p)) for p in programs["name"]])
    tot = budget.totals(rows[rows["level"] == "sub_kegiatan"])
    ind = f" dengan indikator {join_id(list(map(md_text, indicators)))}" if indicators else ""
    lines = [f"Sasaran {table.no} \"{md_text(table.text)}\"{ind} diampu oleh {len(programs)} "
             f"program, yaitu {names}. Anggaran sasaran ini {f.rp(tot['anggaran'])} dan "
             f"terealisasi {f.rp(tot['realisasi'])} atau {f.pct(tot['persen'], PCT)}."]
    position = {code: i for i, code in enumerate(rows["code"])}
    for p in programs.itertuples():
        start = position[p.code]
        nxt = [position[c] for c in programs["code"] if position[c] > start]
        block = rows.iloc[start:(min(nxt) if nxt else len(rows))]
        n_keg = int((block["level"] == "kegiatan").sum())
        n_sub = int((block["level"] == "sub_kegiatan").sum())
        sentence = (f"- {md_text(program_name(p.name))} terdiri dari "
                    f"{n_keg} kegiatan dan {n_sub} sub kegiatan, dengan anggaran "
                    f"{f.rp(p.anggaran)} terealisasi {f.rp(p.realisasi)} "
                    f"({f.pct(p.persen, PCT)}).")
        if isinstance(p.indicator, str):
            sentence += (f" Indikator \"{md_text(p.indicator)}\": target "
                         f"{md_text(output_value(ctx, p.target, p.unit))}, realisasi "
                         f"{md_text(output_value(ctx, p.output_realisasi, p.unit))}.")
        lines.append(sentence)
    return "\n".join(lines)


# --------------------------------------------------------------------------- agency texts

def texts(ctx) -> AgencyTexts:
    """The agency's texts of the chapter: the narrative of each sub kegiatan, optional (not
    every sub kegiatan is narrated), so a final build asks for none of them."""
    found = narrative.agency_texts(ctx)
    found.check()
    return found


def lead(text: str) -> str:
    """A bold lead line, asking the page not to break after it (an HTML block: ``text`` is
    escaped here)."""
    return f'<p style="break-after: avoid"><strong>{escape(text)}</strong></p>'


def _label(row) -> str:
    """'I. Program …', '1. Kegiatan …', '1.1 Sub Kegiatan …' (numbers as the tables show)."""
    if row["level"] == "program":
        return lead(f"{row['no_calc']}. {program_name(row['name'])}")
    if row["level"] == "kegiatan":
        return lead(f"{row['no_calc']}. Kegiatan {row['name']}")
    return lead(f"{row['no_calc']} Sub Kegiatan {row['name']}")


def sub_kegiatan_figures(ctx, row) -> str:
    """'Pada tahun 2024 sub kegiatan ini mendapatkan anggaran Rp … dan terealisasi Rp …
    atau …%.', with its output indicator where the data hold one."""
    f = ctx.fmt
    text = (f"Pada tahun {ctx.year} sub kegiatan ini mendapatkan anggaran "
            f"{f.rp(row['anggaran'])} dan terealisasi {f.rp(row['realisasi'])} atau "
            f"{f.pct(row['persen'], PCT)}.")
    if isinstance(row["indicator"], str) and row["indicator"].strip():
        target = md_text(output_value(ctx, row["target"], row["unit"]))
        real = md_text(output_value(ctx, row["output_realisasi"], row["unit"]))
        text += (f" Indikator keluaran “{md_text(row['indicator'])}”: target {target}, "
                 f"realisasi {real}.")
    return text


def photos_sentence(found: AgencyTexts, code: str) -> str | None:
    """Where the documentation of a sub kegiatan is (the Lampiran), when the data hold some."""
    n = len(found.captions(code))
    if not n:
        return None
    return (f"<small>Dokumentasi sub kegiatan ini ({n} foto) disajikan dalam Lampiran, "
            "bagian Dokumentasi Kegiatan.</small>")


def sub_kegiatan_texts(ctx, table: SasaranTable, found: AgencyTexts) -> list[tuple[str, str]]:
    """The agency's narrative of each sub kegiatan of a sasaran that has one, in table order:
    per sub kegiatan its lead (its program and kegiatan the first time, its name and budget
    figures) and the agency's text (with where its photos are); none when no sub kegiatan of
    the sasaran is narrated."""
    out: list[tuple[str, str]] = []
    parents: dict[str, pd.Series] = {}
    shown: set[str] = set()
    for _, row in table.rows.iterrows():
        if row["level"] != "sub_kegiatan":
            parents[row["level"]] = row
            if row["level"] == "program":
                parents.pop("kegiatan", None)
            continue
        text = found.sub_kegiatan(str(row["code"]), str(row["name"]))
        if not text:
            continue
        lines = []
        for level in ("program", "kegiatan"):
            parent = parents.get(level)
            if parent is not None and parent["code"] not in shown:
                shown.add(parent["code"])
                lines.append(_label(parent))
        lines += [_label(row), sub_kegiatan_figures(ctx, row)]
        photos = photos_sentence(found, str(row["code"]))
        out.append(("\n\n".join(lines), text + (f"\n\n{photos}" if photos else "")))
    return out


def show_sub_kegiatan_texts(ctx, table: SasaranTable, found: AgencyTexts) -> int:
    """Show :func:`sub_kegiatan_texts` after the sasaran's table (the lead as one output,
    kept on one page, the agency's text as the next); returns how many."""
    blocks = sub_kegiatan_texts(ctx, table, found)
    for head, text in blocks:
        say(head)
        say(text)
    return len(blocks)


# --------------------------------------------------------------------------- narrative checks

def sub_narratives(ctx, frame: pd.DataFrame) -> pd.DataFrame:
    """Sub kegiatan whose narrative prints a realisation % (reported_totals 'sub-narasi'), with
    the audit's finding on that print (``finding``, None when it agrees with the data)."""
    rt = reported_totals(ctx)
    narasi = rt[(rt["table"] == "sub-narasi") & (rt["year"] == ctx.year)]
    subs = frame[frame["level"] == "sub_kegiatan"].set_index("code")
    found = findings(ctx)
    rows = []
    for item in narasi.itertuples():
        if item.item not in subs.index:
            continue
        s = subs.loc[item.item]
        rows.append({"code": item.item, "no": s["no_calc"], "name": s["name"],
                     "anggaran": int(s["anggaran"]), "realisasi": int(s["realisasi"]),
                     "persen": s["persen"], "persen_tabel": s["percent_reported"],
                     "persen_narasi": float(item.value),
                     "finding": mark(found, "reported_totals", "value", report_table="sub-narasi",
                                     year=ctx.year, item=item.item),
                     "note": item.note})
    return pd.DataFrame(rows, columns=["code", "no", "name", "anggaran", "realisasi", "persen",
                                       "persen_tabel", "persen_narasi", "finding", "note"])


def sub_narrative_display(ctx, checks: pd.DataFrame) -> tuple[pd.DataFrame, list[Col]]:
    f = ctx.fmt
    shown = pd.DataFrame({
        "code": checks["code"], "name": checks["name"],
        "anggaran": [f.money(v) for v in checks["anggaran"]],
        "realisasi": [f.money(v) for v in checks["realisasi"]],
        "persen": [f.num(v, PCT) for v in checks["persen"]],
        "tabel": [f.num(v, PCT) for v in checks["persen_tabel"]],
        "narasi": [Markup('<span class="lkjip-diff" title="{}">{} {}</span>')
                   .format(hit.cause, f.num(n, PCT), DIFF_MARK) if flag(hit) else f.num(n, PCT)
                   for n, hit in zip(checks["persen_narasi"], checks["finding"], strict=True)],
        "where": checks["note"].fillna(""),
    })
    return shown, [Col("code", "Kode"), Col("name", "Sub Kegiatan"),
                   Col("anggaran", "Anggaran (Rp)", True), Col("realisasi", "Realisasi (Rp)", True),
                   Col("persen", "% hitung", True), Col("tabel", "% tabel", True),
                   Col("narasi", "% narasi", True), Col("where", "Letak narasi")]


# --------------------------------------------------------------------------- charts

def _short(name: str, width: int = 42) -> str:
    name = title_case(name).removeprefix("Program ")
    return "\n".join(textwrap.wrap(name, width)[:3])


def program_chart_note(frame: pd.DataFrame) -> str | None:
    """The note under the program chart: why its axis is logarithmic, when it is."""
    from lkjip_nb import charts

    programs = frame[frame["level"] == "program"]
    if not charts.needs_log_scale(list(programs["anggaran"])):
        return None
    from lkjip_nb.fmt import number

    spread = charts.spread(list(programs["anggaran"]))
    return (f"Sumbu logaritmik: anggaran program terbesar {number(round(spread), 0)} kali "
            "anggaran program terkecil.")


def program_chart(ctx, frame: pd.DataFrame):
    """Anggaran and realisasi per program (bars)."""
    from lkjip_nb import charts

    programs = frame[frame["level"] == "program"]
    labels = [f"{no}. {_short(n, 48)}" for no, n in zip(programs["no_calc"], programs["name"],
                                                        strict=True)]
    return charts.budget_bars(labels, list(programs["anggaran"]), list(programs["realisasi"]),
                              f"Anggaran dan realisasi per program, {ctx.year}")


def absorption_chart(ctx, frame: pd.DataFrame):
    """Serapan (realisation %) per program as dots, with the overall figure as a line."""
    import matplotlib.pyplot as plt

    from lkjip_nb import charts

    programs = frame[frame["level"] == "program"]
    total = budget.totals(frame[frame["level"] == "sub_kegiatan"])["persen"]
    programs = programs[[present(v) is not None for v in programs["persen"]]]
    values = [float(v) for v in programs["persen"]]
    labels = [f"{no}. {_short(n, 48)}" for no, n in zip(programs["no_calc"], programs["name"],
                                                        strict=True)]
    fig, ax = plt.subplots(figsize=(8, 0.62 * len(values) + 1.3))
    y = list(range(len(values)))
    lo = min(values + [total]) - 1.5
    ax.hlines(y, lo, values, color=charts.MUTED, linewidth=2)
    ax.scatter(values, y, color=charts.PALETTE[0], s=50, zorder=3)
    for v, yi in zip(values, y, strict=True):
        ax.annotate(ctx.fmt.num(v, PCT), (v, yi), textcoords="offset points", xytext=(6, -3),
                    fontsize=9)
    ax.axvline(total, color=charts.HIGHLIGHT, linestyle="--", linewidth=1)
    ax.text(total, -0.75, f"total {ctx.fmt.pct(total, PCT)} ", color=charts.HIGHLIGHT,
            fontsize=9, ha="right", va="center")
    ax.set_yticks(y, labels, fontsize=8)
    ax.set_ylim(len(values) - 0.5, -1.1)
    ax.set_xlim(lo, 101)
    charts.id_axis(ax.xaxis, 0, " %")
    ax.set_title(f"Serapan anggaran per program, {ctx.year}")
    ax.set_xlabel("Realisasi terhadap anggaran (sumbu dimulai dari "
                  f"{ctx.fmt.num(lo, PCT)} %)")
    return fig


def belanja_chart(ctx, frame: pd.DataFrame):
    """Composition of anggaran by type of belanja, one 100 % bar per year."""
    import matplotlib.pyplot as plt

    from lkjip_nb import charts

    years = belanja_years(frame)
    rows = frame[~frame["is_total"]]
    kept = [i for i, r in rows.iterrows() if any(r[f"anggaran_{y}"] > 0 for y in years)]
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(years) + 1.6))
    for yi, y in enumerate(years):
        total = sum(int(rows.loc[i, f"anggaran_{y}"]) for i in kept)
        left = 0.0
        for k, i in enumerate(kept):
            share = int(rows.loc[i, f"anggaran_{y}"]) / total * 100 if total else 0
            ax.barh(yi, share, 0.6, left=left, color=charts.PALETTE[k % len(charts.PALETTE)],
                    label=rows.loc[i, "type"] if yi == 0 else None)
            if share >= 4:
                ax.text(left + share / 2, yi, ctx.fmt.num(share, "porsi") + " %", ha="center",
                        va="center", color="white", fontsize=8)
            left += share
    ax.set_yticks(range(len(years)), [str(y) for y in years])
    ax.set_xlim(0, 100)
    charts.id_axis(ax.xaxis, 0, " %")
    ax.set_title("Komposisi anggaran menurut jenis belanja")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=2, fontsize=8)
    return fig


# --------------------------------------------------------------------------- key figures

def key_figures(ctx, belanja_frame: pd.DataFrame | None, tree_frame: pd.DataFrame | None) -> dict:
    """Figures recorded for tests and the index: Rupiah as integers, % as the report rounds."""
    out: dict = {}
    if belanja_frame is not None:
        total = total_row(belanja_frame)
        for y in belanja_years(belanja_frame):
            out[f"belanja_anggaran_{y}"] = int(total[f"anggaran_{y}"])
            out[f"belanja_realisasi_{y}"] = int(total[f"realisasi_{y}"])
            out[f"belanja_persen_{y}"] = ctx.policy.round(total[f"persen_{y}"], PCT)
            printed = printed_total(findings(ctx), printed_tables(ctx, "belanja"), y,
                                    "anggaran")
            if printed is not None:  # the printed Jumlah where the audit finds it different
                out[f"belanja_anggaran_tercetak_{y}"] = int(printed.reported)
    if tree_frame is not None:
        tot = budget.totals(tree_frame[tree_frame["level"] == "sub_kegiatan"])
        out["anggaran_total"] = tot["anggaran"]
        out["realisasi_total"] = tot["realisasi"]
        out["persen_total"] = ctx.policy.round(tot["persen"], PCT)
        for row in tree_frame[tree_frame["level"] == "program"].itertuples():
            out[f"persen_{row.code}"] = ctx.policy.round(row.persen, PCT)
            out[f"anggaran_{row.code}"] = int(row.anggaran)
        for level, n in budget.hierarchy_counts(tree_frame).items():
            out[f"jumlah_{level}"] = n
        if belanja_frame is not None and f"anggaran_{ctx.year}" in belanja_frame:
            out["selisih_anggaran_3_6_3_7"] = (
                tot["anggaran"] - int(total_row(belanja_frame)[f"anggaran_{ctx.year}"]))
        out["tabel_per_sasaran"] = len(sasaran_tables(ctx, tree_frame))
    return out



def sub_narrative_sentence(checks: pd.DataFrame) -> str | None:
    """The audit's findings on the realisation % the sub kegiatan narratives print, one line
    each (None when every print agrees with the data)."""
    found = [f for f in checks["finding"] if f is not None]
    if not found:
        return None
    return "\n".join(f"- {md_text(s)}" for s in sentences(found))
