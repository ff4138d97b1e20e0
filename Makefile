# coproduce: `make run` to start the demo, `make test` to run the whole suite. `make help` lists all.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= coproduce.config.settings.dev

.DEFAULT_GOAL := help
.PHONY: help install run test test-fast lint typecheck format migrations-check lock worker bench e2e messages

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-18s %s\n", $$1, $$2}'

$(BIN)/coproduce: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e '.[dev]'
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

install: $(BIN)/coproduce ## Create the virtualenv and install the pinned dependencies

run: install ## Set up everything (migrate, demo data) and serve on http://127.0.0.1:$(PORT)
	$(BIN)/coproduce demo --port $(PORT)

test: install node_modules/.package-lock.json ## Run the whole suite (lint, migrations check, unit, API, browser)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MAKE) --no-print-directory typecheck
	DJANGO_SETTINGS_MODULE=coproduce.config.settings.test $(BIN)/coproduce makemigrations --check --dry-run
	$(BIN)/python tools/translations.py
	DJANGO_SETTINGS_MODULE=coproduce.config.settings.test $(BIN)/pytest -p no:cacheprovider

test-fast: install ## The suite without the browser tests
	DJANGO_SETTINGS_MODULE=coproduce.config.settings.test $(BIN)/pytest -p no:cacheprovider -m "not e2e"

e2e: install node_modules/.package-lock.json ## Only the browser suite (Playwright + Chromium + axe-core)
	DJANGO_SETTINGS_MODULE=coproduce.config.settings.test $(BIN)/pytest -p no:cacheprovider -m e2e

lint: install ## ruff lint and format check
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

# what mypy checks: the domain code (style.md); a new app's access, selectors and services join
# by their names
TYPED := coproduce/core coproduce/tenancy coproduce/evaluation/stats \
	coproduce/representativeness/stats.py \
	$(filter-out coproduce/core/% coproduce/tenancy/%, \
	  $(wildcard coproduce/*/access.py coproduce/*/selectors.py coproduce/*/services.py))

typecheck: install ## mypy with django-stubs over core, tenancy, stats, every access/selectors/services
	DJANGO_SETTINGS_MODULE=coproduce.config.settings.test $(BIN)/mypy $(TYPED)

format: install ## Format the code
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

worker: install ## Run the background task worker (django-tasks database backend)
	$(BIN)/coproduce db_worker

messages: install ## Extract translatable strings into locale/ (fi, sv)
	cd coproduce && ../$(BIN)/coproduce makemessages -l fi -l sv --ignore '*/tests/*'

lock: ## Re-pin the dependencies after changing pyproject.toml
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/pip freeze --exclude-editable | grep -v '^-e' > requirements.lock

bench: install ## Run the benchmarks on PostgreSQL (see bench/README.md)
	$(BIN)/pip install --quiet -c requirements.lock -e '.[bench]'
	$(BIN)/python -m bench.generate
