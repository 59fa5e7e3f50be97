# Buurtwacht: `make run` serves the demo on an embedded SQLite database, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

var/.demo-ready: $(STAMP)
	mkdir -p var
	BUURTWACHT_DEV=1 $(BIN)/buurtwacht migrate --noinput
	BUURTWACHT_DEV=1 $(BIN)/buurtwacht demo
	touch var/.demo-ready

run: var/.demo-ready
	BUURTWACHT_DEV=1 $(BIN)/buurtwacht migrate --noinput
	BUURTWACHT_DEV=1 $(BIN)/buurtwacht serve --host $(HOST) --port $(PORT)

test: $(STAMP)
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests bench

bench: $(STAMP)
	$(BIN)/python -m bench.lookup

clean:
	rm -rf $(VENV) var .pytest_cache
