# The README's two commands, `make serve` and `make test`, and what they need.
# Each target sets itself up on a fresh machine: the virtual environment from
# the pinned lock, KaTeX from package-lock.json, and (for tests) a Chromium.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PIP_INSTALL := $(PY) -m pip install --quiet --disable-pip-version-check
# Material's banner about MkDocs 2.0 on every build; the README says where the project stands.
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build pdf check test bench baselines lock clean

serve: $(VENV)/.installed node_modules/.installed
	$(BIN)/mkdocs serve

build: $(VENV)/.installed node_modules/.installed
	$(BIN)/mkdocs build --strict

# The whole chapter as one PDF beside the pages, at mkdocs.yml's extra.pdf, which every page
# links to: Chromium prints it from the built site (the build redoes only what changed).
pdf: build
	@chromium="$$($(PY) -m scripts.dev.chromium)" || exit 1; \
	NNBOOK_CHROMIUM="$$chromium" $(PY) -m scripts.publish.pdf site site/nnbook.pdf

# The fast tier, while you work: ruff and every test that needs no build, no kernel and no
# browser (no Node packages either).
check: $(VENV)/.installed
	$(BIN)/ruff check .
	$(PY) -m pytest -n 2 -m "not site and not browser" $(PYTEST_ARGS)

# Every test, in three passes that share one build of the site ($$NNBOOK_TEST_RUN): all that
# may share the machine, on both cores; Lighthouse, two pages at a time and nothing else; and
# the tests that measure what a busy machine moves (timing, layout shift), alone. A pass that
# collects nothing (pytest's 5) is a failure unless PYTEST_ARGS chose the tests.
test: $(VENV)/.installed node_modules/.installed
	$(BIN)/ruff check .
	@chromium="$$($(PY) -m scripts.dev.chromium)" || exit 1; \
	run="$$(mktemp -d)"; trap 'rm -rf "$$run"' EXIT; \
	for pass in "-n 2 -m 'not quiet' --durations=25" "-n 2 -m lighthouse" "-p no:xdist -m 'quiet and not lighthouse'"; do \
	  echo "make test: pytest $$pass"; \
	  eval NNBOOK_CHROMIUM="$$chromium" NNBOOK_TEST_RUN="$$run" $(PY) -m pytest $$pass $(PYTEST_ARGS); \
	  status=$$?; \
	  if [ $$status -eq 5 ] && [ -z "$(PYTEST_ARGS)" ]; then \
	    echo "make test: pytest collected no tests ($$pass)" >&2; exit 1; fi; \
	  if [ $$status -ne 0 ] && [ $$status -ne 5 ]; then exit $$status; fi; \
	done

bench: $(VENV)/.installed node_modules/.installed
	$(PY) -m scripts.dev.bench

# Redraws the figure baselines under tests/ on purpose; a normal test run never writes them.
baselines: $(VENV)/.installed
	$(PY) -m scripts.dev.baselines --refresh

# Re-pins every Python package (run after editing pyproject.toml's dependencies).
lock: $(VENV)/.installed
	$(BIN)/pip-compile --quiet --extra docs --extra test --extra dev --all-build-deps \
	  --strip-extras --generate-hashes --allow-unsafe --no-emit-index-url --no-emit-find-links \
	  --output-file requirements.lock pyproject.toml

$(VENV)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) --require-hashes --requirement requirements.lock
	$(PIP_INSTALL) --no-deps --no-build-isolation --editable .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --engine-strict
	touch $@

clean:
	rm -rf site .cache test-results
