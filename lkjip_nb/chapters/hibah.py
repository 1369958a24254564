"""Belanja Hibah: party grants from votes per tahap, grants to election bodies, vertical agencies
and ormas, their reconciliation with Belanja Hibah of Tabel 3.6, and ormas registrations.

Exact figures come from lkjip_nb.hibah; the display frames here format them and put the
report's printed figures beside where the audit finds them different.
"""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from lkjip_nb import hibah
from lkjip_nb.audit import Finding, for_row, select
from lkjip_nb.budget import roman
from lkjip_nb.chapters.audit import beside, findings, flag, mark, sentences, unique
from lkjip_nb.chapters.budget import compact, group_header, printed_items, reported_totals
from lkjip_nb.narrative import join_id
from lkjip_nb.present import Col, md_text, ref

PCT = "persen_anggaran"
#: Printed titles of the recipient tables, by the ``table`` id of hibah_recipients.
RECIPIENT_TITLES = {
    "penyelenggara_pemilu": "Rincian Dana Hibah Kepada Lembaga Penyelenggara Pemilu dan "
                            "Instansi Vertikal untuk Pengamanan Pemilihan Tahun {year}",
    "instansi_vertikal": "Rincian Dana Hibah Kepada Instansi Vertikal Tahun {year}",
    "ormas": "Rincian Dana Hibah Kepada Organisasi Masyarakat Tahun {year}",
}
#: Short labels of the grant components (reconciliation, charts).
COMPONENT_LABELS = {
    "parpol": "Partai politik",
    "penyelenggara_pemilu": "Penyelenggara pemilu dan pengamanan",
    "instansi_vertikal": "Instansi vertikal",
    "ormas": "Organisasi kemasyarakatan",
    "lainnya": "Penerima lainnya",
}
STATUS_LABELS = {"badan_hukum": "Berbadan Hukum", "skt": "Tidak Berbadan Hukum (SKT)"}
STATUS_WORDS = {"badan_hukum": "berbadan hukum", "skt": "tidak berbadan hukum (ber-SKT)"}


def component_label(table_id: str) -> str:
    return COMPONENT_LABELS.get(table_id, table_id.replace("_", " ").capitalize())


def money_cell(ctx, computed, f: Finding | None) -> Markup | str:
    """An amount; the printed one the audit finds different beside it."""
    return beside(ctx.fmt.money(computed), f, ctx.fmt.money)


def count_cell(ctx, computed, f: Finding | None) -> Markup | str:
    """A count (votes, ormas); the printed one the audit finds different beside it."""
    return beside(ctx.fmt.integer(computed), f, ctx.fmt.integer)


def printed_mark(ctx, table: str, field: str, item: str | None = None) -> Finding | None:
    """The audit's finding on a figure of ``table`` (reported_totals) printed for the year."""
    keys = {} if item is None else {"item": item}
    return mark(findings(ctx), "reported_totals", "value", report_table=table, year=ctx.year,
                field=field, **keys)


# --------------------------------------------------------------------------- party grants

def has_party_grants(ctx) -> bool:
    return ctx.dataset.has("hibah_parpol_tahap") and ctx.dataset.has("party_votes")


def party_grants(ctx) -> pd.DataFrame:
    """Exact grants per party and tahap (votes x rate x months / 12)."""
    return hibah.party_grants(ctx.table("hibah_parpol_tahap"), ctx.table("party_votes"), ctx.year)


def party_totals(grants: pd.DataFrame) -> pd.DataFrame:
    return hibah.party_grant_totals(grants)


def party_mark(ctx, party: str, component: str) -> Finding | None:
    """The audit's finding on the printed grant of one party (``tahap_1``, ``jumlah``)."""
    return mark(findings(ctx), "hibah_parpol_reported", "amount_reported", party=party,
                component=component)


