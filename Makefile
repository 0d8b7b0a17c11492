# Two commands do all the set-up on a fresh machine with Python 3.11:
#   make run    virtualenv + pinned dependencies, migrate, ingest seeds/, serve on :8000 (SQLite)
#   make test   virtualenv + pinned dependencies, Chromium if missing, the whole suite on PostgreSQL
#   make serve  as production runs it: debug off, collectstatic, migrate, gunicorn on $PORT
#   make load   the load command against a server already running on 127.0.0.1:$PORT
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_DATABASE_URL := $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/claimtrack)
# gunicorn's rule of thumb, two workers a core plus one; WORKERS=4 to compare figures.
WORKERS ?= $(shell echo $$(( $$(nproc) * 2 + 1 )))
BIND ?= 0.0.0.0

.PHONY: run test install browser lint bench serve load

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

# Each run gets a test database of its own (test_claimtrack_<time>_<pid>), so two runs on
# one PostgreSQL server never drop each other's tables; pytest-django drops it at the end.
test: export DATABASE_URL = $(TEST_DATABASE_URL)
test: $(STAMP) browser
	CLAIMTRACK_TEST_DB_NAME="test_claimtrack_$$(date +%Y%m%d%H%M%S)_$$$$" $(VENV)/bin/pytest

# Production: SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL come from the environment (README,
# Deploy). Pages are cached in a folder every worker shares unless CACHE_URL says otherwise.
serve: export DJANGO_DEBUG = 0
serve: export CACHE_URL ?= file://$(CURDIR)/.cache/pages
serve: $(STAMP)
	@test -n "$$SECRET_KEY" || { echo "make serve: SECRET_KEY must be set (see README, Deploy)" >&2; exit 2; }
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py migrate --noinput
	exec $(VENV)/bin/gunicorn claimtrack.wsgi --bind $(BIND):$(PORT) --workers $(WORKERS) \
	  --access-logfile - --timeout 60 --graceful-timeout 20 --max-requests 2000 --max-requests-jitter 200

# Bounded load at 1, 8 and 32 users against 127.0.0.1:$(PORT) (README, Measuring).
load: $(STAMP)
	$(PY) manage.py loadtest --port $(PORT)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_DEBUG=1 $(VENV)/bin/mypy
