"""``lkjip template OUT.xlsx [--opd SLUG]``: the input workbook, empty or with a dataset."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lkjip_nb.excel.cli import add_data_argument


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", metavar="OUT.xlsx", help="buku kerja yang dibuat (.xlsx)")
    parser.add_argument("--opd", default=None, metavar="SLUG",
                        help="isi buku kerja dengan dataset OPD ini (tanpa --opd: kosong)")
    add_data_argument(parser)


def run(args: argparse.Namespace) -> int:
    from lkjip_nb.data import DataValidationError, load_dataset, resolve_opd
    from lkjip_nb.excel.problems import ExcelError
    from lkjip_nb.excel.template import write_template

    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise ExcelError(f"{out.name}: nama buku kerja harus berakhiran .xlsx")
    if args.opd is None:
        write_template(out)
        print(f"Buku kerja kosong {out} dibuat; isi lalu impor dengan: lkjip import {out} "
              "--opd <nama-opd>")
        return 0
    slug = resolve_opd(args.data, args.opd)
    write_template(out, Path(args.data) / slug, slug)
    print(f"Buku kerja {out} dibuat, diisi dengan dataset {slug}; setelah diubah, impor dengan: "
          f"lkjip import {out} --opd {slug}")
    try:
        load_dataset(args.data, slug)
    except DataValidationError as exc:
        print(f"Catatan: dataset {slug} belum valid ({len(exc.problems)} masalah); buku kerja "
              "diisi apa adanya dan masalahnya dilaporkan per sel saat diimpor.", file=sys.stderr)
    return 0
