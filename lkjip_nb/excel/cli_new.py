"""``lkjip new SLUG --name "..."``: an empty dataset and params for a new agency."""

from __future__ import annotations

import argparse
import datetime as dt

from lkjip_nb.excel.cli import add_data_argument, add_params_argument


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("slug", metavar="SLUG",
                        help="nama folder dataset: huruf kecil, angka, tanda hubung "
                             "(mis. dinkes-kab-contoh)")
    parser.add_argument("--name", required=True, metavar="NAMA",
                        help="nama lengkap perangkat daerah")
    parser.add_argument("--renstra", nargs=2, type=int, metavar=("AWAL", "AKHIR"),
                        help="tahun awal dan akhir Renstra (boleh diisi nanti)")
    parser.add_argument("--year", type=int, default=dt.date.today().year - 1, metavar="TAHUN",
                        help="tahun laporan pertama, untuk berkas parameternya (bawaan: tahun "
                             "lalu)")
    add_data_argument(parser)
    add_params_argument(parser)


def run(args: argparse.Namespace) -> int:
    from lkjip_nb.excel.scaffold import new_agency

    made = new_agency(args.data, args.slug, args.name, year=args.year, params_dir=args.params,
                      renstra=tuple(args.renstra) if args.renstra else None)
    print(f"Dataset {made.opd} dibuat di {made.folder}: {', '.join(made.files)}.")
    if made.params is not None:
        print(f"Berkas parameter {made.params} dibuat.")
    print(f"Langkah berikutnya: lkjip template {made.opd}.xlsx --opd {made.opd} --data "
          f"{args.data}, isi buku kerjanya, lalu lkjip import {made.opd}.xlsx --opd {made.opd} "
          f"--data {args.data}.")
    return 0
