"""Turns one run's summary.tsv and measurements into the Markdown table of BENCHMARKS.md.

Reads the environment run.sh exports; prints Markdown.
"""

import csv
import json
import os
import platform
import subprocess

env = os.environ
run_dir = env["RUN_DIR"]
rows = list(csv.DictReader(open(f"{run_dir}/summary.tsv"), delimiter="\t"))
seed = json.load(open(f"{run_dir}/seed.json"))
aggregation = json.loads(env.get("AGGREGATION_JSON") or "{}")
by = {(r["variant"], r["endpoint"]): r for r in rows}
endpoints = list(dict.fromkeys(r["endpoint"] for r in rows))


def num(value):
    return float(value or 0)


def ratio(a, b):
    return f"{a / b:.2f}×" if a and b else "n/a"


def cpu():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def wrk_version():
    out = subprocess.run(["wrk", "-v"], capture_output=True, text=True)
    return (out.stdout + out.stderr).split()[1]


print(f"Run {os.path.basename(run_dir)}: {os.cpu_count()} cores ({cpu()}), "
      f"{round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30)} GiB, "
      f"Linux {platform.release()}, wrk {wrk_version()} -t2 -c32, "
      f"database of {int(env['TRANSACTIONS']):,} transactions.\n")
print("| endpoint | Polyfin req/s | p50 / p99 ms | Prism req/s | p99 ms | limit req/s | p99 ms "
      "| ÷ Prism | ÷ limit | non-2xx |")
print("|---|---|---|---|---|---|---|---|---|---|")
for ep in endpoints:
    ours = by.get(("polyfin", ep), {})
    prism = by.get(("prism", ep), {})
    limit = by.get(("limit", ep), {})
    o, p, l = num(ours.get("req_s")), num(prism.get("req_s")), num(limit.get("req_s"))
    print(f"| `{ep}` | {o:,.0f} | {ours.get('p50_ms', '-')} / {ours.get('p99_ms', '-')} "
          f"| {f'{p:,.0f}' if p else 'n/a'} | {prism.get('p99_ms', 'n/a')} "
          f"| {l:,.0f} | {limit.get('p99_ms', '-')} | {ratio(o, p)} | {ratio(o, l)} "
          f"| {ours.get('non2xx', '-')} |")

rss = lambda v: max((int(r["rss_after_kib"]) for r in rows if r["variant"] == v), default=0) / 1024
idle = lambda v: next((int(r["rss_idle_kib"]) for r in rows if r["variant"] == v), 0) / 1024
db_bytes = int(env["DB_BYTES"])
print("\n| measure | value |")
print("|---|---|")
print(f"| ingest (seed writer, transactions/s through the ingest path, SQLite) "
      f"| {seed['ingest_transactions_per_second']:,.0f} |")
print(f"| seed end to end (generation + enrichment + ingest), transactions/s "
      f"| {seed['transactions_per_second']:,.0f} ({seed['transactions']:,} in {seed['seconds']:.0f} s) |")
if aggregation:
    print(f"| aggregation, MX Bank members create → CONNECTED per second "
          f"| {aggregation['members_per_second']:,} ({aggregation['connected']}/{aggregation['members']} "
          f"in {aggregation['seconds']} s) |")
if os.path.exists(f"{run_dir}/seed-postgres.json"):
    pg = json.load(open(f"{run_dir}/seed-postgres.json"))
    print(f"| ingest on PostgreSQL (seed writer, transactions/s, throwaway local cluster) "
          f"| {pg['ingest_transactions_per_second']:,.0f} (end to end {pg['transactions_per_second']:,.0f}; "
          f"{pg['transactions']:,} in {pg['seconds']:.0f} s) |")
print(f"| RSS idle / under load (Polyfin) | {idle('polyfin'):.0f} MiB / {rss('polyfin'):.0f} MiB |")
print(f"| RSS idle / under load (Prism) | {idle('prism'):.0f} MiB / {rss('prism'):.0f} MiB |")
print(f"| binary size | {int(env['BINARY_BYTES']) / 2**20:.1f} MiB |")
print(f"| start-up on the existing database (until /institutions answers) | {env['STARTUP_MS']} ms |")
connect = json.loads(env["CONNECT_JSON"]) if env.get("CONNECT_JSON") else None
if connect:
    print(f"| Connect page first render (widget URL → search step, Chromium, {connect['runs']} runs) "
          f"| p50 {connect['p50']} ms, p90 {connect['p90']} ms (min {connect['min']}, max {connect['max']}) |")
else:
    print("| Connect page first render | not measured (no node or /usr/bin/chromium, or the run failed: see the log) |")
print(f"| database size | {db_bytes / 2**30:.2f} GiB; "
      f"{db_bytes / (int(seed['transactions']) / 1e6) / 2**20:,.0f} MiB per million transactions |")
print(f"| heavy user's transactions (the transactions page) | {int(env['HEAVY_COUNT']):,} |")
print(f"| enrichment | {env.get('ENRICH_LINE', 'not measured')} |")
