# The spec-first workflow: edit openapi/openapi.yaml, `make generate`,
# implement, `make test`. Every target installs what it needs.

GO        ?= go
NPM_STAMP := node_modules/.package-lock.json
GEN_PATHS := gen go.mod go.sum

.DEFAULT_GOAL := test
# Each other language's targets (deps-*, generate-*, test-*) live beside its code.
include python/python.mk
include java/java.mk
include rust/rust.mk
include python/schemathesis.mk
.PHONY: deps generate docs check-generated breaking changelog lint lint-spec lint-ts lint-tree vet staticcheck test test-go test-node test-ts contract contract-live emulators interop bench soak run

## deps: download the Go modules and install the pinned npm tools.
deps: $(NPM_STAMP)
	$(GO) mod download

# npm ci only when the lock file changed since the last install.
$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

## generate: regenerate every binding and the API reference page from openapi/openapi.yaml.
generate: $(NPM_STAMP) generate-python generate-java generate-rust
	$(GO) generate ./gen/...

## docs: only the API reference page, gen/docs.gen.html (redocly build-docs), that the emulator serves at /docs.
docs: $(NPM_STAMP)
	$(GO) generate -run redocly ./gen

## check-generated: regenerate, then fail if that changed anything.
check-generated: generate
	@if [ -n "$$(git status --porcelain -- $(GEN_PATHS))" ]; then \
		git status --short -- $(GEN_PATHS); \
		echo "check-generated: the generated code did not match openapi/openapi.yaml."; \
		echo "It has now been regenerated: review it and commit the result ('make generate' does the same)."; \
		exit 1; \
	fi
	@$(GO) mod tidy -diff || { echo "check-generated: go.mod/go.sum are not tidy: run 'go mod tidy' and commit the result."; exit 1; }

## breaking: fail on breaking changes to openapi/openapi.yaml since BASE (a git revision; default:
## the newest v* tag, else the previous commit) that openapi/breaking-changes.md does not acknowledge.
# Built, not `go run`: go run adds its own "exit status 1" to a failure.
INTUNE_SPEC := .cache/bin/intune-spec
BASE ?=
breaking:
	@$(GO) build -o $(INTUNE_SPEC) ./cmd/intune-spec
	$(INTUNE_SPEC) breaking -base '$(BASE)'

## changelog: write oasdiff's changelog from FROM to TO (git revisions; default: the newest v* tag,
## else the commit that added the spec; the work tree) into CHANGELOG.md.
FROM ?=
TO   ?=
changelog:
	@$(GO) build -o $(INTUNE_SPEC) ./cmd/intune-spec
	$(INTUNE_SPEC) changelog -from '$(FROM)' -to '$(TO)'

## lint: lint the spec with Redocly and Spectral, vet and staticcheck the Go code, type-check the TypeScript,
## and check that git tracks no built binary and no file over 1 MiB.
lint: lint-spec vet staticcheck lint-ts lint-tree

lint-spec: $(NPM_STAMP)
	npx --no-install redocly lint --format=stylish openapi/openapi.yaml
	npx --no-install spectral lint --fail-severity=warn openapi/openapi.yaml

vet:
	$(GO) vet ./...

# staticcheck (pinned in go.mod through tools.go) over every package but gen.
# gen's Go files are oapi-codegen's output, to be changed through the spec or
# the generator's configuration, never by hand. staticcheck cannot skip files:
# it mutes only its style checks in "Code generated" files, and a
# //lint:file-ignore would have to be written into them. So gen is left out
# whole; its hand-written Go (an embed and the test of the embedded page) is
# small, and go vet still covers it.
staticcheck:
	pkgs=$$($(GO) list -f '{{if ne .ImportPath "github.com/specfirst/intune-assignments/gen"}}{{.ImportPath}}{{end}}' ./...) && \
	$(GO) run honnef.co/go/tools/cmd/staticcheck $$pkgs

# Every tracked file: no ELF, Mach-O or PE binary, no executable bit without
# a #! line, nothing over 1 MiB but the generated files listed here, whose
# changes are reviewed in the spec they come from.
TREE_LARGE := gen/docs.gen.html
INTUNE_TREECHECK := .cache/bin/intune-treecheck
lint-tree:
	@$(GO) build -o $(INTUNE_TREECHECK) ./cmd/intune-treecheck
	$(INTUNE_TREECHECK) -max-bytes 1048576 $(addprefix -large ,$(TREE_LARGE))

# The generated (gen/ts) and hand-written (ts/) TypeScript, as tsconfig.json lists them.
lint-ts: $(NPM_STAMP)
	npx --no-install tsc --strict --noEmit -p tsconfig.json

## test: everything CI runs but interop, which it runs after.
test: check-generated lint breaking test-go contract-live test-node test-ts test-python test-java test-rust test-schemathesis

