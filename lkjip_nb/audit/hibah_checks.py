"""Grants: party grants from their formula (votes x rate x months / 12), printed totals and
counts, recipient tables against their totals, all grant tables against Belanja Hibah, and
ormas registrations per year against the stated totals."""

from __future__ import annotations

from fractions import Fraction

import pandas as pd

from lkjip_nb import hibah
from lkjip_nb.audit.build import compare_money, finding
from lkjip_nb.audit.finding import Finding
from lkjip_nb.audit.numbers import as_int, judge, rupiah, whole
from lkjip_nb.audit.reported import Printed, printed, trailing_number
from lkjip_nb.audit.scope import Scope, ref
from lkjip_nb.audit.wording import mention

CHAPTER = "hibah"
#: Words that name a legal status of ormas in a sentence (the most specific first).
STATUS_WORDS = (("skt", ("tidak berbadan hukum", "skt")), ("badan_hukum", ("berbadan hukum",
                                                                          "badan hukum")))
#: Words of an item that mean the registrations of one year ("penambahan", "baru").
ADDED_WORDS = ("tambah", "penambahan", "baru")


def party_grants(scope: Scope) -> pd.DataFrame:
    """Exact grants per party and tahap of the audited year (empty without tahap data)."""
    if not scope.has("hibah_parpol_tahap", "party_votes"):
        return pd.DataFrame()
    tahap = scope.full("hibah_parpol_tahap")
    if tahap[tahap["year"] == scope.year].empty:
        return pd.DataFrame()
    return hibah.party_grants(tahap, scope.full("party_votes"), scope.year)


def _money_verdict(reported: int, value: Fraction, scope: Scope) -> bool:
    """Whether a printed Rupiah amount is the exact one (or it rounded to whole Rupiah)."""
    return judge(reported, value, scope.rule("rupiah")).status != "mismatch"


def _vote_rows(scope: Scope, party: str, election_year: int) -> list[dict]:
    votes = scope.full("party_votes")
    hit = votes[(votes["party"] == party) & (votes["election_year"] == election_year)]
    return [ref("party_votes", i, r) for i, r in hit.iterrows()]


def _tahap_row(scope: Scope, tahap: int) -> list[dict]:
    frame = scope.full("hibah_parpol_tahap")
    hit = frame[(frame["year"] == scope.year) & (frame["tahap"] == tahap)]
    return [ref("hibah_parpol_tahap", i, r) for i, r in hit.iterrows()]


def party_checks(scope: Scope) -> list[Finding]:
    """Every printed party grant (per tahap and per party) against its formula."""
    grants = party_grants(scope)
    if grants.empty or not scope.has("hibah_parpol_reported"):
        return []
    out = []
    for index, row in scope.of_year("hibah_parpol_reported").iterrows():
        party, component = str(row["party"]), str(row["component"])
        mine = grants[grants["party"] == party]
        rows = [ref("hibah_parpol_reported", index, row, column="amount_reported")]
        key = [row["year"], party, component]
        shown = int(row["amount_reported"])
        if mine.empty:
            out.append(finding(
                "party_grant", "error", rows, key, reported=shown, recomputed=None,
                chapter=CHAPTER, subject=f"Bantuan {party} ({component.replace('_', ' ')})",
                cause=f"{party} tercetak menerima {rupiah(shown)}, tetapi partai ini tidak ada "
                      "dalam data perolehan suara pemilu dasar tahap bantuan mana pun.",
                suggestion="Periksa nama partai atau lengkapi data perolehan suaranya."))
            continue
        if component == "jumlah":
            value = sum(mine["grant_exact"], Fraction(0))
            formula = " + ".join(f"tahap {t}" for t in mine["tahap"])
            tahap_rows = []
            printed_parts = scope.of_year("hibah_parpol_reported")
            printed_parts = printed_parts[(printed_parts["party"] == party)
                                          & (printed_parts["component"] != "jumlah")]
            hint = ""
            if not printed_parts.empty and int(printed_parts["amount_reported"].sum()) == shown:
                hint = " Angka tercetak itu sama dengan jumlah angka tahap yang tercetak."
        else:
            t = trailing_number(component)
            g = mine[mine["tahap"] == t]
            if g.empty:
                continue
            g = g.iloc[0]
            value = g["grant_exact"]
            votes = "–" if g["votes"] is None or g["votes"] != g["votes"] else whole(g["votes"])
            formula = (f"{votes} suara × {rupiah(g['rate_per_vote'])} × {g['months']}/12 "
                       f"(Pemilu {g['basis_election_year']})")
            tahap_rows = _vote_rows(scope, party, int(g["basis_election_year"])) + \
                _tahap_row(scope, int(t))
            hint = ""
        if _money_verdict(shown, value, scope):
            continue
        expected = int(scope.rule("rupiah").apply(value))
        subject = f"Bantuan {party} {component.replace('_', ' ')} tahun {row['year']}"
        out.append(finding(
            "party_grant", "error", rows + tahap_rows, key, reported=shown,
            recomputed=expected, difference=shown - expected, exact=value, chapter=CHAPTER,
            subject=subject,
            cause=f"{subject} tercetak {rupiah(shown)}, sedangkan menurut rumus {formula} = "
                  f"{rupiah(expected)} (selisih {rupiah(abs(shown - expected))}).{hint}",
            suggestion=f"Periksa perolehan suara dan hitungan bantuan; menurut data "
                       f"{rupiah(expected)}."))
    return out


