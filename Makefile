# Dumas: the two commands of the quick start are `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3

.PHONY: install run demo chat test suite test-postgresql lint bench bench-location i18n

# The suite runs in parallel workers (pytest-xdist). It waits far more than it computes
# (real `dumas run` processes, sockets, a PostgreSQL server), so on two cores four
# workers finish sooner than two; `make test TEST_WORKERS=0` runs it in one process.
# worksteal: an idle worker takes tests queued for a busy one (the tests' lengths vary
# from milliseconds to minutes). --durations=30: each CI log names the tests worth shortening.
TEST_WORKERS ?= 4
PYTEST := $(PY) -m pytest -q -n $(TEST_WORKERS) --dist worksteal --durations=30

# uv (Astral's installer, a well-kept drop-in for `pip install`) installs the same
# packages from the same index in ~10 s where pip took ~75 s on this machine (session 36,
# a fresh venv each, warm caches): most of a fresh clone's CI install. Should uv itself
# not install, pip does the same work.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	if $(PY) -m pip install -q uv; then \
		$(VENV)/bin/uv pip install -q --python $(PY) -e '.[test]'; \
	else \
		$(PY) -m pip install -q -e '.[test]'; \
	fi
	touch $@

install: $(VENV)/.installed

# Starts the configured channels; with no token configured, the web demo (`make demo`).
# (`dumas run` alone stops with the settings to set: a server must not become the demo.)
run: install
	$(VENV)/bin/dumas run --demo-if-unconfigured

demo: install
	$(VENV)/bin/dumas demo

# Lint and the suite at once (the suite leaves the cores idle while it waits); make
# prints each one's output whole when it ends.
test: install
	$(MAKE) --no-print-directory -j2 --output-sync=target lint suite

suite: install
	$(VENV)/bin/dumas i18n check
	$(PYTEST)

# The suite on a throwaway PostgreSQL cluster (tests/conftest.py; what CI runs second).
test-postgresql: install
	DUMAS_TEST_DATABASE=postgresql $(PYTEST)

# Part of `make test` (so CI runs it): lint, formatting and types. mypy checks the packages
# pyproject's [tool.mypy] names (bot, flows, bench) and the test helpers bench imports.
lint: install
	$(VENV)/bin/ruff check bot flows tests bench tools
	$(VENV)/bin/ruff format --check bot flows tests bench tools
	$(VENV)/bin/mypy

i18n: install
	$(VENV)/bin/dumas i18n update

# Short (< 3 min): the closed loop against a plain python-telegram-bot bot
# (bench_closed_loop.py, ~40 s), then engine + a real `dumas run` on webhook, polling and
# WhatsApp; one table each.
# The figures of record: bench/README.md (bench_pipeline.py, bench_engine.py, bench_location.py).
bench: install
	$(PY) bench/bench_closed_loop.py --citizens 200
	$(PY) bench/bench_summary.py

bench-location: install
	$(PY) bench/bench_location.py
