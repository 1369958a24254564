"""``lkjip export --opd SLUG --year Y OUT.xlsx``: the year's computed tables as a workbook."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from lkjip_nb.cli import add_dataset_arguments

    parser.add_argument("out", metavar="OUT.xlsx", help="buku kerja yang dibuat (.xlsx)")
    add_dataset_arguments(parser)
    parser.add_argument("--year", type=int, default=None, metavar="TAHUN",
                        help="tahun laporan (bawaan: tahun laporan terakhir dalam dataset)")


def run(args: argparse.Namespace) -> int:
    from lkjip_nb.data import DataValidationError, load_dataset
    from lkjip_nb.excel.export import export_workbook
    from lkjip_nb.excel.problems import ExcelError

    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise ExcelError(f"{out.name}: nama buku kerja harus berakhiran .xlsx")
    try:
        dataset = load_dataset(args.data, args.opd)
    except DataValidationError as exc:
        print(exc.report(), file=sys.stderr)
        return 2
    years = dataset.report_years
    year = args.year if args.year is not None else (years[-1] if years else None)
    if year is None:
        raise ExcelError(f"Dataset {dataset.opd} belum memuat realisasi IKU tahun mana pun")
    export_workbook(dataset, int(year), out)
    synthetic = " (DATA SINTETIS)" if dataset.synthetic else ""
    print(f"Tabel {dataset.name} tahun {year} ditulis ke {out}{synthetic}.")
    return 0
