//! No ticket can be stranded (issue #14, "Done when"): read off the
//! permission table ([`may`]) and the action targets ([`Action::target`])
//! for every status in [`TicketStatus::ALL`] and every [`Role`], so a
//! status or action added later is checked without touching this file.

use std::collections::{HashSet, VecDeque};

use super::{
    action::Action,
    permissions::{Operation, Relation, may},
    status::TicketStatus,
};
use crate::domain::role::Role;

/// One way a ticket in some status moves to another status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Move {
    role: Role,
    action: Action,
    to: TicketStatus,
}

/// Every move out of `from` that one of `roles` may make, standing in any
/// relation to the ticket that lets it see the ticket. A move leads to
/// another status: urging, which keeps the status, moves nothing on.
fn moves(from: TicketStatus, roles: &[Role]) -> HashSet<Move> {
    let mut out = HashSet::new();
    for &role in roles {
        for action in Action::ALL {
            let Some(to) = action.target(from) else {
                continue;
            };
            let permitted = Relation::ALL
                .into_iter()
                .any(|relation| may(role, Operation::Act(action), relation));
            if permitted && to != from {
                out.insert(Move { role, action, to });
            }
        }
    }
    out
}

/// The statuses a ticket in `from` can reach through moves of `roles`.
fn reachable(from: TicketStatus, roles: &[Role]) -> HashSet<TicketStatus> {
    let mut seen = HashSet::from([from]);
    let mut queue = VecDeque::from([from]);
    while let Some(status) = queue.pop_front() {
        for m in moves(status, roles) {
            if seen.insert(m.to) {
                queue.push_back(m.to);
            }
        }
    }
    seen
}

/// The service side: the roles every deployment has, whether or not the
/// enterprise has an account (a ticket filed by hotline or visit).
const SERVICE_SIDE: [Role; 4] = [Role::Staff, Role::Dispatcher, Role::Supervisor, Role::Admin];

/// The statuses only the enterprise moves on by a user action, and what
/// moves them on when the enterprise has no account, or never answers.
const WAIT_ON_THE_ENTERPRISE: [(TicketStatus, &str); 2] = [
    (
        TicketStatus::Resolved,
        "the SLA job closes a resolved ticket nobody confirmed (auto_close)",
    ),
    (
        TicketStatus::AwaitingEnterprise,
        "the enterprise replies; issue #14 items 1 and 2 (staff record a reply by phone \
         or visit; the SLA job ends an information request at its limit) remove this entry",
    ),
];

#[test]
fn every_open_status_has_a_way_on() {
    for status in TicketStatus::ALL.into_iter().filter(|s| !s.is_final()) {
        let m = moves(status, &Role::ALL);
        assert!(
            !m.is_empty(),
            "a ticket {status} is stranded: no role may move it on"
        );
    }
}

#[test]
fn every_open_status_can_still_end() {
    for status in TicketStatus::ALL.into_iter().filter(|s| !s.is_final()) {
        let reach = reachable(status, &Role::ALL);
        assert!(
            reach.iter().any(|s| s.is_final()),
            "from {status} no final status can be reached: {reach:?}"
        );
    }
}

#[test]
fn a_final_status_has_no_way_out() {
    for status in TicketStatus::ALL.into_iter().filter(|s| s.is_final()) {
        for action in Action::ALL {
            assert_eq!(action.target(status), None, "{action:?} from {status}");
        }
        assert!(moves(status, &Role::ALL).is_empty());
        assert_eq!(reachable(status, &Role::ALL), HashSet::from([status]));
    }
}

/// Without an enterprise account, the service side alone moves every open
/// status on, but the few that wait on the enterprise by design, each with
/// what unsticks it.
#[test]
fn the_service_side_alone_strands_nothing_unexpected() {
    for status in TicketStatus::ALL.into_iter().filter(|s| !s.is_final()) {
        if moves(status, &SERVICE_SIDE).is_empty() {
            assert!(
                WAIT_ON_THE_ENTERPRISE.iter().any(|(s, _)| *s == status),
                "without an enterprise account a ticket {status} is stranded"
            );
        }
    }
    // Each entry of the list still waits on the enterprise alone (or it
    // would not need to be there) — or the service side now moves it too,
    // and the entry can go.
    for (status, _) in WAIT_ON_THE_ENTERPRISE {
        assert!(!status.is_final());
        assert!(
            moves(status, &[Role::Enterprise])
                .iter()
                .any(|m| m.role == Role::Enterprise),
            "{status}"
        );
    }
}

/// The check itself can fail: a table with a status nobody leaves is caught.
#[test]
fn a_status_nobody_leaves_would_be_caught() {
    // Staff alone cannot move a submitted ticket (only a dispatcher routes
    // or rejects it, only its enterprise cancels it).
    assert!(moves(TicketStatus::Submitted, &[Role::Staff]).is_empty());
    assert!(
        !reachable(TicketStatus::Submitted, &[Role::Staff])
            .iter()
            .any(|s| s.is_final())
    );
    assert!(!moves(TicketStatus::Submitted, &[Role::Dispatcher]).is_empty());
}
