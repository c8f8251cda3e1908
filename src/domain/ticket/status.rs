//! Where a ticket stands in its life.

use std::{fmt, str::FromStr};

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketStatus {
    /// On the call list, waiting for a dispatcher.
    Submitted,
    /// Routed to a department, waiting for one of its staff to claim it.
    Dispatched,
    /// Claimed and being worked.
    InProgress,
    /// Staff asked the enterprise for information; the resolution clock is paused.
    AwaitingEnterprise,
    /// Staff handed it back to the dispatcher to re-route.
    Escalated,
    /// Staff gave their answer; the enterprise confirms or reopens.
    Resolved,
    Closed,
    Rejected,
    Cancelled,
}

impl TicketStatus {
    pub const ALL: [TicketStatus; 9] = [
        TicketStatus::Submitted,
        TicketStatus::Dispatched,
        TicketStatus::InProgress,
        TicketStatus::AwaitingEnterprise,
        TicketStatus::Escalated,
        TicketStatus::Resolved,
        TicketStatus::Closed,
        TicketStatus::Rejected,
        TicketStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TicketStatus::Submitted => "submitted",
            TicketStatus::Dispatched => "dispatched",
            TicketStatus::InProgress => "in_progress",
            TicketStatus::AwaitingEnterprise => "awaiting_enterprise",
            TicketStatus::Escalated => "escalated",
            TicketStatus::Resolved => "resolved",
            TicketStatus::Closed => "closed",
            TicketStatus::Rejected => "rejected",
            TicketStatus::Cancelled => "cancelled",
        }
    }

    /// No action leads out of a final status.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            TicketStatus::Closed | TicketStatus::Rejected | TicketStatus::Cancelled
        )
    }

    /// Open: filed and not yet resolved or ended (the backlog).
    pub fn is_open(self) -> bool {
        !self.is_final() && self != TicketStatus::Resolved
    }
}

impl fmt::Display for TicketStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown ticket status {0:?}")]
pub struct UnknownStatus(pub String);

impl FromStr for TicketStatus {
    type Err = UnknownStatus;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TicketStatus::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| UnknownStatus(s.to_string()))
    }
}
