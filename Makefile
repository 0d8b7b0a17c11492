# Two commands do all the set-up on a fresh machine with Python 3.11:
#   make run    virtualenv + pinned dependencies, migrate, ingest seeds/, serve on :8000 (SQLite)
#   make test   virtualenv + pinned dependencies, Chromium if missing, the whole suite on PostgreSQL
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_DATABASE_URL := $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/claimtrack)

.PHONY: run test install browser lint bench

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# The demo run: embedded SQLite, debug on, readable without logging in.
run: export DJANGO_DEBUG = 1
run: export CLAIMTRACK_PUBLIC_READ = 1
run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py ingest seeds/
	$(PY) manage.py runserver $(HOST):$(PORT)

# Debian's chromium for the browser tests; never a framework's own browser download.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null; }

test: export DATABASE_URL = $(TEST_DATABASE_URL)
test: $(STAMP) browser
	$(VENV)/bin/pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