def party_table(ctx, grants: pd.DataFrame) -> tuple[pd.DataFrame, list[Col], list[str]]:
    """Rincian Dana Hibah Kepada Partai Politik: votes and grants per tahap, the printed ones
    the audit finds different beside."""
    f = ctx.fmt
    totals = party_totals(grants)
    parties = list(dict.fromkeys(grants["party"]))
    rows = []
    for i, party in enumerate(parties, start=1):
        g = grants[grants["party"] == party].set_index("tahap")
        row = {"no": str(i), "party": party}
        for t in totals["tahap"]:
            votes = g.loc[t, "votes"]
            has_votes = votes is not None and votes == votes
            row[f"votes_{t}"] = f.integer(votes) if has_votes else "–"
            amount = int(g.loc[t, "grant"])
            printed = party_mark(ctx, party, f"tahap_{t}")
            row[f"grant_{t}"] = (money_cell(ctx, amount, printed)
                                 if has_votes or printed is not None else "–")
        row["jumlah"] = money_cell(ctx, int(g["grant"].sum()), party_mark(ctx, party, "jumlah"))
        rates = sorted(set(int(r) for r in g["rate_per_vote"]))
        row["rate"] = " / ".join(f.money(r) for r in rates)
        rows.append(row)
    total = {"no": "", "party": Markup("<strong>Jumlah</strong>"), "rate": "", "row_class": "total"}
    for t in totals.itertuples():
        total[f"votes_{t.tahap}"] = count_cell(
            ctx, t.votes, printed_mark(ctx, "hibah-parpol", f"votes_{t.basis_election_year}"))
        total[f"grant_{t.tahap}"] = money_cell(
            ctx, t.grant, printed_mark(ctx, "hibah-parpol", f"tahap_{t.tahap}"))
    total["jumlah"] = money_cell(ctx, int(grants["grant"].sum()),
                                 printed_mark(ctx, "hibah-parpol", "jumlah"))
    rows.append(total)
    cols = [Col("no", "No"), Col("party", "Nama Partai")]
    cols += [Col(f"votes_{t.tahap}", str(t.basis_election_year), True)
             for t in totals.itertuples()]
    cols.append(Col("rate", "per Suara", True))
    cols += [Col(f"grant_{t.tahap}", f"Tahap {roman(t.tahap)}", True) for t in totals.itertuples()]
    cols.append(Col("jumlah", "Jumlah", True))
    header = group_header([("", 2), ("Suara Sah", len(totals)), ("Rp", 1),
                           ("Bantuan Disalurkan (Rp)", len(totals)), ("Dicairkan (Rp)", 1)])
    return compact(pd.DataFrame(rows)), cols, [header]


def party_title(ctx, grants: pd.DataFrame) -> str:
    stages = [f"Tahap {roman(t)}" for t in party_totals(grants)["tahap"]]
    return f"Rincian Dana Hibah Kepada Partai Politik Tahun {ctx.year} " + join_id(stages)


def party_narrative(ctx, grants: pd.DataFrame) -> str:
    f = ctx.fmt
    totals = party_totals(grants)
    lines = [f"Pada tahun {ctx.year} bantuan keuangan partai politik dibagi menjadi "
             f"{len(totals)} tahap:"]
    for t in totals.itertuples():
        printed = printed_mark(ctx, "hibah-parpol-narasi", "count",
                               f"Jumlah parpol penerima tahap {t.tahap}")
        count = f"{t.recipients} partai politik"
        if printed is not None:
            count += f" (narasi menyebut {int(printed.reported)}{flag(printed)})"
        lines.append(
            f"- Tahap {roman(t.tahap)}: sesuai perolehan suara Pemilu {t.basis_election_year} "
            f"selama {t.months} bulan, {f.rp(t.rate_per_vote)} per suara per tahun; {count} "
            f"dengan {f.integer(t.votes)} suara sah menerima {f.rp(t.grant)}.")
    lines.append(f"\nJumlah bantuan kepada partai politik tahun {ctx.year}: "
                 f"{join_id([f.rp(v) for v in totals['grant']])} = "
                 f"{f.rp(int(totals['grant'].sum()))}.")
    return "\n".join(lines)


def party_notes(ctx) -> list[str]:
    """How each tahap is computed, and the notes printed with it (what the months refer to)."""
    tahap = ctx.table("hibah_parpol_tahap").sort_values("tahap")
    out = [f"Tahap {roman(int(t.tahap))} = suara sah Pemilu {t.basis_election_year} × "
           f"{ctx.fmt.rp(t.rate_per_vote)} × {t.months}/12." for t in tahap.itertuples()]
    if "note" in tahap:
        out += [f"Keterangan: {n}." for n in tahap["note"] if isinstance(n, str) and n]
    return out


