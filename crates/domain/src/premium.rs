//! Premium data: what verification, identification, holdings and statements bring.

use crate::ids::{
    AccountGuid, AccountNumberGuid, AccountOwnerGuid, ClientId, HoldingGuid, MemberGuid,
    StatementGuid, UserGuid,
};
use rust_decimal::Decimal;
use time::{Date, OffsetDateTime};

/// Who owns a premium record: every one hangs off an account of a member of a user.
#[derive(Debug, Clone, PartialEq)]
pub struct Owner {
    pub client_id: ClientId,
    pub user_guid: UserGuid,
    pub member_guid: MemberGuid,
    pub account_guid: AccountGuid,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AccountNumber {
    pub guid: AccountNumberGuid,
    pub owner: Owner,
    pub account_number: String,
    pub routing_number: Option<String>,
    pub institution_number: Option<String>,
    pub transit_number: Option<String>,
    pub passed_validation: bool,
    pub created_at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AccountOwner {
    pub guid: AccountOwnerGuid,
    pub owner: Owner,
    pub owner_name: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub address: String,
    pub city: String,
    pub state: String,
    pub postal_code: String,
    pub country: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Holding {
    pub guid: HoldingGuid,
    pub owner: Owner,
    pub external_id: String,
    pub symbol: Option<String>,
    pub cusip: Option<String>,
    pub description: String,
    pub holding_type: String,
    pub currency_code: String,
    pub quantity: Decimal,
    pub current_price: Decimal,
    pub market_value: Decimal,
    pub cost_basis: Decimal,
    pub purchase_price: Decimal,
    pub daily_change: Decimal,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub guid: StatementGuid,
    pub owner: Owner,
    pub external_id: String,
    pub period_start: Date,
    pub period_end: Date,
    pub opening_balance: Decimal,
    pub closing_balance: Decimal,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}
