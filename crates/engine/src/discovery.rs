//! Institutions discovered in a user's own transactions, for the Connect widget's
//! search step: the other side of the user's payments and transfers, at institutions
//! the user has not connected yet. The matching rules are the domain's
//! (`polyfin_domain::discovery`); this reads the user's members and recent
//! transactions.

use crate::transactions::TransactionFilter;
use crate::{Engine, Result};
use polyfin_domain::discovery::{discover, Matcher};
use polyfin_domain::institution::Institution;
use polyfin_domain::origin::Origin;
use polyfin_domain::page::PageRequest;
use polyfin_domain::user::User;
use std::collections::HashSet;

/// How many of the newest transactions (in the standard window) are read.
const TRANSACTIONS_READ: u32 = 1000;
/// MX's per-user member limit is 25, so one page holds them all.
const MEMBERS_READ: u32 = 100;

pub struct Discovery<'a> {
    engine: &'a Engine,
}

impl<'a> Discovery<'a> {
    pub(crate) fn new(engine: &'a Engine) -> Self {
        Self { engine }
    }

    /// Up to `limit` institutions the user's transactions pay or transfer to (or
    /// from), most mentioned first; none the user already has a member at, whoever
    /// manages it.
    pub async fn institutions(&self, user: &User, limit: usize) -> Result<Vec<&'a Institution>> {
        let engine = self.engine;
        let origins = [Origin::Aggregated, Origin::Manual, Origin::Managed];
        let members = engine
            .store
            .list_members(&user.client_id, &user.guid, &origins, page(MEMBERS_READ))
            .await?;
        let connected: HashSet<&str> = members
            .items
            .iter()
            .map(|m| m.institution_code.as_str())
            .collect();
        let transactions = engine
            .transactions()
            .list(user, &TransactionFilter::default(), page(TRANSACTIONS_READ))
            .await?;
        let matcher = Matcher::new(engine.catalogue.all());
        let texts = transactions
            .items
            .iter()
            .map(|t| [t.original_description.as_str(), t.description.as_str()]);
        Ok(discover(&matcher, texts, &connected, limit))
    }
}

fn page(per_page: u32) -> PageRequest {
    PageRequest { page: 1, per_page }
}
