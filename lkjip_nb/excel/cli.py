"""Shared pieces of the Excel subcommands (``lkjip template``, ``import``, ``export``, ``new``,
``new-year``); each subcommand's ``add_arguments``/``run`` lives in its own ``cli_*`` module."""

from __future__ import annotations

import argparse

DATA_HELP = ("folder berisi dataset OPD, satu subfolder per OPD (bawaan: data/ di folder kerja)")
PARAMS_HELP = ("folder berkas parameter per tahun, <tahun>.yaml (bawaan: params/ di folder "
               "kerja); berkas yang sudah ada tidak diubah")


def add_data_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", default="data", metavar="DIR", help=DATA_HELP)


def add_params_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--params", default="params", metavar="DIR", help=PARAMS_HELP)


def files_sentence(names: list[str]) -> str:
    """'3 berkas (a, b, c)' or 'tidak ada berkas'."""
    return f"{len(names)} berkas ({', '.join(names)})" if names else "tidak ada berkas"


#: The lines for ``lkjip_nb.cli.SUBCOMMANDS`` (subcommand -> (module, help)).
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "template": ("lkjip_nb.excel.cli_template",
                 "buat buku kerja Excel masukan, kosong atau berisi dataset sebuah OPD"),
    "import": ("lkjip_nb.excel.cli_import",
               "tulis dataset OPD dari buku kerja Excel; semua lembar diperiksa dulu"),
    "export": ("lkjip_nb.excel.cli_export",
               "tulis semua tabel hasil hitung satu tahun ke buku kerja Excel"),
    "new": ("lkjip_nb.excel.cli_new", "buat dataset kosong dan parameter untuk OPD baru"),
    "new-year": ("lkjip_nb.excel.cli_new_year",
                 "mulai tahun baru dari tahun sebelumnya (pohon program dan target Renstra)"),
}
