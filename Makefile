# The SESN Portal's everyday commands. `make run` and `make test` do all the set-up themselves.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup install assets migrate seed lint format migrations-check e2e-browser screenshots bench clean worker

run: setup ## Set up, then serve the portal on http://127.0.0.1:8000
	$(PY) manage.py runserver $(HOST):$(PORT)

test: setup ## Set up, then run the whole test suite
	$(PY) -m pytest

setup: install assets migrate seed

worker: install ## A Celery worker that renders reports (needs CELERY_BROKER_URL; docs/operations.md)
	$(VENV)/bin/celery -A core.tasks_app worker --pool=threads --concurrency=2 --loglevel=INFO

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

assets: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

migrate: install assets
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py load_seed_records

lint: install ## ruff: lint and formatting
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: install ## Fails if a model change has no migration
	$(PY) manage.py makemigrations --check --dry-run

screenshots: setup ## Screenshots of the home and workshop pages into docs/screenshots/
	$(PY) docs/screenshots/make_screenshots.py

e2e-browser: ## Install Debian's Chromium for the browser tests (needs root)
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache
