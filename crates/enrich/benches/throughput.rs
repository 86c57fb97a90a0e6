//! Enrichment throughput on one core: descriptions per second over the labeled sets
//! (realistic card, ACH, payroll, transfer, fee, check, refund and foreign texts).
//!
//! `cargo bench -p polyfin-enrich --bench throughput [-- SECONDS]` prints one line,
//! `enrich throughput: N descriptions/s (…)`, for `bench/` to collect. On Linux the
//! line also gives the rate per second of CPU time the thread actually got, which stays
//! comparable when the machine is shared and the wall-clock rate is not.
#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::expect_used)]

use polyfin_domain::transaction::TransactionKind;
use polyfin_domain::Decimal;
use std::hint::black_box;
use std::str::FromStr;
use std::time::{Duration, Instant};

const SETS: [&str; 2] = [
    include_str!("../tests/data/labeled.tsv"),
    include_str!("../tests/data/holdout.tsv"),
];

type Input = (String, Option<u32>, TransactionKind, Decimal);

fn corpus() -> Vec<Input> {
    SETS.iter()
        .flat_map(|set| set.lines())
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            let kind = if f[0] == "C" {
                TransactionKind::Credit
            } else {
                TransactionKind::Debit
            };
            let mcc = f[2].parse().ok();
            (f[3].to_owned(), mcc, kind, Decimal::from_str(f[1]).unwrap())
        })
        .collect()
}

fn main() {
    let seconds: f64 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(3.0);
    let corpus = corpus();
    // Warm-up: the tables are parsed once, on first use.
    for (raw, mcc, kind, amount) in &corpus {
        black_box(polyfin_enrich::enrich(raw, *mcc, *kind, *amount));
    }
    let budget = Duration::from_secs_f64(seconds);
    let cpu_before = thread_cpu_ns();
    let started = Instant::now();
    let mut done: u64 = 0;
    while started.elapsed() < budget {
        for (raw, mcc, kind, amount) in &corpus {
            black_box(polyfin_enrich::enrich(black_box(raw), *mcc, *kind, *amount));
        }
        done += corpus.len() as u64;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let cpu = match (cpu_before, thread_cpu_ns()) {
        (Some(before), Some(after)) if after > before => {
            let cpu = (after - before) as f64 / 1e9;
            format!(
                "; {:.0} per CPU-second, {cpu:.2} s on CPU",
                done as f64 / cpu
            )
        }
        _ => String::new(),
    };
    println!(
        "enrich throughput: {:.0} descriptions/s ({done} descriptions of {} distinct in {elapsed:.2} s, one thread{cpu})",
        done as f64 / elapsed,
        corpus.len()
    );
}

/// Nanoseconds this thread has run on a CPU (Linux `schedstat`); `None` elsewhere.
fn thread_cpu_ns() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}
