# yrd-kg: `make run` builds the graph, `make test` runs the tests.
# Both create .venv on first use; nothing else needs typing. pip's cache (~/.cache/pip) is
# reused, so a second setup (or the tests' fresh virtual environments) downloads nothing.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TESTS  := $(VENV)/.installed-test

.PHONY: run test lint bench clean

# `make run` needs only the package and its dependencies ...
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $(STAMP)

# ... `make test` adds the test extra (pytest, playwright, owlready2, nbmake, build, ...).
$(TESTS): $(STAMP)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(TESTS)

# Outputs go to out/ (build/ is the build tools' folder): the graph, its validation report and
# the explorer, then the site (entity pages, search, catalogue, docs) in out/site.
run: $(STAMP)
	$(BIN)/yrdkg build --out out
	$(BIN)/yrdkg site --out out/site

# The layers of kg (the import-linter contract in pyproject.toml) and ruff come first; the
# suite includes tests/test_package.py: it builds the sdist and wheel, installs the wheel
# into a fresh virtual environment in a temporary folder and runs yrdkg from there, and runs
# `make run` in a clone of this repository made in an empty folder. Two workers (pytest-xdist),
# one per core; each test file stays on one worker, so its module fixtures are made once.
test: $(TESTS)
	bash .ci/system-deps
	$(BIN)/lint-imports
	$(BIN)/ruff check kg tests benchmarks
	$(BIN)/pytest -n 2 --dist loadfile

# Every goal of issue 13 in one run (everyday commands, 10k/100k/1M triples, the explorer);
# about half an hour. Not part of `make test`. Writes build/bench/; see docs/benchmarks.md.
bench: $(TESTS)
	mkdir -p build/bench
	$(BIN)/python benchmarks/goals.py --out build/bench/goals.md

lint: $(TESTS)
	$(BIN)/lint-imports
	$(BIN)/ruff check kg tests benchmarks

clean:
	rm -rf out build
