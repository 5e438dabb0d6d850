# Microsoft's Graph beta SDK for Python against the emulator over HTTPS
# (interop/python/). Included by the Makefile; `make interop` runs it.

PYTHON               ?= python3
INTEROP_PY           := interop/python
INTEROP_PY_VENV      := $(INTEROP_PY)/.venv
INTEROP_PY_STAMP     := $(INTEROP_PY_VENV)/.installed

.PHONY: interop-python

# A venv of its own, made anew when the lock changes, so that it holds
# exactly the lock: the SDK, its dependencies and the test tools, each
# checked against its hash.
$(INTEROP_PY_STAMP): $(INTEROP_PY)/requirements.txt
	rm -rf $(INTEROP_PY_VENV)
	$(PYTHON) -m venv $(INTEROP_PY_VENV)
	$(INTEROP_PY_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r $<
	@touch $@

## interop-python: msgraph-beta-sdk with azure-identity's ClientSecretCredential against the emulator
## as its authority over HTTPS, under pytest (ruff first), in interop/python/.venv.
interop-python: $(INTEROP_PY_STAMP)
	@mkdir -p bin .cache
	$(GO) build -o bin/intune-emulator ./cmd/intune-emulator
	cd $(INTEROP_PY) && .venv/bin/ruff check --no-cache . && .venv/bin/ruff format --no-cache --check .
	cd $(INTEROP_PY) && INTUNE_EMULATOR_BIN='$(CURDIR)/bin/intune-emulator' INTUNE_INTEROP_LOG='$(CURDIR)/.cache/interop-python-emulator.log' \
		.venv/bin/python -m pytest
