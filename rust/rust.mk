# The Rust client: rust/ (a cargo workspace: the intune-assignments crate and
# its generator, rust/generate) and its generated code, gen/rust/. cargo
# fetches the crates pinned in rust/Cargo.lock into ~/.cargo and builds in
# rust/target; --locked fails rather than change the lock file.

CARGO      ?= cargo
RUST_FLAGS := --locked --manifest-path rust/Cargo.toml

.PHONY: generate-rust test-rust

## generate-rust: regenerate gen/rust/client.gen.rs from the spec with progenitor (rust/generate).
generate-rust:
	$(CARGO) run $(RUST_FLAGS) --quiet -p intune-assignments-generate -- \
		openapi/openapi.yaml rust/generate/overlay.yaml gen/rust/client.gen.rs

## test-rust: check the formatting of rust/ (cargo fmt), build the emulators and run the Rust
## client's tests against them (cargo test), the shared contract vectors and their bite test included.
# The tests speak plain HTTP over loopback: --no-default-features leaves the
# client's TLS stack (feature rustls) uncompiled.
test-rust: emulators
	$(CARGO) fmt --manifest-path rust/Cargo.toml --all --check
	INTUNE_EMULATOR_BIN='$(CURDIR)/bin/intune-emulator' INTUNE_BROKEN_EMULATOR_BIN='$(CURDIR)/bin/brokenemulator' \
		$(CARGO) test $(RUST_FLAGS) --no-default-features
