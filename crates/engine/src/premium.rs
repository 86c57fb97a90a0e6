//! Reading premium data: account numbers, owners, holdings and statements, each
//! scoped to the user and, where asked, one member or account.

use crate::{Engine, Error, Result};
use polyfin_domain::account::Account;
use polyfin_domain::ids::{HoldingGuid, StatementGuid};
use polyfin_domain::page::{Page, PageRequest};
use polyfin_domain::premium::{AccountNumber, AccountOwner, Holding, Statement};
use polyfin_domain::transaction::Transaction;
use polyfin_domain::user::User;
use polyfin_store::DataScope;

/// Which member or account of the user to read; both `None` means all of them.
#[derive(Debug, Clone, Copy, Default)]
pub struct Within<'a> {
    pub member_guid: Option<&'a str>,
    pub account_guid: Option<&'a str>,
}

/// A statement with what its document needs.
#[derive(Debug, Clone)]
pub struct StatementContents {
    pub statement: Statement,
    pub account: Account,
    pub institution_name: String,
    /// Posted transactions of the period, oldest first.
    pub transactions: Vec<Transaction>,
}

/// What a statement record links to: its PDF's address and SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementLinks {
    pub uri: String,
    pub content_hash: String,
}

pub struct Premium<'a> {
    engine: &'a Engine,
}

impl<'a> Premium<'a> {
    pub(crate) fn new(engine: &'a Engine) -> Self {
        Self { engine }
    }

    /// Checks the member and account belong to the user (else 404) and scopes to them.
    async fn scope(&self, user: &User, within: Within<'_>) -> Result<DataScope> {
        let member = match within.member_guid {
            Some(guid) => Some(self.engine.members().get(user, guid).await?.guid),
            None => None,
        };
        let account = match within.account_guid {
            Some(guid) => Some(self.engine.accounts().get(user, guid).await?.guid),
            None => None,
        };
        Ok(DataScope {
            user: user.guid.clone(),
            member,
            account,
        })
    }

    pub async fn account_numbers(
        &self,
        user: &User,
        within: Within<'_>,
        page: PageRequest,
    ) -> Result<Page<AccountNumber>> {
        let scope = self.scope(user, within).await?;
        Ok(self
            .engine
            .store
            .list_account_numbers(&user.client_id, &scope, page)
            .await?)
    }

    pub async fn account_owners(
        &self,
        user: &User,
        within: Within<'_>,
        page: PageRequest,
    ) -> Result<Page<AccountOwner>> {
        let scope = self.scope(user, within).await?;
        Ok(self
            .engine
            .store
            .list_account_owners(&user.client_id, &scope, page)
            .await?)
    }

    pub async fn holdings(
        &self,
        user: &User,
        within: Within<'_>,
        page: PageRequest,
    ) -> Result<Page<Holding>> {
        let scope = self.scope(user, within).await?;
        Ok(self
            .engine
            .store
            .list_holdings(&user.client_id, &scope, page)
            .await?)
    }

    pub async fn holding(&self, user: &User, guid: &str) -> Result<Holding> {
        let guid = HoldingGuid::parse(guid).ok_or(Error::NotFound("Holding"))?;
        self.engine
            .store
            .find_holding(&user.client_id, &user.guid, &guid)
            .await?
            .ok_or(Error::NotFound("Holding"))
    }

    /// Stops holdings for the user: every position is removed until the next aggregation.
    pub async fn deactivate_holdings(&self, user: &User) -> Result<u64> {
        Ok(self
            .engine
            .store
            .delete_user_holdings(&user.client_id, &user.guid)
            .await?)
    }

    pub async fn statements(
        &self,
        user: &User,
        within: Within<'_>,
        page: PageRequest,
    ) -> Result<Page<Statement>> {
        let scope = self.scope(user, within).await?;
        Ok(self
            .engine
            .store
            .list_statements(&user.client_id, &scope, page)
            .await?)
    }

