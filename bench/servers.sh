# Installing and running the servers under test, and one wrk measurement. Sourced by
# run.sh. Adapted from ../shared/bench/peer-prism.sh: the same wrk settings, limit
# server and RSS accounting, with random free ports and any server command.

ensure_wrk() {
  command -v wrk >/dev/null && return
  log "installing wrk (Debian package)"
  apt-get -o DPkg::Lock::Timeout=600 update >/dev/null
  apt-get -o DPkg::Lock::Timeout=600 install -y wrk >/dev/null
}

ensure_prism() {
  if [ ! -x "$WORK/node_modules/.bin/prism" ]; then
    log "installing @stoplight/prism-cli@$PRISM_VERSION into $WORK"
    (cd "$WORK" && npm install --no-audit --no-fund "@stoplight/prism-cli@$PRISM_VERSION" >/dev/null 2>&1)
  fi
}

# A minimal "physical limit": axum on tokio, every route answers the same ~2 KB JSON.
ensure_limit() {
  local d="$WORK/limit"
  [ -x "$d/target/release/limit" ] && return
  log "building the axum limit server in $d"
  mkdir -p "$d/src"
  cp "$HERE/limit/Cargo.toml" "$d/Cargo.toml"
  cp "$HERE/limit/main.rs" "$d/src/main.rs"
  (cd "$d" && cargo build --release >/dev/null 2>&1)
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

start_server() {  # $1 = name, $2 = command; uses $PORT; sets SERVER_PID
  local name=$1 cmd=$2 logf="$RUN_DIR/$1.server.log" i
  bash -c "exec $cmd" >"$logf" 2>&1 &
  SERVER_PID=$!
  for i in $(seq 240); do
    if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/institutions"; then return 0; fi
    kill -0 "$SERVER_PID" 2>/dev/null || { log "$name died; see $logf"; SERVER_PID=""; exit 1; }
    sleep 0.25
  done
  log "$name not ready after 60 s; see $logf"; exit 1
}

rss_kib() {  # the server process and its direct children
  local total=0 r
  for r in $(ps -o rss= -p "$SERVER_PID" 2>/dev/null) $(ps -o rss= --ppid "$SERVER_PID" 2>/dev/null); do
    total=$((total + r))
  done
  echo "$total"
}

stop_server() {
  local kids i
  kids=$(ps -o pid= --ppid "$SERVER_PID" 2>/dev/null || true)
  kill "$SERVER_PID" 2>/dev/null || true
  for i in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
  kill -0 "$SERVER_PID" 2>/dev/null && kill -9 "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  for i in $kids; do kill "$i" 2>/dev/null || true; done
  SERVER_PID=""
}

measure() {  # variant, endpoint name, lua script, url, idle rss; appends to $TSV
  local v=$1 name=$2 lua=$3 url=$4 rss_idle=$5 tag line rss_after
  tag=$(printf '%s' "$v-$name" | tr -c 'A-Za-z0-9_-' '_')
  wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" -s "$lua" "$url" >"$RUN_DIR/$tag.warmup.txt" 2>&1
  wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency -s "$lua" "$url" >"$RUN_DIR/$tag.txt" 2>&1
  rss_after=$(rss_kib)
  line=$(grep '^SUMMARY' "$RUN_DIR/$tag.txt" || echo "SUMMARY req_s=0 p50_ms=0 p90_ms=0 p99_ms=0 max_ms=0 requests=0 non2xx=0 sock_err=0")
  get() { echo "$line" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$v" "$name" "$(get req_s)" "$(get p50_ms)" \
    "$(get p90_ms)" "$(get p99_ms)" "$(get max_ms)" "$(get requests)" "$(get non2xx)" "$(get sock_err)" \
    "$rss_idle" "$rss_after" >>"$TSV"
  printf '%-8s %-40s %9s req/s  p50 %7s ms  p99 %7s ms  non2xx %-6s rss %4d MiB\n' "$v" "$name" \
    "$(get req_s)" "$(get p50_ms)" "$(get p99_ms)" "$(get non2xx)" $((rss_after / 1024)) >&2
}
