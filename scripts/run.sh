#!/usr/bin/env bash
# Builds the Connect page, then builds and runs Polyfin with the embedded SQLite database in ./polyfin-data.
# Extra arguments go to `polyfin serve`, e.g. scripts/run.sh --addr 0.0.0.0:8080
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/build-web.sh
exec cargo run --locked --release -p polyfin -- serve "$@"
