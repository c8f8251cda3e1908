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
    /// The enterprise was dissatisfied (a rating of 2 or less): the
    /// dispatcher desk reviews it and closes it or orders it redone.
    UnderReview,
    /// A duplicate, merged into another ticket that is followed instead.
    Merged,
}

impl TicketStatus {
    pub const ALL: [TicketStatus; 11] = [
        TicketStatus::Submitted,
        TicketStatus::Dispatched,
        TicketStatus::InProgress,
        TicketStatus::AwaitingEnterprise,
        TicketStatus::Escalated,
        TicketStatus::Resolved,
        TicketStatus::Closed,
        TicketStatus::Rejected,
        TicketStatus::Cancelled,
        TicketStatus::UnderReview,
        TicketStatus::Merged,
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
            TicketStatus::UnderReview => "under_review",
            TicketStatus::Merged => "merged",
        }
    }

    /// No action leads out of a final status.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            TicketStatus::Closed
                | TicketStatus::Rejected
                | TicketStatus::Cancelled
                | TicketStatus::Merged
        )
    }

    /// Open: filed and not yet resolved or ended (the backlog). A ticket
    /// under review was resolved: its clocks stopped with the resolution,
    /// and it waits on the dispatcher desk, not on a department.
    pub fn is_open(self) -> bool {
        !self.is_final() && !matches!(self, TicketStatus::Resolved | TicketStatus::UnderReview)
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
