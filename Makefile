# The SESN Portal's everyday commands. `make run` and `make test` do all the set-up themselves.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve test setup install assets migrate seed lint format migrations-check e2e-browser screenshots bench clean worker

run: setup ## Set up, then serve the portal on http://127.0.0.1:8000
	$(PY) manage.py runserver $(HOST):$(PORT)

# `make serve`: the production configuration (DJANGO_ENV=production, gunicorn.conf.py) run
# locally. What production must be given is set here to local stand-ins, unless already set:
# a key that is no secret, local hosts, the SQLite file, and plain HTTP (no SSL redirect, no
# HSTS). docs/operations.md says what to give a real server instead.
SERVE_ENV = DJANGO_ENV=production \
	SECRET_KEY="$${SECRET_KEY:-local-make-serve-only-not-a-secret-key-0123456789abcdef}" \
	ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}" \
	DATABASE_URL="$${DATABASE_URL:-sqlite:///$(CURDIR)/db.sqlite3}" \
	SECURE_SSL_REDIRECT="$${SECURE_SSL_REDIRECT:-false}" \
	SECURE_HSTS_SECONDS="$${SECURE_HSTS_SECONDS:-0}"

serve: setup ## Set up, then serve the production configuration with gunicorn on http://127.0.0.1:8000
	$(SERVE_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	$(SERVE_ENV) GUNICORN_BIND="$(HOST):$(PORT)" $(VENV)/bin/gunicorn --config gunicorn.conf.py

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
