"""``lkjip run``: execute the chapter notebooks for every year and render HTML/PDF, the
combined report (also as Word) and the year's Excel export."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from lkjip_nb.errors import ParameterError

#: What ``--formats`` may name: chapter and report HTML and PDF, the combined report as Word,
#: the year's computed tables as an Excel workbook; the default makes all but Word.
FORMAT_CHOICES = ("html", "pdf", "docx", "xlsx")
DEFAULT_FORMATS = ("html", "pdf", "xlsx")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``lkjip run``."""
    from lkjip_nb.cli import add_dataset_arguments

    add_dataset_arguments(parser, several=True)
    parser.add_argument("--years", nargs="+", type=int, metavar="TAHUN",
                        help="tahun yang dijalankan (bawaan: semua berkas <tahun>.yaml di "
                             "--params; tanpa berkas itu, setiap tahun yang memiliki "
                             "realisasi IKU dalam dataset)")
    parser.add_argument("--chapters", nargs="+", metavar="BAB",
                        help="bab yang dijalankan, mis. planning indicators (bawaan: semua)")
    parser.add_argument("--formats", nargs="+", choices=FORMAT_CHOICES,
                        default=list(DEFAULT_FORMATS),
                        help="format dokumen (bawaan: html pdf xlsx); docx: laporan gabungan "
                             "juga sebagai dokumen Word lkjip-<tahun>.docx (perlu pandoc); "
                             "xlsx: tabel hasil hitung tahun itu dalam buku kerja Excel "
                             "lkjip-<tahun>.xlsx, seperti lkjip export")
    parser.add_argument("--final", action="store_true",
                        help="laporan final: teks OPD yang belum diisi (narasi/<tahun>/*.md, "
                             "penanda tangan) menggagalkan bab itu, bukan ditampilkan sebagai "
                             "[belum diisi: ...]")
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1, metavar="N",
                        help="notebook yang dieksekusi bersamaan (bawaan: jumlah inti CPU)")
    parser.add_argument("--force", action="store_true",
                        help="eksekusi ulang semuanya walau tidak ada yang berubah")
    parser.add_argument("--out", default="outputs", metavar="DIR",
                        help="folder hasil (bawaan: outputs/)")
    parser.add_argument("--notebooks", default=None, metavar="DIR",
                        help="folder notebook bab (bawaan: notebook bab yang terpasang "
                             "bersama paket)")
    parser.add_argument("--params", default="params", metavar="DIR",
                        help="folder berkas parameter per tahun, <tahun>.yaml (bawaan: "
                             "params/ di folder kerja; boleh tidak ada: tahunnya lalu diambil "
                             "dari dataset, yaitu setiap tahun yang memiliki realisasi IKU, "
                             "dengan parameter bawaan)")
    parser.add_argument("--scheduler", metavar="ALAMAT",
                        help="jalankan di klaster Dask yang sudah ada, mis. tcp://10.0.0.5:8786 "
                             "(--out harus folder bersama)")
    parser.add_argument("--browser", metavar="PATH",
                        help="Chromium untuk PDF (bawaan: $LKJIP_CHROMIUM atau chromium di PATH)")
    parser.add_argument("--timeout", type=int, metavar="DETIK",
                        help="batas waktu per sel notebook (bawaan: tanpa batas)")
    parser.add_argument("--no-zygote", action="store_true",
                        help="mulai setiap kernel dari awal, tanpa zygote yang mem-fork kernel "
                             "(juga LKJIP_NO_ZYGOTE=1)")
    parser.add_argument("--verbose", "-v", action="store_true",
                        help="tampilkan kemajuan per sel dan keluaran notebook (papermill)")
    parser.add_argument("--quiet", "-q", action="store_true",
                        help="tanpa bilah kemajuan; hanya ringkasan")


def options_from(args: argparse.Namespace):
    """RunOptions from parsed arguments."""
    from lkjip_nb.data.catalog import check_slug
    from lkjip_nb.registry import NOTEBOOK_DIR
    from lkjip_nb.runner.batch import RunOptions

    if args.jobs < 1:
        raise ParameterError("--jobs harus paling sedikit 1")
    opds = args.opd if isinstance(args.opd, list) or args.opd is None else [args.opd]
    for slug in opds or ():
        if slug != "all":
            check_slug(slug, "--opd")  # before any folder is made of it
    return RunOptions(
        data_dir=Path(args.data), opds=opds, years=args.years, chapters=args.chapters,
        formats=tuple(dict.fromkeys(args.formats)), jobs=args.jobs, force=args.force,
        out_dir=Path(args.out),
        notebooks_dir=Path(args.notebooks) if args.notebooks else NOTEBOOK_DIR,
        params_dir=Path(args.params), scheduler=args.scheduler, browser=args.browser,
        verbose=args.verbose, timeout=args.timeout, progress=not args.quiet,
        zygote=not args.no_zygote, final=args.final)


def run(args: argparse.Namespace) -> int:
    """Run the batch, print the summary; 1 if any notebook failed or a dataset is not valid,
    else 0 (chapters that do not apply are no failure)."""
    from lkjip_nb.runner.batch import run_batch
    from lkjip_nb.runner.summary import summary_table

    report = run_batch(options_from(args))
    if report.results or not report.bad_datasets:
        print(summary_table(report.results))
    if report.pdf.notice:
        print(report.pdf.notice)
    for pdf, error in report.pdf.errors:
        print(f"PDF gagal dibuat: {pdf}: {error}")
    if report.docx is not None and report.docx.notice:
        print(report.docx.notice)
    for docx, error in report.docx.errors if report.docx is not None else []:
        print(f"Dokumen Word gagal dibuat: {docx}: {error}")
    for xlsx, error in report.xlsx_errors:
        print(f"Buku kerja Excel gagal dibuat: {xlsx}: {error}")
    if report.bad_datasets:
        print("Dataset tidak valid, tidak dijalankan: " + ", ".join(report.bad_datasets)
              + " (rinciannya di atas; periksa dengan lkjip validate)")
    if report.unwritable:
        more = len(report.unwritable) - 1
        print("Hasil tidak bisa ditulis: " + report.unwritable[0]
              + (f" (dan {more} berkas lain)" if more else ""))
    if report.indexes:
        print(f"Indeks: {report.indexes[-1]}")
    failed = (report.failed or report.pdf.errors or report.bad_datasets or report.unwritable
              or (report.docx is not None and report.docx.errors) or report.xlsx_errors)
    sys.stdout.flush()
    return 1 if failed else 0
