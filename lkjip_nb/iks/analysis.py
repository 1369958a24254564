"""The IKS workbook in one call: score, estimate with CIs, bootstrap, break down, compare.

Everything a notebook or the CLI shows comes from :func:`analyse` and the methods of its
:class:`IksResult`; they only format it. The package docstring (:mod:`lkjip_nb.iks`) has a
quick start.

Intervals are design-based (Taylor linearisation, as R's ``survey`` package) with Student's t
on the design degrees of freedom of each estimate (clusters - strata holding its respondents,
R's ``degf`` of the subset design), or on the normal distribution with ``ci_basis="normal"``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from statistics import NormalDist
from typing import Any

import numpy as np
import pandas as pd

from lkjip_nb.iks.bootstrap import BootstrapResult, bootstrap_means
from lkjip_nb.iks.codebook import DEFAULT_MIN_N, Codebook, Domain, categorize
from lkjip_nb.iks.design import (
    MODEL_BASED_NOTE,
    Design,
    MeanEstimates,
    domain_difference,
    make_design,
    weighted_means,
)
from lkjip_nb.iks.errors import ChoiceError
from lkjip_nb.iks.scoring import Scores, index_labels, score
from lkjip_nb.iks.tdist import critical_value, t_sf2
from lkjip_nb.iks.validate import Survey

SYNTHETIC_NOTE = ("DATA SINTETIS: dibangkitkan acak untuk demonstrasi, bukan data survei IKS "
                  "yang sebenarnya.")

#: Breakdown groups with fewer respondents than this are flagged (the codebook may say other).
SMALL_N = DEFAULT_MIN_N

#: Levels of the index hierarchy, as :func:`index_labels` names them.
LEVELS = ("komposit", "dimensi", "sub-dimensi")
_LEVEL_ALIASES = {"composite": "komposit", "dimension": "dimensi", "dimensions": "dimensi",
                  "subdimension": "sub-dimensi", "sub-dimension": "sub-dimensi",
                  "subdimensions": "sub-dimensi", "subdimensi": "sub-dimensi",
                  "iks": "komposit"}
#: How intervals are built: Student's t on the design df, or the normal distribution.
CI_METHODS = ("design", "normal")


def z_value(confidence: float) -> float:
    return NormalDist().inv_cdf(0.5 + confidence / 2.0)


def multiplier(confidence: float, df: float, ci_basis: str = "design") -> float:
    """Half-width of an interval in SEs: t on ``df`` (NaN when df < 1), or normal."""
    if ci_basis == "normal":
        return z_value(confidence)
    return critical_value(confidence, df) if df >= 1 else math.nan


def check_levels(levels: str | Sequence[str]) -> tuple[str, ...]:
    """Levels as :data:`LEVELS` names them (English aliases accepted); unknown ones refused."""
    given = (levels,) if isinstance(levels, str) else tuple(levels)
    out = []
    for level in given:
        name = _LEVEL_ALIASES.get(str(level).strip().lower(), str(level).strip().lower())
        if name not in LEVELS:
            raise ChoiceError("Tingkat indeks", level, LEVELS)
        out.append(name)
    if not out:
        raise ChoiceError("Tingkat indeks", "", LEVELS)
    return tuple(out)


def design_of(survey: Survey, warn: bool = True) -> Design:
    """The sampling design declared by the survey's codebook and present in its file."""
    return make_design(survey.n, survey.weights, survey.strata, survey.clusters,
                       survey.codebook.design.lonely_psu, warn=warn)


