# The two commands a newcomer needs: `make run` (set up, then run on the bundled sample) and
# `make test`. Everything else is for developers.
VENV ?= .venv
BIN := $(VENV)/bin
RAW ?= raw/sample
WAREHOUSE ?= warehouse

.PHONY: setup native run status test check ui sample

setup: $(VENV)/.installed $(VENV)/.native

$(VENV)/.installed: pyproject.toml setup.py
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.native

# The splitter compiled by mypyc (setup.py, pipelines/compiled.py), rebuilt in place when its
# sources change; until then the checkout runs the Python sources, with a warning.
native: $(VENV)/.native

$(VENV)/.native: setup.py $(wildcard pipelines/printed/*.py) | $(VENV)/.installed
	$(BIN)/python setup.py --quiet build_ext --inplace
	touch $@

# Exit status 3 means "finished, some files quarantined": the sample has one bad file on purpose.
run: setup
	$(BIN)/records-audit run --raw $(RAW) --warehouse $(WAREHOUSE); status=$$?; \
	  if [ $$status -eq 3 ]; then echo "(exit 3: the run finished and recorded quarantined files)"; fi; \
	  [ $$status -eq 0 ] || [ $$status -eq 3 ]

status: setup
	$(BIN)/records-audit status --warehouse $(WAREHOUSE)

test: setup
	$(BIN)/pytest -q

check: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/dg check defs

ui: setup
	RECORDS_AUDIT_RAW_DIR=$(RAW) RECORDS_AUDIT_WAREHOUSE_DIR=$(WAREHOUSE) $(BIN)/dg dev

sample: setup
	$(BIN)/python -m tests.make_sample_release --out raw/sample
