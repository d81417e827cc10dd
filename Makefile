# The project's front door. `make run` and `make test` are all a newcomer needs.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# The address printed in the QR code of every paper the demo issues: the one `make run` serves on.
SITE_URL ?= http://$(HOST):$(PORT)
export PYTHON SITE_URL

.PHONY: run test demo lint format deps migrate messages check-messages serve backup restore bench

$(VENV)/.installed: requirements.txt
	@PYTHON=$(PYTHON) scripts/system-packages.sh
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

deps: $(VENV)/.installed

migrate: deps
	@$(PY) manage.py migrate --noinput -v 0

## Load (or reload) the Đắk Nông demo data and print the demo logins.
demo: migrate
	@$(PY) manage.py demo

## Set everything up and serve on http://127.0.0.1:8000
run: demo
	@echo ""
	@echo "Serving on http://$(HOST):$(PORT)/  (Ctrl+C to stop)"
	@$(PY) manage.py runserver --noreload $(HOST):$(PORT)

## Run the whole test suite (integration tests run when CELERY_BROKER_URL is set), one
## worker per core; the tests of one file stay on one worker (they share fixtures and queues).
test: deps
	@PYTHON=$(PYTHON) scripts/system-packages.sh --test
	@$(PY) -m pytest -n auto --dist loadfile

lint: deps
	@$(PY) -m ruff check .
	@$(PY) -m ruff format --check .

format: deps
	@$(PY) -m ruff check --fix .
	@$(PY) -m ruff format .

## Extract and compile the message catalogues (locale/vi, locale/en).
messages: deps
	@$(PY) manage.py makemessages -l vi -l en --no-obsolete --ignore ".venv/*" --ignore "var/*" --ignore "static/vendor/*" --ignore "tests/*"
	@$(PY) manage.py compilemessages --ignore ".venv/*" -v 0

## Back up the database and uploaded files into one archive (var/backups/ unless BACKUP_DIR is set).
backup: deps
	@$(PY) manage.py backup $(BACKUP_DIR)

## Restore an archive made by `make backup`: make restore ARCHIVE=var/backups/thidua-backup-….tar.gz
## [SHA256=…]. It checks every file first and refuses a changed archive. Stop the server first.
restore: deps
	@test -n "$(ARCHIVE)" || { echo "Usage: make restore ARCHIVE=path/to/thidua-backup-....tar.gz [SHA256=...]"; exit 2; }
	@$(PY) manage.py restore "$(ARCHIVE)" $(if $(SHA256),--sha256 $(SHA256))

## Benchmark on a national data set in its own PostgreSQL database (created, generated once,
## reused); prints the table and writes docs/benchmarks.md. BENCH_SCALE=0.01 for a quick try.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/thidua_bench
BENCH_SCALE ?= 1
BENCH_CACHE_URL ?= redis://127.0.0.1:6379/14
bench: deps
	@DATABASE_URL=$(BENCH_DATABASE_URL) CELERY_BROKER_URL= CACHE_URL=$(BENCH_CACHE_URL) LOG_LEVEL=WARNING $(PY) manage.py bench --scale $(BENCH_SCALE) $(BENCH_ARGS)
