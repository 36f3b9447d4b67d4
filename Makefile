# yrd-kg: `make run` builds the graph, `make test` runs the tests.
# Both create .venv on first use; nothing else needs typing.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/yrdkg build
	$(BIN)/yrdkg docs

test: $(STAMP)
	bash .ci/system-deps
	$(BIN)/pytest

# Timed at 10k, 100k and 1M synthetic triples; long (the 1M rdflib run alone takes tens of
# minutes). Not part of `make test`. Writes build/bench/; see docs/benchmarks.md.
bench: $(STAMP)
	$(BIN)/python benchmarks/scale.py

lint: $(STAMP)
	$(BIN)/ruff check kg tests

clean:
	rm -rf build
