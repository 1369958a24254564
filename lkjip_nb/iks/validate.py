"""Check survey microdata against the codebook; report every problem at once.

The result is a :class:`Survey`: answers as a float matrix (missing codes -> NaN), respondent
characteristics as integer codes, and the design arrays. Nothing is returned half-checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from lkjip_nb.iks.codebook import Codebook, Domain
from lkjip_nb.iks.errors import PROBLEM_COLUMNS, SurveyDataError
from lkjip_nb.iks.readers import SurveyFile


@dataclass
class Survey:
    """Validated microdata, ready for scoring and estimation."""

    codebook: Codebook
    respondent_ids: np.ndarray
    answers: np.ndarray  # (n, items) float32, NaN = no answer, columns in codebook.items order
    domain_codes: dict[str, np.ndarray]  # key -> int codes into Domain.groups(), -1 = missing
    weights: np.ndarray | None = None
    strata: pd.Categorical | None = None  # labels as text
    clusters: pd.Categorical | None = None
    source: str = ""
    synthetic: bool = False
    year: int | None = None
    value_labels: dict[str, dict] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return len(self.respondent_ids)

    def domain_frame(self) -> pd.DataFrame:
        """Respondent characteristics as labelled categoricals."""
        out = {}
        for dom in self.codebook.domains:
            out[dom.label] = pd.Categorical.from_codes(self.domain_codes[dom.key],
                                                       categories=list(dom.groups()))
        return pd.DataFrame(out, index=pd.Index(self.respondent_ids, name="responden"))


class _Problems:
    def __init__(self, ids: np.ndarray) -> None:
        self.ids = ids
        self.parts: list[pd.DataFrame] = []

    def add_rows(self, mask: np.ndarray, column: str, values: np.ndarray | pd.Series,
                 rule: str) -> None:
        rows = np.flatnonzero(mask)
        if rows.size == 0:
            return
        if isinstance(values, pd.Series):  # index first: never materialise a whole column
            vals = values.iloc[rows].to_numpy(dtype=object)
        else:
            vals = np.asarray(values, dtype=object)[rows]
        self.parts.append(pd.DataFrame({
            "baris": rows + 1, "responden": self.ids[rows], "kolom": column,
            "nilai": [_show(v) for v in vals], "aturan": rule}))

    def add(self, column: str, rule: str, row: int | None = None, value: object = "") -> None:
        self.parts.append(pd.DataFrame({
            "baris": [row + 1 if row is not None else None],
            "responden": [self.ids[row] if row is not None else ""],
            "kolom": [column], "nilai": [_show(value)], "aturan": [rule]}))

    def table(self) -> pd.DataFrame:
        if not self.parts:
            return pd.DataFrame(columns=PROBLEM_COLUMNS)
        return pd.concat(self.parts, ignore_index=True)[PROBLEM_COLUMNS]


def _show(v: object) -> object:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return "(kosong)"
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def validate_survey(data: SurveyFile | pd.DataFrame, codebook: Codebook,
                    year: int | None = None, source: str = "") -> Survey:
    """Validate ``data`` against ``codebook`` (and ``year`` when given)."""
    if isinstance(data, SurveyFile):
        frame, source, synthetic = data.frame, data.source, data.synthetic
        labels = data.value_labels
    else:
        frame, synthetic, labels = data, False, {}
    source = source or "data survei"
    cb = codebook
    n = len(frame)
    ids = _respondent_ids(frame, cb)
    problems = _Problems(ids)

    known = set(cb.known_columns())
    for col in frame.columns:
        if col not in known:
            problems.add(str(col), "kolom tidak dikenal codebook (butir atau karakteristik "
                                   "yang tidak terdaftar)")
    required = [cb.respondent_id] + [d.column for d in cb.domains if d.required] + cb.item_ids
    for col in required:
        if col not in frame.columns:
            problems.add(col, "kolom wajib tidak ada di berkas")

    if cb.respondent_id in frame.columns:
        _check_ids(frame[cb.respondent_id], problems, cb.respondent_id)
    if year is not None and cb.year_column and cb.year_column in frame.columns:
        raw = frame[cb.year_column]
        num = pd.to_numeric(raw, errors="coerce").to_numpy(dtype="float64")
        wrong = num != year
        found = sorted({int(v) for v in num[wrong] if np.isfinite(v) and v == int(v)})
        hint = (f" (berkas berisi tahun {', '.join(map(str, found))}: periksa tahun yang "
                "dipilih atau berkasnya)") if wrong.all() and found else ""
        problems.add_rows(wrong, cb.year_column, raw.to_numpy(),
                          f"tahun survei harus {year}{hint}")

    answers = np.empty((n, len(cb.items)), dtype=np.float32, order="F")
    for j, item in enumerate(cb.items):
        if item.id in frame.columns:
            answers[:, j] = _check_item(frame[item.id], item.id, cb, problems)
        else:
            answers[:, j] = np.nan

    domain_codes = {}
    for dom in cb.domains:
        if dom.column in frame.columns:
            domain_codes[dom.key] = _check_domain(frame[dom.column], dom, problems)
        else:
            domain_codes[dom.key] = np.full(n, -1, dtype=np.int32)

    weights, strata, clusters = _check_design(frame, cb, problems)
    table = problems.table()
    if len(table):
        raise SurveyDataError(source, table)
    return Survey(cb, ids, answers, domain_codes, weights, strata, clusters, source, synthetic,
                  year, labels)


def _respondent_ids(frame: pd.DataFrame, cb: Codebook) -> np.ndarray:
    """Ids as text; a blank id becomes '#<row>' so problems can still name the row."""
    if cb.respondent_id not in frame.columns:
        return np.array([f"#{i + 1}" for i in range(len(frame))], dtype=object)
    col = frame[cb.respondent_id]
    if pd.api.types.is_float_dtype(col):
        col = col.map(_show, na_action="ignore")
    blank = col.isna().to_numpy()
    out = col.astype(str).to_numpy(dtype=object)
    for i in np.flatnonzero(blank):
        out[i] = f"#{i + 1}"
    return out


def _check_ids(col: pd.Series, problems: _Problems, name: str) -> None:
    problems.add_rows(col.isna().to_numpy(), name, col, "id responden kosong")
    if not col.is_unique:
        dup = col.duplicated(keep=False).to_numpy() & col.notna().to_numpy()
        problems.add_rows(dup, name, col, "id responden ganda")


def _check_item(col: pd.Series, name: str, cb: Codebook, problems: _Problems) -> np.ndarray:
    scale, missing = cb.scale, cb.missing
    if pd.api.types.is_integer_dtype(col) and not col.hasnans:  # fast path, e.g. int8 codes
        x = col.to_numpy()
        in_scale = (x >= scale.min) & (x <= scale.max)
        bad = ~in_scale
        outside = np.flatnonzero(bad)
        bad[outside] = ~np.isin(x[outside], list(missing.codes))
        if bad.any():
            codes = ", ".join(str(c) for c in missing.codes)
            problems.add_rows(bad, name, x, f"di luar skala {scale.min}-{scale.max}" + (
                f" dan bukan kode tidak-menjawab ({codes})" if codes else ""))
        out = x.astype(np.float32)
        out[~in_scale] = np.nan
        return out
    if pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col):
        num = col.to_numpy(dtype="float64", na_value=np.nan)
        blank = np.isnan(num)
    else:
        num = pd.to_numeric(col, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
        blank = col.isna().to_numpy() | (col.astype(str).str.strip() == "").to_numpy()
        bad = np.isnan(num) & ~blank
        problems.add_rows(bad, name, col, "jawaban bukan angka")
    finite = ~np.isnan(num)
    integral = np.zeros_like(finite)
    integral[finite] = num[finite] == np.round(num[finite])
    problems.add_rows(finite & ~integral, name, num, "jawaban harus bilangan bulat (kode skala)")
    is_missing_code = np.isin(num, list(missing.codes)) if missing.codes else np.zeros_like(finite)
    in_scale = (num >= scale.min) & (num <= scale.max)
    codes = ", ".join(str(c) for c in missing.codes)
    rule = f"di luar skala {scale.min}-{scale.max}" + (
        f" dan bukan kode tidak-menjawab ({codes})" if codes else "")
    problems.add_rows(finite & integral & ~in_scale & ~is_missing_code, name, num, rule)
    out = np.where(in_scale & integral, num, np.nan)
    return out.astype(np.float32)


def _check_domain(col: pd.Series, dom: Domain, problems: _Problems) -> np.ndarray:
    values = col  # shown in problems as given
    blank = col.isna().to_numpy()
    if dom.numeric:
        num = pd.to_numeric(col, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
        problems.add_rows(np.isnan(num) & ~blank, dom.column, values, "harus berupa angka")
        lo = -np.inf if dom.min is None else dom.min
        hi = np.inf if dom.max is None else dom.max
        out_of_range = ~np.isnan(num) & ((num < lo) | (num > hi))
        problems.add_rows(out_of_range, dom.column, values,
                          f"di luar rentang {_show(float(lo))}-{_show(float(hi))}")
        if dom.required:
            problems.add_rows(blank, dom.column, values, "wajib diisi")
        codes = np.searchsorted(np.asarray(dom.breaks, dtype=float), num, side="right")
        return np.where(np.isnan(num) | out_of_range, -1, codes).astype(np.int32)
    known = pd.Index(dom.values)
    if isinstance(col.dtype, pd.CategoricalDtype):  # fast path for large frames
        lookup = known.get_indexer(col.cat.categories.astype(str))
        raw_codes = col.cat.codes.to_numpy()
        codes = np.where(raw_codes >= 0, lookup[raw_codes], -1).astype(np.int32)
    else:
        text = col.astype(object).where(col.notna(), None)
        text = text.map(lambda v: v.strip() if isinstance(v, str) else v, na_action="ignore")
        codes = known.get_indexer(text.astype(object)).astype(np.int32)
        blank = blank | (text == "").to_numpy()
    shown = ", ".join(dom.values) if len(dom.values) <= 8 else (
        f"{len(dom.values)} nilai di codebook, domain '{dom.key}'")
    problems.add_rows((codes < 0) & ~blank, dom.column, values,
                      f"nilai tidak dikenal (yang sah: {shown})")
    if dom.required:
        problems.add_rows(blank, dom.column, values, "wajib diisi")
    return codes


def _check_design(frame: pd.DataFrame, cb: Codebook, problems: _Problems
                  ) -> tuple[np.ndarray | None, pd.Categorical | None, pd.Categorical | None]:
    d = cb.design
    weights = strata = clusters = None
    if d.weight and d.weight in frame.columns:
        raw = frame[d.weight]
        weights = pd.to_numeric(raw, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
        bad = ~(weights > 0) | ~np.isfinite(weights)
        problems.add_rows(bad, d.weight, raw,
                          "bobot rancangan harus bilangan lebih dari 0")
    for name, kind in ((d.stratum, "strata"), (d.cluster, "klaster")):
        if name and name in frame.columns:
            col = frame[name]
            blank = col.isna().to_numpy()
            problems.add_rows(blank, name, col,
                              f"{kind} wajib diisi bila kolom rancangan ini dipakai")
            labels = pd.Categorical(col.astype(str) if blank.any() else col)
            labels = labels.rename_categories([str(c) for c in labels.categories])
            if kind == "strata":
                strata = labels
            else:
                clusters = labels
    if strata is not None and clusters is not None:
        _check_nesting(strata, clusters, d.cluster or "", problems)
    return weights, strata, clusters


def _check_nesting(strata: pd.Categorical, clusters: pd.Categorical, column: str,
                   problems: _Problems) -> None:
    """Each cluster code must belong to one stratum (codes are not reused across strata)."""
    n_strata = max(len(strata.categories), 1)
    pairs = np.unique(clusters.codes.astype(np.int64) * n_strata + strata.codes)
    cluster_of_pair = pairs // n_strata
    counts = np.bincount(cluster_of_pair, minlength=len(clusters.categories))
    for c in np.flatnonzero(counts > 1):
        in_strata = [str(strata.categories[p % n_strata]) for p in pairs[cluster_of_pair == c]]
        row = int(np.flatnonzero(clusters.codes == c)[0])
        problems.add(column, "klaster yang sama muncul di lebih dari satu strata ("
                     + ", ".join(in_strata) + "); beri kode klaster unik", row,
                     clusters.categories[c])
