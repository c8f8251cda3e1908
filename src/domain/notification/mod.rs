//! Who hears of what: the recipients of each timeline event, by the part
//! they play on the ticket, and the texts they are told.
//!
//! The rule is one table ([`audiences`]) so that a reader sees in one place
//! that an enterprise is never told of what it may not read: every kind its
//! timeline hides is also stripped of the enterprise audience here.

pub mod templates;
pub mod webhook;

use crate::domain::{
    role::Role,
    ticket::{Action, EnterpriseView, EventKind},
};

/// A part someone plays on a ticket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Audience {
    /// The contacts of the enterprise that filed it.
    Enterprise,
    /// The staff of the department it is routed to.
    Department,
    /// The staff member working it.
    Assignee,
    /// The dispatcher desk.
    Dispatchers,
}

/// What of the ticket the rule needs to know.
#[derive(Clone, Copy, Debug, Default)]
pub struct Parties {
    pub has_department: bool,
    pub has_assignee: bool,
}

/// Who is told of an event of `kind` done by someone in `actor_role`
/// (`None` for the service itself). The actor is never told of their own
/// deed; the caller leaves them out.
pub fn audiences(kind: EventKind, actor_role: Option<Role>, p: Parties) -> Vec<Audience> {
    use Audience::*;
    // Who works the ticket now: its assignee, else its department, else
    // the desk that has to route it.
    let worker = if p.has_assignee {
        Assignee
    } else if p.has_department {
        Department
    } else {
        Dispatchers
    };
    let routed = if p.has_department {
        Department
    } else {
        Dispatchers
    };
    let mut out = match kind {
        // Auto-dispatched tickets announce themselves by the dispatch.
        EventKind::Filed if p.has_department => vec![],
        EventKind::Filed => vec![Dispatchers],
        EventKind::Action(a) => match a {
            Action::Dispatch => vec![Department, Enterprise],
            Action::Claim => vec![Enterprise],
            Action::Return => vec![Dispatchers],
            Action::Reject => vec![Enterprise],
            Action::Cancel => vec![routed],
            Action::RequestInfo => vec![Enterprise],
            Action::Reply => vec![worker],
            Action::Escalate => vec![Dispatchers, Enterprise],
            Action::Resolve => vec![Enterprise],
            Action::Confirm => vec![worker],
            Action::Reopen => vec![worker],
            // The supervisor's urge reaches the whole department.
            Action::Urge => vec![Assignee, Department],
            // Back in the department's queue.
            Action::PullBack => vec![Department],
            // The colleague named, and the enterprise as for a claim.
            Action::Assign => vec![Assignee, Enterprise],
        },
        EventKind::Comment if actor_role == Some(Role::Enterprise) => vec![worker],
        EventKind::Comment => vec![Enterprise],
        EventKind::InternalNote => vec![Assignee, Department],
        EventKind::SlaPaused | EventKind::SlaResumed => vec![],
        EventKind::SlaWarning => vec![worker],
        // The red card: the desk and the department.
        EventKind::SlaBreached => vec![Dispatchers, Department, Assignee],
        EventKind::AutoClose => vec![Enterprise, Assignee],
        EventKind::ExtensionRequested => vec![Dispatchers],
        EventKind::ExtensionGranted => vec![Assignee, Enterprise],
        EventKind::ExtensionDenied => vec![Assignee],
        // Back in the department's queue: someone must take it.
        EventKind::Released => vec![Department],
        EventKind::InfoRequestExpired => vec![worker, Enterprise],
    };
    if kind.enterprise_view() == EnterpriseView::Hidden {
        out.retain(|a| *a != Enterprise);
    }
    if !p.has_assignee {
        out.retain(|a| *a != Assignee);
    }
    if !p.has_department {
        out.retain(|a| *a != Department);
    }
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_kinds_never_reach_the_enterprise() {
        for kind in EventKind::all() {
            for role in Role::ALL.map(Some).into_iter().chain([None]) {
                for (d, a) in [(false, false), (true, false), (true, true)] {
                    let p = Parties {
                        has_department: d,
                        has_assignee: a,
                    };
                    let to = audiences(kind, role, p);
                    if kind.enterprise_view() == EnterpriseView::Hidden {
                        assert!(!to.contains(&Audience::Enterprise), "{kind}");
                    }
                    if !a {
                        assert!(!to.contains(&Audience::Assignee), "{kind}");
                    }
                }
            }
        }
    }

    #[test]
    fn urge_and_red_card_reach_people() {
        let p = Parties {
            has_department: true,
            has_assignee: true,
        };
        let urge = audiences(EventKind::Action(Action::Urge), Some(Role::Supervisor), p);
        assert_eq!(urge, [Audience::Assignee, Audience::Department]);
        let red = audiences(EventKind::SlaBreached, None, p);
        assert!(red.contains(&Audience::Dispatchers) && red.contains(&Audience::Department));
    }
}
