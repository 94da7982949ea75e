# The two commands of the README: `make serve` and `make test`.
# Both create .venv and install the project into it on first use: `make serve`
# only what serving needs, `make test` the test tools too.

PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed
SERVE_STAMP = $(VENV)/.installed-serve

# Material for MkDocs prints an end-of-life notice on every serve and build.
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test lint golden clean

$(SERVE_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $(SERVE_STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP) $(SERVE_STAMP)

serve: $(SERVE_STAMP)  ## build the default site and preview it on http://127.0.0.1:8000/
	$(BIN)/mkdocs serve --dirty

build: $(SERVE_STAMP)  ## build the site into site/, failing on any warning
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
