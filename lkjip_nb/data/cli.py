"""``lkjip validate``: check every file of an agency's dataset and print every problem; non-zero
exit on failure.

Every file means the tables and profile.yaml (:func:`lkjip_nb.data.load_dataset`) and, when the
agency has a survey folder (``<data>/<opd>/iks/``), its codebook and each survey file, checked
the way ``lkjip iks`` and the survey chapter read them (:mod:`lkjip_nb.iks`). A command-line face
may wire both; the data layer itself knows nothing of surveys.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lkjip_nb.data.catalog import resolve_opd
from lkjip_nb.data.loader import load_dataset
from lkjip_nb.data.problems import DataValidationError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from lkjip_nb.cli import add_dataset_arguments

    add_dataset_arguments(parser)


def _separator_hint(frame, label: str) -> str | None:
    """A survey CSV read as one column named like ``id;umur;...``: saved with semicolons."""
    if len(frame.columns) == 1:
        name = str(frame.columns[0])
        for sep, what in ((";", "titik koma (;)"), ("\t", "tab"), ("|", "garis tegak (|)")):
            if sep in name:
                return (f"{label}: berkas memakai {what} sebagai pemisah kolom; simpan ulang "
                        "sebagai CSV dengan pemisah koma (di Excel: 'CSV UTF-8 (Comma "
                        "delimited)', dengan 'Pemisah daftar' Windows diubah menjadi koma)")
    return None


def survey_problems(data_dir: str | Path, opd: str) -> tuple[list[str], list[int]]:
    """Problems of the agency's survey folder (codebook, then every survey file against it and
    the year in its name), one text each; and the years whose survey file is valid."""
    from lkjip_nb.errors import LkjipError
    from lkjip_nb.iks.readers import read_survey
    from lkjip_nb.iks.sources import CODEBOOK_FILE, iks_folder, resolve_codebook, survey_files
    from lkjip_nb.iks.validate import validate_survey

    folder = iks_folder(data_dir, opd)
    if not folder.is_dir():
        return [], []
    files = survey_files(data_dir, opd)
    codebook_path = folder / CODEBOOK_FILE
    if not files and not codebook_path.exists():
        return [], []
    label = f"{opd}/{folder.name}"
    try:
        codebook = resolve_codebook(data_dir, opd)
    except (LkjipError, OSError, UnicodeDecodeError, ValueError) as exc:
        reason = f"{exc}" if isinstance(exc, LkjipError) else f"tidak terbaca ({exc})"
        return [f"{label}/{CODEBOOK_FILE}: {reason}"], []
    problems: list[str] = []
    good: list[int] = []
    for year, paths in sorted(files.items()):
        for path in paths:
            where = f"{label}/{path.name}"
            try:
                raw = read_survey(path, codebook)
                hint = _separator_hint(raw.frame, where)
                if hint:
                    problems.append(hint)
                    continue
                validate_survey(raw, codebook, year=year, source=where)
            except (LkjipError, OSError, UnicodeDecodeError, ValueError) as exc:
                problems.append(str(exc) if isinstance(exc, LkjipError)
                                else f"{where}: tidak terbaca ({exc})")
                continue
            good.append(year)
    return problems, good


def run(args: argparse.Namespace) -> int:
    """Validate the dataset and its survey files; 0 when all are valid, else 1."""
    opd = resolve_opd(args.data, args.opd)
    failed = False
    try:
        ds = load_dataset(args.data, opd)
    except DataValidationError as exc:
        print(exc.report(), file=sys.stderr)
        ds, failed = None, True
    problems, surveys = survey_problems(args.data, opd)
    if problems:
        print(f"Berkas survei {opd} tidak valid: {len(problems)} masalah ditemukan.",
              file=sys.stderr)
        for problem in problems:
            print("- " + problem.replace("\n", "\n  "), file=sys.stderr)
        failed = True
    if failed or ds is None:
        return 1
    rows = sum(len(t) for t in ds.tables.values())
    years = ", ".join(map(str, ds.report_years))
    synthetic = " Data sintetis (bukan data resmi)." if ds.synthetic else ""
    survey = (f" Survei IKS: {len(surveys)} berkas valid (tahun "
              f"{', '.join(map(str, sorted(set(surveys))))})." if surveys else "")
    print(f"Dataset {ds.opd} valid: {len(ds.files)} berkas, {rows} baris, tahun laporan {years}."
          + synthetic + survey)
    return 0
