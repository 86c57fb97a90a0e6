#!/usr/bin/env bash
# bench/run.sh: Polyfin's benchmarks in one command, on loopback only.
#
#   bash bench/run.sh                              # the full run: 10 million transactions
#   BENCH_TRANSACTIONS=1000000 bash bench/run.sh   # a quicker, smaller run
#
# Builds release binaries; installs what is missing (Debian wrk, npm Prism, the axum
# limit server); seeds a database (kept in $WORK and reused by later runs of the same
# size, BENCH_RESEED=1 to redo it); then measures:
#   load        wrk -t2 -c32 on five endpoints for Polyfin, Prism (mocking MX's spec)
#               and the limit server (a bare axum server with a fixed body), in turn
#   ingest      transactions/s written through the aggregation ingest path (the seed),
#               on SQLite and on a throwaway PostgreSQL cluster (BENCH_PG_TRANSACTIONS)
#   aggregation MX Bank members taken from create to CONNECTED per second
#   footprint   binary size, start-up time on the existing DB, RSS idle and under
#               load, database bytes per million transactions, and the Connect page's
#               first render (widget URL opened → the widget's search step, Chromium)
#   enrichment  descriptions/s on one thread (cargo bench -p polyfin-enrich --bench throughput;
#               BENCH_ENRICH=0 skips it)
# Results: $WORK/results/<timestamp>/ (summary.md, summary.tsv, every wrk output).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
WORK=${WORK:-${TMPDIR:-/tmp}/polyfin-bench}
SPEC=${SPEC:-$ROOT/../shared/reference/mx_platform_api.v20111101.yml}
PRISM_VERSION=${PRISM_VERSION:-5.14.2}
TRANSACTIONS=${BENCH_TRANSACTIONS:-10000000}
MEMBERS_PER_USER=${BENCH_MEMBERS_PER_USER:-2}
# About 500 transactions per member: a year of a household's history.
USERS=${BENCH_USERS:-$(( TRANSACTIONS / (500 * MEMBERS_PER_USER) > 0 ? TRANSACTIONS / (500 * MEMBERS_PER_USER) : 1 ))}
AGGREGATION_MEMBERS=${BENCH_AGGREGATION_MEMBERS:-400}
THREADS=${THREADS:-2}
CONNS=${CONNS:-32}
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-3s}
VARIANTS=${VARIANTS:-"polyfin prism limit"}
export BENCH_LUA="$HERE/lua"
export BENCH_RUN
BENCH_RUN=$(date +%s)

RUN_DIR="$WORK/results/$(date +%Y%m%d-%H%M%S)"
DB_DIR="$WORK/db-$TRANSACTIONS"
BIN="$ROOT/target/release/polyfin"
SERVER_PID=""

log() { printf '%s\n' "$*" >&2; }
cleanup() { if [ -n "$SERVER_PID" ]; then stop_server; fi; }
trap cleanup EXIT INT TERM

# shellcheck source=bench/servers.sh
source "$HERE/servers.sh"

mkdir -p "$RUN_DIR" "$WORK"
log "results in $RUN_DIR"
ensure_wrk
case " $VARIANTS " in *" prism "*) ensure_prism ;; esac  # Prism is slow to install
ensure_limit
log "building polyfin (release)"
# The Connect page is embedded at build time (crates/api/build.rs).
"$ROOT/scripts/build-web.sh" >&2 || { log "Connect page build failed"; exit 1; }
(cd "$ROOT" && cargo build --release -p polyfin >/dev/null 2>&1) || { log "release build failed"; exit 1; }

# ---------------------------------------------------------------- seed (= ingest)
if [ "${BENCH_RESEED:-0}" = 1 ] || [ ! -f "$DB_DIR/seed.json" ]; then
  rm -rf "$DB_DIR"; mkdir -p "$DB_DIR"
  log "seeding $TRANSACTIONS transactions ($USERS users x $MEMBERS_PER_USER members + the heavy user)"
  "$BIN" seed --data-dir "$DB_DIR" --users "$USERS" --members-per-user "$MEMBERS_PER_USER" \
    --transactions "$TRANSACTIONS" --json >"$DB_DIR/seed.json.tmp"
  mv "$DB_DIR/seed.json.tmp" "$DB_DIR/seed.json"
fi
cp "$DB_DIR/seed.json" "$RUN_DIR/seed.json"
seed_field() { python3 -c "import json,sys; print(json.load(open('$DB_DIR/seed.json'))['$1'])"; }
CLIENT_ID=$(seed_field client_id)
API_KEY=$(seed_field api_key)
USER_GUID=$(seed_field user_guid)
MEMBER_GUID=$(seed_field member_guid)
HEAVY_GUID=$(seed_field heavy_user_guid)
HEAVY_COUNT=$(seed_field heavy_user_transactions)
OURS_AUTH="Basic $(printf '%s:%s' "$CLIENT_ID" "$API_KEY" | base64 -w0)"