def party_reported(scope: Scope) -> list[Finding]:
    """Printed totals (votes, tahap, jumlah) and recipient counts of the party grants."""
    grants = party_grants(scope)
    if grants.empty:
        return []
    out = []
    for p in printed(scope, "party"):
        refs = [p.ref()]
        key = [p.table, p.year, p.item, p.field]
        f = _party_figure(p, grants, refs, key, scope)
        if f is not False:
            scope.claim(p.index)
        if f:
            out.append(f)
    return out


def _party_figure(p: Printed, grants: pd.DataFrame, refs, key, scope) -> Finding | None | bool:
    rows = grants
    if not p.item_is_total():
        rows = grants[grants["party"] == p.item.strip()]
        if rows.empty and p.field != "count":
            return False
    if p.field == "count":
        t = trailing_number(p.item)
        chosen = grants if t is None else grants[grants["tahap"] == t]
        if chosen.empty:
            return False
        receiving = chosen[chosen["grant"] > 0]["party"].nunique()
        what = f"tahap {t}" if t is not None else "seluruh tahap"
        return compare_money("count", refs, key, reported=int(p.value), computed=receiving,
                             money=False, chapter=CHAPTER,
                             subject=f"Jumlah partai penerima bantuan {what} pada {p.where}",
                             basis="banyaknya partai dengan bantuan lebih dari 0 dalam data")
    if p.field.startswith("votes_"):
        year = as_int(p.field.removeprefix("votes_"))
        votes = scope.full("party_votes")
        votes = votes[votes["election_year"] == year]
        if rows is not grants:
            votes = votes[votes["party"] == p.item.strip()]
        if votes.empty:
            return False
        return compare_money("sum", refs, key, reported=int(p.value),
                             computed=int(votes["votes"].sum()), money=False, chapter=CHAPTER,
                             subject=f"Jumlah suara sah Pemilu {year} pada {p.where}",
                             basis=f"jumlah suara {len(votes)} partai dalam data")
    if p.field == "jumlah" or p.field.startswith("tahap_"):
        t = None if p.field == "jumlah" else trailing_number(p.field)
        chosen = rows if t is None else rows[rows["tahap"] == t]
        if chosen.empty:
            return False
        value = sum(chosen["grant_exact"], Fraction(0))
        if _money_verdict(int(p.value), value, scope):
            return None
        what = "seluruh tahap" if t is None else f"tahap {t}"
        return compare_money("party_grant", refs, key, reported=int(p.value),
                             computed=int(scope.rule("rupiah").apply(value)), chapter=CHAPTER,
                             subject=f"Jumlah bantuan partai politik {what} pada {p.where}",
                             basis="jumlah hasil rumus suara × tarif × bulan/12")
    return False


