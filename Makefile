# Two commands: `make run` (install, then start the main job) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

ORIGIN_CASE := I strained my back doing warm-ups last year. After three months of rehab I still can't recover; stretching my right leg hurts when I sit down or stand up, and my physiotherapist says the right side of my buttock has shrunk.

.PHONY: install run test lint bench eval clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,bench]"
	touch $(STAMP)

run: install
	$(BIN)/lumbus assess --text "$(ORIGIN_CASE)" --age 30 --sex female

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

test: lint
	$(BIN)/lumbus kb check
	$(BIN)/python -m pytest

eval: install
	$(BIN)/lumbus eval vignettes/

bench: install
	$(BIN)/python bench/bench_assess.py
	$(BIN)/python bench/bench_interview.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis
