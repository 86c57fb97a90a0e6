#!/usr/bin/env bash
# The whole test suite: formatting, lints, the Rust tests, the conformance suites
# that drive the official SDKs and the browser tests of the real Connect widget.
# Everything shares one debug build of `polyfin`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf '\n==> %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "Connect page (npm ci + vite build, skipped when up to date; cargo embeds it)"
scripts/build-web.sh

step "cargo clippy"
cargo clippy --locked --workspace --all-targets -- -D warnings

step "cargo build (debug, shared by every suite)"
cargo build --locked -p polyfin

step "cargo test (SQLite)"
env -u POLYFIN_TEST_DATABASE_URL cargo test --locked --workspace

step "conformance suites on SQLite (official SDKs against a live server)"
env -u POLYFIN_TEST_DATABASE_URL POLYFIN_BIN="$PWD/target/debug/polyfin" scripts/conformance.sh

step "Connect widget in Chromium (playwright-core)"
env -u POLYFIN_TEST_DATABASE_URL POLYFIN_BIN="$PWD/target/debug/polyfin" scripts/e2e.sh

# The same again on a throwaway PostgreSQL cluster: the store's tests (with the check
# that both migration trees define one schema), the engine's, every integration test
# (and three instances on one database), the conformance suites and the browser tests.
step "PostgreSQL: cargo test (store, engine, integration), conformance suites, Connect widget"
POLYFIN_BIN="$PWD/target/debug/polyfin" scripts/with-postgres.sh bash -c \
    'cargo test --locked -p polyfin-store -p polyfin-engine -p polyfin && scripts/conformance.sh && scripts/e2e.sh'
