"""Grants (hibah): party grants from votes, other recipients, reconciliation with belanja."""

from __future__ import annotations

from fractions import Fraction

import pandas as pd

from lkjip_nb.rounding import Rule

#: The reconciliation's row (``komponen``) of Belanja Hibah, the grant line of belanja by type.
BELANJA_HIBAH = "Belanja Hibah"


def party_grant(votes: int, rate_per_vote: int, months: int) -> Fraction:
    """Bantuan keuangan partai politik of one tahap: votes x rate x months / 12 (exact)."""
    return Fraction(votes * rate_per_vote * months, 12)


def party_grants(tahap: pd.DataFrame, votes: pd.DataFrame, year: int) -> pd.DataFrame:
    """Per party and tahap of ``year``: the basis votes and the grant (exact Fraction + int).

    A party without votes in a tahap's basis election gets no grant in that tahap (0).
    Columns: party, tahap, basis_election_year, months, rate_per_vote, votes, grant_exact,
    grant (whole Rupiah, rounded half up only if the exact value is not whole).
    """
    rows = []
    stages = tahap[tahap["year"] == year].sort_values("tahap")
    parties = votes[votes["election_year"].isin(stages["basis_election_year"])]
    order = parties.sort_values(["election_year", "no"]).drop_duplicates("party")["party"]
    for party in order:
        for _, st in stages.iterrows():
            hit = votes[(votes["party"] == party)
                        & (votes["election_year"] == st["basis_election_year"])]
            n = int(hit["votes"].iloc[0]) if not hit.empty else 0
            exact = party_grant(n, int(st["rate_per_vote"]), int(st["months"]))
            rows.append({"party": party, "tahap": int(st["tahap"]),
                         "basis_election_year": int(st["basis_election_year"]),
                         "months": int(st["months"]), "rate_per_vote": int(st["rate_per_vote"]),
                         "votes": n if not hit.empty else None, "grant_exact": exact,
                         "grant": int(Rule("half_up", 0).apply(exact))})
    return pd.DataFrame(rows)


def party_grants_wide(grants: pd.DataFrame) -> pd.DataFrame:
    """One row per party: votes and grant per tahap, and the party's total."""
    wide = grants.pivot_table(index="party", columns="tahap", values=["votes", "grant"],
                              aggfunc="first", sort=False)
    wide.columns = [f"{what}_{t}" for what, t in wide.columns]
    wide["jumlah"] = grants.groupby("party", sort=False)["grant"].sum()
    return wide.reset_index()


def recipients_summary(recipients: pd.DataFrame) -> pd.DataFrame:
    """Grants to other recipients per printed table: planned, realised (stated or assumed)."""
    out = recipients.copy()
    out["realisasi_stated"] = out["realisasi"].notna()
    out["realisasi_used"] = out["realisasi"].fillna(out["amount"]).astype("int64")
    return out


def reconcile(party_total: int, recipients: pd.DataFrame, belanja_hibah_anggaran: int,
              belanja_hibah_realisasi: int) -> pd.DataFrame:
    """Compare every grant table with Belanja Hibah of the belanja table (anggaran and
    realisasi); the row of Belanja Hibah is :data:`BELANJA_HIBAH`.

    Where a realisation is not stated for a recipient it is assumed equal to the amount;
    party grants are assumed fully disbursed (the report lists them as disbursed).
    """
    rec = recipients_summary(recipients)
    rows = [{"komponen": "Hibah partai politik", "anggaran": party_total,
             "realisasi": party_total, "asumsi": True}]
    for table, group in rec.groupby("table", sort=False):
        rows.append({"komponen": table, "anggaran": int(group["amount"].sum()),
                     "realisasi": int(group["realisasi_used"].sum()),
                     "asumsi": bool((~group["realisasi_stated"]).any())})
    out = pd.DataFrame(rows)
    total = {"komponen": "Jumlah tabel hibah", "anggaran": int(out["anggaran"].sum()),
             "realisasi": int(out["realisasi"].sum()), "asumsi": bool(out["asumsi"].any())}
    belanja = {"komponen": BELANJA_HIBAH, "anggaran": belanja_hibah_anggaran,
               "realisasi": belanja_hibah_realisasi, "asumsi": False}
    diff = {"komponen": "Selisih", "anggaran": belanja_hibah_anggaran - total["anggaran"],
            "realisasi": belanja_hibah_realisasi - total["realisasi"], "asumsi": False}
    return pd.concat([out, pd.DataFrame([total, belanja, diff])], ignore_index=True)


def party_grant_totals(grants: pd.DataFrame) -> pd.DataFrame:
    """Per tahap: basis election, months, rate, summed votes, recipients (grant > 0), grants.

    Votes are summed over the parties that have a vote count in the tahap's basis election.
    """
    rows = []
    for tahap, group in grants.groupby("tahap", sort=True):
        first = group.iloc[0]
        votes = group["votes"].dropna()
        rows.append({"tahap": int(tahap),
                     "basis_election_year": int(first["basis_election_year"]),
                     "months": int(first["months"]), "rate_per_vote": int(first["rate_per_vote"]),
                     "votes": int(votes.sum()), "recipients": int((group["grant"] > 0).sum()),
                     "grant": int(group["grant"].sum())})
    return pd.DataFrame(rows)


def is_hibah_type(belanja_type: str) -> bool:
    """Whether a line of belanja (by type) is the grant line (Belanja Hibah)."""
    return "hibah" in str(belanja_type).lower()


def belanja_hibah(belanja: pd.DataFrame, year: int) -> dict[str, int] | None:
    """Anggaran and realisasi of Belanja Hibah in ``year`` (summed over grant lines), or None."""
    rows = belanja[(belanja["year"] == year) & belanja["type"].map(is_hibah_type)]
    if rows.empty:
        return None
    return {"anggaran": int(rows["anggaran"].sum()), "realisasi": int(rows["realisasi"].sum())}


def recipient_totals(recipients: pd.DataFrame) -> pd.DataFrame:
    """Per printed table: recipients, amount, stated and assumed realisation, unrealised part."""
    rec = recipients_summary(recipients)
    rows = []
    for table, group in rec.groupby("table", sort=False):
        amount = int(group["amount"].sum())
        used = int(group["realisasi_used"].sum())
        rows.append({"table": table, "recipients": len(group), "amount": amount,
                     "realisasi": used, "stated": int(group["realisasi_stated"].sum()),
                     "belum_terealisasi": amount - used})
    return pd.DataFrame(rows)


def ormas_registrations(ormas: pd.DataFrame, year: int) -> pd.DataFrame:
    """Ormas registered per year up to ``year``, per legal status, with running totals.

    Columns: legal_status, year, count, cumulative (from the first year in the data).
    """
    upto = ormas[ormas["year"] <= year].sort_values(["legal_status", "year"]).copy()
    upto["count"] = upto["count"].astype("int64")
    upto["cumulative"] = upto.groupby("legal_status")["count"].cumsum().astype("int64")
    return upto[["legal_status", "year", "count", "cumulative"]].reset_index(drop=True)
