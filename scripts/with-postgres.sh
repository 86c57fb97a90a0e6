#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster: installs PostgreSQL from Debian
# when missing, creates a cluster in a temporary directory listening on 127.0.0.1 at a
# free port, exports POLYFIN_TEST_DATABASE_URL (a base URL: each test creates its own
# database beside it), runs the command, and removes the cluster whatever happens.
#   scripts/with-postgres.sh cargo test -p polyfin --test mx_users
set -euo pipefail

log() { echo "with-postgres: $*" >&2; }
die() { log "error: $*"; exit 1; }

[[ $# -gt 0 ]] || die "usage: $0 COMMAND [ARGS...]"

pg_bindir() {
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    [[ -n "$dir" && -x "$dir/initdb" ]] && echo "$dir"
}

install_postgres() {
    command -v apt-get >/dev/null 2>&1 || die "PostgreSQL is missing and apt-get is unavailable"
    local sudo=()
    if [[ "$(id -u)" -ne 0 ]]; then
        command -v sudo >/dev/null 2>&1 || die "PostgreSQL is missing; run as root or install sudo"
        sudo=(sudo)
    fi
    log "installing postgresql with apt-get"
    local apt=(env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600)
    ${sudo[@]+"${sudo[@]}"} "${apt[@]}" update -qq
    ${sudo[@]+"${sudo[@]}"} "${apt[@]}" install -y -qq postgresql >/dev/null
}

BIN="$(pg_bindir || true)"
if [[ -z "$BIN" ]]; then
    install_postgres
    BIN="$(pg_bindir || true)"
    [[ -n "$BIN" ]] || die "postgresql installed but no initdb under /usr/lib/postgresql/*/bin"
fi

# PostgreSQL refuses to run as root: then the cluster belongs to the `postgres` user
# that the Debian package creates.
as_owner=()
if [[ "$(id -u)" -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || die "running as root but there is no postgres user"
    as_owner=(runuser -u postgres --)
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/polyfin-pg.XXXXXX")"
chmod 755 "$WORK"
[[ ${#as_owner[@]} -eq 0 ]] || chown postgres "$WORK"

cleanup() {
    local status=$?
    if [[ -f "$WORK/data/postmaster.pid" ]]; then
        ${as_owner[@]+"${as_owner[@]}"} "$BIN/pg_ctl" -D "$WORK/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT INT TERM

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

${as_owner[@]+"${as_owner[@]}"} "$BIN/initdb" -D "$WORK/data" -U polyfin --auth=trust \
    --encoding=UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1 \
    || { cat "$WORK/initdb.log" >&2; die "initdb failed"; }

# A test cluster: durability off (it is thrown away), room for many parallel tests.
# WITH_POSTGRES_SETTINGS replaces these settings (bench/run.sh keeps fsync on).
SETTINGS=${WITH_POSTGRES_SETTINGS:-"-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400"}
started=""
for _ in 1 2 3 4 5; do
    PORT="$(free_port)"
    if ${as_owner[@]+"${as_owner[@]}"} "$BIN/pg_ctl" -D "$WORK/data" -l "$WORK/server.log" -w -t 60 \
        -o "-h 127.0.0.1 -p $PORT -k $WORK $SETTINGS" \
        start >/dev/null; then
        started=1
        break
    fi
    log "port $PORT was taken; retrying"
done
[[ -n "$started" ]] || { tail -n 20 "$WORK/server.log" >&2 || true; die "the cluster did not start"; }

# psql and friends for the commands run inside (e.g. the conformance fixtures).
export PATH="$BIN:$PATH"
export POLYFIN_TEST_DATABASE_URL="postgres://polyfin@127.0.0.1:$PORT/postgres"
log "PostgreSQL at $POLYFIN_TEST_DATABASE_URL"
"$@"