@dataclass(frozen=True)
class Comparison:
    """A design-based t test of the difference a - b of one index between two groups or two
    surveys (R: ``svyttest``; the difference and its SE as ``svycontrast``)."""

    index: str
    label_a: str
    label_b: str
    estimate_a: float
    estimate_b: float
    n_a: int
    n_b: int
    difference: float
    se: float
    df: int
    t: float
    p_value: float
    ci_low: float
    ci_high: float
    confidence: float
    independent: bool = False  # two separate surveys (two years)
    context: str = ""  # the characteristic compared, e.g. "kategori responden"

    @property
    def significant(self) -> bool:
        """Whether the difference is significant at 1 - confidence (e.g. 5 %)."""
        return bool(self.p_value < 1.0 - self.confidence)

    def sentence(self) -> str:
        """The result in one plain Indonesian sentence."""
        from lkjip_nb.fmt import number

        def num(x: float, d: int = 2) -> str:
            return number(x, d)

        a = f"{self.label_a} ({num(self.estimate_a)})"
        b = f"{self.label_b} ({num(self.estimate_b)})"
        lead = f"Menurut {self.context}, {self.index}" if self.context else self.index
        if not math.isfinite(self.p_value):
            return (f"{lead}: {a} dan {b} berselisih {num(self.difference)} poin, tetapi "
                    "galat bakunya tidak dapat diestimasi dari rancangan sampel, sehingga "
                    "selisih itu tidak dapat diuji.")
        if self.difference == 0:
            how = "sama dengan"
        else:
            how = ("lebih tinggi " if self.difference > 0 else "lebih rendah ") \
                + f"{num(abs(self.difference))} poin daripada"
        level = number(round((1.0 - self.confidence) * 100, 1))
        verdict = ("bermakna" if self.significant else "tidak bermakna") \
            + f" secara statistik pada taraf {level} %"
        p = "p < 0,001" if self.p_value < 0.001 else f"p = {num(self.p_value, 3)}"
        basis = ("dua survei diperlakukan sebagai sampel yang saling bebas"
                 if self.independent else "kedua kelompok dari satu rancangan sampel")
        return (f"{lead} {a} {how} {b}; selisih itu {verdict} ({p}; uji t berbasis "
                f"rancangan dengan derajat bebas {self.df}; {basis}).")

    def as_dict(self) -> dict[str, Any]:
        return {"index": self.index, "a": self.label_a, "b": self.label_b,
                "estimate_a": self.estimate_a, "estimate_b": self.estimate_b,
                "n_a": self.n_a, "n_b": self.n_b, "difference": self.difference,
                "se": self.se, "df": self.df, "t": self.t, "p_value": self.p_value,
                "ci_low": self.ci_low, "ci_high": self.ci_high, "sentence": self.sentence()}


