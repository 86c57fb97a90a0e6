//! `polyfin seed`: a realistic, deterministic dataset at scale for benchmarks and demos.
//! Users and MX Bank members are created through the engine like any client's; each
//! member's history comes from its connector (the sandbox household behind its login)
//! and is written through the aggregation ingest path, one database transaction per
//! member. Generating runs ahead of writing on the other core.

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use polyfin_domain::ids::MemberGuid;
use polyfin_domain::user::{User, UserFields};
use polyfin_engine::members::{CredentialInput, NewMember};
use polyfin_engine::seeding::PreparedHistory;
use polyfin_engine::Engine;
use serde::Serialize;
use std::sync::Arc;
use std::time::Instant;
use tokio::task::JoinHandle;

/// The institution every seeded member connects to.
const INSTITUTION: &str = "mxbank";
/// Any password but MX Bank's scripted ones logs in without MFA.
const PASSWORD: &str = "seed-password";
/// A sandbox household brings about 2.2 transactions a day across its accounts: the
/// window asked for is sized so the cut to the quota keeps only recent history.
const DAYS_PER_TRANSACTION: f64 = 0.6;
const MAX_DAYS: i64 = 3650;
/// At most this many transactions per member, so the heavy user's history stays
/// within what its households have (their accounts open 4–6 years back).
const HEAVY_MEMBER_QUOTA: u64 = 2500;
/// Members prepared ahead of the writer.
const LOOK_AHEAD: usize = 4;

/// What to generate.
#[derive(Debug, Clone)]
pub struct SeedPlan {
    pub users: u32,
    pub members_per_user: u32,
    /// Across all users, the heavy user's included.
    pub transactions: u64,
    /// One extra user with this many transactions (0: none).
    pub heavy_user_transactions: u64,
}

/// What was generated, and the credentials and guids a benchmark needs.
#[derive(Debug, Clone, Serialize)]
pub struct SeedReport {
    pub client_id: String,
    pub api_key: String,
    /// A regular user and one of its members.
    pub user_guid: String,
    pub member_guid: String,
    pub heavy_user_guid: Option<String>,
    pub heavy_user_transactions: u64,
    pub users: u64,
    pub members: u64,
    pub transactions: u64,
    pub seconds: f64,
    pub transactions_per_second: f64,
    /// Time spent writing (the ingest path alone, generation overlapped).
    pub ingest_seconds: f64,
    pub ingest_transactions_per_second: f64,
}

/// One member to fill, with its share of the transactions.
struct Quota {
    member: MemberGuid,
    transactions: u64,
}

pub async fn seed(
    engine: Arc<Engine>,
    plan: &SeedPlan,
    show_progress: bool,
) -> anyhow::Result<SeedReport> {
    anyhow::ensure!(plan.users > 0, "--users must be at least 1");
    anyhow::ensure!(
        plan.members_per_user > 0,
        "--members-per-user must be at least 1"
    );
    let started = Instant::now();
    let client = engine.clients().create("seed").await?;
    let heavy = plan.heavy_user_transactions.min(plan.transactions);
    let regular = plan.transactions - heavy;
    let mut quotas = Vec::new();
    let mut first: Option<(User, MemberGuid)> = None;
    let member_count = u64::from(plan.users) * u64::from(plan.members_per_user);
    for u in 0..plan.users {
        let user = create_user(&engine, &client.client_id, &format!("seed-user-{u:07}")).await?;
        for m in 0..plan.members_per_user {
            let index = u64::from(u) * u64::from(plan.members_per_user) + u64::from(m);
            let member = create_member(&engine, &user, &format!("seed-{u:07}-{m:02}")).await?;
            quotas.push(Quota {
                member: member.clone(),
                transactions: share(regular, member_count, index),
            });
            first.get_or_insert_with(|| (user.clone(), member));
        }
    }
    let mut heavy_user = None;
    if heavy > 0 {
        let user = create_user(&engine, &client.client_id, "seed-heavy-user").await?;
        let members = heavy.div_ceil(HEAVY_MEMBER_QUOTA);
        for m in 0..members {
            let member = create_member(&engine, &user, &format!("seed-heavy-{m:02}")).await?;
            quotas.push(Quota {
                member,
                transactions: share(heavy, members, m),
            });
        }
        heavy_user = Some(user);
    }
    let progress = progress_bar(plan.transactions, show_progress);
    let (written, ingest_seconds) = ingest_all(&engine, quotas, &progress).await?;
    progress.finish_and_clear();
    let seconds = started.elapsed().as_secs_f64();
    let (user, member) = first.context("no member was created")?;
    let heavy_written = match &heavy_user {
        Some(user) => count_transactions(&engine, user).await?,
        None => 0,
    };
    Ok(SeedReport {
        client_id: client.client_id.to_string(),
        api_key: client.api_key,
        user_guid: user.guid.to_string(),
        member_guid: member.to_string(),
        heavy_user_guid: heavy_user.map(|u| u.guid.to_string()),
        heavy_user_transactions: heavy_written,
        users: u64::from(plan.users) + u64::from(heavy > 0),
        members: member_count + heavy.div_ceil(HEAVY_MEMBER_QUOTA),
        transactions: written,
        seconds,
        transactions_per_second: written as f64 / seconds.max(f64::EPSILON),
        ingest_seconds,
        ingest_transactions_per_second: written as f64 / ingest_seconds.max(f64::EPSILON),
    })
}

