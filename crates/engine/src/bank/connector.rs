//! The `ledger` connector: a hosted bank as an institution of the catalogue. MX,
//! Atrium (and Plaid) members of an institution whose connector is `ledger` log in
//! with a customer's online-banking credentials (`LOGIN`, `PASSWORD`) and aggregate
//! that customer's internal accounts and their transactions. The institution's code
//! names the bank (case-insensitive, e.g. `polyfin` → bank `POLYFIN`).

use super::{describe, verify_password, BankCache};
use async_trait::async_trait;
use polyfin_connectors::{
    Connector, ConnectorError, FetchRequest, FetchedAccount, FetchedAccountNumber, FetchedData,
    FetchedOwner, FetchedTransaction, LoginStep, Session,
};
use polyfin_domain::account::AccountFigures;
use polyfin_domain::challenge::ChallengeAnswer;
use polyfin_domain::member::ConnectionStatus;
use polyfin_domain::transaction::TransactionStatus;
use polyfin_ledger::{Account, CustomerId, Ledger, Nature, ProductType, TransactionView};
use polyfin_store::{BankLoginRecord, Store};
use std::sync::Arc;
use time::{Date, OffsetDateTime};

#[derive(Debug, Clone)]
pub struct LedgerConnector {
    store: Arc<dyn Store>,
    cache: BankCache,
}

fn unavailable(error: impl std::fmt::Display) -> ConnectorError {
    ConnectorError::Unavailable(error.to_string())
}

impl LedgerConnector {
    pub(crate) fn new(store: Arc<dyn Store>, cache: BankCache) -> Self {
        Self { store, cache }
    }

    async fn bank_id(&self, session: &Session<'_>) -> Result<String, ConnectorError> {
        let code = &session.institution.code;
        self.store
            .list_banks()
            .await
            .map_err(unavailable)?
            .into_iter()
            .find(|bank| bank.id.eq_ignore_ascii_case(code))
            .map(|bank| bank.id)
            .ok_or_else(|| unavailable(format!("no hosted bank for institution {code}")))
    }

    /// The login the session's credentials open, if they are right.
    async fn login_record(
        &self,
        session: &Session<'_>,
    ) -> Result<Option<BankLoginRecord>, ConnectorError> {
        let bank = self.bank_id(session).await?;
        let field = |name: &str| session.credentials.get(name).map(String::as_str);
        let (Some(username), Some(password)) = (field("LOGIN"), field("PASSWORD")) else {
            return Ok(None);
        };
        let login = self
            .store
            .find_bank_login(&bank, username)
            .await
            .map_err(unavailable)?;
        Ok(login.filter(|l| verify_password(password, &l.password_hash)))
    }
}

fn mx_type(product: ProductType) -> (&'static str, Option<&'static str>) {
    match product {
        ProductType::Checking => ("CHECKING", None),
        ProductType::Savings => ("SAVINGS", None),
        ProductType::Cd => ("SAVINGS", Some("CERTIFICATE_OF_DEPOSIT")),
        ProductType::Ira => ("INVESTMENT", Some("IRA")),
        ProductType::Loan => ("LOAN", Some("PERSONAL")),
        ProductType::CreditCard => ("CREDIT_CARD", None),
    }
}

fn fetched_account(ledger: &Ledger, account: &Account, today: Date) -> Option<FetchedAccount> {
    let balances = ledger.balances(&account.id, today).ok()?;
    let (account_type, subtype) = mx_type(account.product_type());
    // MX shows what a loan or card owes as a positive balance.
    let sign = match account.nature() {
        Nature::Deposit => rust_decimal::Decimal::ONE,
        Nature::Liability => -rust_decimal::Decimal::ONE,
    };
    let figures = AccountFigures {
        balance: Some(balances.posted * sign),
        available_balance: Some(balances.available * sign),
        ..AccountFigures::default()
    };
    Some(FetchedAccount {
        external_id: account.id.as_str().to_owned(),
        name: account.product.label.clone(),
        account_type: account_type.to_owned(),
        subtype: subtype.map(str::to_owned),
        account_number_mask: Some(account.masked_number.trim_start_matches('*').to_owned()),
        currency_code: "USD".to_owned(),
        figures,
        is_closed: false,
    })
}

fn at(date: Date) -> OffsetDateTime {
    date.midnight().assume_utc()
}

