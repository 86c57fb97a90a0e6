//! `polyfin bank …`: set up the hosted bank from the command line — create a bank,
//! open customers with online-banking credentials, open accounts with opening
//! balances, post deposits, and issue bearer tokens. Every command prints one JSON
//! object, so scripts and tests can read the ids it creates.

use anyhow::Context;
use clap::Subcommand;
use polyfin::config::Config;
use polyfin_domain::SystemClock;
use polyfin_engine::bank::OpenAccount;
use polyfin_ledger::{AccountId, CustomerId, Location, ProductType};
use rust_decimal::Decimal;
use serde_json::json;
use std::sync::Arc;

#[derive(Debug, Subcommand)]
pub enum BankCommand {
    /// Create a hosted bank (an empty ledger). Without arguments: Polyfin Community
    /// Bank, routing number 503000206 (its entry in data/fi_directory.json).
    Create {
        /// The bank's id, also its `institutionId`.
        #[arg(long, default_value = "POLYFIN")]
        id: String,
        #[arg(long, default_value = "Polyfin Community Bank")]
        name: String,
        /// ABA routing number (9 digits, valid checksum).
        #[arg(long, default_value = "503000206")]
        routing: String,
    },
    /// List hosted banks.
    List,
    /// Open a customer with online-banking credentials.
    Customer {
        #[arg(long)]
        bank: String,
        /// Full name (shown as the account title and `updatedBy`).
        #[arg(long)]
        name: String,
        #[arg(long)]
        username: String,
        /// At least 8 characters (also POLYFIN_BANK_PASSWORD).
        #[arg(long, env = "POLYFIN_BANK_PASSWORD")]
        password: String,
    },
    /// Open an internal account for a customer.
    Account {
        #[arg(long)]
        bank: String,
        #[arg(long)]
        customer: String,
        /// savings, checking, cd, ira, loan or creditCard.
        #[arg(long = "type", default_value = "checking")]
        product_type: String,
        /// Opening balance, e.g. 250.00.
        #[arg(long, default_value = "0")]
        opening_balance: String,
        /// Account id (generated when absent).
        #[arg(long)]
        id: Option<String>,
        #[arg(long)]
        nickname: Option<String>,
        /// internal (on the books) or external (a linked account at another FI).
        #[arg(long, default_value = "internal")]
        location: String,
        /// Serviced by a slow core: balance inquiries are answered this many seconds
        /// late, so listAccountBalances answers 202 until then.
        #[arg(long)]
        core_delay: Option<u32>,
    },
    /// Disable a customer's digital banking (their tokens get 403 customerDisabled).
    Disable {
        #[arg(long)]
        bank: String,
        #[arg(long)]
        customer: String,
    },
    /// Re-enable a disabled customer's digital banking.
    Enable {
        #[arg(long)]
        bank: String,
        #[arg(long)]
        customer: String,
    },
    /// Post a teller deposit.
    Deposit {
        #[arg(long)]
        bank: String,
        #[arg(long)]
        account: String,
        #[arg(long)]
        amount: String,
    },
    /// Post a card purchase (checking debit card or credit card) at a merchant.
    Card {
        #[arg(long)]
        bank: String,
        #[arg(long)]
        account: String,
        #[arg(long)]
        amount: String,
        /// The merchant's name (≤32 characters).
        #[arg(long)]
        merchant: String,
        /// The merchant category code, e.g. 5814 (fast food).
        #[arg(long)]
        mcc: Option<u32>,
    },
    /// Clear a check drawn on a checking account.
    Check {
        #[arg(long)]
        bank: String,
        #[arg(long)]
        account: String,
        #[arg(long)]
        number: u64,
        #[arg(long)]
        amount: String,
        /// Who the check was written to (its memo).
        #[arg(long)]
        payee: Option<String>,
    },
    /// Issue a bearer token for a customer's online-banking credentials.
    Token {
        #[arg(long)]
        bank: Option<String>,
        #[arg(long)]
        username: String,
        #[arg(long, env = "POLYFIN_BANK_PASSWORD")]
        password: String,
    },
}

