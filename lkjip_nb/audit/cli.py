"""``lkjip audit``: every printed figure of a year's report against the data; exit status 1
when a figure contradicts the data (unless --no-fail), for a CI to gate on."""

from __future__ import annotations

import argparse
import sys

from lkjip_nb.audit.export import summary_line, to_csv, to_json, to_table
from lkjip_nb.audit.finding import has_errors
from lkjip_nb.audit.run import audit
from lkjip_nb.data import DataValidationError, load_dataset


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from lkjip_nb.cli import add_dataset_arguments

    add_dataset_arguments(parser)
    parser.add_argument("--year", type=int, default=None, metavar="TAHUN",
                        help="tahun laporan (bawaan: tahun laporan terakhir dalam dataset)")
    parser.add_argument("--format", choices=("table", "json", "csv"), default="table",
                        help="bentuk keluaran (bawaan: table)")
    parser.add_argument("--no-fail", action="store_true",
                        help="selalu keluar dengan status 0, juga bila ada kesalahan")


def run(args: argparse.Namespace) -> int:
    try:
        dataset = load_dataset(args.data, args.opd)
    except DataValidationError as exc:
        print(exc.report(), file=sys.stderr)
        return 2
    year = args.year if args.year is not None else (dataset.report_years or [None])[-1]
    if year is not None:
        dataset.for_year(int(year))  # a year the dataset does not report on stops here
    findings = audit(dataset, year)
    if args.format == "json":
        print(to_json(findings))
    elif args.format == "csv":
        sys.stdout.write(to_csv(findings))
    else:
        print(to_table(findings, f"Audit angka laporan {dataset.name}, tahun {year}"))
    if args.format != "table":
        print(f"Audit {dataset.opd} {year}: {summary_line(findings)}", file=sys.stderr)
    return 1 if has_errors(findings) and not args.no_fail else 0