# test-go: every Go test under -race, then the hot path's allocation budget
# without it, as the race detector changes what allocates.
test-go:
	$(GO) test -race -count=1 ./...
	$(GO) test -count=1 -run '^TestAllocationBudget$$' ./server/

## contract: only the contract tests: every example of the spec against the server and the client.
# Run in the package's directory: go test then prints the coverage report
# of a passing run too.
contract:
	cd contract && $(GO) test -race -count=1

comma := ,

# with-emulator runs the shell command $(2) with $$addr the address of
# bin/intune-emulator, started on a free loopback port with its log in $(1)
# and the serve flags $(3), and stops the emulator after it. The emulator says
# which port it took in its "serving" log line; with -tls-addr in $(3), $$tls is
# the HTTPS address, from its "serving https" line.
define with-emulator
./bin/intune-emulator serve -addr 127.0.0.1:0 $(3) -log-format json 2>$(1) & pid=$$!; \
trap 'kill $$pid' EXIT; \
addr=; tls=; for i in $$(seq 100); do \
	addr=$$(sed -n 's/.*"msg":"serving","addr":"\([^"]*\)".*/\1/p' $(1)); \
	tls=$$(sed -n 's/.*"msg":"serving https","addr":"\([^"]*\)".*/\1/p' $(1)); \
	[ -n "$$addr" ] && [ -n "$${tls}$(if $(findstring -tls-addr,$(3)),,x)" ] && break; sleep 0.1; \
done; \
[ -n "$$addr" ] && [ -n "$${tls}$(if $(findstring -tls-addr,$(3)),,x)" ] || { echo "the emulator did not start:"; cat $(1); exit 1; }; \
$(2)
endef

## contract-live: build intune-contract and the emulator, start the emulator on
## free loopback ports, plain HTTP and HTTPS (its development CA in .cache/), and run
## every contract case against it over each, writes and assign allowed; reports in
## .cache/contract-live{,-https}.{xml,json}.
## With BASE_URL=... it runs against that server instead, read-only unless
## CONTRACT_FLAGS adds -allow-writes/-allow-assign (and -token for a remote one).
CONTRACT_FLAGS ?=
CONTRACT_REPORTS = -junit .cache/contract-live.xml -json .cache/contract-live.json
CONTRACT_STATE := .cache/contract-live-state
contract-live:
	@mkdir -p bin .cache
	$(GO) build -o bin/intune-contract ./cmd/intune-contract
ifdef BASE_URL
	./bin/intune-contract -base-url '$(BASE_URL)' $(CONTRACT_REPORTS) $(CONTRACT_FLAGS)
else
	$(GO) build -o bin/intune-emulator ./cmd/intune-emulator
	@$(call with-emulator,.cache/contract-live-emulator.log,\
	echo "contract-live: over HTTP"; \
	./bin/intune-contract -base-url http://$$addr/beta -allow-writes -allow-assign $(CONTRACT_REPORTS) $(CONTRACT_FLAGS) && \
	echo "contract-live: over HTTPS$(comma) trusting only the emulator's development CA" && \
	SSL_CERT_FILE=$(CONTRACT_STATE)/ca.pem ./bin/intune-contract -base-url https://$$tls/beta -allow-writes -allow-assign \
		-junit .cache/contract-live-https.xml -json .cache/contract-live-https.json $(CONTRACT_FLAGS),\
	-tls-addr 127.0.0.1:0 -state-dir $(CONTRACT_STATE))
endif

## emulators: build the emulator and the one broken on purpose (contract/brokenemulator)
## that the contract runs of other languages start, into bin/.
emulators:
	@mkdir -p bin
	$(GO) build -o bin/intune-emulator ./cmd/intune-emulator
	$(GO) build -o bin/brokenemulator ./contract/brokenemulator

# Microsoft's Graph SDKs for Python and JavaScript, each beside its tests.
include interop/python/python.mk interop/js/js.mk

## interop: build the emulator and drive it with Microsoft's Graph beta SDK for Go
## (interop/, a module of its own) in four runs, each printing its counts: static tokens
## over HTTP; azidentity's ClientSecretCredential and ClientCertificateCredential with the
## emulator as authority over HTTPS; and the SDK's defaults through the emulator's proxy.
## The first run compiles the SDK: minutes, and about 10 GB of memory. Not run by test;
## .ci/run runs it after test. INTUNE_INTEROP_VERBOSE=1 prints every test of every run.
## interop-python and interop-js run first.
# The same go test flags every time (no -race, unlike test-go), so that the
# build cache holds the SDK's compiled packages from one run to the next;
# -v streams the runs' counts, which go test otherwise keeps for a failure.
interop: interop-python interop-js
	@mkdir -p bin .cache
	$(GO) build -o bin/intune-emulator ./cmd/intune-emulator
	cd interop && INTUNE_EMULATOR_BIN='$(CURDIR)/bin/intune-emulator' INTUNE_INTEROP_LOG='$(CURDIR)/.cache/interop-emulator.log' \
		$(GO) test -count=1 -v .