fn amount(raw: &str) -> anyhow::Result<Decimal> {
    Decimal::from_str_exact(raw).with_context(|| format!("`{raw}` is not an amount"))
}

fn location_named(raw: &str) -> anyhow::Result<Location> {
    match raw {
        "internal" => Ok(Location::Internal),
        "external" => Ok(Location::External),
        other => anyhow::bail!("`{other}` is not a location: internal or external"),
    }
}

pub async fn run(config: Config, command: BankCommand) -> anyhow::Result<()> {
    let engine = polyfin::open_engine(&config, Arc::new(SystemClock), "").await?;
    let bank = engine.bank();
    let out = match command {
        BankCommand::Create { id, name, routing } => {
            let info = bank.create_bank(&id, &name, &routing).await?;
            json!({"id": info.id, "name": info.name, "routingNumber": info.routing_number})
        }
        BankCommand::List => {
            let banks = bank.banks().await?;
            let items: Vec<_> = banks
                .iter()
                .map(|b| json!({"id": b.id, "name": b.name, "routingNumber": b.routing_number}))
                .collect();
            json!({ "items": items })
        }
        BankCommand::Customer {
            bank: id,
            name,
            username,
            password,
        } => {
            let customer = bank.open_customer(&id, &name, &username, &password).await?;
            json!({"customerId": customer.as_str(), "username": username})
        }
        BankCommand::Account {
            bank: id,
            customer,
            product_type,
            opening_balance,
            id: account_id,
            nickname,
            location,
            core_delay,
        } => {
            let open = OpenAccount {
                customer: CustomerId::new(customer)?,
                product_type: product_type.parse::<ProductType>()?,
                id: account_id,
                nickname,
                opening_balance: amount(&opening_balance)?,
                location: location_named(&location)?,
                core_delay_seconds: core_delay,
            };
            let account = bank.open_account(&id, open).await?;
            json!({"accountId": account.as_str()})
        }
        BankCommand::Disable { bank: id, customer } => {
            let customer = CustomerId::new(customer)?;
            bank.set_customer_disabled(&id, &customer, true).await?;
            json!({"customerId": customer.as_str(), "disabled": true})
        }
        BankCommand::Enable { bank: id, customer } => {
            let customer = CustomerId::new(customer)?;
            bank.set_customer_disabled(&id, &customer, false).await?;
            json!({"customerId": customer.as_str(), "disabled": false})
        }
        BankCommand::Deposit {
            bank: id,
            account,
            amount: raw,
        } => {
            let account = AccountId::new(account)?;
            bank.deposit(&id, &account, amount(&raw)?).await?;
            json!({"accountId": account.as_str(), "deposited": raw})
        }
        BankCommand::Card {
            bank: id,
            account,
            amount: raw,
            merchant,
            mcc,
        } => {
            let account = AccountId::new(account)?;
            bank.card_purchase(&id, &account, amount(&raw)?, &merchant, mcc)
                .await?;
            json!({"accountId": account.as_str(), "merchant": merchant, "amount": raw})
        }
        BankCommand::Check {
            bank: id,
            account,
            number,
            amount: raw,
            payee,
        } => {
            let account = AccountId::new(account)?;
            bank.clear_check(&id, &account, number, amount(&raw)?, payee)
                .await?;
            json!({"accountId": account.as_str(), "checkNumber": number, "amount": raw})
        }
        BankCommand::Token {
            bank: id,
            username,
            password,
        } => {
            let issued = bank
                .issue_token(id.as_deref(), &username, &password)
                .await?;
            json!({
                "access_token": issued.token,
                "token_type": "Bearer",
                "customerId": issued.session.customer.as_str(),
                "expiresAt": polyfin_domain::clock::format_timestamp(issued.session.expires_at),
            })
        }
    };
    println!("{out}");
    Ok(())
}