def party_sentences(ctx, grants: pd.DataFrame) -> list[str]:
    """The audit's findings on the printed party grants (per party, tahap and their totals),
    one sentence each, and how grants that are not whole Rupiah are shown."""
    found = select(findings(ctx), chapter="hibah")
    out = sentences(unique(for_row(found, "hibah_parpol_reported"),
                           for_row(found, "reported_totals", report_table="hibah-parpol")))
    not_whole = grants[[g.denominator != 1 for g in grants["grant_exact"]]]
    if not not_whole.empty:
        out.append(f"{len(not_whole)} nilai bantuan tidak bulat dalam Rupiah; ditampilkan "
                   "dibulatkan ke Rupiah terdekat.")
    return out


def party_remarks(ctx, grants: pd.DataFrame) -> str:
    """What the check of the printed party grants says, for under their table."""
    said = party_sentences(ctx, grants)
    if not said:
        return ("Semua bantuan per partai dan per tahap yang dicetak sama dengan hasil hitung dari "
                "perolehan suara.")
    return "\n".join(f"- {md_text(s)}" for s in said)


# --------------------------------------------------------------------------- other recipients

def has_recipients(ctx) -> bool:
    return ctx.dataset.has("hibah_recipients")


def recipients(ctx) -> pd.DataFrame:
    return hibah.recipients_summary(ctx.table("hibah_recipients"))


def recipient_tables(rec: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(rec["table"]))


def recipient_title(ctx, table_id: str) -> str:
    template = RECIPIENT_TITLES.get(
        table_id, "Rincian Dana Hibah Kepada " + component_label(table_id) + " Tahun {year}")
    return template.format(year=ctx.year)


def recipient_display(ctx, rec: pd.DataFrame,
                      table_id: str) -> tuple[pd.DataFrame, list[Col], list[str]]:
    """One recipient table: planned amount, realisation where stated, the printed total beside."""
    f = ctx.fmt
    rows = rec[rec["table"] == table_id].sort_values("no").reset_index(drop=True)
    with_purpose = rows["purpose"].notna().any()
    with_form = rows["form"].nunique() > 1
    with_real = bool(rows["realisasi_stated"].any())
    with_note = rows["note"].notna().any() or with_real
    shown = pd.DataFrame({"no": [f"{n}." for n in rows["no"]], "recipient": rows["recipient"],
                          "purpose": rows["purpose"].fillna(""),
                          "form": rows["form"].fillna(""),
                          "amount": [f.money(v) for v in rows["amount"]]})
    shown["realisasi"] = [f.money(r) if stated else "–" for r, stated in
                          zip(rows["realisasi_used"], rows["realisasi_stated"], strict=True)]
    notes_col = []
    for r in rows.itertuples():
        parts = []
        if r.realisasi_stated:
            parts.append(f"Terealisasi {f.rp(r.realisasi)} "
                         f"({f.pct(r.realisasi / r.amount * 100 if r.amount else None, PCT)}).")
        if isinstance(r.note, str) and r.note:
            parts.append(r.note)
        notes_col.append(" ".join(parts))
    shown["note"] = notes_col
    shown["row_class"] = ""
    total = {"no": "", "recipient": Markup("<strong>Total</strong>"), "purpose": "", "form": "",
             "amount": money_cell(ctx, int(rows["amount"].sum()),
                                  printed_mark(ctx, f"hibah-{table_id}", "amount")),
             "realisasi": f.money(int(rows["realisasi_used"].sum())) + ("¹" if with_real else ""),
             "note": "", "row_class": "total"}
    shown.loc[len(shown)] = total
    cols = [Col("no", "No."), Col("recipient", "Nama Lembaga")]
    if with_purpose:
        cols.append(Col("purpose", "Peruntukan"))
    if with_form:
        cols.append(Col("form", "Bentuk"))
    cols.append(Col("amount", "Besaran (Rp)", True))
    notes = []
    if with_real:
        cols.append(Col("realisasi", "Realisasi (Rp)", True))
        notes.append("¹ Realisasi total: realisasi yang dinyatakan laporan, ditambah besaran "
                     "penerima yang realisasinya tidak dinyatakan (dianggap terealisasi penuh).")
    if with_note:
        cols.append(Col("note", "Keterangan"))
    return shown, cols, notes


