"""The survey analysis API agrees with R's survey package on domains, cross-tabulations and tests.

On a hand-built stratified cluster design (unequal weights, a stratum with a single cluster, a
group living in one cluster) and on the demo survey, through the public API: ``breakdown`` and
``subset`` against ``svyby`` / ``subset()`` + ``confint(df = degf())``, ``crosstab`` against
``svyby(~y, ~a + b)``, ``compare`` against ``svyttest`` and ``svycontrast``, ``compare_years``
against ``svyttest`` on both surveys stacked. Skips when Rscript or the survey package is absent.
"""

from __future__ import annotations

import subprocess
import warnings

import numpy as np
import pandas as pd
import pytest

from lkjip_nb.iks import analyse, codebook_from_dict, validate_survey
from lkjip_nb.iks.errors import IksDesignWarning
from lkjip_nb.iks.sources import load_survey
from tests.conftest import BUNDLED, DATA
from tests.iks_helpers import tiny_codebook_dict
from tests.test_iks_r_survey import _r_available

pytestmark = pytest.mark.skipif(not _r_available(), reason="Rscript with package survey absent")

R_SCRIPT = r"""
suppressMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], stringsAsFactors = FALSE)
d2 <- read.csv(args[2], stringsAsFactors = FALSE)
options(survey.lonely.psu = args[4])
pairs <- strsplit(strsplit(args[5], ";")[[1]], ",")
des <- svydesign(ids = ~cluster, strata = ~stratum, weights = ~w, data = d, nest = TRUE)
out <- data.frame()
add <- function(kind, g1, g2, est, se, df = NA, lo = NA, hi = NA, t = NA, p = NA) {
  out <<- rbind(out, data.frame(kind = kind, g1 = g1, g2 = g2, est = est, se = se, df = df,
                                lo = lo, hi = hi, t = t, p = p))
}
one <- function(kind, s, g1 = "", g2 = "") {
  m <- svymean(~y, s); df <- degf(s); ci <- confint(m, df = df)
  add(kind, g1, g2, coef(m)[[1]], SE(m)[[1]], df, ci[1], ci[2])
}
dn <- subset(des, !is.na(y))
one("overall", dn)
by <- svyby(~y, ~a, dn, svymean, covmat = TRUE)
add("svyby", as.character(by$a), "", by$y, by$se)
for (g in sort(unique(d$a))) one("subset", subset(des, a == g & !is.na(y)), g)
ct <- svyby(~y, ~a + b, des, svymean, na.rm = TRUE)
add("crosstab", as.character(ct$a), as.character(ct$b), ct$y, ct$se)
for (pr in pairs) {
  s <- subset(des, a %in% pr & !is.na(y))
  s <- update(s, x = as.numeric(a == pr[1]))
  tt <- svyttest(y ~ x, s)
  ctr <- svycontrast(by, setNames(c(1, -1), pr))
  add("ttest", pr[1], pr[2], coef(ctr)[[1]], SE(ctr)[[1]], tt$parameter[[1]], NA, NA,
      tt$statistic[[1]], tt$p.value[[1]])
  add("ttest_coef", pr[1], pr[2], tt$estimate[[1]], NA)
}
d$yr <- "A"; d2$yr <- "B"
both <- rbind(d[, c("y", "w", "stratum", "cluster", "yr")],
              d2[, c("y", "w", "stratum", "cluster", "yr")])
both$stratum <- paste(both$yr, both$stratum); both$cluster <- paste(both$yr, both$cluster)
des2 <- svydesign(ids = ~cluster, strata = ~stratum, weights = ~w, data = both, nest = TRUE)
s <- update(subset(des2, !is.na(y)), x = as.numeric(yr == "A"))
tt <- svyttest(y ~ x, s)
add("years", "A", "B", tt$estimate[[1]], NA, tt$parameter[[1]], NA, NA, tt$statistic[[1]],
    tt$p.value[[1]])
write.csv(out, args[3], row.names = FALSE)
"""