/// The `index`-th of `parts` near-equal shares of `total`.
fn share(total: u64, parts: u64, index: u64) -> u64 {
    total / parts + u64::from(index < total % parts)
}

async fn create_user(
    engine: &Engine,
    client: &polyfin_domain::ids::ClientId,
    id: &str,
) -> anyhow::Result<User> {
    let fields = UserFields {
        id: Some(id.to_owned()),
        email: Some(format!("{id}@example.com")),
        ..UserFields::default()
    };
    Ok(engine.users().create(client, fields).await?)
}

async fn create_member(engine: &Engine, user: &User, login: &str) -> anyhow::Result<MemberGuid> {
    let credential = |name: &str, value: &str| CredentialInput {
        field_name: Some(name.to_owned()),
        value: value.to_owned(),
        ..CredentialInput::default()
    };
    let new = NewMember {
        institution_code: INSTITUTION.to_owned(),
        credentials: vec![credential("LOGIN", login), credential("PASSWORD", PASSWORD)],
        skip_aggregation: true,
        ..NewMember::default()
    };
    Ok(engine.members().create(user, new).await?.member.guid)
}

/// Prepares members up to `LOOK_AHEAD` ahead of the single writer, in plan order.
async fn ingest_all(
    engine: &Arc<Engine>,
    quotas: Vec<Quota>,
    progress: &ProgressBar,
) -> anyhow::Result<(u64, f64)> {
    let (sender, mut receiver) = tokio::sync::mpsc::channel::<
        JoinHandle<polyfin_engine::Result<PreparedHistory>>,
    >(LOOK_AHEAD);
    let producer_engine = engine.clone();
    let producer = tokio::spawn(async move {
        for quota in quotas {
            let engine = producer_engine.clone();
            let days = window_days(quota.transactions);
            let limit = usize::try_from(quota.transactions).unwrap_or(usize::MAX);
            let task =
                tokio::spawn(
                    async move { engine.prepare_history(&quota.member, days, limit).await },
                );
            if sender.send(task).await.is_err() {
                return;
            }
        }
    });
    let (mut written, mut writing) = (0, std::time::Duration::ZERO);
    while let Some(task) = receiver.recv().await {
        let prepared = task.await.context("a generator task failed")??;
        let write_started = Instant::now();
        let outcome = engine.ingest_history(&prepared).await?;
        writing += write_started.elapsed();
        written += outcome.transactions_added;
        progress.inc(prepared.transactions() as u64);
    }
    producer.await.context("the generator failed")?;
    Ok((written, writing.as_secs_f64()))
}

fn window_days(transactions: u64) -> i64 {
    let days = (transactions as f64 * DAYS_PER_TRANSACTION).ceil() as i64 + 30;
    days.min(MAX_DAYS)
}

async fn count_transactions(engine: &Engine, user: &User) -> anyhow::Result<u64> {
    let filter = polyfin_engine::transactions::TransactionFilter {
        from: Some(time::macros::date!(1970 - 01 - 01)),
        ..Default::default()
    };
    let page = polyfin_domain::page::PageRequest::from_query(None, Some("1"), 1000);
    Ok(engine.transactions().list(user, &filter, page).await?.total)
}

fn progress_bar(total: u64, show: bool) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(
        Some(total),
        if show {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        },
    );
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} [{elapsed_precise}] {wide_bar} {human_pos}/{human_len} transactions ({per_sec}, eta {eta})",
    ) {
        bar.set_style(style);
    }
    bar
}
