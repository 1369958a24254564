"""``lkjip import FILE.xlsx --opd SLUG``: write a dataset from a workbook, all or nothing."""

from __future__ import annotations

import argparse
import sys

from lkjip_nb.excel.cli import add_data_argument, files_sentence


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE.xlsx", help="buku kerja yang diimpor")
    parser.add_argument("--opd", required=True, metavar="SLUG",
                        help="dataset OPD yang ditulis (dibuat bila belum ada)")
    add_data_argument(parser)


def run(args: argparse.Namespace) -> int:
    from lkjip_nb.excel.importer import import_workbook
    from lkjip_nb.excel.problems import WorkbookInvalid

    try:
        result = import_workbook(args.file, args.data, args.opd)
    except WorkbookInvalid as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    print(f"Dataset {result.opd} ditulis dari {args.file} ({result.rows} baris data): "
          f"{files_sentence(result.changed)} berubah, {len(result.unchanged)} tetap.")
    if result.profile_rewritten:
        print("profile.yaml ditulis ulang dari buku kerja; komentar di berkas lama tidak "
              "terbawa.")
    if result.ignored_sheets:
        print("Lembar yang tidak diimpor: " + ", ".join(result.ignored_sheets) + ".")
    return 0
