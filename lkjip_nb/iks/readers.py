"""Read survey microdata from CSV, Excel (openpyxl) or SPSS .sav (pyreadstat), labels kept."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from lkjip_nb.iks.codebook import Codebook
from lkjip_nb.iks.errors import SurveyFileError

SURVEY_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".sav")
_SYNTHETIC = re.compile(r"sintetis|synthetic", re.IGNORECASE)


@dataclass
class SurveyFile:
    """Raw microdata as read, with what the file says about itself."""

    frame: pd.DataFrame
    source: str
    value_labels: dict[str, dict] = field(default_factory=dict)
    column_labels: dict[str, str] = field(default_factory=dict)
    file_label: str = ""

    @property
    def synthetic(self) -> bool:
        """Synthetic data say so in the file name or the SPSS file label."""
        return bool(_SYNTHETIC.search(Path(self.source).name) or _SYNTHETIC.search(self.file_label))


def read_survey(path: str | Path, codebook: Codebook | None = None) -> SurveyFile:
    """Read one survey file; the format follows the suffix."""
    path = Path(path)
    if not path.is_file():
        raise SurveyFileError(f"Berkas survei IKS tidak ditemukan: {path}")
    suffix = path.suffix.lower()
    text_cols = _text_columns(codebook)
    try:
        if suffix == ".csv":
            frame = pd.read_csv(path, dtype={c: str for c in text_cols}, keep_default_na=True)
            return SurveyFile(frame, str(path))
        if suffix in (".xlsx", ".xlsm"):
            frame = pd.read_excel(path, sheet_name=0, engine="openpyxl",
                                  dtype={c: str for c in text_cols})
            return SurveyFile(frame, str(path))
        if suffix == ".sav":
            return _read_sav(path, codebook)
    except (ValueError, OSError, KeyError) as exc:
        raise SurveyFileError(f"Berkas survei {path} tidak dapat dibaca: {exc}") from exc
    raise SurveyFileError(
        f"Format berkas survei {path.name} tidak dikenal (pakai {', '.join(SURVEY_SUFFIXES)})")


def _text_columns(codebook: Codebook | None) -> list[str]:
    if codebook is None:
        return []
    cols = [codebook.respondent_id]
    cols += [d.column for d in codebook.domains if not d.numeric]
    cols += [c for c in (codebook.design.stratum, codebook.design.cluster) if c]
    return cols


def _read_sav(path: Path, codebook: Codebook | None) -> SurveyFile:
    import pyreadstat

    try:
        frame, meta = pyreadstat.read_sav(str(path), apply_value_formats=False)
    except pyreadstat.ReadstatError as exc:
        raise SurveyFileError(f"Berkas SPSS {path} tidak dapat dibaca: {exc}") from exc
    labels = {k: dict(v) for k, v in (meta.variable_value_labels or {}).items()}
    # Categorical characteristics stored as labelled codes become their labels, so they can be
    # checked against the codebook's value lists; item answers stay numeric codes.
    for col in _text_columns(codebook):
        if col in frame and col in labels and pd.api.types.is_numeric_dtype(frame[col]):
            frame[col] = _apply_labels(frame[col], labels[col])
    if codebook is not None and codebook.respondent_id in frame:
        frame[codebook.respondent_id] = _as_text(frame[codebook.respondent_id])
    column_labels = dict(zip(meta.column_names, meta.column_labels or [], strict=False))
    return SurveyFile(frame, str(path), labels,
                      {k: v for k, v in column_labels.items() if v}, meta.file_label or "")


def _apply_labels(series: pd.Series, labels: Mapping) -> pd.Series:
    def one(v: object) -> object:
        if pd.isna(v):
            return None
        return labels.get(v, labels.get(float(v), _num_text(v)))

    return series.map(one).astype(object)


def _as_text(series: pd.Series) -> pd.Series:
    return series.map(lambda v: None if pd.isna(v) else _num_text(v)).astype(object)


def _num_text(v: object) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def write_sav(frame: pd.DataFrame, path: str | Path, codebook: Codebook,
              file_label: str = "") -> None:
    """Write microdata as SPSS .sav with the codebook's value and column labels."""
    import pyreadstat

    out = frame.copy()
    value_labels: dict[str, dict] = {}
    answer_labels = {**{float(k): v for k, v in codebook.scale.labels.items()},
                     **{float(k): v for k, v in codebook.missing.codes.items()}}
    for item in codebook.items:
        if item.id in out:
            out[item.id] = pd.to_numeric(out[item.id]).astype("float64")
            value_labels[item.id] = answer_labels
    for dom in codebook.domains:
        if dom.numeric or dom.column not in out:
            continue
        codes = {v: float(n) for n, v in enumerate(dom.values, 1)}
        out[dom.column] = out[dom.column].map(codes).astype("float64")
        value_labels[dom.column] = {n: v for v, n in codes.items()}
    column_labels = {i.id: i.text for i in codebook.items if i.id in out}
    for dom in codebook.domains:
        if dom.column in out:
            column_labels[dom.column] = dom.label
    pyreadstat.write_sav(out, str(path), file_label=file_label,
                         column_labels=[column_labels.get(c, "") for c in out.columns],
                         variable_value_labels=value_labels)
