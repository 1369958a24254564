"""Indeks Kesalehan Sosial (IKS) from survey microdata: codebook, readers, validation, scoring,
design-based and bootstrap intervals, breakdowns, weight sensitivity, synthetic demo data."""

from lkjip_nb.iks.analysis import SYNTHETIC_NOTE, IksResult, analyse, breakdown, design_of
from lkjip_nb.iks.codebook import Codebook, categorize, codebook_from_dict, load_codebook
from lkjip_nb.iks.errors import CodebookError, IksDesignWarning, SurveyDataError, SurveyFileError
from lkjip_nb.iks.readers import SurveyFile, read_survey, write_sav
from lkjip_nb.iks.scoring import Scores, score
from lkjip_nb.iks.sensitivity import sensitivity_summary, weight_grid, weight_sensitivity
from lkjip_nb.iks.validate import Survey, validate_survey

__all__ = [
    "SYNTHETIC_NOTE", "Codebook", "CodebookError", "IksDesignWarning", "IksResult", "Scores",
    "Survey", "SurveyDataError", "SurveyFile", "SurveyFileError", "analyse", "breakdown",
    "categorize", "codebook_from_dict", "design_of", "load_codebook", "read_survey", "score",
    "sensitivity_summary", "validate_survey", "weight_grid", "weight_sensitivity", "write_sav",
]
