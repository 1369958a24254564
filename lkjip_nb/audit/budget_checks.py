"""Budget figures: realisation % and sums at every level of the program tree, the belanja table
(belanja by type), their printed totals and narrative figures, and the tree against belanja."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd

from lkjip_nb import budget
from lkjip_nb.audit.build import compare_aggregate, compare_money, compare_percent, finding, pct_of
from lkjip_nb.audit.finding import Finding
from lkjip_nb.audit.numbers import as_int, judge, missing, rupiah, show
from lkjip_nb.audit.reported import Printed, printed
from lkjip_nb.audit.scope import Scope, ref
from lkjip_nb.audit.wording import mention, printed_at

CHAPTER = "budget"
PCT = "persen_anggaran"
LEVELS = ("program", "kegiatan", "sub_kegiatan")
TABLE_OF = {"program": "programs", "kegiatan": "kegiatan", "sub_kegiatan": "sub_kegiatan"}
LABEL = {"program": "program", "kegiatan": "kegiatan", "sub_kegiatan": "sub kegiatan"}
PARENT = {"kegiatan": "program_code", "sub_kegiatan": "kegiatan_code"}
MONEY = ("anggaran", "realisasi")


@dataclass
class Node:
    """One row of the program tree with its computed amounts and children."""

    level: str
    index: int
    row: pd.Series
    anggaran: int
    realisasi: int
    children: list[Node]

    @property
    def code(self) -> str:
        return str(self.row["code"])

    @property
    def table(self) -> str:
        return TABLE_OF[self.level]

    @property
    def persen(self):
        return pct_of(self.realisasi, self.anggaran)

    def ref(self, **extra: object) -> dict:
        return ref(self.table, self.index, self.row, **extra)

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()


def program_tree(scope: Scope) -> list[Node]:
    """The year's programs (in report order) with kegiatan and sub kegiatan; amounts summed
    from the sub kegiatan as integers."""
    subs = scope.of_year("sub_kegiatan")
    kegs = scope.of_year("kegiatan")
    progs = scope.of_year("programs").sort_values("order", kind="stable")
    out = []
    for pi, p in progs.iterrows():
        keg_nodes = []
        for ki, k in kegs[kegs["program_code"] == p["code"]].iterrows():
            sub_nodes = [Node("sub_kegiatan", int(si), s, int(s["anggaran"]), int(s["realisasi"]),
                              []) for si, s in subs[subs["kegiatan_code"] == k["code"]].iterrows()]
            keg_nodes.append(Node("kegiatan", int(ki), k, sum(n.anggaran for n in sub_nodes),
                                  sum(n.realisasi for n in sub_nodes), sub_nodes))
        out.append(Node("program", int(pi), p, sum(n.anggaran for n in keg_nodes),
                        sum(n.realisasi for n in keg_nodes), keg_nodes))
    return out


def tree_totals(tree: list[Node]) -> dict[str, int]:
    subs = [n for p in tree for n in p.walk() if n.level == "sub_kegiatan"]
    return {"anggaran": sum(n.anggaran for n in subs), "realisasi": sum(n.realisasi for n in subs)}


def _printed_amount(node: Node, money: str) -> int | None:
    if node.level == "sub_kegiatan":
        return None  # the sub kegiatan's amounts are the data itself
    return as_int(node.row.get(f"{money}_reported"))


def _name(node: Node) -> str:
    return f"{LABEL[node.level]} {node.code}"


def _omitted_hint(node: Node, money: str, diff: int) -> str:
    """'Selisihnya sama dengan ... sub kegiatan X' when one child explains the gap."""
    for child in node.children:
        if diff and abs(diff) == getattr(child, money):
            state = "tidak ikut dijumlahkan" if diff < 0 else "terhitung dua kali"
            return (f"Selisihnya sama dengan {money} {_name(child)}, seolah baris itu "
                    f"{state}.")
    return ""


def tree_checks(scope: Scope) -> list[Finding]:
    """Printed amounts and realisation % of every program, kegiatan and sub kegiatan."""
    if not scope.has("sub_kegiatan"):
        return []
    rule = scope.rule(PCT)
    out: list[Finding] = []
    for program in program_tree(scope):
        for node in program.walk():
            key = [node.row["year"], node.code]
            for money in MONEY:
                shown = _printed_amount(node, money)
                if shown is None:
                    continue
                diff = shown - getattr(node, money)
                below = LABEL["sub_kegiatan" if node.level == "kegiatan" else "kegiatan"]
                f = compare_money("sum", [node.ref(column=f"{money}_reported")], [*key, money],
                                  reported=shown, computed=getattr(node, money),
                                  subject=f"{money.capitalize()} {_name(node)}",
                                  basis=f"jumlah {money} {below}nya", chapter=CHAPTER,
                                  hint=_omitted_hint(node, money, diff))
                if f:
                    out.append(f)
            out += _percent_check(node, key, rule, scope)
    return out


def _percent_check(node: Node, key: list, rule, scope: Scope) -> list[Finding]:
    reported = node.row.get("percent_reported")
    if missing(reported):
        return []
    exact = node.persen
    rows = [node.ref(column="percent_reported")]
    digits = scope.digits(rows[0])
    subject = f"Persentase realisasi {_name(node)}"
    if exact is None:
        if float(reported) == 0:
            return []
        return [finding("realisation_pct", "error", rows, [*key], reported=float(reported),
                        recomputed=None, subject=subject, chapter=CHAPTER,
                        cause=f"{subject} tercetak {show(reported)} %, padahal anggarannya 0 "
                              "sehingga persentase tidak terdefinisi.",
                        suggestion="Periksa anggaran baris ini atau kosongkan persentasenya.")]
    printed_amounts = [_printed_amount(node, m) for m in MONEY]
    if all(a is not None for a in printed_amounts) and printed_amounts[0] \
            and tuple(printed_amounts) != (node.anggaran, node.realisasi):
        # the printed % may follow printed amounts that are themselves wrong (found above)
        from_printed = pct_of(printed_amounts[1], printed_amounts[0])
        if judge(reported, from_printed, rule, printed=digits).ok:
            return []
    formula = (f"{rupiah(node.realisasi)} / {rupiah(node.anggaran)} × 100")
    if node.children:
        children = node.children
        f = compare_aggregate("realisation_pct", rows, key, reported=float(reported),
                              weighted=exact,
                              printed_rows=[c.row.get("percent_reported") for c in children],
                              exact_rows=[c.persen for c in children], rule=rule,
                              subject=subject, formula=formula, chapter=CHAPTER,
                              printed=digits)
        return [f] if f else []
    f = compare_percent("realisation_pct", rows, key, reported=float(reported), exact=exact,
                        rule=rule, subject=subject, formula=formula, chapter=CHAPTER,
                        printed=digits)
    return [f] if f else []


def numbering_checks(scope: Scope) -> list[Finding]:
    """Printed numbers (I, 1, 1.1) that do not follow the row's place in the tree."""
    if not scope.has("sub_kegiatan"):
        return []
    nodes = [n for p in program_tree(scope) for n in p.walk()]
    frame = pd.DataFrame({"level": [n.level for n in nodes]})
    dotted, local = budget.positional_numbers(frame), budget.local_numbers(frame)
    out = []
    previous: dict[str, str] = {}  # level -> the number printed on the row before
    for node, d, loc in zip(nodes, dotted, local, strict=True):
        shown = node.row.get("no_reported")
        before = previous.get(node.level)
        previous[node.level] = "" if missing(shown) else str(shown).strip()
        if missing(shown) or str(shown).strip().rstrip(".") in (d, loc):
            continue
        copied = " (nomor itu sama dengan baris sebelumnya: kemungkinan salah salin)" \
            if before == str(shown).strip() else ""
        out.append(finding(
            "numbering", "warning", [node.ref(column="no_reported")],
            [node.row["year"], node.code], reported=str(shown), recomputed=d,
            subject=f"Nomor {_name(node)}", chapter=CHAPTER,
            cause=f"Nomor {_name(node)} tercetak {shown}, sedangkan menurut urutannya dalam "
                  f"hierarki program–kegiatan–sub kegiatan nomornya {d}.",
            suggestion=f"Perbaiki nomor menjadi {d}{copied}."))
    return out


