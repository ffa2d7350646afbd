# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/postgres

.PHONY: run test test-postgres lint install chromium translations translations-update benchmarks clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,spark]'
	touch $(STAMP)

install: $(STAMP) translations

translations: $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -d src/thb/locales -D thb >/dev/null 2>&1

# After changing interface text: refresh the catalogue, translate what it lists, commit the .po.
translations-update: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k N_ -o src/thb/locales/thb.pot . >/dev/null 2>&1
	$(BIN)/pybabel update -i src/thb/locales/thb.pot -d src/thb/locales -D thb >/dev/null 2>&1
	$(BIN)/python scripts/translate.py

run: install
	$(BIN)/thb db upgrade
	$(BIN)/thb demo
	$(BIN)/thb serve --host 127.0.0.1 --port 8000

lint: install
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/mypy src

# Browser tests drive Debian's Chromium (never a downloaded browser).
chromium:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

test: lint chromium
	$(BIN)/pytest -q

# The same database tests against PostgreSQL (a fresh database is created and dropped).
test-postgres: install
	mkdir -p test-artifacts
	THB_TEST_POSTGRES_URL=$(PG_URL) THB_REQUIRE_POSTGRES=1 \
	  $(BIN)/pytest -q -m postgres --junitxml=test-artifacts/postgres.xml

benchmarks: install
	for b in benchmarks/*.py; do echo "== $$b"; $(BIN)/python $$b; done

clean:
	rm -rf $(VENV) thb.db thb.db-* test-artifacts .pytest_cache