    /// A statement of the given member (another member's or user's is 404).
    pub async fn statement(&self, user: &User, member_guid: &str, guid: &str) -> Result<Statement> {
        let member = self.engine.members().get(user, member_guid).await?;
        let guid = StatementGuid::parse(guid).ok_or(Error::NotFound("Statement"))?;
        self.engine
            .store
            .find_statement(&user.client_id, &user.guid, &guid)
            .await?
            .filter(|s| s.owner.member_guid == member.guid)
            .ok_or(Error::NotFound("Statement"))
    }

    /// The PDF's address and hash, the same for every dialect (MX's `uri` and
    /// `content_hash`). The hash is of the bytes the `.pdf` route serves.
    pub async fn statement_links(
        &self,
        user: &User,
        statement: &Statement,
    ) -> Result<StatementLinks> {
        use sha2::{Digest, Sha256};
        let member = statement.owner.member_guid.as_str();
        let pdf = self
            .statement_contents(user, member, statement.guid.as_str())
            .await?
            .pdf()?;
        Ok(StatementLinks {
            uri: format!(
                "{}/users/{}/members/{member}/statements/{}.pdf",
                self.engine.config.public_url, user.guid, statement.guid
            ),
            content_hash: hex::encode(Sha256::digest(&pdf)),
        })
    }

    pub async fn statement_contents(
        &self,
        user: &User,
        member_guid: &str,
        guid: &str,
    ) -> Result<StatementContents> {
        let statement = self.statement(user, member_guid, guid).await?;
        let account = self
            .engine
            .accounts()
            .get(user, statement.owner.account_guid.as_str())
            .await?;
        let institution_name = self
            .engine
            .catalogue
            .get(&account.institution_code)
            .map_or_else(|| account.institution_code.clone(), |i| i.name.clone());
        let transactions = self
            .engine
            .store
            .posted_between(&account.guid, statement.period_start, statement.period_end)
            .await?;
        Ok(StatementContents {
            statement,
            account,
            institution_name,
            transactions,
        })
    }
}

/// Debt accounts report what is owed: a debit raises their balance.
fn is_debt(account_type: &str) -> bool {
    matches!(
        account_type,
        "CREDIT_CARD" | "LOAN" | "MORTGAGE" | "LINE_OF_CREDIT"
    )
}

impl StatementContents {
    /// The statement's lines with signed amounts (credits positive) and the running
    /// balance, which ends at the closing balance when the period is complete.
    pub fn document(&self) -> polyfin_documents::StatementDocument {
        use polyfin_domain::transaction::TransactionKind;
        let debt = is_debt(&self.account.account_type);
        let mut balance = self.statement.opening_balance;
        let lines = self
            .transactions
            .iter()
            .map(|t| {
                let signed = match t.kind {
                    TransactionKind::Credit => t.amount,
                    TransactionKind::Debit => -t.amount,
                };
                balance += if debt { -signed } else { signed };
                polyfin_documents::StatementLine {
                    date: t.posted_at.map_or(t.date, |p| p.date()),
                    description: t.description.clone(),
                    amount: signed,
                    balance,
                }
            })
            .collect();
        polyfin_documents::StatementDocument {
            institution_name: self.institution_name.clone(),
            account_name: self.account.name.clone(),
            account_number_mask: self.account.account_number_mask.clone().unwrap_or_default(),
            currency_code: self.account.currency_code.clone(),
            period_start: self.statement.period_start,
            period_end: self.statement.period_end,
            opening_balance: self.statement.opening_balance,
            closing_balance: self.statement.closing_balance,
            lines,
            generated_at: self.statement.created_at,
        }
    }

    /// The PDF; the same statement always renders to the same bytes.
    pub fn pdf(&self) -> Result<Vec<u8>> {
        polyfin_documents::render_statement(&self.document())
            .map_err(|e| Error::Internal(e.to_string()))
    }
}
