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

step "cargo test"
cargo test --locked --workspace

step "conformance suites (official SDKs against a live server)"
POLYFIN_BIN="$PWD/target/debug/polyfin" scripts/conformance.sh

step "Connect widget in Chromium (playwright-core)"
POLYFIN_BIN="$PWD/target/debug/polyfin" scripts/e2e.sh
