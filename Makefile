# The two commands of the README: `make serve` and `make test`.
# Both create .venv and install the project into it on first use.

PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

.PHONY: serve build test lint golden clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

serve: $(STAMP)  ## build the default site and preview it on http://127.0.0.1:8000/
	$(BIN)/mkdocs serve --dirty

build: $(STAMP)  ## build the site into site/, failing on any warning
	$(BIN)/mkdocs build --strict

lint: $(STAMP)
	$(BIN)/ruff check generator tests benchmarks tools
	$(BIN)/mypy

test: lint  ## lint, type-check and run every test
	$(BIN)/pytest

golden: $(STAMP)  ## rewrite the golden pages after an intended change
	$(BIN)/pytest tests/test_golden.py tests/test_diff.py --update-golden

clean:
	rm -rf site .pytest_cache .mypy_cache .ruff_cache