# ---------------------------------------------------------------- ingest on PostgreSQL
# The same seed (its writer is the aggregation ingest path) into a throwaway PostgreSQL
# cluster started as scripts/with-postgres.sh does, with fsync on and
# synchronous_commit off: the durability of SQLite's WAL with synchronous=NORMAL.
# BENCH_PG_TRANSACTIONS=0 skips it.
PG_TRANSACTIONS=${BENCH_PG_TRANSACTIONS:-200000}
if [ "$PG_TRANSACTIONS" -gt 0 ]; then
  PG_USERS=$(( PG_TRANSACTIONS / (500 * MEMBERS_PER_USER) > 0 ? PG_TRANSACTIONS / (500 * MEMBERS_PER_USER) : 1 ))
  log "seeding $PG_TRANSACTIONS transactions on PostgreSQL ($PG_USERS users x $MEMBERS_PER_USER members + the heavy user)"
  # shellcheck disable=SC2016  # expanded by the inner shell
  WITH_POSTGRES_SETTINGS="-c synchronous_commit=off -c max_connections=100" \
    POLYFIN_SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(32))') \
    "$ROOT/scripts/with-postgres.sh" bash -c \
    'exec "$1" seed --database-url "$POLYFIN_TEST_DATABASE_URL" --users "$2" --members-per-user "$3" --transactions "$4" --json' \
    _ "$BIN" "$PG_USERS" "$MEMBERS_PER_USER" "$PG_TRANSACTIONS" >"$RUN_DIR/seed-postgres.json" \
    || { log "PostgreSQL seed failed"; rm -f "$RUN_DIR/seed-postgres.json"; }
fi

