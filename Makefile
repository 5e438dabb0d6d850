# The spec-first workflow: edit openapi/openapi.yaml, `make generate`,
# implement, `make test`. Every target installs what it needs.

GO        ?= go
NPM_STAMP := node_modules/.package-lock.json
GEN_PATHS := gen go.mod go.sum

.DEFAULT_GOAL := test
.PHONY: deps generate check-generated lint lint-spec lint-ts vet test test-go test-node test-ts

## deps: download the Go modules and install the pinned npm tools.
deps: $(NPM_STAMP)
	$(GO) mod download

# npm ci only when the lock file changed since the last install.
$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

## generate: regenerate every binding from openapi/openapi.yaml.
generate: $(NPM_STAMP)
	$(GO) generate ./gen/...

## check-generated: regenerate, then fail if that changed anything.
check-generated: generate
	@if [ -n "$$(git status --porcelain -- $(GEN_PATHS))" ]; then \
		git status --short -- $(GEN_PATHS); \
		echo "check-generated: the generated code did not match openapi/openapi.yaml."; \
		echo "It has now been regenerated: review it and commit the result ('make generate' does the same)."; \
		exit 1; \
	fi
	@$(GO) mod tidy -diff || { echo "check-generated: go.mod/go.sum are not tidy: run 'go mod tidy' and commit the result."; exit 1; }

## lint: lint the spec with Redocly and Spectral, vet the Go code, type-check the TypeScript.
lint: lint-spec vet lint-ts

lint-spec: $(NPM_STAMP)
	npx --no-install redocly lint --format=stylish openapi/openapi.yaml
	npx --no-install spectral lint --fail-severity=warn openapi/openapi.yaml

vet:
	$(GO) vet ./...

# The generated (gen/ts) and hand-written (ts/) TypeScript, as tsconfig.json lists them.
lint-ts: $(NPM_STAMP)
	npx --no-install tsc --strict --noEmit -p tsconfig.json

## test: everything CI runs.
test: check-generated lint test-go test-node test-ts

test-go:
	$(GO) test -race -count=1 ./...

## test-node: the spec checks that need the npm tools (Prism mock, openapi-typescript + tsc).
test-node: $(NPM_STAMP)
	node --test openapi/

## test-ts: compile the TypeScript to .cache/ts-build and run its tests, the
## contract run against the Go emulator included (INTUNE_EMULATOR_BIN skips its build).
test-ts: $(NPM_STAMP)
	rm -rf .cache/ts-build
	npx --no-install tsc -p tsconfig.json
	node --test .cache/ts-build/ts/

help:
	@grep -E '^## ' $(MAKEFILE_LIST) | sed 's/^## //'