def recipients(scope: Scope) -> pd.DataFrame:
    return scope.of_year("hibah_recipients")


def recipient_reported(scope: Scope) -> list[Finding]:
    """Printed totals of each recipient table."""
    rec = recipients(scope)
    if rec.empty:
        return []
    summary = hibah.recipients_summary(rec)
    out = []
    for p in printed(scope, "recipients"):
        group = summary[summary["table"] == p.detail]
        if p.detail == "parpol" or group.empty:
            continue
        refs = [p.ref()]
        key = [p.table, p.year, p.item, p.field]
        if p.item_is_total() and p.field in ("amount", "anggaran", "realisasi", "count"):
            scope.claim(p.index)
            if p.field == "count":
                f = compare_money("count", refs, key, reported=int(p.value),
                                  computed=len(group), money=False, chapter=CHAPTER,
                                  subject=f"Jumlah penerima pada {p.where}",
                                  basis="banyaknya baris penerima dalam data")
            else:
                column = "realisasi_used" if p.field == "realisasi" else "amount"
                what = "realisasi" if p.field == "realisasi" else "hibah"
                f = compare_money("sum", refs, key, reported=int(p.value),
                                  computed=int(group[column].sum()), chapter=CHAPTER,
                                  subject=f"Total {what} pada {p.where}",
                                  basis=f"jumlah {len(group)} penerima dalam data")
            if f:
                out.append(f)
    return out


def reconciliation(scope: Scope) -> list[Finding]:
    """Every grant table of the year against Belanja Hibah of the belanja table."""
    if not scope.has("belanja"):
        return []
    bh = hibah.belanja_hibah(scope.full("belanja"), scope.year)
    grants = party_grants(scope)
    rec = recipients(scope)
    if bh is None or (grants.empty and rec.empty):
        return []
    party_total = int(grants["grant"].sum()) if not grants.empty else 0
    summary = hibah.recipients_summary(rec) if not rec.empty else rec
    tables = {"anggaran": party_total + (int(summary["amount"].sum()) if not rec.empty else 0),
              "realisasi": party_total + (int(summary["realisasi_used"].sum())
                                          if not rec.empty else 0)}
    belanja = scope.full("belanja")
    hib = belanja[(belanja["year"] == scope.year) & belanja["type"].map(hibah.is_hibah_type)]
    out = []
    for money in ("anggaran", "realisasi"):
        if bh[money] == tables[money]:
            continue
        assumed = money == "realisasi"
        refs = [ref("belanja", i, r, column=money) for i, r in hib.iterrows()]
        refs += [{"table": t, "year": scope.year} for t, present in
                 (("hibah_parpol_reported", not grants.empty), ("hibah_recipients",
                                                                not rec.empty)) if present]
        diff = bh[money] - tables[money]
        note = (" Realisasi tabel hibah memakai asumsi: bantuan partai politik tersalurkan "
                "penuh dan penerima yang realisasinya tidak dinyatakan terealisasi sebesar "
                "besarannya." if assumed else "")
        table, named = mention("tabel belanja", "belanja",
                               scope.dataset.reported_in("belanja"), aside=False)
        out.append(finding(
            "cross_table", "warning" if assumed else "error", refs, [scope.year, "hibah", money],
            reported=bh[money], recomputed=tables[money], difference=diff, chapter=CHAPTER,
            subject=f"{money.capitalize()} Belanja Hibah tahun {scope.year}", mentions=[named],
            cause=f"{money.capitalize()} Belanja Hibah pada {table} {rupiah(bh[money])}, "
                  f"sedangkan jumlah seluruh tabel hibah (partai politik dan penerima lain) "
                  f"{rupiah(tables[money])}: selisih {rupiah(abs(diff))}.{note}",
            suggestion="Cocokkan rincian penerima hibah dengan Belanja Hibah; tambahkan "
                       "penerima yang belum tercantum atau perbaiki angkanya."))
    return out