def hand_codebook():
    """The tiny codebook with a three-group characteristic and a second one to cross with."""
    raw = tiny_codebook_dict()
    raw["domains"] = [
        {"key": "kec", "column": "kec", "label": "Kecamatan",
         "values": ["Utara", "Selatan", "Timur"]},
        {"key": "jk", "column": "jk", "label": "Jenis kelamin", "values": ["L", "P"]},
    ]
    raw["reporting"] = {"min_n": 8}
    return codebook_from_dict(raw, source="hand")


def hand_frame(seed: int, year: int = 2024) -> pd.DataFrame:
    """Strata with 3, 2, 4 and 1 clusters of 3-6 respondents, cluster weights 1-9; kecamatan
    Timur lives in a single cluster; some answers 9 (no answer)."""
    rng = np.random.default_rng(seed)
    rows = []
    for s, n_clusters in zip(["S1", "S2", "S3", "S4"], [3, 2, 4, 1], strict=True):
        for c in range(n_clusters):
            size = int(rng.integers(3, 7))
            weight = float(rng.uniform(1, 9))
            for _ in range(size):
                rows.append({"s": s, "c": f"{s}-{c}", "w": weight,
                             "kec": "Timur" if (s, c) == ("S3", 0) else
                             str(rng.choice(["Utara", "Selatan"])),
                             "jk": str(rng.choice(["L", "P"]))})
    f = pd.DataFrame(rows)
    f.insert(0, "rid", [f"r{i}" for i in range(len(f))])
    f.insert(1, "tahun", year)
    level = rng.normal(0, 1, len(f))
    for item in ("x1", "x2", "x3", "x4", "x5"):
        x = np.clip(np.round(3.2 + level + rng.normal(0, 0.9, len(f))), 1, 5).astype(int)
        x[rng.random(len(f)) < 0.06] = 9
        f[item] = x
    return f


def hand_results(lonely: str):
    cb = hand_codebook()
    if lonely != "adjust":
        from dataclasses import replace

        cb = replace(cb, design=replace(cb.design, lonely_psu=lonely))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IksDesignWarning)
        now = analyse(validate_survey(hand_frame(11), cb, year=2024))
        before = analyse(validate_survey(hand_frame(12, 2023), cb, year=2023))
    return now, before, "kec", "jk"


def demo_results(lonely: str):
    assert lonely == "adjust"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IksDesignWarning)
        now = analyse(load_survey(2024, DATA, BUNDLED))
        before = analyse(load_survey(2023, DATA, BUNDLED))
    return now, before, "kategori", "pendidikan"


def r_frame(result, a: str, b: str) -> pd.DataFrame:
    s = result.survey
    frame = pd.DataFrame({"y": result.scores.composite, "w": s.weights,
                          "stratum": np.asarray(s.strata, dtype=object),
                          "cluster": np.asarray(s.clusters, dtype=object)})
    dom = s.domain_frame()
    frame["a"] = dom[result.codebook.domain(a).label].astype(str).to_numpy()
    frame["b"] = dom[result.codebook.domain(b).label].astype(str).to_numpy()
    return frame


def run_r(tmp_path, now, before, a, b, lonely, pairs) -> pd.DataFrame:
    files = [tmp_path / n for n in ("d.csv", "d2.csv", "o.csv", "s.R")]
    r_frame(now, a, b).to_csv(files[0], index=False, na_rep="NA")
    r_frame(before, a, b).to_csv(files[1], index=False, na_rep="NA")
    files[3].write_text(R_SCRIPT)
    spec = ";".join(",".join(p) for p in pairs)
    subprocess.run(["Rscript", str(files[3]), str(files[0]), str(files[1]), str(files[2]),
                    lonely, spec], check=True, capture_output=True, timeout=300)
    return pd.read_csv(files[2], keep_default_na=False, na_values=["NA"])


