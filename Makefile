# Two commands: `make demo` and `make test`. Everything else here serves them.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: install demo test test-fast test-clocks lint typecheck pytest browser bench bench-quick clean

$(STAMP): pyproject.toml constraints.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -e '.[dev]'
	touch $(STAMP)

# The place gazetteer prebuilt once (pipeline/normalize/gazetteer.py: ~0.75 s of CPU saved in
# every crawl process); a stale or missing index is ignored, never wrong.
GAZETTEER_INDEX := pipeline/normalize/gazetteer.index
$(GAZETTEER_INDEX): $(STAMP) pipeline/normalize/gazetteer.py
	$(PY) -c 'from pipeline.normalize.gazetteer import write_index; write_index()'

# Our own modules' bytecode written ahead (pip does it for the packages it installs): where
# PYTHONDONTWRITEBYTECODE is set, every crawl worker, flow run and CLI call would otherwise
# compile them from source (~60 ms a process start). Up-to-date files are skipped.
install: $(STAMP) $(GAZETTEER_INDEX)
	@$(PY) -m compileall -q pipeline spiders warehouse ops cli flows curation sampleweb

demo: install
	$(VENV)/bin/eolist demo

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install
	$(VENV)/bin/mypy pipeline warehouse spiders

# Debian's chromium for the browser tests (tests/curation/test_browser.py); Playwright never
# downloads a browser of its own here.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser:
	@command -v chromium >/dev/null || ($(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

# The browser tests leave screenshots of the queue (desktop and a 390 px phone) and the timed
# triage report in test-artifacts/: the path is printed whether the tests pass or fail.
ARTIFACTS := $(CURDIR)/test-artifacts
# Two pytest-xdist workers: the tests are isolated (own temp dirs, free ports; the Prefect
# tests share one worker and its one server, tests/conftest.py), and this machine has 2 cores.
XDIST := -n 2 --dist loadgroup
# pytest keeps each test module with its asserts rewritten as bytecode, unless
# PYTHONDONTWRITEBYTECODE is set: then both workers rewrite all of them at every run (~5 s of
# each worker's collection). The suite's runs write it (our modules are compiled by install).
PYTEST := PYTHONDONTWRITEBYTECODE= $(VENV)/bin/pytest
pytest: install browser
	@$(PYTEST) -q $(XDIST); status=$$?; \
	  echo "Screenshots and reports from the browser tests: $(ARTIFACTS)/"; \
	  ls $(ARTIFACTS) 2>/dev/null | sed 's/^/  /'; exit $$status

test: lint typecheck pytest

# Day to day: no Prefect server, no browser, no crash harness or other end-to-end crawls
# (markers in pyproject.toml); `make test` runs everything.
test-fast: install
	$(PYTEST) -q $(XDIST) -m "not e2e and not browser and not prefect"

# The date-sensitive tests under three pinned clocks (libfaketime: the test process and every
# crawl, server and subprocess it starts see the same false "now"; monotonic clocks stay real,
# or libfaketime stretches thread timeouts). Not part of `make test`.
CLOCKS := 2025-01-01T00:00:00 2026-06-30T12:00:00 2030-12-31T12:00:00
test-clocks: install
	@command -v faketime >/dev/null || ($(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq faketime)
	@for clock in $(CLOCKS); do echo "== clock $$clock"; \
	  FAKETIME_DONT_FAKE_MONOTONIC=1 faketime "$$(echo $$clock | tr T ' ')" $(VENV)/bin/pytest -q -p no:cacheprovider \
	    tests/pipeline tests/feeds tests/spiders tests/sampleweb tests/e2e tests/warehouse || exit 1; done

# The benchmarks' peers (dlt, selectolax, reader) are the `bench` extra: installed here only,
# so `make test` never needs them.
BENCH_STAMP := $(VENV)/.bench-stamp
$(BENCH_STAMP): $(STAMP)
	$(PY) -m pip install -q -c constraints.txt -e '.[dev,bench]'
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP) $(GAZETTEER_INDEX)
	$(PY) -m bench.run

bench-quick: $(BENCH_STAMP) $(GAZETTEER_INDEX)
	$(PY) -m bench.run --quick

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache $(GAZETTEER_INDEX)
