# The two front doors: `make run` and `make test`. Both set everything up on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.lkjip-installed
# Debian packages the product uses: chromium prints PDFs, poppler-utils lets tests look at them,
# pandoc writes the Word document (--formats docx).
APT_PACKAGES ?= chromium poppler-utils pandoc
# Extra Debian packages only the test suite uses (R's survey package cross-checks the IKS CIs).
TEST_APT_PACKAGES ?= r-cran-survey
RUN_ARGS ?=
TEST_ARGS ?=

.PHONY: setup system-deps test-system-deps run test lint clean

setup: $(STAMP) system-deps

$(STAMP): pyproject.toml
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  echo "python venv module missing: installing python3-venv"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv python3-pip && \
	  $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	@touch $@

system-deps:
	@bash .ci/apt-ensure.sh $(APT_PACKAGES)

test-system-deps:
	@bash .ci/apt-ensure.sh $(TEST_APT_PACKAGES)

run: setup
	$(PY) -m lkjip_nb run $(RUN_ARGS)

test: setup test-system-deps
	$(PY) -m ruff check lkjip_nb tests $(wildcard benchmarks)
	$(PY) -m pytest -n 2 $(TEST_ARGS)

lint: setup
	$(PY) -m ruff check lkjip_nb tests $(wildcard benchmarks)

clean:
	rm -rf $(VENV) outputs/*/ .pytest_cache
