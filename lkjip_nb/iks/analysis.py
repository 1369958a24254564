"""The IKS workbook in one call: score, estimate with CIs, bootstrap, break down.

Everything a notebook or the CLI shows comes from :func:`analyse`; they only format it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from statistics import NormalDist

import numpy as np
import pandas as pd

from lkjip_nb.iks.bootstrap import BootstrapResult, bootstrap_means
from lkjip_nb.iks.codebook import Codebook, categorize
from lkjip_nb.iks.design import Design, make_design, weighted_means
from lkjip_nb.iks.scoring import Scores, index_labels, score
from lkjip_nb.iks.validate import Survey

SYNTHETIC_NOTE = ("DATA SINTETIS: dibangkitkan acak untuk demonstrasi, bukan data survei IKS "
                  "yang sebenarnya.")

#: Breakdown groups with fewer respondents than this are flagged.
SMALL_N = 30


def z_value(confidence: float) -> float:
    return NormalDist().inv_cdf(0.5 + confidence / 2.0)


def design_of(survey: Survey, warn: bool = True) -> Design:
    """The sampling design declared by the survey's codebook and present in its file."""
    return make_design(survey.n, survey.weights, survey.strata, survey.clusters,
                       survey.codebook.design.lonely_psu, warn=warn)


@dataclass
class IksResult:
    """Estimates of one survey: overall indices, breakdowns, notes to print with them."""

    codebook: Codebook
    survey: Survey
    design: Design
    scores: Scores
    overall: pd.DataFrame
    confidence: float
    bootstrap: BootstrapResult | None = None
    categories: tuple[tuple[str, float | None], ...] = ()
    notes: list[str] = field(default_factory=list)

    @property
    def synthetic(self) -> bool:
        return self.survey.synthetic

    def _row(self) -> pd.Series:
        return self.overall.iloc[0]

    @property
    def iks(self) -> float:
        return float(self._row()["indeks"])

    @property
    def ci(self) -> tuple[float, float]:
        row = self._row()
        return float(row["ci_low"]), float(row["ci_high"])

    @property
    def n(self) -> int:
        """Respondents whose composite IKS could be computed."""
        return int(self._row()["n"])

    @property
    def category(self) -> str:
        return categorize(self.iks, self.categories) if self.categories else ""

    def level(self, name: str) -> pd.DataFrame:
        """Rows of one level: 'komposit', 'dimensi' or 'sub-dimensi'."""
        return self.overall[self.overall["tingkat"] == name].reset_index(drop=True)

    def weights_used(self) -> dict[str, float]:
        return {d.weight: float(self.codebook.weights[d.weight]) for d in self.codebook.dimensions}

    def breakdown(self, key: str, levels: Sequence[str] = ("komposit",)) -> pd.DataFrame:
        return breakdown(self, key, levels)

    def breakdowns(self, levels: Sequence[str] = ("komposit",)) -> pd.DataFrame:
        keys = [d.key for d in self.codebook.domains if d.breakdown]
        return pd.concat([breakdown(self, k, levels) for k in keys], ignore_index=True)


def estimate_table(scores: Scores, design: Design, codebook: Codebook,
                   confidence: float = 0.95) -> pd.DataFrame:
    """Overall composite, dimension and sub-dimension indices with n, SE and CI."""
    est = weighted_means(scores.matrix(), design)
    table = index_labels(codebook)
    half = z_value(confidence) * est.se[0]
    table["n"] = est.n[0]
    table["indeks"] = est.estimate[0]
    table["se"] = est.se[0]
    table["ci_low"] = est.estimate[0] - half
    table["ci_high"] = est.estimate[0] + half
    table.loc[table["tingkat"] == "dimensi", "bobot"] = codebook.dimension_weights()
    return table


def analyse(survey: Survey, *, bootstrap_replicates: int = 0, seed: int = 0,
            confidence: float = 0.95, categories: Sequence[tuple[str, float | None]] = (),
            warn: bool = True) -> IksResult:
    """Score every respondent and estimate all indices (design-based CIs, optional bootstrap)."""
    cb = survey.codebook
    design = design_of(survey, warn=warn)
    scores = score(survey.answers, cb)
    overall = estimate_table(scores, design, cb, confidence)
    boot = None
    if bootstrap_replicates > 0:
        boot = bootstrap_means(scores.matrix(), design, bootstrap_replicates, seed, confidence)
        overall["se_bootstrap"] = boot.se
        overall["ci_low_bootstrap"] = boot.ci_low
        overall["ci_high_bootstrap"] = boot.ci_high
    notes = []
    if survey.synthetic:
        notes.append(SYNTHETIC_NOTE)
    if cb.weights_note:
        notes.append(cb.weights_note)
    notes += design.notes
    if not design.model_based:
        notes.append(design.describe())
    notes.append(cb.missing.describe())
    dropped = survey.n - int(overall.iloc[0]["n"])
    if dropped:
        notes.append(f"{dropped} responden tanpa IKS komposit (jawaban kurang) tidak dihitung.")
    cats = tuple(categories) or cb.categories
    return IksResult(cb, survey, design, scores, overall, confidence, boot, cats, notes)


def breakdown(result: IksResult, key: str, levels: Sequence[str] = ("komposit",)
              ) -> pd.DataFrame:
    """Indices by the groups of one respondent characteristic, each with n, SE and CI."""
    cb = result.codebook
    dom = cb.domain(key)
    groups = list(dom.groups())
    labels = index_labels(cb)
    cols = np.flatnonzero(labels["tingkat"].isin(levels).to_numpy())
    values = result.scores.matrix()[:, cols]
    est = weighted_means(values, result.design, result.survey.domain_codes[key], len(groups))
    half = z_value(result.confidence) * est.se
    frames = []
    for j, col in enumerate(cols):
        frames.append(pd.DataFrame({
            "rincian": dom.label, "kunci": key, "kelompok": groups,
            "tingkat": labels.loc[col, "tingkat"], "indeks_nama": labels.loc[col, "nama"],
            "n": est.n[:, j], "indeks": est.estimate[:, j], "se": est.se[:, j],
            "ci_low": est.estimate[:, j] - half[:, j], "ci_high": est.estimate[:, j] + half[:, j],
        }))
    out = pd.concat(frames, ignore_index=True)
    out["n_kecil"] = out["n"] < SMALL_N
    return out
