# Schemathesis tests the emulator from the spec alone: it generates requests,
# valid and invalid, from openapi/openapi.yaml, follows its links from one
# operation to the next, and checks every answer against it. Installed into the
# repo-local .venv from a hashed lock (python/schemathesis.txt); configured by
# python/schemathesis.toml and python/schemathesis_hooks.py. Included by the
# Makefile.

PYTHON   ?= python3
VENV     ?= .venv
ST_STAMP := $(VENV)/.schemathesis

.PHONY: deps-schemathesis test-schemathesis schemathesis

## deps-schemathesis: Schemathesis in .venv, from python/schemathesis.txt (--require-hashes).
deps-schemathesis: $(ST_STAMP)

$(ST_STAMP): python/schemathesis.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r python/schemathesis.txt
	@touch $@

# run-schemathesis runs Schemathesis against a live emulator, with a valid token:
# $(1) examples per operation, $(2) the seed, $(3) its example database, $(4) the
# JUnit report.
define run-schemathesis
	@mkdir -p bin .cache
	$(GO) build -o bin/intune-emulator ./cmd/intune-emulator
	@$(call with-emulator,.cache/schemathesis-emulator.log,token=$$(./bin/intune-emulator token -ttl 2h) && \
		PYTHONPATH='$(CURDIR)/python' '$(VENV)/bin/st' --config-file python/schemathesis.toml run openapi/openapi.yaml \
		--url http://$$addr/beta --header "Authorization: Bearer $$token" --max-examples $(1) --seed $(2) \
		--generation-database $(3) --report junit --report-junit-path $(4) --no-color)
endef

## test-schemathesis: Schemathesis against the emulator, every phase and default check,
## positive and negative data, 300 examples per operation with a fixed seed (about a
## minute; part of test); JUnit report in .cache/schemathesis.xml.
test-schemathesis: $(ST_STAMP)
	$(call run-schemathesis,300,1,none,.cache/schemathesis.xml)

## schemathesis: the same, longer: SCHEMATHESIS_EXAMPLES per operation (default 3000, about
## a quarter of an hour) with SCHEMATHESIS_SEED (default 20261207), keeping what it finds in
## .cache/schemathesis-db for the next run; JUnit report in .cache/schemathesis-long.xml.
SCHEMATHESIS_EXAMPLES ?= 3000
SCHEMATHESIS_SEED     ?= 20261207
schemathesis: $(ST_STAMP)
	$(call run-schemathesis,$(SCHEMATHESIS_EXAMPLES),$(SCHEMATHESIS_SEED),.cache/schemathesis-db,.cache/schemathesis-long.xml)
