//! The transfer state machine. The issue names the life cycle
//! `pending → scheduled → processing → completed / failed / cancelled`; the spec's
//! `transferState` enum (§3.6) and its [R] table (§5.5) add `suspended` and name the
//! end state `processed`. Both are honoured: the model keeps the finer states and
//! [`TransferState::wire`] maps them onto the spec's five values.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum TransferState {
    /// Awaiting FI approval (wire `pendingApproval`).
    Pending,
    /// Waiting for the effective date of its next occurrence.
    Scheduled,
    /// An occurrence is being executed.
    Processing,
    /// Its last occurrence moved the money (wire `processed`).
    Completed,
    /// Its last occurrence could not be executed, e.g. insufficient funds (wire
    /// `processed`: processing has finished; the spec has no failure state).
    Failed,
    /// Deleted by the customer before processing. Kept for audit, invisible to the API.
    Cancelled,
    /// Held by the FI (spec §5.5 [R]).
    Suspended,
}

impl TransferState {
    pub const ALL: [TransferState; 7] = [
        TransferState::Pending,
        TransferState::Scheduled,
        TransferState::Processing,
        TransferState::Completed,
        TransferState::Failed,
        TransferState::Cancelled,
        TransferState::Suspended,
    ];

    /// The legal transitions. `processing → scheduled` is a recurring transfer whose
    /// occurrence finished with more occurrences to come (spec §5.5 [R]).
    pub fn can_become(self, next: TransferState) -> bool {
        use TransferState::*;
        matches!(
            (self, next),
            (Pending, Scheduled | Suspended | Cancelled)
                | (Scheduled, Processing | Suspended | Cancelled)
                | (Suspended, Scheduled | Cancelled)
                | (Processing, Completed | Failed | Scheduled)
        )
    }

    /// `transferState` on the wire; `None` for a cancelled (deleted) transfer.
    pub fn wire(self) -> Option<&'static str> {
        match self {
            TransferState::Pending => Some("pendingApproval"),
            TransferState::Scheduled => Some("scheduled"),
            TransferState::Processing => Some("processing"),
            TransferState::Completed | TransferState::Failed => Some("processed"),
            TransferState::Suspended => Some("suspended"),
            TransferState::Cancelled => None,
        }
    }

    /// Not yet started processing: the only states a customer may patch or delete, and
    /// what `historical=false` lists (spec §5.5).
    pub fn not_started(self) -> bool {
        matches!(
            self,
            TransferState::Pending | TransferState::Scheduled | TransferState::Suspended
        )
    }

    /// What `historical=true` lists.
    pub fn is_historical(self) -> bool {
        matches!(self, TransferState::Completed | TransferState::Failed)
    }

    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            TransferState::Completed | TransferState::Failed | TransferState::Cancelled
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            TransferState::Pending => "pending",
            TransferState::Scheduled => "scheduled",
            TransferState::Processing => "processing",
            TransferState::Completed => "completed",
            TransferState::Failed => "failed",
            TransferState::Cancelled => "cancelled",
            TransferState::Suspended => "suspended",
        }
    }
}

impl fmt::Display for TransferState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::TransferState::*;
    use super::*;

    #[test]
    fn exactly_the_documented_transitions_are_legal() {
        let legal = [
            (Pending, Scheduled),
            (Pending, Suspended),
            (Pending, Cancelled),
            (Scheduled, Processing),
            (Scheduled, Suspended),
            (Scheduled, Cancelled),
            (Suspended, Scheduled),
            (Suspended, Cancelled),
            (Processing, Completed),
            (Processing, Failed),
            (Processing, Scheduled),
        ];
        for from in TransferState::ALL {
            for to in TransferState::ALL {
                assert_eq!(
                    from.can_become(to),
                    legal.contains(&(from, to)),
                    "{from} → {to}"
                );
            }
        }
        for terminal in [Completed, Failed, Cancelled] {
            assert!(TransferState::ALL.iter().all(|&s| !terminal.can_become(s)));
        }
    }

    #[test]
    fn wire_states_follow_the_spec_enum() {
        assert_eq!(Pending.wire(), Some("pendingApproval"));
        assert_eq!(Failed.wire(), Some("processed"));
        assert_eq!(Cancelled.wire(), None);
        let started: Vec<_> = TransferState::ALL
            .into_iter()
            .filter(|s| !s.not_started())
            .collect();
        assert_eq!(started, [Processing, Completed, Failed, Cancelled]);
    }
}
