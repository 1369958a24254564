"""Indeks Kesalehan Sosial (IKS) from survey microdata: codebook, readers, validation, scoring,
design-based and bootstrap intervals, breakdowns, subpopulations, cross-tabulations, tests of
differences, weight sensitivity, exports, synthetic demo data.

Quick start, one line per task (run from the project folder; ``tmp`` is any folder)::

    >>> from lkjip_nb.iks import analyse, load_codebook, read_survey, validate_survey
    >>> codebook = load_codebook("data/bakesbangpol-kab-blitar/iks/codebook.yaml")
    >>> raw = read_survey("data/bakesbangpol-kab-blitar/iks/iks_survei_2024_sintetis.csv", codebook)
    >>> survey = validate_survey(raw, codebook, year=2024)    # every problem at once, or a Survey
    >>> result = analyse(survey)                               # score, estimate, design-based CIs
    >>> round(result.iks, 2), [round(x, 2) for x in result.ci], result.df, result.category
    (84.61, [83.59, 85.64], 44, 'Sangat Tinggi')
    >>> agama = result.subset(kategori="Tokoh agama")          # a subpopulation, whole design kept
    >>> round(agama.iks, 2), agama.n, [round(x, 2) for x in agama.ci]
    (88.01, 95, [86.78, 89.23])
    >>> by_kecamatan = result.breakdown("kecamatan")           # n, index, SE, df, CI, flags, notes
    >>> row = by_kecamatan.iloc[0]
    >>> row["kelompok"], int(row["n"]), int(row["df"]), bool(row["n_kecil"])
    ('Bakung', 15, 2, True)
    >>> cells = result.crosstab("kecamatan", "kategori")       # one row per pair of groups
    >>> cell = cells.iloc[0]                                   # Bakung x Tokoh agama: n = 2
    >>> int(cell["n"]), bool(cell["se_tak_terhitung"]), "satu klaster" in cell["catatan"]
    (2, True, True)
    >>> test = result.compare("kategori", "Tokoh agama", "Tokoh ormas")   # design-based t test
    >>> round(test.difference, 2), test.df, test.p_value < 0.001
    (6.89, 40, True)
    >>> result.to_excel(tmp / "iks.xlsx", by=["kecamatan", "kategori"]).name   # notes, CI method
    'iks.xlsx'

``load_survey(2024, "data", "bakesbangpol-kab-blitar")`` does the first four lines in one (the
agency's codebook and survey file of the year); ``result.compare_years(earlier)`` tests two
years. Choices that do not exist (a key, a group, a level) raise :class:`ChoiceError` naming
the valid ones.
"""

from lkjip_nb.iks.analysis import (
    SYNTHETIC_NOTE,
    Comparison,
    IksResult,
    analyse,
    breakdown,
    design_of,
)
from lkjip_nb.iks.codebook import Codebook, categorize, codebook_from_dict, load_codebook
from lkjip_nb.iks.errors import (
    ChoiceError,
    CodebookError,
    IksDesignWarning,
    SurveyDataError,
    SurveyFileError,
)
from lkjip_nb.iks.readers import SurveyFile, read_survey, write_sav
from lkjip_nb.iks.scoring import Scores, score
from lkjip_nb.iks.sensitivity import sensitivity_summary, weight_grid, weight_sensitivity
from lkjip_nb.iks.sources import load_survey
from lkjip_nb.iks.validate import Survey, validate_survey

__all__ = [
    "SYNTHETIC_NOTE", "ChoiceError", "Codebook", "CodebookError", "Comparison",
    "IksDesignWarning", "IksResult", "Scores", "Survey", "SurveyDataError", "SurveyFile",
    "SurveyFileError", "analyse", "breakdown", "categorize", "codebook_from_dict", "design_of",
    "load_codebook", "load_survey", "read_survey", "score", "sensitivity_summary",
    "validate_survey", "weight_grid", "weight_sensitivity", "write_sav",
]
