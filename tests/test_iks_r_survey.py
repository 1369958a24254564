"""Estimates and standard errors agree with R's survey package on the same design.

Runs when ``Rscript`` and the ``survey`` package are installed (Debian: r-cran-survey), skips
otherwise.
"""

from __future__ import annotations

import shutil
import subprocess
import warnings

import numpy as np
import pandas as pd
import pytest

from lkjip_nb.iks import analyse
from lkjip_nb.iks.design import make_design, weighted_means
from lkjip_nb.iks.errors import IksDesignWarning
from lkjip_nb.iks.sources import load_survey
from tests.conftest import BUNDLED, DATA


def _r_available() -> bool:
    if not shutil.which("Rscript"):
        return False
    done = subprocess.run(["Rscript", "-e", "suppressMessages(library(survey))"],
                          capture_output=True, timeout=120)
    return done.returncode == 0


pytestmark = pytest.mark.skipif(not _r_available(), reason="Rscript with package survey absent")

R_SCRIPT = r"""
suppressMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], stringsAsFactors = FALSE)
options(survey.lonely.psu = args[3])
if (args[4] == "design") {
  des <- svydesign(ids = ~cluster, strata = ~stratum, weights = ~w, data = d, nest = TRUE)
} else {
  des <- svydesign(ids = ~1, data = d)
}
vars <- grep("^y", names(d), value = TRUE)
out <- data.frame()
for (v in vars) {
  m <- svymean(as.formula(paste0("~", v)), des, na.rm = TRUE)
  out <- rbind(out, data.frame(var = v, group = "", est = coef(m)[[1]], se = SE(m)[[1]]))
}
by <- svyby(~y0, ~grp, des, svymean, na.rm = TRUE)
out <- rbind(out, data.frame(var = "y0", group = as.character(by$grp), est = by$y0, se = by$se))
write.csv(out, args[2], row.names = FALSE)
"""


def run_r(tmp_path, frame: pd.DataFrame, lonely: str = "adjust", kind: str = "design"
          ) -> pd.DataFrame:
    data, script, out = tmp_path / "d.csv", tmp_path / "s.R", tmp_path / "o.csv"
    frame.to_csv(data, index=False, na_rep="NA")
    script.write_text(R_SCRIPT)
    subprocess.run(["Rscript", str(script), str(data), str(out), lonely, kind], check=True,
                   capture_output=True, timeout=300)
    return pd.read_csv(out, keep_default_na=False)


def compare(frame: pd.DataFrame, design, r: pd.DataFrame) -> None:
    ys = [c for c in frame.columns if c.startswith("y")]
    est = weighted_means(frame[ys].to_numpy(), design)
    overall = r[r["group"] == ""].set_index("var").loc[ys]
    np.testing.assert_allclose(est.estimate[0], overall["est"], rtol=0, atol=1e-9)
    np.testing.assert_allclose(est.se[0], overall["se"], rtol=1e-9, atol=1e-12)
    codes, labels = pd.factorize(frame["grp"], sort=True)
    by = weighted_means(frame["y0"].to_numpy(), design, codes, len(labels))
    r_by = r[r["group"] != ""].set_index("group").loc[list(labels)]
    np.testing.assert_allclose(by.estimate[:, 0], r_by["est"], rtol=0, atol=1e-9)
    np.testing.assert_allclose(by.se[:, 0], r_by["se"], rtol=1e-9, atol=1e-12)


def demo_frame() -> tuple[pd.DataFrame, object]:
    """The 2024 demo survey: composite, dimensions and two sub-dimensions per respondent."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IksDesignWarning)
        survey = load_survey(2024, DATA, BUNDLED)
        result = analyse(survey)
    m = result.scores.matrix()
    frame = pd.DataFrame({f"y{j}": m[:, j] for j in range(7)})
    frame["w"] = survey.weights
    frame["stratum"] = np.asarray(survey.strata, dtype=object)
    frame["cluster"] = np.asarray(survey.clusters, dtype=object)
    frame["grp"] = result.survey.domain_frame()["Kategori responden"].astype(str).to_numpy()
    return frame, result


def test_demo_survey_matches_r(tmp_path):
    frame, result = demo_frame()
    assert frame["y0"].isna().sum() > 0  # missing composites exercise na.rm
    compare(frame, result.design, run_r(tmp_path, frame))


def test_lonely_cluster_strata_match_r(tmp_path):
    frame, _ = demo_frame()
    # merge the clusters of two kecamatan: those strata now have a single cluster
    lonely = frame["stratum"].isin(["Bakung", "Doko"])
    frame.loc[lonely, "cluster"] = frame.loc[lonely, "stratum"] + "-1"
    for how in ("adjust", "remove"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", IksDesignWarning)
            design = make_design(len(frame), frame["w"].to_numpy(), frame["stratum"].to_numpy(),
                                 frame["cluster"].to_numpy(), lonely_psu=how)
        assert sorted(design.lonely_strata) == ["Bakung", "Doko"]
        compare(frame, design, run_r(tmp_path, frame, lonely=how))


def test_no_design_matches_r_simple_random_sample(tmp_path):
    frame, _ = demo_frame()
    design = make_design(len(frame))
    compare(frame, design, run_r(tmp_path, frame, kind="none"))
