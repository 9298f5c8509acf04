# Self-documenting Makefile: `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
KERNEL := la-ice-protests
# Node packages of the browser tests (axe-core), from tests/package-lock.json; offline once here.
NODE_STAMP := tests/node_modules/.installed

.DEFAULT_GOAL := help
.PHONY: help venv report test lint lab bench validate clean node

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test,bench]'
	$(PY) -m ipykernel install --sys-prefix --name $(KERNEL) \
		--display-name "Python (LA ICE protests)" --env PLOTLY_RENDERER notebook \
		--env MPLBACKEND Agg --env PYTHONHASHSEED 0 >/dev/null
	-$(VENV)/bin/nbstripout --install >/dev/null 2>&1
	touch $(STAMP)

venv: $(STAMP) ## Create the project-local virtual environment (.venv) with the project's kernel

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

test: $(STAMP) $(NODE_STAMP) ## Run the whole test suite (includes notebooks and a headless-browser check)
	$(PY) -m ruff check analysis tests benchmarks
	$(PY) -m pytest

lint: $(STAMP) ## Ruff lint and format check
	$(PY) -m ruff check analysis tests benchmarks
	$(PY) -m ruff format --check analysis tests benchmarks

lab: $(STAMP) ## Open JupyterLab on the notebooks with the project's kernel
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks

bench: $(STAMP) ## Run the benchmarks and print one table
	$(PY) benchmarks/run.py

clean: ## Remove generated reports and caches (keeps .venv)
	rm -rf reports/* .pytest_cache .ruff_cache