def tree_reported(scope: Scope) -> list[Finding]:
    """Printed totals, counts and row figures of the program tree (reported_totals)."""
    if not scope.has("sub_kegiatan"):
        return []
    tree = program_tree(scope)
    totals = tree_totals(tree)
    nodes = {n.code: n for p in tree for n in p.walk()}
    counts = {level: sum(1 for n in nodes.values() if n.level == level) for level in LEVELS}
    rule = scope.rule(PCT)
    out = []
    for p in printed(scope, "tree") + printed(scope, "allocation"):
        f = _tree_figure(p, tree, totals, nodes, counts, rule, scope)
        if f is not False:
            scope.claim(p.index)
        if f:
            out.append(f)
    return out


def _count_level(item: str) -> str | None:
    words = item.lower()
    for level in ("sub_kegiatan", "kegiatan", "program"):
        if LABEL[level] in words:
            return level
    return None


def _tree_figure(p: Printed, tree, totals, nodes, counts, rule, scope) -> Finding | None | bool:
    """One printed figure of the tree: a finding, None (agrees) or False (not understood)."""
    rows = [p.ref()]
    key = [p.table, p.year, p.item, p.field]
    digits = scope.digits(rows[0])
    if p.field == "count":
        level = _count_level(p.item)
        if level is None:
            return False
        return compare_money("count", rows, key, reported=int(p.value), computed=counts[level],
                             subject=f"Jumlah {LABEL[level]} pada {p.where}",
                             basis=f"banyaknya baris {LABEL[level]} dalam data",
                             chapter=CHAPTER, money=False)
    node = nodes.get(p.item.strip())
    if node is not None:
        rows.append(node.ref())
        subject = f"{p.field.capitalize()} {_name(node)} pada {p.where}"
        if p.field in MONEY:
            return compare_money("narrative" if p.narrative else "sum", rows, key,
                                 reported=int(p.value), computed=getattr(node, p.field),
                                 subject=subject, basis="data", chapter=CHAPTER)
        if p.field == "percent":
            return compare_percent(
                "narrative" if p.narrative else "realisation_pct", rows, key,
                reported=p.value, exact=node.persen, rule=rule,
                subject=f"Persentase realisasi {_name(node)} pada {p.where}",
                formula=f"{rupiah(node.realisasi)} / {rupiah(node.anggaran)} × 100",
                chapter=CHAPTER, hint=_table_hint(node), printed=digits)
        return False
    if not p.item_is_total():
        return False
    what = "seluruh program" if p.family == "tree" else "seluruh sasaran"
    subject = f"Total {p.field} {what} pada {p.where}"
    if p.field in MONEY:
        return compare_money("narrative" if p.narrative else "sum", rows, key,
                             reported=int(p.value), computed=totals[p.field],
                             subject=subject, basis=f"jumlah {p.field} semua sub kegiatan",
                             chapter=CHAPTER, others=_belanja_totals(scope))
    if p.field == "percent":
        programs = tree
        return compare_aggregate(
            "realisation_pct", rows, key, reported=p.value,
            weighted=pct_of(totals["realisasi"], totals["anggaran"]),
            printed_rows=[n.row.get("percent_reported") for n in programs],
            exact_rows=[n.persen for n in programs], rule=rule,
            subject=f"Persentase realisasi {what} pada {p.where}",
            formula=f"{rupiah(totals['realisasi'])} / {rupiah(totals['anggaran'])} × 100",
            chapter=CHAPTER, printed=digits)
    return False