# ---------------------------------------------------------------- footprint: start-up
BINARY_BYTES=$(stat -c %s "$BIN")
# Migrations new since the seed (an index on 10 million rows) are not start-up time.
"$BIN" --data-dir "$DB_DIR" migrate >/dev/null
db_bytes() { du -cb "$DB_DIR"/*.db* 2>/dev/null | tail -1 | cut -f1; }
PORT=$(free_port)
start_ms=$(date +%s%3N)
"$BIN" --data-dir "$DB_DIR" serve --addr "127.0.0.1:$PORT" >"$RUN_DIR/startup.log" 2>&1 &
SERVER_PID=$!
until curl -s -o /dev/null -H "Authorization: $OURS_AUTH" "http://127.0.0.1:$PORT/institutions"; do
  kill -0 "$SERVER_PID" 2>/dev/null || { log "polyfin died; see $RUN_DIR/startup.log"; exit 1; }
  sleep 0.01
done
STARTUP_MS=$(( $(date +%s%3N) - start_ms ))
stop_server
DB_BYTES=$(db_bytes)
log "binary $BINARY_BYTES bytes; start-up ${STARTUP_MS} ms on a $DB_BYTES-byte database"

# ---------------------------------------------------------------- footprint: Connect page
# Time from opening a fresh widget URL (a parent page iframes it) to the widget's search
# step, in Debian's Chromium: e2e/first-render.mjs, BENCH_CONNECT_RUNS times, on a
# server of its own with a fresh database. Needs node and chromium (scripts/e2e.sh
# installs chromium); without them the figure is reported as not measured.
CONNECT_JSON=""
if command -v node >/dev/null 2>&1 && [ -x /usr/bin/chromium ]; then
  if [ ! -f "$ROOT/e2e/node_modules/.polyfin-ci-stamp" ] ||
     [ "$ROOT/e2e/package-lock.json" -nt "$ROOT/e2e/node_modules/.polyfin-ci-stamp" ]; then
    (cd "$ROOT/e2e" && npm ci --no-audit --no-fund --loglevel=error >&2 &&
      touch node_modules/.polyfin-ci-stamp)
  fi
  CONNECT_JSON=$(cd "$ROOT/e2e" && POLYFIN_BIN="$BIN" node first-render.mjs "${BENCH_CONNECT_RUNS:-10}" |
    tail -1) || CONNECT_JSON=""
fi
log "connect first render: ${CONNECT_JSON:-not measured (no node or /usr/bin/chromium, or first-render.mjs failed)}"

# ---------------------------------------------------------------- load
# Plaid: an item on the seeded client (its member aggregates 90 days like any item).
plaid_body() {
  local port=$1 secret_json public access
  secret_json="\"client_id\":\"$CLIENT_ID\",\"secret\":\"$API_KEY\""
  public=$(curl -s -X POST -H 'Content-Type: application/json' "http://127.0.0.1:$port/plaid/sandbox/public_token/create" \
    -d "{$secret_json,\"institution_id\":\"ins_109508\",\"initial_products\":[\"transactions\"]}" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["public_token"])')
  access=$(curl -s -X POST -H 'Content-Type: application/json' "http://127.0.0.1:$port/plaid/item/public_token/exchange" \
    -d "{$secret_json,\"public_token\":\"$public\"}" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
  local body="{$secret_json,\"access_token\":\"$access\",\"start_date\":\"2000-01-01\",\"end_date\":\"2100-01-01\",\"options\":{\"count\":25}}"
  local i
  for i in $(seq 100); do  # until the item's first aggregation is in
    if curl -s -X POST -H 'Content-Type: application/json' "http://127.0.0.1:$port/plaid/transactions/get" -d "$body" |
      grep -q '"total_transactions"'; then break; fi
    sleep 0.1
  done
  printf '%s' "$body"
}

TSV="$RUN_DIR/summary.tsv"
printf 'variant\tendpoint\treq_s\tp50_ms\tp90_ms\tp99_ms\tmax_ms\trequests\tnon2xx\tsock_err\trss_idle_kib\trss_after_kib\n' >"$TSV"
for v in $VARIANTS; do
  PORT=$(free_port)
  case $v in
    polyfin)
      export WRK_AUTH="$OURS_AUTH"
      start_server "$v" "$BIN --data-dir $DB_DIR serve --addr 127.0.0.1:$PORT"
      export PLAID_BODY; PLAID_BODY=$(plaid_body "$PORT")
      TX_PATH="/users/$HEAVY_GUID/transactions?from_date=2000-01-01&records_per_page=25"
      STATUS_PATH="/users/$USER_GUID/members/$MEMBER_GUID/status" ;;
    prism)
      export WRK_AUTH=""
      start_server "$v" "$WORK/node_modules/.bin/prism mock -p $PORT -h 127.0.0.1 $SPEC"
      TX_PATH="/users/USR-1/transactions?records_per_page=25"
      STATUS_PATH="/users/USR-1/members/MBR-1/status" ;;
    limit)
      export WRK_AUTH=""
      export PLAID_BODY="{}"
      start_server "$v" "$WORK/limit/target/release/limit $PORT"
      TX_PATH="/users/USR-1/transactions?records_per_page=25"
      STATUS_PATH="/users/USR-1/members/MBR-1/status" ;;
  esac
  sleep 1
  rss_idle=$(rss_kib)
  endpoints=(
    "GET /institutions|get.lua|/institutions"
    "GET /users/{guid}/transactions|get.lua|$TX_PATH"
    "GET /users/{guid}/members/{guid}/status|get.lua|$STATUS_PATH"
    "POST /users|post-users.lua|/users"
  )
  # Prism mocks MX's spec only: there is no Plaid peer.
  [ "$v" != prism ] && endpoints+=("POST /plaid/transactions/get|plaid-transactions.lua|/plaid/transactions/get")
  for ep in "${endpoints[@]}"; do
    IFS='|' read -r name lua path <<<"$ep"
    measure "$v" "$name" "$HERE/lua/$lua" "http://127.0.0.1:$PORT$path" "$rss_idle"
  done
  stop_server
done

# ---------------------------------------------------------------- aggregation
AGG_DIR="$WORK/aggregation"
rm -rf "$AGG_DIR"; mkdir -p "$AGG_DIR"
PORT=$(free_port)
start_server polyfin-aggregation "$BIN --data-dir $AGG_DIR serve --addr 127.0.0.1:$PORT"
AGG_CREDS=$("$BIN" --data-dir "$AGG_DIR" clients create --name aggregation --json)
AGGREGATION_JSON=$(python3 "$HERE/aggregation.py" "http://127.0.0.1:$PORT" "$AGG_CREDS" "$AGGREGATION_MEMBERS")
stop_server
log "aggregation: $AGGREGATION_JSON"

# ---------------------------------------------------------------- enrichment
# Descriptions cleaned and categorized per second on one thread (crates/enrich bench).
if [ "${BENCH_ENRICH:-1}" = 1 ]; then
  ENRICH_LINE=$(cd "$ROOT" && cargo bench -q -p polyfin-enrich --bench throughput 2>/dev/null | tail -1)
else
  ENRICH_LINE="skipped (BENCH_ENRICH=0)"
fi
log "enrichment: $ENRICH_LINE"

# ---------------------------------------------------------------- summary
export RUN_DIR TRANSACTIONS HEAVY_COUNT BINARY_BYTES STARTUP_MS DB_BYTES AGGREGATION_JSON ENRICH_LINE CONNECT_JSON
python3 "$HERE/summarize.py" | tee "$RUN_DIR/summary.md"