@dataclass
class IksResult:
    """Estimates of one survey (or of a subpopulation of it): overall indices, notes, and the
    methods that break down, cross-tabulate, compare and export them."""

    codebook: Codebook
    survey: Survey
    design: Design
    scores: Scores
    overall: pd.DataFrame
    confidence: float
    bootstrap: BootstrapResult | None = None
    categories: tuple[tuple[str, float | None], ...] = ()
    notes: list[str] = field(default_factory=list)
    members: np.ndarray | None = None  # respondents of the subpopulation (None: everyone)
    subpopulation: str = ""  # the subpopulation in words, e.g. "Kategori responden: Tokoh agama"
    ci_basis: str = "design"  # see CI_METHODS

    # ---- headline figures -------------------------------------------------------------------
    @property
    def synthetic(self) -> bool:
        return self.survey.synthetic

    @property
    def year(self) -> int | None:
        return self.survey.year

    def _row(self) -> pd.Series:
        return self.overall.iloc[0]

    @property
    def iks(self) -> float:
        return float(self._row()["indeks"])

    @property
    def ci(self) -> tuple[float, float]:
        """The composite's confidence interval (low, high)."""
        row = self._row()
        return float(row["ci_low"]), float(row["ci_high"])

    @property
    def se(self) -> float:
        return float(self._row()["se"])

    @property
    def df(self) -> int:
        """Design degrees of freedom of the composite."""
        return int(self._row()["df"])

    @property
    def n(self) -> int:
        """Respondents whose composite IKS could be computed."""
        return int(self._row()["n"])

    @property
    def n_respondents(self) -> int:
        """Respondents in the (sub)population, with or without a composite."""
        return self.survey.n if self.members is None else int(self.members.sum())

    @property
    def min_n(self) -> int:
        return self.codebook.min_n

    @property
    def category(self) -> str:
        return categorize(self.iks, self.categories) if self.categories else ""

    @property
    def ci_method(self) -> str:
        """How the intervals were computed, in one or two Indonesian sentences."""
        pct = _pct(self.confidence)
        if self.design.model_based:
            base = MODEL_BASED_NOTE
            df = f"derajat bebas n − 1 = {self.df}"
        else:
            base = self.design.describe().replace("Selang kepercayaan",
                                                  f"Selang kepercayaan {pct}", 1)
            df = f"derajat bebas rancangan {self.df} (jumlah klaster dikurangi jumlah strata)"
        if self.ci_basis == "normal":
            return base + " Batas selang memakai sebaran normal."
        return (base + f" Batas selang memakai sebaran t dengan {df}; untuk setiap kelompok "
                "rincian, derajat bebasnya dihitung dari klaster dan strata yang memuat "
                "responden kelompok itu.")

    def level(self, name: str) -> pd.DataFrame:
        """Rows of one level: 'komposit', 'dimensi' or 'sub-dimensi'."""
        (name,) = check_levels(name)
        return self.overall[self.overall["tingkat"] == name].reset_index(drop=True)

    def weights_used(self) -> dict[str, float]:
        return {d.weight: float(self.codebook.weights[d.weight]) for d in self.codebook.dimensions}

    # ---- choices ----------------------------------------------------------------------------
    def keys(self) -> list[str]:
        """Keys of the respondent characteristics (codebook domains) to break down by."""
        return [d.key for d in self.codebook.domains]

    def groups(self, key: str) -> tuple[str, ...]:
        """The groups of one characteristic, in display order."""
        return self.codebook.domain(key).groups()

    def index_ids(self) -> list[str]:
        """Ids of every index: 'iks', then dimensions, then sub-dimensions."""
        return list(index_labels(self.codebook)["id"])

    def _column(self, index: str) -> int:
        ids = self.index_ids()
        if index not in ids:
            raise ChoiceError("Indeks", index, ids)
        return ids.index(index)

    def _code(self, dom: Domain, group: str) -> int:
        groups = list(dom.groups())
        if group not in groups:
            raise ChoiceError(f"Kelompok {dom.label.lower()}", group, groups)
        return groups.index(group)

    # ---- subpopulations ---------------------------------------------------------------------
    def subset(self, where: np.ndarray | Mapping[str, Any] | None = None, **groups: Any
               ) -> IksResult:
        """The estimates for a subpopulation, keeping the whole design (domain estimation, as
        R's ``subset()`` of a survey design): ``subset(kategori="Tokoh agama")``,
        ``subset(kecamatan=["Bakung", "Doko"], jenis_kelamin="Perempuan")`` or a boolean array
        over respondents. Criteria are combined with *and*; subsets of subsets narrow down."""
        n = self.survey.n
        mask = np.ones(n, dtype=bool) if self.members is None else self.members.copy()
        criteria = dict(groups)
        if isinstance(where, Mapping):
            criteria = {**where, **criteria}
        elif where is not None:
            arr = np.asarray(where)
            if arr.dtype != bool or arr.shape != (n,):
                raise ValueError(f"where harus larik benar/salah sepanjang {n} responden")
            mask &= arr
        parts = [self.subpopulation] if self.subpopulation else []
        for key, wanted in criteria.items():
            dom = self.codebook.domain(key)
            wanted = [wanted] if isinstance(wanted, str) else list(wanted)
            codes = [self._code(dom, str(w)) for w in wanted]
            mask &= np.isin(self.survey.domain_codes[key], codes)
            parts.append(f"{dom.label}: " + " atau ".join(str(w) for w in wanted))
        if where is not None and not isinstance(where, Mapping):
            parts.append("responden terpilih")
        label = "; ".join(parts)
        replicates = 0 if self.bootstrap is None else len(self.bootstrap.replicates)
        seed = 0 if self.bootstrap is None else self.bootstrap.seed
        return _estimate(self.survey, self.design, _masked(self.scores, mask), mask, label,
                         confidence=self.confidence, ci_basis=self.ci_basis,
                         categories=self.categories, replicates=replicates, seed=seed)

    # ---- breakdowns -------------------------------------------------------------------------
    def breakdown(self, key: str, levels: str | Sequence[str] = ("komposit",)) -> pd.DataFrame:
        """Indices by the groups of one characteristic: n, index, SE, design df, CI and flags
        (``n_kecil``: n below the codebook's threshold; ``se_tak_terhitung``: SE cannot be
        estimated, no CI) with a plain sentence in ``catatan``."""
        return breakdown(self, key, levels)

    def breakdowns(self, levels: str | Sequence[str] = ("komposit",),
                   keys: Sequence[str] | None = None) -> pd.DataFrame:
        """:meth:`breakdown` of every characteristic marked for breakdowns (or of ``keys``)."""
        levels = check_levels(levels)
        if keys is None:
            keys = [d.key for d in self.codebook.domains if d.breakdown]
        frames = [breakdown(self, k, levels) for k in keys]
        if not frames:
            return _empty_breakdown()
        return pd.concat(frames, ignore_index=True)

    def crosstab(self, row: str, col: str, index: str = "iks") -> pd.DataFrame:
        """One index for every pair of groups of two characteristics (R: ``svyby(~y, ~a+b)``),
        one row per pair, columns named by the two keys; empty pairs kept with n = 0."""
        if row == col:
            raise ChoiceError("Karakteristik kolom (harus lain dari baris)", col,
                              [k for k in self.keys() if k != row])
        rdom, cdom = self.codebook.domain(row), self.codebook.domain(col)
        j = self._column(index)
        rg, cg = rdom.groups(), cdom.groups()
        rc = self.survey.domain_codes[row].astype(np.int64)
        cc = self.survey.domain_codes[col].astype(np.int64)
        codes = np.where((rc >= 0) & (cc >= 0), rc * len(cg) + cc, -1)
        est = weighted_means(self.scores.matrix()[:, [j]], self.design, codes,
                             len(rg) * len(cg))
        frame = pd.DataFrame({row: np.repeat(list(rg), len(cg)), col: list(cg) * len(rg)})
        name = index_labels(self.codebook).loc[j, "nama"]
        labels = [f"{rdom.label} {a}, {cdom.label.lower()} {b}" for a, b in
                  zip(frame[row], frame[col], strict=True)]
        out = pd.concat([frame, self._estimate_columns(est, 0, labels)], axis=1)
        out.insert(2, "indeks_nama", name)
        out.attrs = {"rows": rdom.label, "cols": cdom.label, "index": name}
        return out

    def _estimate_columns(self, est: MeanEstimates, j: int, labels: Sequence[str]
                          ) -> pd.DataFrame:
        """n, index, SE, df, CI and flags of column ``j`` of ``est``, one row per group."""
        assert est.df is not None and est.clusters is not None
        n, df, psus = est.n[:, j], est.df[:, j], est.clusters[:, j]
        se = est.se[:, j]
        q = np.array([multiplier(self.confidence, d, self.ci_basis) for d in df])
        no_se = (n == 0) | (df < 1) | ~np.isfinite(se)
        half = np.where(no_se, np.nan, q * se)
        small = (n > 0) & (n < self.min_n)
        notes = [_flag_sentence(lab, int(c), int(d), int(p), bool(ns), bool(sm), self.min_n)
                 for lab, c, d, p, ns, sm in zip(labels, n, df, psus, no_se, small, strict=True)]
        return pd.DataFrame({
            "n": n, "indeks": est.estimate[:, j], "se": se, "df": df, "klaster": psus,
            "ci_low": est.estimate[:, j] - half, "ci_high": est.estimate[:, j] + half,
            "n_kecil": small, "se_tak_terhitung": no_se, "catatan": notes})

    # ---- tests ------------------------------------------------------------------------------
    def compare(self, key: str, a: str, b: str, index: str = "iks") -> Comparison:
        """Test the difference a - b of an index between two groups of one characteristic,
        over the whole design (R: ``svyttest(y ~ g, subset(design, g %in% c(a, b)))``)."""
        dom = self.codebook.domain(key)
        ca, cb_ = self._code(dom, a), self._code(dom, b)
        j = self._column(index)
        codes = self.survey.domain_codes[key]
        d = domain_difference(self.scores.matrix()[:, j], self.design, codes == ca,
                              codes == cb_)
        name = index_labels(self.codebook).loc[j, "nama"]
        return _comparison(name, a, b, d.mean_a, d.mean_b, d.n_a, d.n_b, d.se, d.df - 1,
                           self.confidence, self.ci_basis, context=dom.label.lower())

    def compare_years(self, other: IksResult, index: str = "iks") -> Comparison:
        """Test the difference this survey - ``other`` (e.g. 2024 - 2023) of an index; the two
        surveys are independent samples, so the variances add and so do the design df (R:
        ``svyttest`` on both surveys stacked, strata and clusters kept apart per year)."""
        j = self._column(index)
        other._column(index)
        mine = self.overall.iloc[j]
        theirs = other.overall[other.overall["id"] == index].iloc[0]
        se = math.sqrt(float(mine["se"]) ** 2 + float(theirs["se"]) ** 2)
        df = int(mine["df"]) + int(theirs["df"]) - 1
        return _comparison(str(mine["nama"]), _survey_label(self), _survey_label(other),
                           float(mine["indeks"]), float(theirs["indeks"]), int(mine["n"]),
                           int(theirs["n"]), se, df, self.confidence, self.ci_basis,
                           independent=True)

    # ---- export -----------------------------------------------------------------------------
    def to_excel(self, path: str | Path, by: Sequence[str] | None = None,
                 crosstabs: Sequence[tuple[str, str]] = (),
                 levels: str | Sequence[str] = ("komposit",)) -> Path:
        """Write the estimates to an .xlsx workbook (openpyxl): the overall indices, one sheet
        per breakdown in ``by`` (default: every breakdown), the cross-tabulations, and a sheet
        of notes with the CI method, the weights used and DATA SINTETIS where it applies."""
        from lkjip_nb.iks.export import write_excel

        return write_excel(self, Path(path), by, crosstabs, levels)


