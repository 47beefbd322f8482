# The two set-up commands are `make run` and `make test`; the rest are helpers.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
HOST ?= 127.0.0.1
# gunicorn workers for `make run`; empty = 2 x cores + 1, at most 8.
WORKERS ?=

.PHONY: run dev test test-fast bench screenshots lighthouse clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.app-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.app-installed $@

## Create the venv, install, migrate the database, serve on http://$(HOST):$(PORT) with gunicorn
# (settings in journal/web/gunicorn_config.py). exec: gunicorn replaces the shell, so
# a stop signal sent to make's process group reaches it directly.
run: $(VENV)/.app-installed
	$(BIN)/flask --app journal migrate
	HOST='$(HOST)' PORT='$(PORT)' WORKERS='$(WORKERS)' exec $(BIN)/gunicorn --no-control-socket \
		-c python:journal.web.gunicorn_config 'journal:create_app()'

## The same with Flask's development server: reloads on every change, debugger on
dev: $(VENV)/.app-installed
	$(BIN)/flask --app journal migrate
	$(BIN)/flask --app journal run --debug --host $(HOST) --port $(PORT)

## Install the test dependencies, type-check journal/ (settings in pyproject.toml), then run
# the whole suite, browser tests included
test: $(VENV)/.dev-installed
	$(BIN)/python -m mypy
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## The type check (a few seconds), then everything but the browser and the slow server tests
test-fast: $(VENV)/.dev-installed
	$(BIN)/python -m mypy
	$(BIN)/python -m pytest -m "not browser and not slow" $(PYTEST_ARGS)

## The benchmark: seeds a database, serves it with gunicorn, drives it with wrk
bench: $(VENV)/.dev-installed
	$(BIN)/python -m tests.benchmark $(BENCH_ARGS)

## The README's pictures: a demo journal on the phone profile, into docs/screenshots/ (under 150 KB each)
screenshots: $(VENV)/.dev-installed
	$(BIN)/python -m tests.screens.screenshots

## Lighthouse (npm, pinned in tests/lighthouse) on the main pages, mobile preset, Debian's Chromium;
# not part of `make test`: minutes long, and its performance score follows the machine's load
lighthouse: $(VENV)/.dev-installed tests/lighthouse/node_modules/.installed
	$(BIN)/python -m tests.lighthouse.run

tests/lighthouse/node_modules/.installed: tests/lighthouse/package.json tests/lighthouse/package-lock.json
	npm ci --prefix tests/lighthouse --no-audit --no-fund
	touch $@

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache tests/lighthouse/node_modules
