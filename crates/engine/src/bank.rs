//! The hosted bank: loads each bank's [`Ledger`] once into a [`SharedLedger`], applies
//! operations to it and persists the result atomically, and issues and checks the
//! online-banking bearer tokens of its customers.
//!
//! Writes are serialized per bank by an async gate held across the store write: an
//! operation runs on a copy of the ledger, the copy's state is written as the next
//! version (compare-and-swap on the version), and only then replaces the cached
//! ledger. A failed write therefore leaves memory and disk as they were.

mod auth;
mod balances;
mod check_image;
mod connector;
pub mod describe;

pub use auth::{correlation_id, hash_password, verify_password};
pub use balances::{BalanceReading, BALANCE_RETRY_LIMIT};
pub use check_image::{check_image, CheckSide};
pub use connector::LedgerConnector;

use crate::Engine;
use polyfin_ledger::{
    validate_aba, Account, AccountId, Calendar, Customer, CustomerId, Ledger, LedgerError,
    LedgerState, Location, Merchant, Now, Policy, Product, ProductType, SharedLedger,
};
use polyfin_store::{BankLoginRecord, BankRecord, Store, StoreError};
use rand::RngCore;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::sync::Arc;
use time::{Duration, OffsetDateTime};
use tokio::sync::Mutex;

/// How long an online-banking bearer token lives.
pub const TOKEN_TTL: Duration = Duration::hours(1);

#[derive(Debug, thiserror::Error)]
pub enum BankError {
    #[error(transparent)]
    Ledger(#[from] LedgerError),
    /// No, unknown, expired or revoked token; or wrong username/password.
    #[error("{0}")]
    Unauthorized(&'static str),
    #[error("the access token has expired")]
    SessionExpired,
    /// The FI disabled the customer's digital banking.
    #[error("digital banking is disabled for this customer")]
    CustomerDisabled,
    #[error("no bank {0}")]
    UnknownBank(String),
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    Conflict(String),
    #[error("storage failure")]
    Store(#[from] StoreError),
    #[error("internal error: {0}")]
    Internal(String),
}

pub type BankResult<T> = Result<T, BankError>;

/// A bank's identity, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankInfo {
    pub id: String,
    pub name: String,
    pub routing_number: String,
}

/// Who a bearer token speaks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub bank: String,
    pub customer: CustomerId,
    pub expires_at: OffsetDateTime,
}

/// A freshly issued token: shown once, stored only as its hash.
#[derive(Debug, Clone)]
pub struct IssuedToken {
    pub token: String,
    pub session: Session,
}

/// What `open_account` needs; ids and the masked number are generated when absent.
#[derive(Debug, Clone)]
pub struct OpenAccount {
    pub customer: CustomerId,
    pub product_type: ProductType,
    pub id: Option<String>,
    pub nickname: Option<String>,
    pub opening_balance: Decimal,
    /// `internal` (on the books) or `external`: a linked account at another FI that
    /// transfers reach through ACH clearing (it has no balance here).
    pub location: Location,
    /// The account is serviced by a slow core answering balance inquiries this many
    /// seconds late (see [`polyfin_ledger::Account::core_delay_seconds`]).
    pub core_delay_seconds: Option<u32>,
}

#[derive(Debug)]
struct Loaded {
    info: BankInfo,
    ledger: SharedLedger,
    /// The stored version `ledger` corresponds to; held while writing.
    version: Mutex<i64>,
}

/// Banks loaded so far, shared by every clone of the engine.
#[derive(Debug, Clone, Default)]
pub struct BankCache {
    banks: Arc<Mutex<HashMap<String, Arc<Loaded>>>>,
    /// Balance inquiries made to slow cores, by bank and account.
    inquiries: balances::Inquiries,
}

impl BankCache {
    async fn load(&self, store: &dyn Store, id: &str) -> BankResult<Arc<Loaded>> {
        let mut banks = self.banks.lock().await;
        if let Some(loaded) = banks.get(id) {
            // Another process (the CLI beside a server) may have written since.
            let stored = store.bank_version(id).await?;
            // A write in flight here (gate held) brings the cache up to date itself.
            let current = match loaded.version.try_lock() {
                Ok(version) => stored.is_some_and(|v| v <= *version),
                Err(_) => true,
            };
            if current {
                return Ok(loaded.clone());
            }
        }
        let record = store
            .find_bank(id)
            .await?
            .ok_or_else(|| BankError::UnknownBank(id.to_owned()))?;
        let state: LedgerState = serde_json::from_str(&record.state)
            .map_err(|e| BankError::Internal(format!("bank {id}: {e}")))?;
        let ledger = Ledger::restore(calendar(), Policy::default(), state)
            .map_err(|e| BankError::Internal(format!("bank {id}: {e}")))?;
        let loaded = Arc::new(Loaded {
            info: info(&record),
            ledger: SharedLedger::new(ledger),
            version: Mutex::new(record.version),
        });
        banks.insert(id.to_owned(), loaded.clone());
        Ok(loaded)
    }
}

pub struct Banking<'a> {
    engine: &'a Engine,
}

fn calendar() -> Calendar {
    Calendar::us_federal_reserve()
}

fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::thread_rng().fill_bytes(&mut buf);
    hex::encode(buf)
}

fn product(product_type: ProductType) -> Product {
    let (code, label) = match product_type {
        ProductType::Checking => ("DDA", "Checking"),
        ProductType::Savings => ("SAV", "Savings"),
        ProductType::Cd => ("CDA", "12 Month CD"),
        ProductType::Ira => ("IRA", "Traditional IRA"),
        ProductType::Loan => ("LN", "Personal Loan"),
        ProductType::CreditCard => ("CC", "Credit Card"),
    };
    Product {
        product_type,
        code: code.to_owned(),
        label: label.to_owned(),
        description: format!("{label} account"),
    }
}

fn invalid(error: impl std::fmt::Display) -> BankError {
    BankError::Invalid(error.to_string())
}

impl<'a> Banking<'a> {
    pub(crate) fn new(engine: &'a Engine) -> Self {
        Self { engine }
    }

    /// "Now" by the engine's clock. The institution keeps UTC.
    pub fn now(&self) -> Now {
        Now::utc(self.engine.clock.now())
    }

    /// Creates a bank with an empty ledger.
    pub async fn create_bank(&self, id: &str, name: &str, routing: &str) -> BankResult<BankInfo> {
        polyfin_ledger::ids::check_resource_id(id).map_err(invalid)?;
        if name.trim().is_empty() {
            return Err(BankError::Invalid("the bank needs a name".into()));
        }
        let routing_number = validate_aba(routing).map_err(invalid)?;
        let state = Ledger::new(calendar()).export();
        let now = self.engine.clock.now();
        let record = BankRecord {
            id: id.to_owned(),
            name: name.trim().to_owned(),
            routing_number,
            state: serde_json::to_string(&state).map_err(|e| BankError::Internal(e.to_string()))?,
            version: 0,
            created_at: now,
            updated_at: now,
        };
        match self.engine.store.insert_bank(&record).await {
            Err(StoreError::Conflict { .. }) => Err(BankError::Conflict(format!(
                "a bank with id {id} or routing number {routing} exists"
            ))),
            other => other.map_err(BankError::from),
        }?;
        Ok(info(&record))
    }

    pub async fn banks(&self) -> BankResult<Vec<BankInfo>> {
        let records = self.engine.store.list_banks().await?;
        Ok(records.iter().map(info).collect())
    }

    pub async fn bank(&self, id: &str) -> BankResult<BankInfo> {
        Ok(self.load(id).await?.info.clone())
    }

    async fn load(&self, id: &str) -> BankResult<Arc<Loaded>> {
        self.engine.banks.load(self.engine.store.as_ref(), id).await
    }

    /// Runs a read-only query on the bank's current ledger.
    pub async fn read<R>(&self, bank: &str, f: impl FnOnce(&Ledger, Now) -> R) -> BankResult<R> {
        let loaded = self.load(bank).await?;
        let now = self.now();
        Ok(loaded.ledger.with(|ledger| f(ledger, now)))
    }

    /// Applies one operation and persists the result before anyone sees it.
    pub async fn apply<R>(
        &self,
        bank: &str,
        f: impl FnOnce(&mut Ledger, Now) -> Result<R, LedgerError>,
    ) -> BankResult<R> {
        self.apply_with(bank, None, f, |_| true).await
    }

    async fn apply_with<R>(
        &self,
        bank: &str,
        login: Option<&BankLoginRecord>,
        f: impl FnOnce(&mut Ledger, Now) -> Result<R, LedgerError>,
        changed: impl FnOnce(&R) -> bool,
    ) -> BankResult<R> {
        let loaded = self.load(bank).await?;
        let mut version = loaded.version.lock().await;
        let now = self.now();
        let mut copy = loaded.ledger.snapshot();
        let result = f(&mut copy, now)?;
        if !changed(&result) {
            return Ok(result);
        }
        let state = serde_json::to_string(&copy.export())
            .map_err(|e| BankError::Internal(e.to_string()))?;
        let saved = self
            .engine
            .store
            .save_bank_state(bank, *version, &state, now.at, login)
            .await;
        match saved {
            Ok(true) => {}
            Ok(false) => {
                // Another process wrote this bank: forget the stale copy.
                self.engine.banks.banks.lock().await.remove(bank);
                return Err(BankError::Conflict("the bank changed; try again".into()));
            }
            Err(StoreError::Conflict { .. }) => {
                return Err(BankError::Conflict("that username is taken".into()))
            }
            Err(other) => return Err(other.into()),
        }
        *version += 1;
        loaded.ledger.with(|ledger| *ledger = copy);
        Ok(result)
    }