def recipient_narrative(ctx, rec: pd.DataFrame) -> str:
    f = ctx.fmt
    totals = hibah.recipient_totals(rec)
    parts = [f"{t.recipients} penerima {md_text(component_label(t.table).lower())} sebesar "
             f"{f.rp(t.amount)}" for t in totals.itertuples()]
    text = (f"Selain partai politik, pada tahun {ctx.year} hibah diberikan kepada "
            f"{join_id(parts)}.")
    partial = rec[rec["realisasi_stated"] & (rec["realisasi_used"] < rec["amount"])]
    for r in partial.itertuples():
        text += (f" Hibah kepada {md_text(r.recipient)} ({md_text(r.form)}) direncanakan "
                 f"{f.rp(r.amount)} dan "
                 f"terealisasi {f.rp(r.realisasi_used)} "
                 f"({f.pct(r.realisasi_used / r.amount * 100, PCT)}), sehingga "
                 f"{f.rp(r.amount - r.realisasi_used)} tidak terealisasi.")
        if isinstance(r.note, str) and r.note:
            text += f" Penjelasan laporan: {md_text(r.note)}."
    return text


# --------------------------------------------------------------------------- reconciliation

def belanja_hibah(ctx) -> dict[str, int] | None:
    return hibah.belanja_hibah(ctx.table("belanja"), ctx.year)


def reconciliation(ctx, grants: pd.DataFrame | None, rec: pd.DataFrame) -> pd.DataFrame | None:
    """Every grant table against Belanja Hibah of Tabel 3.6 (None without Belanja Hibah)."""
    bh = belanja_hibah(ctx)
    if bh is None:
        return None
    party_total = int(grants["grant"].sum()) if grants is not None else 0
    out = hibah.reconcile(party_total, rec, bh["anggaran"], bh["realisasi"])
    return out


def reconciliation_display(ctx, recon: pd.DataFrame) -> tuple[pd.DataFrame, list[Col]]:
    f = ctx.fmt
    labels = []
    for k in recon["komponen"]:
        if k == "Hibah partai politik":
            labels.append("Hibah " + component_label("parpol").lower())
        elif k in COMPONENT_LABELS:
            labels.append("Hibah " + component_label(k).lower())
        elif k in ("Jumlah tabel hibah", hibah.BELANJA_HIBAH, "Selisih"):
            labels.append(Markup("<strong>{}</strong>").format(
                {"Jumlah tabel hibah": "Jumlah seluruh tabel hibah",
                 hibah.BELANJA_HIBAH: Markup("Belanja Hibah ({})").format(
                     ref("belanja")),
                 "Selisih": Markup("Selisih ({} − tabel hibah)").format(
                     ref("belanja", "Belanja Hibah"))}[k]))
        else:
            labels.append(k)
    asumsi = []
    for k, a in zip(recon["komponen"], recon["asumsi"], strict=True):
        if k == "Hibah partai politik":
            asumsi.append("realisasi dianggap = anggaran (disalurkan penuh)")
        elif k == "Jumlah tabel hibah":
            asumsi.append("memuat asumsi" if a else "")
        elif k in (hibah.BELANJA_HIBAH, "Selisih"):
            asumsi.append("")
        else:
            asumsi.append("realisasi yang tidak dinyatakan dianggap = besaran" if a
                          else "realisasi dinyatakan")
    shown = pd.DataFrame({
        "komponen": labels,
        "anggaran": [f.money(v) for v in recon["anggaran"]],
        "realisasi": [f.money(v) for v in recon["realisasi"]],
        "asumsi": asumsi,
        "row_class": ["total" if k in ("Jumlah tabel hibah", "Selisih") else ""
                      for k in recon["komponen"]],
    })
    return shown, [Col("komponen", "Komponen"), Col("anggaran", "Anggaran (Rp)", True),
                   Col("realisasi", "Realisasi (Rp)", True), Col("asumsi", "Asumsi realisasi")]


