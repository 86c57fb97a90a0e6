#!/usr/bin/env bash
# Install the system tools the conformance suites need (idempotent, quiet):
#   pdftotext (Debian package poppler-utils): reads the text of statement PDFs.
# Nothing is installed when the tool is already on PATH.
set -euo pipefail

log() { echo "setup-system: $*" >&2; }
die() { log "error: $*"; exit 1; }

command -v pdftotext >/dev/null 2>&1 && exit 0

command -v apt-get >/dev/null 2>&1 || die "pdftotext is missing and apt-get is unavailable; install poppler-utils"
sudo=()
if [[ "$(id -u)" -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || die "pdftotext is missing; run as root or install sudo (needs poppler-utils)"
    sudo=(sudo)
fi
log "installing poppler-utils (pdftotext) with apt-get"
${sudo[@]+"${sudo[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get update -qq
${sudo[@]+"${sudo[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null
command -v pdftotext >/dev/null 2>&1 || die "poppler-utils installed but pdftotext is still not on PATH"
