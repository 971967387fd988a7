# nightcramp — the two commands of the README, and a few more.
#   make run    create .venv, install, migrate, serve on http://127.0.0.1:8000 (SQLite)
#   make test   install what the tests need (Debian packages when root), run every test
#               twice: on SQLite, then on a PostgreSQL server it starts (scripts/with-postgres)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
# Debian packages: WeasyPrint's Pango, poppler for pdftotext, Chromium for browser tests,
# PostgreSQL (server and pg_dump) for the second run of the suite and for backups.
DEBIAN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
	poppler-utils chromium postgresql
PYTEST := $(BIN)/python -m pytest -n 2 --dist loadfile

.PHONY: run test test-sqlite test-postgres test-fast lint format migrate benchmarks \
	system-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	rm -f $(VENV)/.installed-* && touch $@

migrate: $(STAMP)
	DJANGO_SETTINGS_MODULE=nightcramp.web.settings $(BIN)/django-admin migrate --noinput

run: migrate
	$(BIN)/nightcramp serve --host $(HOST) --port $(PORT)

# Installs the Debian packages the tests need when run as root and any is missing.
system-deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do \
		dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "Installing Debian packages:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else \
			echo "Missing Debian packages:$$missing (run 'sudo apt-get install$$missing')"; \
		fi; \
	fi

# The whole suite on SQLite, then on PostgreSQL; a failure on either fails.
test: system-deps $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite: $(STAMP)
	env -u DATABASE_URL $(PYTEST)

test-postgres: $(STAMP)
	scripts/with-postgres $(PYTEST)

test-fast: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadfile -m "not browser and not slow"

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

format: $(STAMP)
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

benchmarks: $(STAMP)
	@for script in benchmarks/bench_*.py; do \
		echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) artifacts .pytest_cache
