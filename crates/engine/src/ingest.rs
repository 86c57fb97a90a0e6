//! Turns what a connector fetched into rows: known accounts keep their guids, new ones
//! get fresh guids, and every transaction is enriched once, here, then filed by the
//! user's own transaction rules.

use crate::pfm::CategoryBook;
use crate::premium_ingest as premium;
use polyfin_connectors::{FetchedAccount, FetchedData, FetchedTransaction};
use polyfin_domain::account::Account;
use polyfin_domain::ids::{AccountGuid, TransactionGuid};
use polyfin_domain::member::Member;
use polyfin_domain::origin::Origin;
use polyfin_domain::pfm::{first_matching_rule, TransactionRule};
use polyfin_domain::premium::Owner;
use polyfin_domain::transaction::Transaction;
use polyfin_store::{IngestBatch, PendingTransaction, Store, Vanished};
use std::collections::{HashMap, HashSet};
use time::OffsetDateTime;

/// The member's user's rules and the categories they may name.
#[derive(Debug, Default)]
pub(crate) struct UserRules {
    pub(crate) rules: Vec<TransactionRule>,
    pub(crate) book: CategoryBook,
}

impl UserRules {
    /// The rules and categories of the member's user, as every ingestion applies them.
    pub(crate) async fn of(store: &dyn Store, member: &Member) -> Result<Self, crate::Error> {
        let (client, user) = (&member.client_id, &member.user_guid);
        Ok(Self {
            rules: store.list_rules(client, user).await?,
            book: CategoryBook::new(store.list_categories(client, user).await?),
        })
    }
}

/// `fetched_holdings` says whether the fetch asked for holdings: only then do absent
/// positions count as sold.
pub(crate) fn build_batch(
    member: &Member,
    existing: &[Account],
    data: FetchedData,
    fetched_holdings: bool,
    user_rules: &UserRules,
    now: OffsetDateTime,
) -> IngestBatch {
    let mut guids: HashMap<String, AccountGuid> = existing
        .iter()
        .map(|a| (a.external_id.clone(), a.guid.clone()))
        .collect();
    let accounts: Vec<Account> = data
        .accounts
        .into_iter()
        .map(|fetched| {
            let guid = guids
                .entry(fetched.external_id.clone())
                .or_insert_with(AccountGuid::generate)
                .clone();
            account_row(member, guid, fetched, now)
        })
        .collect();
    // Oldest first (stable, so the connector's order stays within one instant): the
    // rows then reach every date-ordered index in order, appending within each
    // member's, account's and user's range instead of splitting pages from the right.
    let mut fetched = data.transactions;
    fetched.sort_by_key(|t| t.transacted_at);
    let transactions = fetched
        .into_iter()
        .filter_map(|fetched| {
            let account = guids.get(&fetched.account_external_id)?.clone();
            let mut row = transaction_row(member, account, fetched, now);
            apply_rules(&mut row, user_rules);
            Some(row)
        })
        .collect();
    let owner = |external: &str| {
        guids.get(external).map(|account| Owner {
            client_id: member.client_id.clone(),
            user_guid: member.user_guid.clone(),
            member_guid: member.guid.clone(),
            account_guid: account.clone(),
        })
    };
    IngestBatch {
        accounts,
        transactions,
        account_numbers: premium::account_numbers(data.account_numbers, &owner, now),
        owners: premium::owners(data.owners, &owner),
        holdings: fetched_holdings.then(|| premium::holdings(data.holdings, &owner, now)),
        statements: premium::statements(data.statements, &owner, now),
        vanished: None,
    }
}

