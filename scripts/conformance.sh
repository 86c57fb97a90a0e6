#!/usr/bin/env bash
# Run the Python conformance suites (official MX SDK, ...) against a freshly
# started Polyfin server. Extra arguments are passed to pytest, e.g.
#   scripts/conformance.sh -k users -x
#
# Env: POLYFIN_BIN overrides the server binary (default target/debug/polyfin).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

BIN="${POLYFIN_BIN:-$ROOT/target/debug/polyfin}"
[[ "$BIN" == /* ]] || BIN="$PWD/$BIN"
if [[ ! -x "$BIN" ]]; then
    echo "conformance: server binary not found at $BIN" >&2
    echo "conformance: run 'cargo build' first (or point POLYFIN_BIN at a polyfin binary)" >&2
    exit 1
fi

"$ROOT/scripts/setup-system.sh"
"$ROOT/scripts/setup-python.sh"

cd "$ROOT"
export POLYFIN_BIN="$BIN"
export PYTHONDONTWRITEBYTECODE=1
exec "$ROOT/.venv/bin/python" -m pytest conformance -q "$@"