def _status_of(item: str) -> str | None:
    words = item.lower()
    for status, names in STATUS_WORDS:
        if any(n in words for n in names):
            return status
    return None


def ormas_checks(scope: Scope) -> list[Finding]:
    """Stated ormas totals against the registrations listed per year, and narrative counts."""
    if not scope.has("ormas_terdaftar"):
        return []
    frame = scope.full("ormas_terdaftar")
    upto = frame[frame["year"] <= scope.year]
    if upto.empty:
        return []
    out = []
    status_totals: dict[str, int] = {}
    entries = printed(scope, "ormas")
    for p in entries:
        status = p.detail or _status_of(p.item)
        if p.field != "count" or not p.detail:
            continue
        rows = upto[upto["legal_status"] == status]
        if rows.empty:
            continue
        scope.claim(p.index)
        status_totals[status] = int(p.value)
        listed = int(rows["count"].sum())
        first, last = int(rows["year"].min()), int(rows["year"].max())
        refs = [p.ref()]
        refs += [ref("ormas_terdaftar", i, r) for i, r in rows.iterrows()]
        key = [p.table, p.year, p.item, p.field]
        if int(p.value) == listed:
            continue
        more = int(p.value) > listed
        out.append(finding(
            "cumulative", "warning" if more else "error", refs, key, reported=int(p.value),
            recomputed=listed, difference=int(p.value) - listed, chapter=CHAPTER,
            subject=f"Total ormas ({status.replace('_', ' ')}) s.d. {p.year} pada {p.where}",
            cause=(f"Total tercetak {whole(p.value)}, sedangkan jumlah pendaftaran per tahun "
                   f"{first}–{last} dalam tabel {whole(listed)}. "
                   + (f"Selisih {whole(int(p.value) - listed)} ormas mungkin terdaftar sebelum "
                      f"{first} dan tidak dirinci per tahun; data tidak dapat memastikannya."
                      if more else "Total lebih kecil dari jumlah pendaftaran yang dirinci, "
                                   "jadi salah satunya keliru.")),
            suggestion=("Rinci pendaftaran sebelum tahun pertama tabel, atau sebutkan bahwa "
                        "total memuat ormas terdaftar sebelumnya." if more else
                        "Periksa total dan rincian per tahun.")))
    for p in entries:
        if p.detail or p.field != "count":
            continue
        words = p.item.lower()
        refs = [p.ref()]
        key = [p.table, p.year, p.item, p.field]
        status = _status_of(p.item)
        if any(w in words for w in ADDED_WORDS) and status:
            this = upto[(upto["legal_status"] == status) & (upto["year"] == p.year)]
            scope.claim(p.index)
            f = compare_money("count", refs + [ref("ormas_terdaftar", i, r)
                                               for i, r in this.iterrows()], key,
                              reported=int(p.value), computed=int(this["count"].sum()),
                              money=False, chapter=CHAPTER,
                              subject=f"Penambahan ormas {status.replace('_', ' ')} tahun "
                                      f"{p.year} pada {p.where}",
                              basis="data pendaftaran tahun itu")
            if f:
                out.append(f)
        elif p.item_is_total() and status is None:
            scope.claim(p.index)
            listed = int(upto["count"].sum())
            stated = sum(status_totals.values())
            if int(p.value) == listed or (status_totals and int(p.value) == stated):
                continue  # agrees with the data or with the stated totals (checked above)
            f = compare_money("count", refs, key, reported=int(p.value), computed=listed,
                              money=False, chapter=CHAPTER,
                              subject=f"Total ormas tercatat s.d. {p.year} pada {p.where}",
                              basis="jumlah pendaftaran per tahun dalam data",
                              others={"jumlah total tercetak per status": stated}
                              if status_totals else None)
            if f:
                out.append(f)
    return out


def checks(scope: Scope) -> list[Finding]:
    return (party_checks(scope) + party_reported(scope) + recipient_reported(scope)
            + reconciliation(scope) + ormas_checks(scope))