def _table_hint(node: Node) -> str:
    shown = node.row.get("percent_reported")
    return "" if missing(shown) else f"Tabel rinciannya mencetak {show(shown, 2)}\u00a0%."


def _belanja_totals(scope: Scope) -> dict[str, int]:
    rows = scope.of_year("belanja")
    if rows.empty:
        return {}
    return {"jumlah anggaran belanja per jenis": int(rows["anggaran"].sum()),
            "jumlah realisasi belanja per jenis": int(rows["realisasi"].sum())}


# ------------------------------------------------------------------------- belanja table

def belanja_years(scope: Scope) -> list[int]:
    """The audited year and the one before (the belanja table prints both)."""
    years = set(int(y) for y in scope.full("belanja")["year"])
    return [y for y in (scope.year - 1, scope.year) if y in years]


def belanja_checks(scope: Scope) -> list[Finding]:
    """Realisation % of every type of belanja, the printed totals and narrative figures."""
    if not scope.has("belanja") or scope.of_year("belanja").empty:
        return []
    rule = scope.rule(PCT)
    out: list[Finding] = []
    frame = scope.full("belanja")
    for year in belanja_years(scope):
        rows = frame[frame["year"] == year]
        for index, row in rows.iterrows():
            reported = row["percent_reported"]
            if missing(reported):
                continue
            exact = pct_of(row["realisasi"], row["anggaran"])
            if exact is None:
                if float(reported) != 0:
                    out.append(finding(
                        "realisation_pct", "error", [ref("belanja", index, row)],
                        [year, row["type"]], reported=float(reported), recomputed=None,
                        subject=f"Persentase {row['type']} {year}", chapter=CHAPTER,
                        cause=f"Persentase {row['type']} tahun {year} tercetak "
                              f"{show(reported)} %, padahal anggarannya 0.",
                        suggestion="Kosongkan persentasenya atau periksa anggaran."))
                continue
            where = ref("belanja", index, row, column="percent_reported")
            f = compare_percent(
                "realisation_pct", [where], [year, row["type"]], reported=float(reported),
                exact=exact, rule=rule, subject=f"Persentase realisasi {row['type']} tahun {year}",
                formula=f"{rupiah(row['realisasi'])} / {rupiah(row['anggaran'])} × 100",
                chapter=CHAPTER, printed=scope.digits(where))
            if f:
                out.append(f)
    for p in printed(scope, "belanja", belanja_years(scope)):
        f = _belanja_figure(p, frame[frame["year"] == p.year], rule, scope)
        if f is not False:
            scope.claim(p.index)
        if f:
            out.append(f)
    return out


