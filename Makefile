# Two commands: `make run` (install, then start the web app on http://127.0.0.1:8000/) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

ORIGIN_CASE := I strained my back doing warm-ups last year. After three months of rehab I still can't recover; stretching my right leg hurts when I sit down or stand up, and my physiotherapist says the right side of my buttock has shrunk.

.PHONY: install run demo test lint bench eval clean postgres browser report-deps cases

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,bench]"
	touch $(STAMP)

run: install
	$(BIN)/lumbus serve

demo: install
	$(BIN)/lumbus assess --text "$(ORIGIN_CASE)" --age 30 --sex female

# The store's tests run against a real PostgreSQL server (started by the test fixture); install it once.
postgres:
	@command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  SUDO=$$([ "$$(id -u)" = 0 ] || command -v sudo); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; }

# The browser tests drive Debian's Chromium through Playwright (never `playwright install`, which downloads a browser).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$([ "$$(id -u)" = 0 ] || command -v sudo); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# The doctor's report: WeasyPrint needs Pango (and a font); the tests read the PDF with poppler-utils.
REPORT_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils
report-deps:
	@MISSING=$$(for p in $(REPORT_DEBS); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || echo $$p; done); \
	if [ -n "$$MISSING" ]; then \
	  SUDO=$$([ "$$(id -u)" = 0 ] || command -v sudo); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$MISSING; fi

# The similar published cases shown on the result page: a compact index of vignettes/ inside the package.
cases: install
	$(BIN)/python tools/build_cases.py

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

test: lint postgres browser report-deps
	$(BIN)/lumbus kb check
	$(BIN)/python -m pytest

eval: install
	$(BIN)/lumbus eval vignettes/

bench: install
	$(BIN)/python bench/bench_assess.py
	$(BIN)/python bench/bench_interview.py
	$(BIN)/python bench/bench_api_interview.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis
