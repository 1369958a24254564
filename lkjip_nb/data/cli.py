"""``lkjip validate``: check a dataset and print every problem; non-zero exit on failure."""

from __future__ import annotations

import argparse
import sys

from lkjip_nb.data.loader import load_dataset
from lkjip_nb.data.problems import DataValidationError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from lkjip_nb.cli import add_dataset_arguments

    add_dataset_arguments(parser)


def run(args: argparse.Namespace) -> int:
    try:
        ds = load_dataset(args.data, args.opd)
    except DataValidationError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    rows = sum(len(t) for t in ds.tables.values())
    years = ", ".join(map(str, ds.report_years))
    synthetic = " Data sintetis (bukan data resmi)." if ds.synthetic else ""
    print(f"Dataset {ds.opd} valid: {len(ds.files)} berkas, {rows} baris, tahun laporan {years}."
          + synthetic)
    return 0
