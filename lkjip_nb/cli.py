"""The ``lkjip`` command: validate, run, audit, the Excel commands, iks. Each subcommand lives in
its own module."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from lkjip_nb.excel.cli import SUBCOMMANDS as EXCEL_SUBCOMMANDS

# subcommand -> (module, help). Each module provides add_arguments(parser) and run(args) -> int.
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("lkjip_nb.data.cli", "periksa dataset sebuah OPD dan laporkan semua masalah"),
    "run": ("lkjip_nb.runner.cli", "jalankan notebook bab per tahun dan buat HTML/PDF"),
    "audit": ("lkjip_nb.audit.cli", "periksa angka laporan terhadap data dan daftar temuannya"),
    **EXCEL_SUBCOMMANDS,
    "iks": ("lkjip_nb.iks.cli", "hitung Indeks Kesalehan Sosial dari data mikro survei"),
}


def add_dataset_arguments(parser: argparse.ArgumentParser, several: bool = False) -> None:
    """--data and --opd, shared by every subcommand; ``several``: --opd takes one or more
    agencies ("all" = every one in --data)."""
    parser.add_argument("--data", default="data", metavar="DIR",
                        help="folder berisi dataset OPD, satu subfolder per OPD "
                             "(bawaan: data/ di folder kerja)")
    if several:
        parser.add_argument("--opd", default=None, nargs="+", metavar="SLUG",
                            help="OPD yang dijalankan, boleh beberapa; 'all' = semua di --data")
    else:
        parser.add_argument("--opd", default=None, metavar="SLUG",
                            help="folder dataset OPD (bawaan: satu-satunya OPD atau OPD contoh)")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; with ``only`` just that subcommand's module is imported (fast)."""
    parser = argparse.ArgumentParser(prog="lkjip", description="LKJIP workbook (lkjip_nb)")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (module_name, help_text) in SUBCOMMANDS.items():
        if only and name != only:
            sub.add_parser(name, help=help_text)
            continue
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and module_name.startswith(exc.name):
                continue  # subcommand not built yet
            raise
        sp = sub.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(sp)
        sp.set_defaults(_module=module)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from lkjip_nb.errors import LkjipError

    argv = list(sys.argv[1:] if argv is None else argv)
    chosen = next((a for a in argv if not a.startswith("-")), None)
    parser = build_parser(chosen if chosen in SUBCOMMANDS else None)
    args = parser.parse_args(argv)
    try:
        return int(args._module.run(args) or 0)
    except LkjipError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("dibatalkan (Ctrl-C)", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
