#!/usr/bin/env bash
# Builds the hosted Connect page (web/connect → web/connect/dist), which cargo then
# embeds into the polyfin binary. Installs the pinned packages with `npm ci` and
# skips the build when dist is newer than every source file and the lockfile.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../web/connect"

log() { echo "build-web: $*" >&2; }

command -v npm >/dev/null 2>&1 || {
    log "error: npm is missing (Node.js 20.19+ is needed to build the Connect page)"
    exit 1
}

stamp=node_modules/.polyfin-ci-stamp
if [[ ! -f "$stamp" || package-lock.json -nt "$stamp" ]]; then
    log "npm ci"
    npm ci --no-audit --no-fund --loglevel=error
    touch "$stamp"
fi

if [[ -f dist/index.html ]] &&
    [[ -z "$(find src index.html vite.config.js package-lock.json -newer dist/index.html -print -quit)" ]]; then
    log "dist is up to date"
    exit 0
fi
log "vite build"
npx --no-install vite build --logLevel warn
# Precompressed copies: the server sends them to browsers that accept gzip.
gzip -9 -k -f dist/assets/*.js dist/assets/*.css
