# Quick start: `make run` serves the catalogue on http://127.0.0.1:8000, `make test` runs the suite.
# Python: the newest 3.12+ found (Django 6), else python3 (3.11 gets Django 5.2 LTS, see requirements.txt).
PYTHON ?= $(shell sh scripts/find-python.sh)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
WORKERS ?= 2
TIMEOUT ?= 30
STAMP := $(VENV)/.installed

.PHONY: install run test bench lint migrate ingest browsers clean db-stop check-reliability \
	backup restore

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

# After an import the insights page is drawn once, for every visitor (README "Performance").
ingest: migrate
	$(BIN)/python manage.py ingest seeds/
	$(BIN)/python manage.py warm_insights

run: ingest
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	WEB_CONCURRENCY=$(WORKERS) GUNICORN_TIMEOUT=$(TIMEOUT) GUNICORN_BIND=127.0.0.1:$(PORT) \
		$(BIN)/gunicorn -c config/gunicorn.py config.wsgi

test: install browsers
	$(BIN)/python -m pytest

# Extraction next to tokenising, then issue 15's bench on a throwaway database: 100,000
# generated incidents, about 10 minutes (README "Performance"). BENCH_ARGS=--million adds
# the 1,000,000-incident run (about 30 minutes in all); --keep keeps the database, --no-peer
# skips Datasette.
BENCH_ARGS ?=
bench: install
	$(BIN)/python -m ingest.extract.bench
	$(BIN)/python manage.py bench $(BENCH_ARGS)

# Bounded reliability battery (filter fuzz, pathological searches, hostile files, concurrent
# ingest) against a throwaway database; prints a table. Not part of `make test`.
check-reliability: install
	$(BIN)/python manage.py check_reliability

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Browser tests need Debian's chromium; installed with apt when missing.
browsers:
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium) || (echo "Browser tests need Debian chromium: apt-get install chromium" >&2; exit 1)

# Runs pg_ctl as the owner of the data (the library's own system user when started as root);
# exits non-zero when the server could not be stopped.
db-stop: install
	$(BIN)/python -m config.embedded_pg.control stop

# pg_dump / pg_restore of the catalogue's database (embedded or DATABASE_URL); README "Backups".
BACKUP ?= var/backups/catalogue-$(shell date +%Y%m%d-%H%M%S).dump
backup: install
	$(BIN)/python -m config.embedded_pg.control dump $(BACKUP)

restore: install
	@test -n "$(FILE)" || (echo "usage: make restore FILE=var/backups/catalogue-....dump" >&2; exit 2)
	$(BIN)/python -m config.embedded_pg.control restore $(FILE)

clean:
	rm -rf $(VENV) var/staticfiles