def _pct(confidence: float) -> str:
    from lkjip_nb.fmt import number

    return number(round(confidence * 100, 1)) + " %"


def _survey_label(result: IksResult) -> str:
    text = f"survei {result.year}" if result.year is not None else "survei"
    return text + (f" ({result.subpopulation})" if result.subpopulation else "")


def _comparison(index: str, label_a: str, label_b: str, mean_a: float, mean_b: float,
                n_a: int, n_b: int, se: float, df: int, confidence: float, ci_basis: str,
                independent: bool = False, context: str = "") -> Comparison:
    diff = mean_a - mean_b
    ok = df >= 1 and math.isfinite(se) and se > 0
    t = diff / se if ok else math.nan
    p = t_sf2(t, df if ci_basis == "design" else math.inf) if ok else math.nan
    half = multiplier(confidence, df, ci_basis) * se if ok else math.nan
    return Comparison(index, label_a, label_b, mean_a, mean_b, n_a, n_b, diff, se, df, t, p,
                      diff - half, diff + half, confidence, independent, context)


def _flag_sentence(label: str, n: int, df: int, psus: int, no_se: bool, small: bool,
                   min_n: int) -> str:
    """A plain sentence for a group whose SE cannot be estimated or whose n is small."""
    if n == 0:
        return f"{label}: tidak ada responden dengan nilai indeks."
    if no_se:
        where = ("semuanya berada dalam satu klaster" if psus <= 1 else
                 f"mereka hanya berada dalam satu klaster di setiap strata ({psus} klaster)")
        return (f"{label}: {n} responden, {where}; galat baku tidak dapat diestimasi dari "
                "rancangan sampel, sehingga selang kepercayaan tidak ditampilkan.")
    if small:
        return (f"{label}: hanya {n} responden (kurang dari {min_n}); selang kepercayaannya "
                "lebar, tafsirkan dengan hati-hati.")
    return ""


