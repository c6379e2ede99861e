# make run: set up .venv, install, open the app on a workspace holding the sample reviews.
# make test: same set-up with test dependencies, then make lint, then the whole suite.
# make lint: ruff (lint and format check), mypy and the import contracts; all four run, any
#            failure fails the target.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3.10 python3; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then \
	$$p -c 'import sys; print(sys.executable)'; break; fi; done)
VENV := .venv
BIN := $(VENV)/bin
WORKSPACE ?= .workspace
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test lint bench install clean-workspace

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "error: Python 3.10 or newer is needed (python3.10+ on PATH)"; exit 1; }
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); sleep 2; $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

install: $(STAMP)

run: $(STAMP)
	@$(BIN)/python -m compileall -q cqc_tui >/dev/null  # start from bytecode even where PYTHONDONTWRITEBYTECODE is set
	@$(BIN)/cqc-tui --home $(WORKSPACE) import --samples --skip-existing >/dev/null
	$(BIN)/cqc-tui --home $(WORKSPACE)

# Three workers on two cores: much of the suite's time is spent waiting (the app's pilot pauses,
# processes killed and restarted, fsync), so a third worker fills it (9.0 to 7.4 minutes on two
# cores, measured). Every test keeps to its own folders.
test: lint
	$(BIN)/python -m pytest -q -n 3

# Configuration for each tool is in pyproject.toml ([tool.ruff], [tool.mypy], [tool.importlinter]).
lint: $(TEST_STAMP)
	@status=0; \
	echo "ruff check"; $(BIN)/ruff check . || status=1; \
	echo "ruff format --check"; $(BIN)/ruff format --check . || status=1; \
	echo "mypy"; $(BIN)/mypy || status=1; \
	echo "lint-imports"; $(BIN)/lint-imports --no-logo || status=1; \
	exit $$status

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean-workspace:
	rm -rf $(WORKSPACE)
