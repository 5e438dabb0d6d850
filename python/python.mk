# Python: the client openapi-python-client generates into gen/python, and its
# contract run on gen/vectors.gen.json (python/). Included by the Makefile.

PYTHON   ?= python3
VENV     := .venv
VENV_BIN := $(VENV)/bin
PY_TOOLS := $(VENV)/.tools
PY_STAMP := $(VENV)/.installed

.PHONY: deps-python generate-python test-python

## deps-python: a repo-local .venv with the locked tools and libraries
## (python/requirements.txt, installed with --require-hashes), and the
## generated client (gen/python) and python/ installed in it, editable.
deps-python: $(PY_STAMP)

$(PY_TOOLS): python/requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV_BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r python/requirements.txt
	@touch $@

# The local packages are built by pdm-backend from the lock: nothing is
# fetched outside it (--no-build-isolation).
$(PY_STAMP): $(PY_TOOLS) gen/python/pyproject.toml python/pyproject.toml
	$(VENV_BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e gen/python -e python
	@touch $@

## generate-python: regenerate gen/python from openapi/openapi.yaml.
# The generator runs its ruff hooks from PATH: the locked ruff of .venv.
generate-python: $(PY_TOOLS)
	PATH='$(CURDIR)/$(VENV_BIN)':"$$PATH" openapi-python-client generate --path openapi/openapi.yaml \
		--config python/openapi-python-client.yaml --meta pdm --output-path gen/python --overwrite --fail-on-warning

## test-python: lint python/ (ruff), then the Python contract run: every case
## of gen/vectors.gen.json through the generated client against the emulator,
## the typed tests, and the same run against the broken emulator, which must fail.
test-python: deps-python emulators
	cd python && '$(CURDIR)/$(VENV_BIN)/ruff' check --no-cache . && '$(CURDIR)/$(VENV_BIN)/ruff' format --no-cache --check .
	cd python && INTUNE_EMULATOR_BIN='$(CURDIR)/bin/intune-emulator' INTUNE_BROKEN_EMULATOR_BIN='$(CURDIR)/bin/brokenemulator' \
		'$(CURDIR)/$(VENV_BIN)/python' -m pytest