def reconciliation_narrative(ctx, recon: pd.DataFrame, rec: pd.DataFrame) -> str:
    f = ctx.fmt
    by = recon.set_index("komponen")
    bh = by.loc[hibah.BELANJA_HIBAH]
    stated = rec[rec["realisasi_stated"]]
    stated_text = join_id([f"{md_text(r.recipient)} ({f.rp(r.realisasi_used)} dari "
                           f"{f.rp(r.amount)})"
                           for r in stated.itertuples()])
    text = ("Asumsi rekonsiliasi: hibah partai politik dianggap tersalurkan penuh (tabelnya "
            "mencantumkan jumlah yang disalurkan, bukan realisasi terpisah), dan penerima lain "
            "yang realisasinya tidak dinyatakan dianggap terealisasi sebesar besarannya"
            + (f"; realisasi yang dinyatakan hanya untuk {stated_text}." if len(stated) else "."))
    crossed = select(findings(ctx), chapter="hibah", check="cross_table", table="belanja")
    if not crossed:
        text += (f" Dengan asumsi tersebut, jumlah seluruh tabel hibah sama persis dengan Belanja "
                 f"Hibah pada {ref('belanja')}, baik anggaran ({f.rp(bh['anggaran'])}) maupun "
                 f"realisasi ({f.rp(bh['realisasi'])}).")
        gap = int(bh["anggaran"]) - int(bh["realisasi"])
        if gap:
            text += (f" Selisih anggaran dan realisasi Belanja Hibah ({f.rp(gap)}) seluruhnya "
                     "dijelaskan oleh hibah yang terealisasi sebagian.")
    else:
        text += " " + " ".join(map(md_text, sentences(crossed)))
    return text


# --------------------------------------------------------------------------- ormas

def has_ormas(ctx) -> bool:
    ormas = ctx.table("ormas_terdaftar")
    return bool((ormas["year"] <= ctx.year).any())


def ormas(ctx) -> pd.DataFrame:
    return hibah.ormas_registrations(ctx.table("ormas_terdaftar"), ctx.year)


def ormas_statuses(frame: pd.DataFrame) -> list[str]:
    order = list(STATUS_LABELS)
    return sorted(frame["legal_status"].unique(),
                  key=lambda s: order.index(s) if s in order else len(order))


def ormas_title(ctx, status: str) -> str:
    agency = (ctx.profile.get("agency") or {}).get("short_name") or ctx.agency
    return (f"Jumlah Ormas {STATUS_LABELS.get(status, status)} yang Mencatatkan Diri di "
            f"{agency}")


def ormas_display(ctx, frame: pd.DataFrame,
                  status: str) -> tuple[pd.DataFrame, list[Col], list[str]]:
    """One row per table: count per year and the total, the printed total the audit finds
    different beside (its finding as the note)."""
    rows = frame[frame["legal_status"] == status]
    computed = int(rows["count"].sum())
    printed = printed_mark(ctx, f"ormas-{status}", "count")
    row = {"label": "Jumlah ormas"}
    for r in rows.itertuples():
        row[str(r.year)] = ctx.fmt.integer(r.count)
    row["total"] = count_cell(ctx, computed, printed)
    cols = ([Col("label", "Uraian")] + [Col(str(y), str(y), True) for y in rows["year"]]
            + [Col("total", "Total", True)])
    notes = sentences([printed]) if printed is not None else []
    return pd.DataFrame([row]), cols, notes


def ormas_printed_total(ctx, frame: pd.DataFrame, status: str) -> int | None:
    """The total the report prints for a status: the audit's where it differs from the
    registrations listed, else theirs (None when the report prints none)."""
    found = printed_mark(ctx, f"ormas-{status}", "count")
    if found is not None:
        return int(found.reported)
    if not printed_items(ctx, f"ormas-{status}", "count"):
        return None
    return int(frame.loc[frame["legal_status"] == status, "count"].sum())


