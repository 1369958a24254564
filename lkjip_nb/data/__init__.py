"""Loading and validating agency datasets (tidy CSV + profile.yaml)."""

from lkjip_nb.data.catalog import BUNDLED_OPD, DatasetNotFound, list_opds, resolve_opd
from lkjip_nb.data.loader import Dataset, YearNotInDataset, load_dataset
from lkjip_nb.data.problems import DataValidationError, Problem
from lkjip_nb.data.units import unit_kind

__all__ = [
    "BUNDLED_OPD", "DataValidationError", "Dataset", "DatasetNotFound", "Problem",
    "YearNotInDataset", "list_opds", "load_dataset", "resolve_opd", "unit_kind",
]