def _belanja_figure(p: Printed, rows: pd.DataFrame, rule, scope) -> Finding | None | bool:
    if rows.empty:
        return False
    refs = [p.ref()]
    key = [p.table, p.year, p.item, p.field]
    digits = scope.digits(refs[0])
    types = {str(t).strip().lower(): i for i, t in rows["type"].items()}
    match = types.get(p.item.strip().lower())
    check = "narrative" if p.narrative else "sum"
    if match is not None:
        row = rows.loc[match]
        refs.append(ref("belanja", match, row))
        label = f"{row['type']} tahun {p.year}"
        if p.field in MONEY:
            other = "realisasi" if p.field == "anggaran" else "anggaran"
            return compare_money(check, refs, key, reported=int(p.value),
                                 computed=int(row[p.field]),
                                 subject=f"{p.field.capitalize()} {label} pada {p.where}",
                                 basis="data belanja", chapter=CHAPTER,
                                 others={f"{other} {label}": int(row[other])})
        if p.field == "percent":
            return compare_percent(check if p.narrative else "realisation_pct", refs, key,
                                   reported=p.value,
                                   exact=pct_of(row["realisasi"], row["anggaran"]), rule=rule,
                                   subject=f"Persentase realisasi {label} pada {p.where}",
                                   formula=f"{rupiah(row['realisasi'])} / "
                                           f"{rupiah(row['anggaran'])} × 100",
                                   chapter=CHAPTER, printed=digits)
        return False
    if not p.item_is_total():
        return False
    total = {m: int(rows[m].sum()) for m in MONEY}
    if p.field in MONEY:
        others = {}
        for q in printed(scope, "belanja", [p.year]):
            if q.index != p.index and not q.narrative and q.field == p.field \
                    and q.item_is_total():
                others[f"jumlah {printed_at(q.where)}"] = int(q.value)
        other = "realisasi" if p.field == "anggaran" else "anggaran"
        others[f"jumlah {other} belanja tahun {p.year}"] = total[other]
        return compare_money(check, refs, key, reported=int(p.value), computed=total[p.field],
                             subject=f"Jumlah {p.field} belanja tahun {p.year} pada {p.where}",
                             basis=f"jumlah {len(rows)} baris jenis belanja", chapter=CHAPTER,
                             others=others)
    if p.field == "percent":
        return compare_aggregate(
            "realisation_pct", refs, key, reported=p.value,
            weighted=pct_of(total["realisasi"], total["anggaran"]),
            printed_rows=[v for v, a in zip(rows["percent_reported"], rows["anggaran"],
                                            strict=True) if a],
            exact_rows=[pct_of(r, a) for r, a in zip(rows["realisasi"], rows["anggaran"],
                                                     strict=True) if a],
            rule=rule, subject=f"Persentase realisasi belanja tahun {p.year} pada {p.where}",
            formula=f"{rupiah(total['realisasi'])} / {rupiah(total['anggaran'])} × 100",
            chapter=CHAPTER, printed=digits)
    return False


