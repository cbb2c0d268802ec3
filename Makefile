# Guanxi — the commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STATIC := backend/guanxi/static/index.html
FRONTEND_SOURCES := $(shell find frontend/src frontend/index.html frontend/vite.config.ts frontend/package.json frontend/tsconfig*.json -type f 2>/dev/null)

.PHONY: install run test test-python test-web test-e2e bench check schema build clean

## install: Python venv and web app dependencies (does nothing when current)
install: $(VENV)/.stamp-install frontend/node_modules/.stamp-install

$(VENV)/.stamp-install: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

frontend/node_modules/.stamp-install: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	touch $@

## build: the web app into backend/guanxi/static
build: $(STATIC)

$(STATIC): frontend/node_modules/.stamp-install $(FRONTEND_SOURCES) schema.graphql
	cd frontend && npm run build

## run: install, build, migrate, seed demo data on first start, serve on http://127.0.0.1:8000
run: install build
	$(BIN)/guanxi serve --seed-if-empty

## test: the whole suite (Python on SQLite and, with GUANXI_TEST_DATABASE_URL, PostgreSQL; web unit tests; browser tests)
test: install build
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
	  echo "!!! BROWSER TESTS WILL BE SKIPPED: /usr/bin/chromium is missing (apt-get install chromium)"; \
	  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
	fi
	@if [ -z "$$GUANXI_TEST_DATABASE_URL" ]; then \
	  echo "--- PostgreSQL run skipped: GUANXI_TEST_DATABASE_URL is not set (.ci/run sets it)"; fi
	$(BIN)/pytest
	cd frontend && GUANXI_SCHEMA=../schema.graphql npm test

## bench: the foundation benchmark (GraphQL vs a raw-SQL baseline), then segments over 1,000,000 customers
## (seeded once into bench/results/segments-cache/, about 25 minutes; later runs reuse it); figures in bench/results/
bench: install
	$(BIN)/python bench/bench_customers.py
	$(BIN)/python bench/bench_segments.py --reuse

## schema: regenerate schema.graphql from the code
schema: $(VENV)/.stamp-install
	$(BIN)/guanxi export-schema > schema.graphql

## check: lint
check: install
	$(BIN)/ruff check backend tests bench

clean:
	rm -rf $(VENV) frontend/node_modules backend/guanxi/static
