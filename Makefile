# Selenggara: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test bench lint install install-test demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## Set up, migrate, load the Kota Kediri demo when the database is empty, and serve it.
run: install
	$(BIN)/selenggara migrate --no-input -v0
	$(BIN)/selenggara demo --if-empty
	$(BIN)/selenggara demo accounts
	$(BIN)/selenggara runserver $(HOST):$(PORT)

## Set up with the test extras and run lint, the layer contracts, the migration check and the
## whole suite.
test: install-test
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	DATABASE_URL= SELENGGARA_DATA_DIR=$$(mktemp -d) $(BIN)/selenggara makemigrations --check --dry-run -v0
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## Benchmarks with their same-run baselines (figures printed and saved under bench/results).
bench: install-test
	$(BIN)/python -m bench $(BENCH_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check src tests bench

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