/// Pending transactions the institution stopped reporting, among `stored` (the
/// member's pending ones inside the window just fetched): a hold released or a pending
/// charge voided upstream never posts, so it goes. Only accounts the fetch returned
/// count: an account missing from one fetch keeps its data.
pub(crate) fn vanished_pending(
    member: &Member,
    existing: &[Account],
    data: &FetchedData,
    stored: Vec<PendingTransaction>,
    now: OffsetDateTime,
) -> Option<Vanished> {
    let fetched_accounts: HashSet<&str> = data
        .accounts
        .iter()
        .map(|a| a.external_id.as_str())
        .collect();
    let account_external: HashMap<&str, &str> = existing
        .iter()
        .map(|a| (a.guid.as_str(), a.external_id.as_str()))
        .collect();
    let reported: HashSet<(&str, &str)> = data
        .transactions
        .iter()
        .map(|t| (t.account_external_id.as_str(), t.external_id.as_str()))
        .collect();
    let guids: Vec<TransactionGuid> = stored
        .into_iter()
        .filter(|p| {
            account_external
                .get(p.account_guid.as_str())
                .is_some_and(|account| {
                    fetched_accounts.contains(account)
                        && !reported.contains(&(*account, p.external_id.as_str()))
                })
        })
        .map(|p| p.guid)
        .collect();
    (!guids.is_empty()).then(|| Vanished {
        client_id: member.client_id.clone(),
        guids,
        at: now,
    })
}

/// The first of the user's rules that matches files the transaction (already stored
/// transactions keep their category: ingestion never rewrites it).
fn apply_rules(row: &mut Transaction, user_rules: &UserRules) {
    let Some(rule) = first_matching_rule(
        &user_rules.rules,
        &row.description,
        &row.original_description,
    ) else {
        return;
    };
    // A rule naming a category deleted since is skipped rather than failing the job.
    if user_rules
        .book
        .apply(row, rule.category_guid.as_str())
        .is_ok()
    {
        if let Some(description) = &rule.description {
            row.description = description.clone();
        }
    }
}

fn account_row(
    member: &Member,
    guid: AccountGuid,
    fetched: FetchedAccount,
    now: OffsetDateTime,
) -> Account {
    Account {
        guid,
        client_id: member.client_id.clone(),
        user_guid: member.user_guid.clone(),
        member_guid: member.guid.clone(),
        external_id: fetched.external_id,
        id: None,
        institution_code: member.institution_code.clone(),
        name: fetched.name,
        nickname: None,
        account_type: fetched.account_type,
        subtype: fetched.subtype,
        account_number_mask: fetched.account_number_mask,
        routing_number: None,
        property_type: None,
        origin: Origin::Aggregated,
        currency_code: fetched.currency_code,
        figures: fetched.figures,
        is_closed: fetched.is_closed,
        is_hidden: false,
        metadata: None,
        created_at: now,
        updated_at: now,
        imported_at: Some(now),
    }
}

fn transaction_row(
    member: &Member,
    account_guid: AccountGuid,
    fetched: FetchedTransaction,
    now: OffsetDateTime,
) -> Transaction {
    let enrichment = polyfin_enrich::enrich(
        &fetched.raw_description,
        fetched.merchant_category_code,
        fetched.kind,
        fetched.amount,
    );
    Transaction {
        guid: TransactionGuid::generate(),
        client_id: member.client_id.clone(),
        user_guid: member.user_guid.clone(),
        member_guid: member.guid.clone(),
        account_guid,
        external_id: fetched.external_id,
        id: None,
        origin: Origin::Aggregated,
        amount: fetched.amount,
        kind: fetched.kind,
        status: fetched.status,
        date: fetched.transacted_at.date(),
        transacted_at: fetched.transacted_at,
        posted_at: fetched.posted_at,
        original_description: fetched.raw_description,
        description: enrichment.description,
        memo: fetched.memo,
        category_guid: enrichment.category_guid,
        merchant_category_code: fetched.merchant_category_code,
        merchant_name: enrichment.merchant_name,
        check_number: fetched.check_number,
        currency_code: fetched.currency_code,
        latitude: fetched.latitude,
        longitude: fetched.longitude,
        flags: enrichment.flags,
        metadata: None,
        created_at: now,
        updated_at: now,
    }
}
