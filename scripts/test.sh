#!/usr/bin/env bash
# Every test, with all set-up included. Safe to re-run: it reuses whatever is already installed.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "toolchain components"
rustup component add rustfmt clippy >/dev/null 2>&1 || true

step "cargo fmt --check"
cargo fmt --all --check

step "cargo clippy -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "cargo doc -D warnings"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked

step "cargo test (unit, property, differential, vectors, doctests, README examples)"
cargo test --workspace --locked

step "criterion benches, each run once (criterion --test)"
CRITERION_HOME="$PWD/target/criterion-test" cargo bench --locked -p scimkit-benches --bench scimkit -- --test

step "Python binding"
bash bindings/python/test.sh

step "Node binding"
bash bindings/node/test.sh

step "WebAssembly binding and browser page"
bash bindings/wasm/test.sh

step "fuzzing: every cargo-fuzz target for 10 s (nightly toolchain; installs cargo-fuzz when missing)"
bash scripts/fuzz.sh 10

step "all tests passed"
