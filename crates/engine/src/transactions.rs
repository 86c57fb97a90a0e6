use crate::pfm::recurring::refresh_after_write;
use crate::pfm::CategoryBook;
use crate::{Engine, Error, Result};
use polyfin_domain::category::Taxonomy;
use polyfin_domain::ids::TransactionGuid;
use polyfin_domain::page::{Page, PageRequest};
use polyfin_domain::pfm::CategorySource;
use polyfin_domain::text;
use polyfin_domain::transaction::{Transaction, TransactionKind};
use polyfin_domain::user::User;
use polyfin_domain::Date;
use polyfin_store::{DataScope, TransactionQuery};
use time::Duration;

/// Which transactions: the user's, one member's or one account's, by date.
#[derive(Debug, Clone, Default)]
pub struct TransactionFilter {
    pub member_guid: Option<String>,
    pub account_guid: Option<String>,
    pub from: Option<Date>,
    pub to: Option<Date>,
}

#[derive(Debug, Clone, Default)]
pub struct TransactionChanges {
    pub category_guid: Option<String>,
    pub date: Option<Date>,
    pub description: Option<String>,
    pub memo: Option<String>,
    pub metadata: Option<String>,
}

/// MX's default window reaches 5 days ahead, to catch pending transactions.
const DAYS_AHEAD: i64 = 5;

pub struct Transactions<'a> {
    engine: &'a Engine,
}

impl<'a> Transactions<'a> {
    pub(crate) fn new(engine: &'a Engine) -> Self {
        Self { engine }
    }

    pub async fn list(
        &self,
        user: &User,
        filter: &TransactionFilter,
        page: PageRequest,
    ) -> Result<Page<Transaction>> {
        let engine = self.engine;
        let today = engine.clock.now().date();
        let from = filter
            .from
            .unwrap_or(today - Duration::days(engine.config.transaction_window_days));
        let to = filter.to.unwrap_or(today + Duration::days(DAYS_AHEAD));
        if from > to {
            return Err(Error::invalid(
                "from_date",
                "from_date must not be after to_date.",
            ));
        }
        let member = match &filter.member_guid {
            Some(guid) => Some(engine.members().get(user, guid).await?.guid),
            None => None,
        };
        let account = match &filter.account_guid {
            Some(guid) => Some(engine.accounts().get(user, guid).await?.guid),
            None => None,
        };
        let query = TransactionQuery {
            scope: DataScope {
                user: user.guid.clone(),
                member,
                account,
            },
            from,
            to,
            accounts: None,
        };
        Ok(engine
            .store
            .list_transactions(&user.client_id, &query, page)
            .await?)
    }

    pub async fn get(&self, user: &User, guid: &str) -> Result<Transaction> {
        let guid = TransactionGuid::parse_any(guid).ok_or(Error::NotFound("Transaction"))?;
        self.engine
            .store
            .find_transaction(&user.client_id, &user.guid, &guid)
            .await?
            .ok_or(Error::NotFound("Transaction"))
    }

    /// A partner's corrections; re-aggregation never overwrites them.
    pub async fn update(
        &self,
        user: &User,
        guid: &str,
        changes: TransactionChanges,
    ) -> Result<Transaction> {
        check_changes(&changes)?;
        let mut transaction = self.get(user, guid).await?;
        self.apply(&mut transaction, changes).await
    }

    /// Writes checked corrections onto a transaction already found for the user.
    pub(crate) async fn apply(
        &self,
        transaction: &mut Transaction,
        changes: TransactionChanges,
    ) -> Result<Transaction> {
        let by_hand = changes.category_guid.is_some();
        // The date and the description decide which series a transaction is in.
        let reshapes = changes.date.is_some() || changes.description.is_some();
        if let Some(category) = &changes.category_guid {
            let custom = self
                .engine
                .store
                .list_categories(&transaction.client_id, &transaction.user_guid)
                .await?;
            CategoryBook::new(custom).apply(transaction, category)?;
        }
        if let Some(date) = changes.date {
            transaction.date = date;
        }
        if let Some(description) = changes.description {
            transaction.description = description;
        }
        if let Some(memo) = changes.memo {
            transaction.memo = Some(memo);
        }
        if let Some(metadata) = changes.metadata {
            transaction.metadata = Some(metadata);
        }
        transaction.updated_at = self.engine.clock.now();
        self.engine.store.update_transaction(transaction).await?;
        if by_hand {
            // A category set by hand outlives later aggregations and rules.
            self.engine
                .store
                .recategorize(
                    &transaction.client_id,
                    std::slice::from_ref(transaction),
                    CategorySource::User,
                )
                .await?;
        }
        if reshapes {
            let (client, user) = (transaction.client_id.clone(), transaction.user_guid.clone());
            refresh_after_write(self.engine, &client, &user, Some(transaction)).await;
        }
        Ok(transaction.clone())
    }
}

pub(crate) fn check_changes(changes: &TransactionChanges) -> Result<()> {
    if let Some(description) = &changes.description {
        text::check_partner_id("transaction.description", description)?;
    }
    if let Some(memo) = &changes.memo {
        text::check_len("transaction.memo", memo, text::MAX_SHORT_TEXT)?;
    }
    if let Some(metadata) = &changes.metadata {
        text::check_len("transaction.metadata", metadata, text::MAX_METADATA)?;
    }
    Ok(())
}

/// Files the transaction under a category by guid (422 for an unknown one) and sets
/// the flags that follow from it.
pub(crate) fn set_category(transaction: &mut Transaction, guid: &str) -> Result<()> {
    let taxonomy = Taxonomy::standard();
    let category = taxonomy.get_by_guid(guid).ok_or_else(|| {
        Error::Unprocessable(format!(
            "transaction.category_guid: {guid} is not a category."
        ))
    })?;
    transaction.category_guid = category.guid.clone();
    let parent = taxonomy.top_level_of(category);
    let flags = &mut transaction.flags;
    flags.is_income = category.is_income && transaction.kind == TransactionKind::Credit;
    flags.is_fee = parent.name == "Fees & Charges";
    flags.is_expense = transaction.kind == TransactionKind::Debit && parent.name != "Transfer";
    Ok(())
}
