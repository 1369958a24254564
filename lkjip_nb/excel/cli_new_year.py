"""``lkjip new-year --opd SLUG YEAR``: start a year from the previous one."""

from __future__ import annotations

import argparse
import sys

from lkjip_nb.excel.cli import add_data_argument, add_params_argument


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("year", type=int, metavar="TAHUN", help="tahun yang dimulai")
    parser.add_argument("--opd", required=True, metavar="SLUG",
                        help="dataset OPD yang diberi tahun baru")
    add_data_argument(parser)
    parser.add_argument("--from", dest="source_year", type=int, default=None, metavar="TAHUN",
                        help="tahun asal pohon program dan target (bawaan: tahun terakhir "
                             "sebelumnya yang memiliki program)")
    add_params_argument(parser)


def run(args: argparse.Namespace) -> int:
    from lkjip_nb.data import DataValidationError
    from lkjip_nb.excel.scaffold import new_year

    try:
        made = new_year(args.data, args.opd, args.year, source_year=args.source_year,
                        params_dir=args.params)
    except DataValidationError as exc:
        print(exc.report(), file=sys.stderr)
        return 2
    added = ", ".join(f"{n} baris {t}" for t, n in made.added.items())
    print(f"Tahun {made.year} dataset {made.opd} dimulai dari tahun {made.source_year}: {added}. "
          "Realisasi dan angka tercetak dikosongkan; anggaran dan realisasi sub kegiatan diisi 0 "
          f"sampai angka DPA {made.year} dimasukkan.")
    if made.outside_renstra:
        print(f"Catatan: tahun {made.year} di luar periode Renstra; target Renstra tidak disalin.")
    if made.params is not None:
        print(f"Berkas parameter {made.params} dibuat.")
    return 0
