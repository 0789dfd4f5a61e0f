# Dateline: `make run` serves the demo site, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
STAMP := $(VENV)/.installed

.PHONY: run test test-postgres lint fmt check bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Dateline needs Python 3.11 or newer")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

venv: $(STAMP)

# A development secret kept under ./var, unless DATELINE_SECRET_KEY is set already.
var/secret-key:
	@mkdir -p var
	@umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

run: $(STAMP) var/secret-key
	@DATELINE_SECRET_KEY="$${DATELINE_SECRET_KEY:-$$(cat var/secret-key)}" \
		$(BIN)/dateline serve --host $(HOST) --port $(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-postgres: $(STAMP)
	DATELINE_TEST_DATABASE_URL=$${DATELINE_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} \
		$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src bench tests
	$(BIN)/ruff format --check src bench tests

fmt: $(STAMP)
	$(BIN)/ruff format src bench tests
	$(BIN)/ruff check --fix src bench tests

check: $(STAMP)
	DATELINE_SECRET_KEY=check-only $(BIN)/dateline makemigrations --check --dry-run
	DATELINE_SECRET_KEY=check-only-$$(printf 'x%.0s' $$(seq 60)) DATELINE_SECURE=true \
		DATELINE_ALLOWED_HOSTS=news.example.org $(BIN)/dateline check --deploy --fail-level WARNING

bench: $(STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build src/*.egg-info