CASES = [("hand", "adjust"), ("hand", "remove"), ("demo", "adjust")]


@pytest.mark.parametrize(("data", "lonely"), CASES)
def test_api_agrees_with_r(tmp_path, data, lonely):
    now, before, a, b = (hand_results if data == "hand" else demo_results)(lonely)
    groups = list(now.groups(a))
    pairs = [(groups[0], groups[1]), (groups[1], groups[2])]
    r = run_r(tmp_path, now, before, a, b, lonely, pairs)
    kind = {k: g.reset_index(drop=True) for k, g in r.groupby("kind")}

    def close(ours, theirs, atol=1e-9):
        np.testing.assert_allclose(np.asarray(ours, float), np.asarray(theirs, float),
                                   rtol=1e-9, atol=atol)

    # overall composite: estimate, SE, design df, t interval
    o = kind["overall"].iloc[0]
    close([now.iks, now.se, now.df, *now.ci], [o.est, o.se, o.df, o.lo, o.hi])

    # breakdown == svyby (estimate, SE) == subset() + confint(df = degf) (df, interval)
    table = now.breakdown(a).set_index("kelompok")
    present = table[table["n"] > 0]
    by = kind["svyby"].set_index("g1").loc[present.index]
    close(present["indeks"], by["est"])
    close(present["se"], by["se"], atol=1e-12)
    sub = kind["subset"].set_index("g1").loc[present.index]
    close(present["indeks"], sub["est"])
    close(present["df"], sub["df"])
    estimable = ~present["se_tak_terhitung"]
    close(present.loc[estimable, "ci_low"], sub.loc[estimable, "lo"])
    close(present.loc[estimable, "ci_high"], sub.loc[estimable, "hi"])
    assert sub.loc[~estimable, "lo"].isna().all()  # R: no interval on 0 df either
    assert present.loc[~estimable, "ci_low"].isna().all()

    # subset() of the result keeps the whole design: the same figures as the breakdown row
    for g in present.index:
        part = now.subset(**{a: g})
        close([part.iks, part.se, part.df], [sub.loc[g, "est"], sub.loc[g, "se"],
                                             sub.loc[g, "df"]])

    # cross-tabulation == svyby(~y, ~a + b)
    ct = now.crosstab(a, b)
    ct = ct[ct["n"] > 0].set_index([a, b])
    rc = kind["crosstab"].set_index(["g1", "g2"]).loc[ct.index]
    close(ct["indeks"], rc["est"])
    close(ct["se"], rc["se"], atol=1e-12)

    # two groups: difference and SE == svycontrast; t, df, p == svyttest
    tests = kind["ttest"].set_index(["g1", "g2"])
    coef = kind["ttest_coef"].set_index(["g1", "g2"])
    for g1, g2 in pairs:
        c = now.compare(a, g1, g2)
        t = tests.loc[(g1, g2)]
        close([c.difference, c.se, c.df, c.t, c.p_value],
              [t.est, t.se, t.df, t.t, t.p], atol=1e-10)
        close([c.difference], [coef.loc[(g1, g2), "est"]])

    # two years: independent surveys stacked, strata and clusters kept apart
    y = kind["years"].iloc[0]
    c = now.compare_years(before)
    close([c.difference, c.df, c.t, c.p_value], [y.est, y.df, y.t, y.p], atol=1e-10)


def test_hand_design_has_the_awkward_cases():
    """The hand-built design exercises a lonely stratum and a group in a single cluster."""
    now, _, _, _ = hand_results("adjust")
    assert now.design.lonely_strata == ["S4"]
    timur = now.breakdown("kec").set_index("kelompok").loc["Timur"]
    assert timur["klaster"] == 1 and timur["df"] == 0 and timur["se_tak_terhitung"]
    assert "satu klaster" in timur["catatan"] and np.isnan(timur["ci_low"])
