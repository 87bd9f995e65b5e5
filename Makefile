# dossier — make help lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA ?= archive_data
APT_PACKAGES_FONTS := fonts-noto-cjk fonts-arphic-ukai fontconfig
# WeasyPrint's native libraries, the PDF checkers the tests use, and the browser for the search tests.
APT_PACKAGES_TEST := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils qpdf chromium
# LibreOffice (84 MB download, 259 MB installed) converts .doc/.wps/.rtf/.odt for `dossier import` and checks
# that exported .docx files open; its tests add ~6 s and skip ("libreoffice not installed") without it.
APT_PACKAGES_TEST += libreoffice-writer-nogui libreoffice-calc-nogui

.PHONY: help setup fonts sysdeps demo check report site binders test lint bench clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP) fonts  ## create .venv with the pinned packages and the CJK fonts (idempotent)

fonts:  ## install the CJK fonts with apt when fc-list finds none
	@if ! fc-list :lang=zh 2>/dev/null | grep -q .; then \
	  echo "No Chinese fonts found (fc-list :lang=zh): installing $(APT_PACKAGES_FONTS)"; \
	  $(call apt_install,$(APT_PACKAGES_FONTS)) ; \
	fi

sysdeps: fonts  ## install the system packages the tests use (poppler, qpdf, chromium, libreoffice) when missing
	@missing=""; for p in $(APT_PACKAGES_TEST); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "Installing:$$missing"; $(call apt_install,$$missing); fi

define apt_install
	if [ "$$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else \
	  echo "error: need root (or sudo) to run: apt-get install $(1)" >&2; exit 1; fi; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $(1) >/dev/null \
	  || { echo "error: apt-get install $(1) failed; install these packages and run make again" >&2; exit 1; }
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

test: setup sysdeps  ## run the whole test suite
	$(BIN)/python -m pytest -n 2 --dist loadfile -q

lint: setup  ## ruff and mypy
	$(BIN)/ruff check generator tests bench
	$(BIN)/ruff format --check generator tests bench
	$(BIN)/mypy

bench: setup sysdeps  ## time builds of 1,000, 2,000 and 10,000 synthetic records against bare MkDocs (~30 min)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:  ## remove build outputs (not the venv)
	rm -rf site dist .pytest_cache
