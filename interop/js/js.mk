# Microsoft's Graph client for JavaScript against the emulator over HTTPS
# (interop/js/). Included by the Makefile; `make interop` runs it.

INTEROP_JS       := interop/js
INTEROP_JS_STAMP := $(INTEROP_JS)/node_modules/.package-lock.json
# The development CA and keys of the emulator the tests start, kept from one
# run to the next as a user's are.
INTEROP_JS_STATE := .cache/interop-js-state

.PHONY: interop-js

# npm ci only when the lock file changed since the last install.
$(INTEROP_JS_STAMP): $(INTEROP_JS)/package.json $(INTEROP_JS)/package-lock.json
	cd $(INTEROP_JS) && npm ci --no-audit --no-fund --loglevel=error

## interop-js: @microsoft/microsoft-graph-client with @azure/identity's ClientSecretCredential against
## the emulator as its authority over HTTPS, under Node's test runner.
# Node reads NODE_EXTRA_CA_CERTS only as it starts: `intune-emulator env`
# creates the CA before, and the tests serve from its state directory.
interop-js: $(INTEROP_JS_STAMP)
	@mkdir -p bin .cache
	$(GO) build -o bin/intune-emulator ./cmd/intune-emulator
	./bin/intune-emulator env -state-dir $(INTEROP_JS_STATE) >/dev/null
	@: >.cache/interop-js-emulator.log
	cd $(INTEROP_JS) && NODE_EXTRA_CA_CERTS='$(CURDIR)/$(INTEROP_JS_STATE)/ca.pem' INTUNE_EMULATOR_BIN='$(CURDIR)/bin/intune-emulator' \
		INTUNE_INTEROP_LOG='$(CURDIR)/.cache/interop-js-emulator.log' npm test
