# flexperf — the two commands are `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
ARGS   ?=
# Test processes (pytest-xdist); `make test PYTEST_WORKERS=0` runs in one process.
PYTEST_WORKERS ?= auto

.PHONY: install demo test check pytest lint bench lock messages screenshots clean

$(STAMP): requirements/lock.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "flexperf needs Python 3.11 or newer (set PYTHON=python3.x)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements/lock.txt
	$(BIN)/python -m pip install -q --no-deps -e .
	@touch $(STAMP)

install: $(STAMP)

## Install, load the demo group into the embedded SQLite database and serve it on 127.0.0.1:8000.
demo: install
	$(BIN)/flexperf demo $(ARGS)

## Install and run every quality gate and the whole test suite (DATABASE_URL selects PostgreSQL).
test: install lint pytest

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	FLEXPERF_DATA_DIR=$$(mktemp -d) $(BIN)/flexperf makemigrations --check --dry-run
	$(BIN)/python -m flexperf.core.i18n_check

pytest: install
	$(BIN)/pytest -n $(PYTEST_WORKERS) $(ARGS)

bench: install
	$(BIN)/python -m benchmarks $(ARGS)

## Regenerate the pinned lock file after changing dependencies in pyproject.toml.
lock: install
	$(BIN)/python -m pip install -q uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 -o requirements/lock.txt

## Extract translatable strings into the .po catalogue and compile it.
messages: install
	cd src/flexperf && ../../$(BIN)/flexperf makemessages -l zh_Hans --no-obsolete --no-location -i "migrations/*"
	cd src/flexperf && ../../$(BIN)/flexperf compilemessages -l zh_Hans

## Refresh the README screenshots (Debian chromium through Playwright).
screenshots: install
	FLEXPERF_SCREENSHOTS=docs/screenshots $(BIN)/pytest -q -m browser tests/browser

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache
