# dossier — make help lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA ?= archive_data
# System packages, installed with apt (as root or with sudo) when dpkg does not list them; each list is one
# word per package, so a later need is one more `+=` line.
# Runtime (`make setup`, `make demo`): the libraries WeasyPrint loads (generator/binders/native.py names the
# same ones; libharfbuzz-subset0 keeps font subsetting out of Python, which makes the first binders build
# about ten times faster), fontconfig and the CJK fonts of the binders.
APT_PACKAGES_RUNTIME := libglib2.0-0 libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0
APT_PACKAGES_RUNTIME += libfontconfig1 fontconfig fonts-noto-cjk fonts-arphic-ukai
# LibreOffice (Writer, Calc, Impress; ~300 MB installed) prints attached Word, WPS, Excel and PowerPoint files
# in the binders (generator/media/office.py names the same packages) and converts .doc/.wps/.rtf/.odt for
# `dossier import`.
APT_PACKAGES_RUNTIME += libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui
# Test-only (`make test`): the PDF checkers, Chromium for the search tests and libatomic1, which Playwright's
# bundled node driver needs to start it.
APT_PACKAGES_TEST := poppler-utils qpdf chromium libatomic1
# LibreOffice (a runtime package above) also checks that exported .docx files open, and Calc reads the XLSX
# downloads back as a spreadsheet user would.

.PHONY: help setup sysdeps testdeps demo check report site binders test lint bench clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $(STAMP)

setup: sysdeps $(STAMP)  ## create .venv with the pinned packages; install the system packages the demo needs

sysdeps:  ## install (apt) the system libraries and CJK fonts that dossier needs, when missing
	@$(call apt_install_missing,$(APT_PACKAGES_RUNTIME))

testdeps: sysdeps  ## install (apt) what the tests use besides: poppler, qpdf, chromium, libreoffice…
	@$(call apt_install_missing,$(APT_PACKAGES_TEST))

# Installs those of the packages $(1) that dpkg does not list as installed; nothing (not even apt-get update)
# when all are. Needs root or sudo only when something is missing.
define apt_install_missing
	if ! command -v dpkg-query >/dev/null; then \
	  echo "note: not a Debian system (no dpkg-query): make sure these are installed: $(strip $(1))" >&2; exit 0; fi; \
	missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q ' installed$$' || missing="$$missing $$p"; done; \
	[ -z "$$missing" ] && exit 0; \
	if [ "$$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else \
	  echo "error: these system packages are missing:$$missing" >&2; \
	  echo "error: run make as root or install sudo, or ask an administrator to run: apt-get install$$missing" >&2; \
	  exit 1; fi; \
	echo "Installing system packages:$$missing"; \
	$$SUDO apt-get update -qq \
	  && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null \
	  || { echo "error: apt-get install$$missing failed; install these packages and run make again" >&2; exit 1; }
endef

demo: setup  ## validate the demo archive and build the site and binders from it
	$(BIN)/dossier check --data $(DATA)
	$(BIN)/dossier binders --data $(DATA)
	$(BIN)/dossier site --data $(DATA) --binders dist/binders
	$(BIN)/dossier report --data $(DATA) --format html --out dist/report.html
	@echo
	@echo "Website:  site/index.html (open it in a browser, or copy site/ to a USB stick)"
	@echo "Binders:  dist/binders/*.pdf (print and box; spine labels in dist/binders/spine-labels.pdf)"
	@echo "Report:   dist/report.html (迎检准备: gaps, overdue rectifications)"

check: setup  ## validate the archive in DATA (default archive_data/)
	$(BIN)/dossier check --data $(DATA)

report: setup  ## readiness report of DATA: indicators without evidence, overdue rectifications…
	$(BIN)/dossier report --data $(DATA)

site: setup  ## build the website of DATA into site/ (open site/index.html, or serve it)
	$(BIN)/dossier site --data $(DATA)

binders: setup  ## render the PDF binders of DATA into dist/binders/ (print and box them)
	$(BIN)/dossier binders --data $(DATA)

test: setup testdeps  ## run the whole test suite
	$(BIN)/python -m pytest -n 2 --dist loadfile -q

lint: setup  ## ruff and mypy
	$(BIN)/ruff check generator tests bench
	$(BIN)/ruff format --check generator tests bench
	$(BIN)/mypy

bench: setup testdeps  ## time builds of 1,000, 2,000 and 10,000 synthetic records against bare MkDocs, and dossier ocr (~30 min)
	$(BIN)/python bench/run.py --ocr $(BENCH_ARGS)

clean:  ## remove build outputs (not the venv)
	rm -rf site dist .pytest_cache