def _masked(scores: Scores, members: np.ndarray) -> Scores:
    """Scores with no value outside ``members`` (they stay in the design with zero weight)."""
    matrix = np.asfortranarray(np.where(members[:, None], scores.matrix(), np.nan))
    return Scores(matrix, scores.n_dimensions)


def estimate_table(scores: Scores, design: Design, codebook: Codebook,
                   confidence: float = 0.95, ci_basis: str = "design") -> pd.DataFrame:
    """Overall composite, dimension and sub-dimension indices with n, SE, design df and CI."""
    est = weighted_means(scores.matrix(), design)
    assert est.df is not None
    table = index_labels(codebook)
    df = est.df[0]
    q = np.array([multiplier(confidence, d, ci_basis) for d in df])
    half = q * est.se[0]
    table["n"] = est.n[0]
    table["indeks"] = est.estimate[0]
    table["se"] = est.se[0]
    table["df"] = df
    table["ci_low"] = est.estimate[0] - half
    table["ci_high"] = est.estimate[0] + half
    table.loc[table["tingkat"] == "dimensi", "bobot"] = codebook.dimension_weights()
    return table


def analyse(survey: Survey, *, bootstrap_replicates: int = 0, seed: int = 0,
            confidence: float = 0.95, categories: Sequence[tuple[str, float | None]] = (),
            warn: bool = True, ci_basis: str = "design") -> IksResult:
    """Score every respondent and estimate all indices (design-based CIs, optional bootstrap).

    Categories come from ``categories``, else the codebook, else the ``iks_categories`` of the
    agency's profile.yaml beside the codebook's ``iks/`` folder. ``ci_basis`` is 'design' (t on
    the design df) or 'normal'.
    """
    if ci_basis not in CI_METHODS:
        raise ChoiceError("Metode selang kepercayaan", ci_basis, CI_METHODS)
    if not 0 < confidence < 1:
        raise ValueError(f"confidence {confidence!r} harus di antara 0 dan 1")
    cb = survey.codebook
    design = design_of(survey, warn=warn)
    cats = tuple(categories) or cb.categories or _profile_categories(cb)
    return _estimate(survey, design, score(survey.answers, cb), None, "",
                     confidence=confidence, ci_basis=ci_basis, categories=cats,
                     replicates=bootstrap_replicates, seed=seed)