def ormas_narrative(ctx, frame: pd.DataFrame) -> str:
    f = ctx.fmt
    rt = reported_totals(ctx)
    narasi = rt[(rt["table"] == "ormas-narasi") & (rt["year"] == ctx.year)]
    lines = []
    totals_printed = []
    for status in ormas_statuses(frame):
        rows = frame[frame["legal_status"] == status]
        this = rows[rows["year"] == ctx.year]
        label = md_text(STATUS_WORDS.get(status, status))
        added = int(this["count"].iloc[0]) if not this.empty else None
        printed = ormas_printed_total(ctx, frame, status)
        total = int(rows["count"].sum())
        totals_printed.append((label, printed))
        text = (f"Pada tahun {ctx.year} terdapat penambahan {f.integer(added)} ormas {label} yang "
                f"mencatatkan diri" if added is not None else
                f"Data penambahan ormas {label} tahun {ctx.year} tidak tersedia")
        text += (f"; jumlah tahun {int(rows['year'].min())}–{ctx.year} dalam tabel "
                 f"{f.integer(total)}")
        if printed is not None:
            text += f", sedangkan laporan mencetak total s.d. {ctx.year} {f.integer(printed)}"
        lines.append(text + ".")
    for item in narasi.itertuples():
        if isinstance(item.note, str) and item.note:
            lines.append(f"Catatan pemeriksaan narasi laporan — {md_text(item.item.lower())} "
                         f"{f.integer(item.value)}: {md_text(item.note)}.")
    total_item = narasi[narasi["item"].str.lower().str.startswith("total")]
    if not total_item.empty and all(p is not None for _, p in totals_printed):
        said = int(total_item["value"].iloc[0])
        parts = join_id([f"{f.integer(p)} {label}" for label, p in totals_printed])
        lines.append(f"Laporan menyebut jumlah ormas tercatat {f.integer(said)}; total tercetak "
                     f"per status: {parts}.")
    found = select(findings(ctx), chapter="hibah")
    lines += map(md_text, sentences(for_row(found, "reported_totals",
                                            report_table="ormas-narasi")))
    return "\n\n".join(lines)


# --------------------------------------------------------------------------- charts

def party_chart(ctx, grants: pd.DataFrame):
    """Grants per party, stacked by tahap."""
    import matplotlib.pyplot as plt

    from lkjip_nb import charts

    parties = list(dict.fromkeys(grants["party"]))
    stages = sorted(grants["tahap"].unique())
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(parties) + 1.6))
    left = [0] * len(parties)
    for k, t in enumerate(stages):
        g = grants[grants["tahap"] == t].set_index("party").reindex(parties)["grant"].fillna(0)
        months = int(grants.loc[grants["tahap"] == t, "months"].iloc[0])
        ax.barh(range(len(parties)), list(g), left=left, color=charts.PALETTE[k],
                label=f"Tahap {roman(int(t))} ({months} bulan)")
        left = [a + b for a, b in zip(left, g, strict=True)]
    for i, v in enumerate(left):
        ax.text(v, i, " " + ctx.fmt.rp(v), va="center", fontsize=8)
    ax.set_yticks(range(len(parties)), parties, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, max(left) * 1.3 if left else 1)
    ax.xaxis.set_major_formatter(charts.tick_formatter(charts.short_money))
    ax.set_title(f"Bantuan keuangan partai politik per tahap, {ctx.year}")
    ax.legend(loc="lower right")
    return fig


def composition_chart(ctx, recon: pd.DataFrame):
    """Anggaran of each grant component, largest first, labelled with Rupiah and share."""
    import matplotlib.pyplot as plt

    from lkjip_nb import charts

    parts = recon[~recon["komponen"].isin(["Jumlah tabel hibah", hibah.BELANJA_HIBAH,
                                           "Selisih"])].copy()
    parts["label"] = [component_label("parpol") if k == "Hibah partai politik"
                      else component_label(k) for k in parts["komponen"]]
    parts = parts.sort_values("anggaran", ascending=True)
    total = int(parts["anggaran"].sum())
    fig, ax = plt.subplots(figsize=(8, 0.5 * len(parts) + 1.3))
    ax.barh(range(len(parts)), list(parts["anggaran"]), color=charts.PALETTE[0])
    for i, v in enumerate(parts["anggaran"]):
        share = int(v) / total * 100 if total else 0
        ax.text(int(v), i, f" {ctx.fmt.rp(int(v))} ({ctx.fmt.pct(share, 'porsi')})",
                va="center", fontsize=8)
    ax.set_yticks(range(len(parts)), list(parts["label"]), fontsize=9)
    ax.set_xlim(0, max(parts["anggaran"]) * 1.55 if len(parts) else 1)
    ax.xaxis.set_major_formatter(charts.tick_formatter(
        lambda v: ctx.fmt.integer(round(v / 1e9)) + " M"))
    ax.set_xlabel("Anggaran (miliar Rupiah)")
    ax.set_title(f"Komposisi hibah menurut penerima, {ctx.year}")
    return fig