## bench: load-benchmark the emulator against a bare echo server answering the
## same bytes, then its memory with 100,000 assignments, then single creates against
## batches of 20 creates (POST /$batch), then 20,000 creates with a -data file, each
## fsynced, over 1 and over 32 connections (about two minutes; not run by test).
bench:
	$(GO) run ./cmd/intune-bench

## soak: run the emulator for SOAK_DURATION (default 10m) under a mixed workload of single
## requests and JSON batches over HTTP and HTTPS at once, with -data, fault rules and
## -throttle intune, a kill -9 and restart every 3 minutes; check every
## acknowledged write survives, no 5xx but the injected ones, and that memory, goroutines and
## open files settle (not run by test; TestSoak in test-go runs the same for 30 seconds).
SOAK_DURATION ?= 10m
SOAK_FLAGS    ?=
soak:
	$(GO) run ./cmd/intune-soak -duration $(SOAK_DURATION) $(SOAK_FLAGS)

## test-node: the spec checks that need the npm tools (Prism mock, openapi-typescript + tsc).
test-node: $(NPM_STAMP)
	node --test openapi/

## test-ts: compile the TypeScript to .cache/ts-build and run its tests, the
## contract run against the Go emulator included (INTUNE_EMULATOR_BIN skips its build).
test-ts: $(NPM_STAMP)
	rm -rf .cache/ts-build
	npx --no-install tsc -p tsconfig.json
	node --test .cache/ts-build/ts/

## run: build the emulator and start it on $(EMULATOR_ADDR) (HTTP) and $(EMULATOR_TLS_ADDR)
## (HTTPS, with its Entra ID authority), printing a development token, sample curls, the
## development app and the CA to trust.
EMULATOR_ADDR     ?= 127.0.0.1:8080
EMULATOR_TLS_ADDR ?= 127.0.0.1:8443
EMULATOR_URL      := http://$(EMULATOR_ADDR)/beta/deviceManagement/deviceEnrollmentConfigurations/8f5b2c9e-1d3a-4f6b-9c8d-2e7a1b4c5d6f_DefaultPlatformRestrictions/assignments
run:
	$(GO) build -o bin/intune-emulator ./cmd/intune-emulator
	@token=$$(./bin/intune-emulator token -ttl 12h) && \
	printf '\nDevelopment token (DeviceManagementServiceConfig.ReadWrite.All, valid 12h):\n\n%s\n\n' "$$token" && \
	printf 'Create an assignment (the Create page example):\n\n  curl -sS -X POST '\''%s'\'' -H '\''Authorization: Bearer %s'\'' -H '\''Content-Type: application/json'\'' -d '\''%s'\''\n\n' \
		'$(EMULATOR_URL)' "$$token" '{"@odata.type":"#microsoft.graph.enrollmentConfigurationAssignment","target":{"@odata.type":"microsoft.graph.deviceAndAppManagementAssignmentTarget"}}' && \
	printf 'List the assignments:\n\n  curl -sS '\''%s'\'' -H '\''Authorization: Bearer %s'\''\n\n' '$(EMULATOR_URL)' "$$token" && \
	vars=$$(./bin/intune-emulator env -tls-addr $(EMULATOR_TLS_ADDR)) && eval "$$vars" && \
	printf 'HTTPS (HTTP/2) and its Entra ID authority, with the development app (see docs/automation.md):\n\n' && \
	printf '  Graph base URL  https://%s/beta\n  Authority host  https://%s (instance discovery off)\n' '$(EMULATOR_TLS_ADDR)' '$(EMULATOR_TLS_ADDR)' && \
	printf '  Tenant id       %s\n  Client id       %s\n  Client secret   %s\n  CA to trust     %s\n\n' "$$AZURE_TENANT_ID" "$$AZURE_CLIENT_ID" "$$AZURE_CLIENT_SECRET" "$$SSL_CERT_FILE" && \
	printf 'Get an app-only token from the authority:\n\n  curl -sS --cacert '\''%s'\'' https://%s/%s/oauth2/v2.0/token -d grant_type=client_credentials -d client_id=%s -d client_secret=%s -d scope=https://graph.microsoft.com/.default\n\n' \
		"$$SSL_CERT_FILE" '$(EMULATOR_TLS_ADDR)' "$$AZURE_TENANT_ID" "$$AZURE_CLIENT_ID" "$$AZURE_CLIENT_SECRET" && \
	unset AZURE_TENANT_ID AZURE_CLIENT_ID AZURE_CLIENT_SECRET SSL_CERT_FILE REQUESTS_CA_BUNDLE NODE_EXTRA_CA_CERTS && \
	exec ./bin/intune-emulator serve -addr $(EMULATOR_ADDR) -tls-addr $(EMULATOR_TLS_ADDR)

help:
	@grep -E '^## ' $(MAKEFILE_LIST) | sed 's/^## //'
