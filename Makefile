# Self-documenting Makefile: `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Every package .venv holds, with its exact version and hashes (`make lock` rewrites it).
LOCK := requirements.lock
# The locking tool's options: every platform's markers, Python 3.11 and up, hashes of every file.
LOCK_OPTIONS := --universal --python-version 3.11 --generate-hashes --custom-compile-command "make lock"
# `make lock UPGRADE=1` moves every package to its newest version; UPGRADE="plotly pandas" some.
UPGRADE ?=
ifeq ($(UPGRADE),1)
UPGRADE_OPTIONS := --upgrade
else
UPGRADE_OPTIONS := $(addprefix --upgrade-package=,$(UPGRADE))
endif
KERNEL := la-ice-protests
# Test processes (pytest-xdist): one per core; `make test TEST_JOBS=0` runs the suite in one process.
TEST_JOBS ?= auto
# Node packages of the browser tests (axe-core), from tests/package-lock.json; offline once here.
NODE_STAMP := tests/node_modules/.installed

.DEFAULT_GOAL := help
.PHONY: help venv lock report test lint lab bench validate clean node plotlyjs

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

# Built afresh from the lock whenever it (or pyproject.toml) changes: exactly the locked
# packages, every file checked against its hash, wheels only; then the project itself, editable,
# with the locked setuptools and nothing else fetched.
$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv --clear $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes \
		--only-binary :all: -r $(LOCK)
	PYTHONWARNINGS=ignore::UserWarning $(PY) -m pip install --quiet --disable-pip-version-check \
		--no-deps --no-build-isolation --no-index -e .  # (setuptools' notice on editable installs)
	$(PY) -m ipykernel install --sys-prefix --name $(KERNEL) \
		--display-name "Python (LA ICE protests)" --env PLOTLY_RENDERER notebook \
		--env MPLBACKEND Agg --env PYTHONHASHSEED 0 >/dev/null
	-$(VENV)/bin/nbstripout --install >/dev/null 2>&1
	touch $(STAMP)

venv: $(STAMP) ## Create the project-local virtual environment (.venv) from requirements.lock

# uv comes from .venv (pinned in the lock): an existing .venv is used as it is, not rebuilt first.
$(VENV)/bin/uv:
	$(MAKE) venv

lock: | $(VENV)/bin/uv ## Update requirements.lock from pyproject.toml (UPGRADE=1: newest versions)
	$(VENV)/bin/uv pip compile pyproject.toml requirements-tools.in --extra test --extra bench \
		$(LOCK_OPTIONS) $(UPGRADE_OPTIONS) --quiet --output-file $(LOCK)

validate: $(STAMP) ## Validate data/events.csv and its companions
	$(PY) -m analysis validate

report: $(STAMP) ## Regenerate every report into reports/ (skips unchanged ones; NAMES="a b" for some)
	$(PY) -m analysis report $(NAMES)

$(NODE_STAMP): tests/package.json tests/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --prefix tests --no-audit --no-fund --loglevel=error && touch $(NODE_STAMP); \
	else \
		echo "npm not found: the accessibility checks (axe-core) will be skipped"; \
	fi

node: $(NODE_STAMP) ## Install the browser tests' Node packages (axe-core) with npm ci

plotlyjs: ## Refresh the vendored plotly.js basic bundle from npm's locked copy (after a plotly upgrade)
	npm ci --prefix tests --no-audit --no-fund --loglevel=error && touch $(NODE_STAMP)
	cp tests/node_modules/plotly.js-basic-dist-min/plotly-basic.min.js analysis/report/assets/
	cp tests/node_modules/plotly.js-basic-dist-min/LICENSE analysis/report/assets/plotly-basic.LICENSE

test: $(STAMP) $(NODE_STAMP) ## Run the whole test suite (includes notebooks and a headless-browser check)
	$(PY) -m ruff check analysis tests benchmarks
	$(PY) -m pytest -n $(TEST_JOBS) --dist loadgroup

lint: $(STAMP) ## Ruff lint and format check
	$(PY) -m ruff check analysis tests benchmarks
	$(PY) -m ruff format --check analysis tests benchmarks

lab: $(STAMP) ## Open JupyterLab on the notebooks with the project's kernel
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks

bench: $(STAMP) ## Run the benchmarks and print one table
	$(PY) benchmarks/run.py

clean: ## Remove generated reports and caches (keeps .venv)
	rm -rf reports/* .pytest_cache .ruff_cache
