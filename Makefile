# Two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
PORT ?= 8000
BENCH_ARGS ?= --quick

.PHONY: run test prod-smoke setup system-deps venv migrate messages-compile bench lint format messages clean

run: setup
	$(MANAGE) seed_demo
	PORT=$(PORT) scripts/run-dev.sh

test: SYSTEM_DEPS_FLAGS = --test
test: setup
	$(PY) -m pytest $(PYTEST_ARGS)

# The production shape on this machine, drilled against faults (README, Production).
prod-smoke: SYSTEM_DEPS_FLAGS = --test --prod
prod-smoke: setup
	$(PY) scripts/prod_smoke.py

setup: system-deps venv migrate messages-compile

system-deps:
	@scripts/system-deps.sh $(SYSTEM_DEPS_FLAGS)

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

migrate: venv
	@mkdir -p var
	$(MANAGE) migrate --noinput -v 0

messages-compile: venv
	$(MANAGE) compilemessages -l vi -v 0 --ignore=.venv

# Refresh the Vietnamese catalogue after changing source strings, then translate it.
messages: venv
	$(MANAGE) makemessages -l vi --no-location --no-obsolete --ignore=.venv --ignore=var --ignore=benchmarks --ignore=tests

bench: setup
	@for script in benchmarks/bench_*.py; do $(PY) $$script $(BENCH_ARGS) || exit 1; done

lint: venv
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: venv
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

clean:
	rm -rf var/staticfiles var/test-media
