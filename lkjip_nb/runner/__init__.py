"""Batch runner: every chapter notebook x every year x every agency, executed and rendered.

``lkjip run`` (see :mod:`lkjip_nb.runner.cli`) executes the chapter notebooks
``NN_<chapter>.ipynb`` (by default the package's own, :data:`lkjip_nb.registry.NOTEBOOK_DIR`)
with papermill for each ``params/<year>.yaml`` (without such files: each year the dataset has
realisasi for, with the common parameters only) and each agency folder ``<data>/<opd>/``, then
writes into ``outputs/<opd>/<year>/``, as ``--formats`` asks (html, pdf, docx, xlsx), each
chapter's ``<chapter>.ipynb``, ``.html``, ``-analyst.html`` and ``.pdf``, the combined report
``lkjip-<year>.html``, ``.pdf`` and ``.docx`` (Word), and the year's computed tables as the
workbook ``lkjip-<year>.xlsx``; then ``outputs/<opd>/index.html`` and ``outputs/index.html``.
Nothing depends on the current folder being the checkout.

Planning (:mod:`lkjip_nb.runner.plan`) loads and validates each agency's dataset once
(:mod:`lkjip_nb.runner.applies`). An invalid dataset is reported once, before any kernel starts,
and its agency is not run (exit code 1). A chapter runs for an agency and year only when its
``requires`` (notebook metadata, :mod:`lkjip_nb.registry`) hold for that year's data; otherwise
it is skipped with its reason, recorded (state ``skipped``) and shown on the index as "tidak
berlaku" — not a failure. The combined report of a year holds the chapters built from the
current data (this run's, or an earlier run's from the same data and parameters) and the
failed ones as failed; chapters not selected and not built, or not applicable, are left out.

Conventions other parts of lkjip_nb rely on
-------------------------------------------
* Chapter id = notebook stem without the ``NN_`` prefix; NN orders the combined report.
  Tables/figures are numbered by the chapter's ``bab`` ("Tabel 3.k", "Tabel L.k"), without
  one by ``lkjip_number`` in the notebook metadata, else by NN.
  The title in the notebook's chapter entry (metadata ``lkjip_chapter``) overrides the first
  ``# heading``.
* Parameters: the params file's values, with ``opd`` set to the agency being run and
  ``data_dir`` set to the absolute path of ``--data``; each chapter receives only the names it
  accepts (declared in its notebook, :mod:`lkjip_nb.registry`), checked by
  :func:`lkjip_nb.params.check_parameters` before a kernel starts.
* ``_inputs`` figure: a notebook (or the data loader on its behalf) calls
  ``record("_inputs", [paths...])`` with the data files it read, as paths relative to
  ``<data_dir>/<opd>/`` (``<opd>/...`` relative to ``data_dir`` and absolute paths are
  accepted too). The runner then
  re-executes the notebook only when one of those files changes, or when a file is added to or
  removed from the agency folder. Without ``_inputs`` every file of the agency folder counts.
  Several ``record("_inputs", ...)`` calls: the last one wins, so record the full list.
* Key figures: names not starting with ``_`` are shown on the index page (label, unit).
* Cell metadata ``lkjip.caption`` gives the caption of the table/figure a cell outputs; tags
  ``remove-cell``, ``remove-input``, ``remove-output`` hide parts from readers.

Kernels: each notebook runs in its own process of this interpreter, forked from a per-run
zygote that did the heavy imports once (:mod:`lkjip_nb.runner.zygote`; ``--no-zygote`` for a
plain ``ipykernel_launcher`` per notebook, :mod:`lkjip_nb.runner.kernel`).

Incremental rule: a notebook is executed again when its file, its parameters, the lkjip_nb
sources (except runner/render) or the data it read changed, or its last run failed; an HTML/PDF
is rebuilt when the executed notebook or the rendering code changed. ``--force`` redoes all.
"""