def _profile_categories(cb: Codebook) -> tuple[tuple[str, float | None], ...]:
    from lkjip_nb.iks.sources import profile_categories

    return profile_categories(cb)


def _estimate(survey: Survey, design: Design, scores: Scores, members: np.ndarray | None,
              subpopulation: str, *, confidence: float, ci_basis: str,
              categories: tuple[tuple[str, float | None], ...], replicates: int, seed: int
              ) -> IksResult:
    cb = survey.codebook
    overall = estimate_table(scores, design, cb, confidence, ci_basis)
    boot = None
    if replicates > 0:
        boot = bootstrap_means(scores.matrix(), design, replicates, seed, confidence)
        overall["se_bootstrap"] = boot.se
        overall["ci_low_bootstrap"] = boot.ci_low
        overall["ci_high_bootstrap"] = boot.ci_high
    result = IksResult(cb, survey, design, scores, overall, confidence, boot, categories, [],
                       members, subpopulation, ci_basis)
    notes = []
    if survey.synthetic:
        notes.append(SYNTHETIC_NOTE)
    if subpopulation:
        notes.append(f"Subpopulasi {subpopulation}: {result.n_respondents} dari {survey.n} "
                     "responden. Seluruh rancangan sampel tetap dipakai (estimasi domain), "
                     "sehingga hasilnya sama dengan baris kelompok itu pada tabel rincian.")
    if cb.weights_note:
        notes.append(cb.weights_note)
    notes += [n for n in design.notes if n != MODEL_BASED_NOTE]
    notes.append(result.ci_method)
    notes.append(cb.missing.describe())
    dropped = result.n_respondents - result.n
    if dropped:
        notes.append(f"{dropped} responden tanpa IKS komposit (jawaban kurang) tidak dihitung.")
    result.notes = notes
    return result


def _empty_breakdown() -> pd.DataFrame:
    return pd.DataFrame(columns=["rincian", "kunci", "kelompok", "tingkat", "indeks_nama", "n",
                                 "indeks", "se", "df", "klaster", "ci_low", "ci_high",
                                 "n_kecil", "se_tak_terhitung", "catatan"])


def breakdown(result: IksResult, key: str, levels: str | Sequence[str] = ("komposit",)
              ) -> pd.DataFrame:
    """Indices by the groups of one respondent characteristic; see :meth:`IksResult.breakdown`."""
    cb = result.codebook
    dom = cb.domain(key)
    levels = check_levels(levels)
    groups = list(dom.groups())
    labels = index_labels(cb)
    cols = np.flatnonzero(labels["tingkat"].isin(levels).to_numpy())
    values = result.scores.matrix()[:, cols]
    est = weighted_means(values, result.design, result.survey.domain_codes[key], len(groups))
    frames = []
    for j, col in enumerate(cols):
        name = labels.loc[col, "nama"]
        who = [f"{dom.label} {g}" + ("" if labels.loc[col, "tingkat"] == "komposit"
                                      else f" ({name})") for g in groups]
        head = pd.DataFrame({"rincian": dom.label, "kunci": key, "kelompok": groups,
                             "tingkat": labels.loc[col, "tingkat"], "indeks_nama": name})
        frames.append(pd.concat([head, result._estimate_columns(est, j, who)], axis=1))
    return pd.concat(frames, ignore_index=True)


def flag_notes(table: pd.DataFrame) -> list[str]:
    """The sentences of the flagged rows of a breakdown or cross-tabulation."""
    return [str(t) for t in table.get("catatan", pd.Series(dtype=str)) if t]
