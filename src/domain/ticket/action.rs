//! The workflow's actions and the one table that says who may take which
//! action from which status, and where it leads.

use chrono::{DateTime, Utc};

use super::permissions::{Operation, check_role, role_may};
use super::status::TicketStatus::{self, *};
use crate::domain::role::Role;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    Dispatch,
    Claim,
    Return,
    Reject,
    Cancel,
    RequestInfo,
    Reply,
    Escalate,
    Resolve,
    Confirm,
    Reopen,
    Urge,
    /// A dispatcher takes a claimed ticket back from its assignee (撤回)
    /// to the department's queue, to re-dispatch it or let it be claimed.
    PullBack,
    /// A department lead hands a ticket of the department's queue to a
    /// named colleague, or a claimed one to another.
    Assign,
}

impl Action {
    pub const ALL: [Action; 14] = [
        Action::Dispatch,
        Action::Claim,
        Action::Return,
        Action::Reject,
        Action::Cancel,
        Action::RequestInfo,
        Action::Reply,
        Action::Escalate,
        Action::Resolve,
        Action::Confirm,
        Action::Reopen,
        Action::Urge,
        Action::PullBack,
        Action::Assign,
    ];

    /// The event kind this action writes to the timeline.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Dispatch => "dispatch",
            Action::Claim => "claim",
            Action::Return => "return",
            Action::Reject => "reject",
            Action::Cancel => "cancel",
            Action::RequestInfo => "request_info",
            Action::Reply => "reply",
            Action::Escalate => "escalate",
            Action::Resolve => "resolve",
            Action::Confirm => "confirm",
            Action::Reopen => "reopen",
            Action::Urge => "urge",
            Action::PullBack => "pull_back",
            Action::Assign => "assign",
        }
    }

    /// The first role (in [`Role::ALL`]'s order) the permission table
    /// ([`super::permissions::may`]) lets take this action: the one the
    /// design's diagram draws. Some actions have more ([`Action::roles`]).
    pub fn role(self) -> Role {
        Role::ALL
            .into_iter()
            .find(|r| role_may(*r, Operation::Act(self)))
            .unwrap_or(Role::Admin)
    }

    /// Every role that may take this action on some ticket it sees.
    pub fn roles(self) -> Vec<Role> {
        Role::ALL
            .into_iter()
            .filter(|r| role_may(*r, Operation::Act(self)))
            .collect()
    }

    /// Where the action leads from `from`, or `None` when it is not allowed
    /// from there. Urging keeps the status.
    pub fn target(self, from: TicketStatus) -> Option<TicketStatus> {
        let to = match (self, from) {
            (Action::Dispatch, Submitted | Dispatched | Escalated) => Dispatched,
            (Action::Claim, Dispatched) => InProgress,
            (Action::Return, Dispatched) => Submitted,
            (Action::Reject, Submitted | Escalated) => Rejected,
            (Action::Cancel, Submitted | Dispatched) => Cancelled,
            (Action::RequestInfo, InProgress) => AwaitingEnterprise,
            (Action::Reply, AwaitingEnterprise) => InProgress,
            (Action::Escalate, InProgress) => Escalated,
            (Action::Resolve, InProgress) => Resolved,
            (Action::Confirm, Resolved) => Closed,
            (Action::Reopen, Resolved) => InProgress,
            (Action::Urge, s) if !s.is_final() && s != Resolved => s,
            (Action::PullBack, InProgress | AwaitingEnterprise) => Dispatched,
            (Action::Assign, Dispatched | InProgress) => InProgress,
            (Action::Assign, AwaitingEnterprise) => AwaitingEnterprise,
            _ => return None,
        };
        Some(to)
    }
}

