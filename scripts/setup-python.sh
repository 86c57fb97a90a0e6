#!/usr/bin/env bash
# Create the project virtualenv (.venv at the repo root) and install the
# conformance suite's pinned Python dependencies into it.
#
# Idempotent: the venv is only created when missing, and `pip install` only
# runs when conformance/requirements.txt changed since the last successful
# install (a hash of it is kept in .venv/.requirements.sha256).
#
# Env: PYTHON (default python3) is the interpreter used to create the venv.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
REQUIREMENTS="$ROOT/conformance/requirements.txt"
STAMP="$VENV/.requirements.sha256"
PYTHON="${PYTHON:-python3}"

log() { echo "setup-python: $*" >&2; }
die() { log "error: $*"; exit 1; }

command -v "$PYTHON" >/dev/null 2>&1 || die "'$PYTHON' not found; install Python 3 first"
[[ -f "$REQUIREMENTS" ]] || die "$REQUIREMENTS is missing"

venv_ok() { [[ -x "$VENV/bin/python" && -x "$VENV/bin/pip" ]]; }

# Debian/Ubuntu ship python3 without the venv/ensurepip parts; those live in
# the python3-venv package. Install it only when venv creation needs it.
install_python3_venv() {
    local sudo=()
    if [[ "$(id -u)" -ne 0 ]]; then
        command -v sudo >/dev/null 2>&1 || die "python3-venv is needed; run as root or install sudo"
        sudo=(sudo)
    fi
    log "installing python3-venv with apt-get"
    ${sudo[@]+"${sudo[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    ${sudo[@]+"${sudo[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
}

create_venv() {
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
}

if ! venv_ok; then
    log "creating virtualenv at $VENV"
    errlog="$(mktemp)"
    trap 'rm -f "$errlog"' EXIT
    if ! create_venv 2>"$errlog"; then
        if ! command -v apt-get >/dev/null 2>&1; then
            cat "$errlog" >&2
            die "'$PYTHON -m venv' failed; install the Python venv module"
        fi
        install_python3_venv
        create_venv
    fi
    venv_ok || die "virtualenv at $VENV is incomplete (no bin/python or bin/pip)"
fi

want="$("$VENV/bin/python" -c 'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest())' "$REQUIREMENTS")"
have="$(cat "$STAMP" 2>/dev/null || true)"
if [[ "$want" != "$have" ]]; then
    log "installing conformance/requirements.txt into .venv"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REQUIREMENTS"
    echo "$want" > "$STAMP.tmp"
    mv "$STAMP.tmp" "$STAMP"
fi
