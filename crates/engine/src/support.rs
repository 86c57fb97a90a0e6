//! Support tickets from the Connect widget, kept per client and user for the
//! operator. Their text is the end user's own and never goes to the log.

use crate::{Engine, Result};
use polyfin_domain::ids::SupportTicketGuid;
use polyfin_domain::page::{Page, PageRequest};
use polyfin_domain::support::{SupportRequest, SupportTicket};
use polyfin_domain::user::User;

pub struct Support<'a> {
    engine: &'a Engine,
}

impl<'a> Support<'a> {
    pub(crate) fn new(engine: &'a Engine) -> Self {
        Self { engine }
    }

    pub async fn create(&self, user: &User, request: SupportRequest) -> Result<SupportTicket> {
        let (email, title, message) = request.checked()?;
        let ticket = SupportTicket {
            guid: SupportTicketGuid::generate(),
            client_id: user.client_id.clone(),
            user_guid: user.guid.clone(),
            // The profile's email when the form did not ask for one.
            email: email.or_else(|| user.email.clone()),
            title,
            message,
            created_at: self.engine.clock.now(),
        };
        self.engine.store.insert_support_ticket(&ticket).await?;
        tracing::info!(ticket = %ticket.guid.as_str(), user = %user.guid.as_str(),
            "Connect support ticket received");
        Ok(ticket)
    }

    pub async fn list(&self, user: &User, page: PageRequest) -> Result<Page<SupportTicket>> {
        Ok(self
            .engine
            .store
            .list_support_tickets(&user.client_id, &user.guid, page)
            .await?)
    }
}