/// Why an action was refused, in the order the checks are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("your role may not {0}")]
    Role(&'static str),
    #[error("only the assignee may {0}")]
    NotAssignee(&'static str),
    #[error("only a lead of the ticket's department may {0}")]
    NotLead(&'static str),
    #[error("cannot {action} a ticket that is {current}")]
    Status {
        action: &'static str,
        current: TicketStatus,
    },
    #[error("the window to return this ticket closed at {}; escalate it instead", .closes.to_rfc3339())]
    ReturnWindowClosed { closes: DateTime<Utc> },
    #[error("a ticket can be reopened up to {days} days after it was resolved")]
    ReopenWindowClosed { days: i64 },
    #[error("a ticket may be extended {max} time(s) at most")]
    ExtensionLimit { max: i32 },
    /// The service side records an enterprise's answer or rating only with
    /// the channel it came by.
    #[error("say how the enterprise's {0} reached you: channel phone or visit")]
    ChannelRequired(&'static str),
    /// An enterprise contact answers in person; a channel is the service
    /// side's record of an answer taken on the enterprise's behalf.
    #[error("channel is only for the service side recording on the enterprise's behalf")]
    ChannelNotAllowed,
}

/// Checks an action by a caller of `role` on a ticket in `current` status:
/// the role first (403), then the status (409).
pub fn check(action: Action, role: Role, current: TicketStatus) -> Result<TicketStatus, Refusal> {
    check_role(role, Operation::Act(action))?;
    action.target(current).ok_or(Refusal::Status {
        action: action.as_str(),
        current,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip_through_text() {
        for s in TicketStatus::ALL {
            assert_eq!(s.as_str().parse::<TicketStatus>(), Ok(s));
        }
        assert!("open".parse::<TicketStatus>().is_err());
    }

    #[test]
    fn nothing_leaves_a_final_status() {
        for s in TicketStatus::ALL.into_iter().filter(|s| s.is_final()) {
            for a in Action::ALL {
                assert_eq!(a.target(s), None, "{a:?} from {s}");
            }
        }
    }

    #[test]
    fn the_diagram_paths() {
        let path = [
            (Action::Dispatch, Submitted, Dispatched),
            (Action::Claim, Dispatched, InProgress),
            (Action::RequestInfo, InProgress, AwaitingEnterprise),
            (Action::Reply, AwaitingEnterprise, InProgress),
            (Action::Escalate, InProgress, Escalated),
            (Action::Dispatch, Escalated, Dispatched),
            (Action::Return, Dispatched, Submitted),
            (Action::Resolve, InProgress, Resolved),
            (Action::Reopen, Resolved, InProgress),
            (Action::Confirm, Resolved, Closed),
            (Action::Reject, Submitted, Rejected),
            (Action::Cancel, Dispatched, Cancelled),
            (Action::Urge, AwaitingEnterprise, AwaitingEnterprise),
            (Action::PullBack, InProgress, Dispatched),
            (Action::PullBack, AwaitingEnterprise, Dispatched),
            (Action::Assign, Dispatched, InProgress),
            (Action::Assign, InProgress, InProgress),
            (Action::Assign, AwaitingEnterprise, AwaitingEnterprise),
        ];
        for (action, from, to) in path {
            assert_eq!(check(action, action.role(), from), Ok(to), "{action:?}");
        }
    }

    #[test]
    fn role_is_checked_before_status() {
        assert_eq!(
            check(Action::Claim, Role::Enterprise, Closed),
            Err(Refusal::Role("claim"))
        );
        assert_eq!(
            check(Action::Claim, Role::Staff, Submitted),
            Err(Refusal::Status {
                action: "claim",
                current: Submitted
            })
        );
        for role in Role::ALL {
            if role != Role::Dispatcher {
                assert!(matches!(
                    check(Action::Dispatch, role, Submitted),
                    Err(Refusal::Role(_))
                ));
            }
        }
    }

    #[test]
    fn cancel_only_before_claim() {
        for s in TicketStatus::ALL {
            let allowed = matches!(s, Submitted | Dispatched);
            assert_eq!(Action::Cancel.target(s).is_some(), allowed, "{s}");
        }
    }
}