def belanja_vs_tree(scope: Scope) -> list[Finding]:
    """The year's belanja by type against the program tree: the same money, two tables."""
    rows = scope.of_year("belanja")
    if rows.empty or not scope.has("sub_kegiatan") or scope.of_year("sub_kegiatan").empty:
        return []
    totals = tree_totals(program_tree(scope))
    out = []
    for money in MONEY:
        belanja_total = int(rows[money].sum())
        if belanja_total == totals[money]:
            continue
        diff = belanja_total - totals[money]
        refs = [{"table": "belanja", "year": scope.year, "column": money},
                {"table": "sub_kegiatan", "year": scope.year, "column": money}]
        by_type, by_type_ref = mention(f"{money} belanja per jenis", "belanja",
                                       scope.dataset.reported_in("belanja"), aside=True)
        by_sub, by_sub_ref = mention(f"{money} semua sub kegiatan", "program-tree",
                                     scope.dataset.reported_in("program-tree"), aside=True)
        out.append(finding(
            "cross_table", "error", refs, [scope.year, money], reported=belanja_total,
            recomputed=totals[money], difference=diff, chapter=CHAPTER,
            subject=f"{money.capitalize()} belanja per jenis dan per program tahun {scope.year}",
            mentions=[by_type_ref, by_sub_ref],
            cause=f"Jumlah {by_type} {rupiah(belanja_total)}, sedangkan jumlah {by_sub} "
                  f"{rupiah(totals[money])}: selisih {rupiah(abs(diff))}. Keduanya "
                  "seharusnya angka yang sama.",
            suggestion="Cocokkan rincian belanja per jenis dengan rincian program–kegiatan–sub "
                       "kegiatan (DPA) dan perbaiki tabel yang salah."))
    return out


def checks(scope: Scope) -> list[Finding]:
    return (tree_checks(scope) + numbering_checks(scope) + tree_reported(scope)
            + belanja_checks(scope) + belanja_vs_tree(scope))