    /// Opens a customer with online-banking credentials; returns the customer id.
    pub async fn open_customer(
        &self,
        bank: &str,
        full_name: &str,
        username: &str,
        password: &str,
    ) -> BankResult<CustomerId> {
        if username.is_empty() || username.len() > 64 || password.len() < 8 {
            return Err(BankError::Invalid(
                "usernames are 1 to 64 characters, passwords at least 8".into(),
            ));
        }
        let id = CustomerId::new(format!("cu-{}", random_hex(8))).map_err(invalid)?;
        let login = BankLoginRecord {
            bank_id: bank.to_owned(),
            username: username.to_owned(),
            customer_id: id.as_str().to_owned(),
            password_hash: hash_password(password),
            created_at: self.engine.clock.now(),
        };
        let customer = Customer::new(id.clone(), full_name.trim());
        self.apply_with(
            bank,
            Some(&login),
            |ledger, _| ledger.add_customer(customer),
            |_| true,
        )
        .await?;
        Ok(id)
    }

    /// Opens an account held by one customer: internal, with an opening balance, or
    /// a linked external one.
    pub async fn open_account(&self, bank: &str, open: OpenAccount) -> BankResult<AccountId> {
        let id = AccountId::new(open.id.unwrap_or_else(|| random_hex(10))).map_err(invalid)?;
        let number: String = random_digits(10);
        let digits = number[number.len() - 4..].to_owned();
        let apply = move |ledger: &mut Ledger, now: Now| {
            let title = ledger.customer(&open.customer)?.full_name.clone();
            let allows = polyfin_ledger::Allows::default_for(open.product_type, open.location);
            let account = Account::new(
                id.clone(),
                title,
                format!("*{digits}"),
                product(open.product_type),
                open.location,
                now.today,
            )
            .with_access(open.customer.clone(), allows, open.nickname.clone());
            let account = polyfin_ledger::Account {
                core_delay_seconds: open.core_delay_seconds,
                number: Some(number),
                ..account
            };
            ledger.open_account(account, open.opening_balance, now)?;
            Ok(id)
        };
        self.apply(bank, apply).await
    }

    /// Disables (or re-enables) a customer's digital banking: their tokens stop
    /// working (403 `customerDisabled`) and no new ones are issued.
    pub async fn set_customer_disabled(
        &self,
        bank: &str,
        customer: &CustomerId,
        disabled: bool,
    ) -> BankResult<()> {
        self.apply(bank, |ledger, _| {
            ledger.set_customer_disabled(customer, disabled)
        })
        .await
    }

    /// A teller deposit.
    pub async fn deposit(
        &self,
        bank: &str,
        account: &AccountId,
        amount: Decimal,
    ) -> BankResult<()> {
        self.apply(bank, |ledger, now| {
            ledger.deposit(account, amount, Some("Deposit".into()), now)
        })
        .await?;
        Ok(())
    }

    /// A card purchase posted to a checking or credit-card account, with the
    /// merchant's name and merchant category code.
    pub async fn card_purchase(
        &self,
        bank: &str,
        account: &AccountId,
        amount: Decimal,
        merchant: &str,
        mcc: Option<u32>,
    ) -> BankResult<()> {
        let mut merchant = Merchant::named(merchant.trim());
        merchant.mcc = mcc;
        self.apply(bank, |ledger, now| {
            ledger.card_purchase(account, amount, merchant, now)
        })
        .await?;
        Ok(())
    }

    /// A check drawn on a checking account clears; `payee` becomes its memo.
    pub async fn clear_check(
        &self,
        bank: &str,
        account: &AccountId,
        number: u64,
        amount: Decimal,
        payee: Option<String>,
    ) -> BankResult<()> {
        self.apply(bank, |ledger, now| {
            ledger.clear_check(account, number, amount, payee, now)
        })
        .await?;
        Ok(())
    }

    /// Executes due transfers of every bank; returns the occurrences executed.
    pub async fn execute_due(&self) -> BankResult<usize> {
        let mut executed = 0;
        for bank in self.engine.store.list_banks().await? {
            let outcomes = self
                .apply_with(
                    &bank.id,
                    None,
                    |ledger, now| Ok(ledger.execute_due(now)),
                    |outcomes| !outcomes.is_empty(),
                )
                .await?;
            executed += outcomes.len();
        }
        Ok(executed)
    }
}

fn random_digits(n: usize) -> String {
    let mut rng = rand::thread_rng();
    (0..n)
        .map(|_| char::from(b'0' + (rng.next_u32() % 10) as u8))
        .collect()
}

fn info(record: &BankRecord) -> BankInfo {
    BankInfo {
        id: record.id.clone(),
        name: record.name.clone(),
        routing_number: record.routing_number.clone(),
    }
}