def ormas_chart(ctx, frame: pd.DataFrame):
    """Ormas registered per year, one bar group per legal status."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    from lkjip_nb import charts

    statuses = ormas_statuses(frame)
    years = sorted(frame["year"].unique())
    fig, ax = plt.subplots(figsize=(7, 3.4))
    w = 0.8 / max(len(statuses), 1)
    for k, status in enumerate(statuses):
        rows = frame[frame["legal_status"] == status].set_index("year")["count"]
        xs = [i + (k - (len(statuses) - 1) / 2) * w for i in range(len(years))]
        vals = [int(rows.get(y, 0)) for y in years]
        ax.bar(xs, vals, w, color=charts.PALETTE[k], label=STATUS_LABELS.get(status, status))
        for x, v in zip(xs, vals, strict=True):
            if v:
                ax.text(x, v, str(v), ha="center", va="bottom", fontsize=8)
    ax.set_xticks(range(len(years)), [str(y) for y in years])
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    charts.id_axis(ax.yaxis, 0)
    ax.set_ylabel("Ormas")
    ax.set_title("Ormas yang mencatatkan diri per tahun")
    ax.legend()
    return fig


# --------------------------------------------------------------------------- key figures

def key_figures(ctx, grants: pd.DataFrame | None, rec: pd.DataFrame | None,
                recon: pd.DataFrame | None, ormas_frame: pd.DataFrame | None) -> dict:
    """Figures recorded for tests and the index (Rupiah and counts as integers)."""
    out: dict = {}
    if grants is not None:
        for t in party_totals(grants).itertuples():
            out[f"hibah_parpol_tahap_{t.tahap}"] = t.grant
            out[f"hibah_parpol_suara_{t.basis_election_year}"] = t.votes
            out[f"hibah_parpol_penerima_tahap_{t.tahap}"] = t.recipients
        out["hibah_parpol_total"] = int(grants["grant"].sum())
    if rec is not None:
        for t in hibah.recipient_totals(rec).itertuples():
            out[f"hibah_{t.table}_total"] = t.amount
            out[f"hibah_{t.table}_realisasi"] = t.realisasi
            out[f"hibah_{t.table}_penerima"] = t.recipients
    if recon is not None:
        by = recon.set_index("komponen")
        out["hibah_total_anggaran"] = int(by.loc["Jumlah tabel hibah", "anggaran"])
        out["hibah_total_realisasi"] = int(by.loc["Jumlah tabel hibah", "realisasi"])
        out["belanja_hibah_anggaran"] = int(by.loc[hibah.BELANJA_HIBAH, "anggaran"])
        out["belanja_hibah_realisasi"] = int(by.loc[hibah.BELANJA_HIBAH, "realisasi"])
        out["hibah_selisih_anggaran"] = int(by.loc["Selisih", "anggaran"])
        out["hibah_selisih_realisasi"] = int(by.loc["Selisih", "realisasi"])
    if ormas_frame is not None:
        for status in ormas_statuses(ormas_frame):
            rows = ormas_frame[ormas_frame["legal_status"] == status]
            out[f"ormas_{status}_total"] = int(rows["count"].sum())
            this = rows[rows["year"] == ctx.year]
            if not this.empty:
                out[f"ormas_{status}_{ctx.year}"] = int(this["count"].iloc[0])
            printed = ormas_printed_total(ctx, ormas_frame, status)
            if printed is not None:
                out[f"ormas_{status}_total_tercetak"] = printed
    return out