fn fetched_transaction(account: &Account, row: &TransactionView) -> FetchedTransaction {
    let kind = describe::kind_of(row);
    FetchedTransaction {
        external_id: format!("{}:{}", account.id.as_str(), row.id),
        account_external_id: account.id.as_str().to_owned(),
        amount: row.amount.abs(),
        kind,
        status: if row.posted {
            TransactionStatus::Posted
        } else {
            TransactionStatus::Pending
        },
        transacted_at: at(row.created_on),
        posted_at: row.posted_on.map(at),
        raw_description: describe::raw_description(row),
        memo: row.memo.clone(),
        merchant_category_code: describe::mcc(row),
        check_number: row.check_number.map(|n| n.to_string()),
        latitude: None,
        longitude: None,
        currency_code: "USD".to_owned(),
    }
}

/// Verification: the full number and the bank's routing number.
fn account_number(account: &Account, routing: &str) -> FetchedAccountNumber {
    // Accounts opened before full numbers were kept still verify by their id.
    let number = account
        .number
        .clone()
        .unwrap_or_else(|| account.id.as_str().to_owned());
    FetchedAccountNumber {
        account_external_id: account.id.as_str().to_owned(),
        account_number: number,
        routing_number: Some(routing.to_owned()),
        institution_number: None,
        transit_number: None,
    }
}

/// Identity: every holder of the account, by the name the bank knows. The ledger
/// keeps no contact details, so those stay empty.
fn owners(ledger: &Ledger, account: &Account) -> Vec<FetchedOwner> {
    account
        .holders
        .keys()
        .filter_map(|holder| ledger.customer(holder).ok())
        .map(|customer| {
            let name = customer.full_name.trim();
            let (first, last) = name.rsplit_once(' ').unwrap_or((name, ""));
            FetchedOwner {
                account_external_id: account.id.as_str().to_owned(),
                owner_name: name.to_owned(),
                first_name: first.to_owned(),
                last_name: last.to_owned(),
                email: String::new(),
                phone: String::new(),
                address: String::new(),
                city: String::new(),
                state: String::new(),
                postal_code: String::new(),
                country: "US".to_owned(),
            }
        })
        .collect()
}

fn fetch_from(
    ledger: &Ledger,
    routing: &str,
    customer: &CustomerId,
    request: &FetchRequest,
) -> FetchedData {
    let today = request.now.date();
    let mut data = FetchedData::default();
    for account in ledger.accounts_of(customer).filter(|a| a.is_internal()) {
        let Some(fetched) = fetched_account(ledger, account, today) else {
            continue;
        };
        data.accounts.push(fetched);
        if request.extras.account_numbers {
            data.account_numbers.push(account_number(account, routing));
        }
        if request.extras.owners {
            data.owners.extend(owners(ledger, account));
        }
        if !request.include_transactions {
            continue;
        }
        let rows = ledger.transactions(&account.id).unwrap_or_default();
        data.transactions.extend(
            rows.iter()
                // Opening `balance` rows move no money.
                .filter(|row| !row.amount.is_zero() && row.created_on >= request.from)
                .map(|row| fetched_transaction(account, row)),
        );
    }
    data
}

#[async_trait]
impl Connector for LedgerConnector {
    async fn login(&self, session: &Session<'_>) -> Result<LoginStep, ConnectorError> {
        Ok(match self.login_record(session).await? {
            Some(_) => LoginStep::Authenticated,
            None => LoginStep::Failed(ConnectionStatus::Denied),
        })
    }

    async fn answer(
        &self,
        _session: &Session<'_>,
        _state: &str,
        _answers: &[ChallengeAnswer],
    ) -> Result<LoginStep, ConnectorError> {
        Err(ConnectorError::BadState)
    }

    async fn fetch(
        &self,
        session: &Session<'_>,
        request: &FetchRequest,
    ) -> Result<FetchedData, ConnectorError> {
        let login = self
            .login_record(session)
            .await?
            .ok_or_else(|| unavailable("the credentials no longer open this login"))?;
        let customer = CustomerId::new(login.customer_id).map_err(unavailable)?;
        let loaded = self
            .cache
            .load(self.store.as_ref(), &login.bank_id)
            .await
            .map_err(unavailable)?;
        Ok(loaded
            .ledger
            .with(|ledger| fetch_from(ledger, &loaded.info.routing_number, &customer, request)))
    }
}
