#!/usr/bin/env bash
# The Connect browser tests: the real MX Connect widget, served by a polyfin binary
# (POLYFIN_BIN, default target/debug/polyfin), driven by playwright-core in Debian's
# Chromium. Installs Chromium (apt-get) and the pinned npm packages when missing.
# Screenshots of each end state land in e2e/artifacts/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

log() { echo "e2e: $*" >&2; }

BIN="${POLYFIN_BIN:-$ROOT/target/debug/polyfin}"
[[ -x "$BIN" ]] || { log "error: no polyfin binary at $BIN (cargo build first)"; exit 1; }

if [[ ! -x /usr/bin/chromium ]]; then
    log "installing chromium with apt-get"
    sudo=()
    [[ "$(id -u)" -eq 0 ]] || sudo=(sudo)
    ${sudo[@]+"${sudo[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq
    ${sudo[@]+"${sudo[@]}"} env DEBIAN_FRONTEND=noninteractive \
        apt-get -o DPkg::Lock::Timeout=600 install -y -qq chromium >/dev/null
fi

cd "$ROOT/e2e"
stamp=node_modules/.polyfin-ci-stamp
if [[ ! -f "$stamp" || package-lock.json -nt "$stamp" ]]; then
    log "npm ci"
    npm ci --no-audit --no-fund --loglevel=error
    touch "$stamp"
fi
rm -rf artifacts
POLYFIN_BIN="$BIN" node --test --test-concurrency=1 --test-reporter=spec connect.test.mjs
