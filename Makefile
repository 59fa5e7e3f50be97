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

# The demo database is rebuilt when its layout changed in a way migrations cannot follow (v2: accounts by
# e-mail address); an older one is kept beside it as buurtwacht.sqlite3.v1.
DEMO_STAMP := var/.demo-v2

$(DEMO_STAMP): $(STAMP)
	mkdir -p var
	if [ -f var/.demo-ready ] && [ -f var/buurtwacht.sqlite3 ]; then \
		mv var/buurtwacht.sqlite3 var/buurtwacht.sqlite3.v1; rm -f var/buurtwacht.sqlite3-wal var/buurtwacht.sqlite3-shm var/.demo-ready; fi
	BUURTWACHT_DEV=1 $(BIN)/buurtwacht migrate --noinput
	BUURTWACHT_DEV=1 $(BIN)/buurtwacht demo
	touch $(DEMO_STAMP)

run: $(DEMO_STAMP)
	BUURTWACHT_DEV=1 $(BIN)/buurtwacht migrate --noinput
	BUURTWACHT_DEV=1 $(BIN)/buurtwacht serve --host $(HOST) --port $(PORT)

test: $(STAMP)
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/python -m bench.lookup
	$(BIN)/python -m bench.live_stream
	$(BIN)/python -m bench.push
	$(BIN)/python -m bench.police_dispatch
	$(BIN)/python -m bench.area_alert
	$(BIN)/python -m bench.coverage

clean:
	rm -rf $(VENV) var .pytest_cache
