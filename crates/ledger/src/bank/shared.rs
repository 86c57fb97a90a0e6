//! A [`Ledger`] shared between threads or tasks. One mutex serializes every call, so
//! concurrent transfers out of one account are checked and posted one at a time: no
//! two can both see the same funds.

use std::sync::{Arc, Mutex, PoisonError};

use super::Ledger;

#[derive(Debug, Clone)]
pub struct SharedLedger {
    inner: Arc<Mutex<Ledger>>,
}

impl SharedLedger {
    pub fn new(ledger: Ledger) -> Self {
        Self {
            inner: Arc::new(Mutex::new(ledger)),
        }
    }

    /// Runs `f` with exclusive access. A poisoned lock is taken over rather than
    /// propagated: ledger operations check before they change anything, so a panic
    /// in another caller cannot have left a half-applied operation behind.
    pub fn with<R>(&self, f: impl FnOnce(&mut Ledger) -> R) -> R {
        let mut guard = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        f(&mut guard)
    }

    /// A copy of the current ledger, e.g. to persist or audit it.
    pub fn snapshot(&self) -> Ledger {
        self.with(|ledger| ledger.clone())
    }
}
