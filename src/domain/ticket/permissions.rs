//! Who may do what to a ticket, and in which status. With
//! [`super::apply`] (what a permitted command does: [`Ticket::apply`]'s
//! arm for it, the fields it changes and the events it writes) this file
//! answers "who may do X to a ticket in status Y, and what happens?".
//!
//! One table, [`may`], answers by the caller's role, the operation and how
//! the caller relates to the ticket; [`status_allows`] says whether the
//! ticket's status admits the operation (for an action: whether
//! [`Action::target`], one line per action, leads anywhere from it), and
//! [`possible`] adds its standing (windows, extension requests).
//! [`allowed_actions`] puts them together for clients, so a front end never
//! guesses: `Ticket::apply` and the workflow ask the same functions before
//! anything changes.
//!
//! [`Ticket::apply`]: super::model::Ticket::apply

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use super::{
    action::{Action, Refusal},
    scope::Scope,
    status::TicketStatus,
};
use crate::domain::{
    calendar::{Calendar, SlaTarget},
    role::Role,
};

/// Everything a caller can do to or with one ticket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Operation {
    /// Read the ticket itself.
    View,
    /// Read its timeline.
    ReadTimeline,
    /// Read its comments (internal notes only on the service side).
    ReadComments,
    /// Read its extension requests.
    ReadExtensions,
    /// One of the workflow's actions.
    Act(Action),
    /// A public comment.
    Comment,
    /// A note only the service side reads.
    InternalNote,
    /// Ask for more time (延期).
    RequestExtension,
    /// Grant or deny a pending request for more time.
    DecideExtension,
    /// Dispatch many tickets at once (each one is then an `Act(Dispatch)`).
    BulkDispatch,
}

impl Operation {
    /// The operations a ticket response advertises in `allowed_actions`,
    /// in the order they are listed.
    pub const ADVERTISED: [Operation; 18] = [
        Operation::Act(Action::Dispatch),
        Operation::Act(Action::Claim),
        Operation::Act(Action::Return),
        Operation::Act(Action::Reject),
        Operation::Act(Action::Cancel),
        Operation::Act(Action::RequestInfo),
        Operation::Act(Action::Reply),
        Operation::Act(Action::Escalate),
        Operation::Act(Action::Resolve),
        Operation::Act(Action::Confirm),
        Operation::Act(Action::Reopen),
        Operation::Act(Action::Urge),
        Operation::Comment,
        Operation::InternalNote,
        Operation::RequestExtension,
        Operation::DecideExtension,
        Operation::Act(Action::PullBack),
        Operation::Act(Action::Assign),
    ];

    /// Every operation, for the table's tests.
    pub const ALL: [Operation; 23] = [
        Operation::View,
        Operation::ReadTimeline,
        Operation::ReadComments,
        Operation::ReadExtensions,
        Operation::BulkDispatch,
        Operation::Act(Action::Dispatch),
        Operation::Act(Action::Claim),
        Operation::Act(Action::Return),
        Operation::Act(Action::Reject),
        Operation::Act(Action::Cancel),
        Operation::Act(Action::RequestInfo),
        Operation::Act(Action::Reply),
        Operation::Act(Action::Escalate),
        Operation::Act(Action::Resolve),
        Operation::Act(Action::Confirm),
        Operation::Act(Action::Reopen),
        Operation::Act(Action::Urge),
        Operation::Comment,
        Operation::InternalNote,
        Operation::RequestExtension,
        Operation::DecideExtension,
        Operation::Act(Action::PullBack),
        Operation::Act(Action::Assign),
    ];

    /// The snake_case name clients see in `allowed_actions`.
    pub fn name(self) -> &'static str {
        match self {
            Operation::View => "view",
            Operation::ReadTimeline => "read_timeline",
            Operation::ReadComments => "read_comments",
            Operation::ReadExtensions => "read_extensions",
            Operation::Act(a) => a.as_str(),
            Operation::Comment => "comment",
            Operation::InternalNote => "internal_note",
            Operation::RequestExtension => "request_extension",
            Operation::DecideExtension => "decide_extension",
            Operation::BulkDispatch => "bulk_dispatch",
        }
    }
}

/// How the caller stands to a ticket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Relation {
    /// A contact of the enterprise that filed it.
    Filer,
    /// The staff member who claimed it.
    Assignee,
    /// Staff of the department it is routed to, other than its assignee.
    DepartmentStaff,
    /// A dispatcher, supervisor or administrator: sees every ticket.
    Oversight,
    /// Outside the caller's scope: the ticket does not exist for them (404).
    Stranger,
    /// A lead of the department it is routed to, acting as lead (a lead
    /// is also its assignee or one of its staff: see
    /// [`Relation::as_lead`]).
    Lead,
}

impl Relation {
    pub const ALL: [Relation; 6] = [
        Relation::Filer,
        Relation::Assignee,
        Relation::DepartmentStaff,
        Relation::Oversight,
        Relation::Stranger,
        Relation::Lead,
    ];

    /// The relation a caller who leads their department has for `op`:
    /// [`Relation::Lead`] where only a lead may perform it and the ticket
    /// is in their department, else `self`.
    pub fn as_lead(self, role: Role, op: Operation) -> Relation {
        let in_department = matches!(self, Relation::Assignee | Relation::DepartmentStaff);
        if in_department && !may(role, op, self) && may(role, op, Relation::Lead) {
            Relation::Lead
        } else {
            self
        }
    }

    /// The relation of a caller with `scope` and id `user_id` to a ticket
    /// of `enterprise_id`, routed to `department_id` and claimed by
    /// `assignee_id`.
    pub fn of(
        scope: Scope,
        user_id: Uuid,
        enterprise_id: Uuid,
        department_id: Option<Uuid>,
        assignee_id: Option<Uuid>,
    ) -> Relation {
        if !scope.covers(enterprise_id, department_id) {
            return Relation::Stranger;
        }
        match scope {
            Scope::Enterprise(_) => Relation::Filer,
            Scope::Department(_) if assignee_id == Some(user_id) => Relation::Assignee,
            Scope::Department(_) => Relation::DepartmentStaff,
            Scope::All => Relation::Oversight,
        }
    }
}

/// THE table: whether a caller of `role`, standing in `relation` to a
/// ticket, may perform `op` on it at all (the status is asked separately,
/// by [`possible`]). A stranger may do nothing: the ticket is hidden.
pub fn may(role: Role, op: Operation, relation: Relation) -> bool {
    use Action::*;
    use Operation::*;
    use Relation::*;
    use Role::{Admin, Dispatcher, Enterprise, Staff, Supervisor};
    match (op, role, relation) {
        (_, _, Stranger) => false,
        // Anyone who sees a ticket reads it, its timeline and its
        // comments, and may comment publicly.
        (View | ReadTimeline | ReadComments | Comment, _, _) => true,
        // The service side only.
        (ReadExtensions | InternalNote, Staff | Dispatcher | Supervisor | Admin, _) => true,
        // The call centre routes, rejects and decides on extensions.
        (Act(Dispatch | Reject) | BulkDispatch | DecideExtension, Dispatcher, Oversight) => true,
        // Any staff of the department takes a dispatched ticket or hands
        // back a mis-routed one.
        (Act(Claim | Return), Staff, Assignee | DepartmentStaff) => true,
        // Only the assignee works a claimed ticket.
        (Act(RequestInfo | Escalate | Resolve) | RequestExtension, Staff, Assignee) => true,
        // The enterprise withdraws, answers, confirms or reopens its own.
        (Act(Cancel | Reply | Confirm | Reopen), Enterprise, Filer) => true,
        // Supervision.
        (Act(Urge), Supervisor, Oversight) => true,
        // On the enterprise's behalf (an enterprise without an account, or
        // one that phoned): its assignee or a dispatcher records the answer
        // it gave by phone or visit, and the call centre records the rating
        // of the follow-up call (电话回访). See [`on_behalf`].
        (Act(Reply), Staff, Assignee) | (Act(Reply), Dispatcher, Oversight) => true,
        (Act(Confirm), Dispatcher | Supervisor, Oversight) => true,
        // People leave, get ill, are swamped: the call centre pulls a
        // claimed ticket back (撤回) to the department's queue, and a
        // department lead hands its tickets to named colleagues.
        (Act(PullBack), Dispatcher, Oversight) => true,
        (Act(Assign), Staff, Lead) => true,
        _ => false,
    }
}

/// Whether `role` taking `action` acts on the enterprise's behalf: then
/// the command must say by which channel the enterprise's word came
/// (phone, visit), and the event records it.
pub fn on_behalf(role: Role, action: Action) -> bool {
    role != Role::Enterprise && matches!(action, Action::Reply | Action::Confirm)
}

/// Whether `role` may perform `op` on some ticket it sees; a refusal here
/// is the role's (403) whatever the ticket.
pub fn role_may(role: Role, op: Operation) -> bool {
    Relation::ALL.into_iter().any(|r| may(role, op, r))
}

/// The role check, then the relation check, as refusals: `Role` when the
/// role never may, `NotAssignee` when another relation to the ticket would
/// allow it (only staff are ever refused so).
pub fn check_role(role: Role, op: Operation) -> Result<(), Refusal> {
    if role_may(role, op) {
        Ok(())
    } else {
        Err(Refusal::Role(op.name()))
    }
}

pub fn check_relation(role: Role, op: Operation, relation: Relation) -> Result<(), Refusal> {
    if may(role, op, relation) {
        Ok(())
    } else if may(role, op, Relation::Lead) {
        Err(Refusal::NotLead(op.name()))
    } else {
        Err(Refusal::NotAssignee(op.name()))
    }
}

/// Whether the ticket's status lets `op` happen at all.
pub fn status_allows(op: Operation, status: TicketStatus) -> bool {
    match op {
        Operation::Act(a) => a.target(status).is_some(),
        Operation::Comment | Operation::InternalNote => !status.is_final(),
        Operation::RequestExtension => matches!(
            status,
            TicketStatus::InProgress | TicketStatus::AwaitingEnterprise
        ),
        Operation::DecideExtension => status.is_open(),
        Operation::View
        | Operation::ReadTimeline
        | Operation::ReadComments
        | Operation::ReadExtensions
        | Operation::BulkDispatch => true,
    }
}

/// What, besides its status, decides whether an operation can succeed on
/// a ticket now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Standing {
    pub status: TicketStatus,
    /// The department may still return it ([`return_window_closes`]).
    pub return_window_open: bool,
    /// The enterprise may still reopen it ([`reopen_window_closes`]).
    pub reopen_window_open: bool,
    /// It has a resolution deadline and fewer extensions than allowed.
    pub extendable: bool,
    /// An extension request awaits a decision.
    pub extension_pending: bool,
}

/// Whether `op` can succeed on a ticket standing so (the caller aside).
pub fn possible(op: Operation, s: &Standing) -> bool {
    status_allows(op, s.status)
        && match op {
            Operation::Act(Action::Return) => s.return_window_open,
            Operation::Act(Action::Reopen) => s.reopen_window_open,
            Operation::RequestExtension => s.extendable && !s.extension_pending,
            Operation::DecideExtension => s.extension_pending,
            _ => true,
        }
}

/// The names of the operations a caller of `role` in `relation` may
/// perform now on a ticket standing so: what a ticket response carries as
/// `allowed_actions`.
pub fn allowed_actions(role: Role, relation: Relation, s: &Standing) -> Vec<&'static str> {
    allowed_actions_as(role, relation, false, s)
}

/// [`allowed_actions`] for a caller who may also lead the ticket's
/// department (`lead`): what they may do either way.
pub fn allowed_actions_as(
    role: Role,
    relation: Relation,
    lead: bool,
    s: &Standing,
) -> Vec<&'static str> {
    Operation::ADVERTISED
        .into_iter()
        .filter(|op| {
            let relation = if lead {
                relation.as_lead(role, *op)
            } else {
                relation
            };
            may(role, *op, relation) && possible(*op, s)
        })
        .map(Operation::name)
        .collect()
}

/// When a department's chance to return a mis-routed ticket ends: the
/// return window, in the ticket's office time, after its latest dispatch.
pub fn return_window_closes(
    calendar: &Calendar,
    dispatched_at: DateTime<Utc>,
    window: &SlaTarget,
) -> DateTime<Utc> {
    calendar.deadline(dispatched_at, window)
}

/// When the enterprise's chance to reopen a resolved ticket ends.
pub fn reopen_window_closes(resolved_at: DateTime<Utc>, window: Duration) -> DateTime<Utc> {
    resolved_at + window
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strangers_may_nothing() {
        for role in Role::ALL {
            for op in Operation::ALL {
                assert!(!may(role, op, Relation::Stranger), "{role} {op:?}");
            }
        }
    }

    #[test]
    fn each_action_belongs_to_one_role_save_the_ones_done_on_behalf() {
        for a in Action::ALL {
            let roles = a.roles();
            let expected = match a {
                Action::Reply => vec![Role::Enterprise, Role::Staff, Role::Dispatcher],
                Action::Confirm => vec![Role::Enterprise, Role::Dispatcher, Role::Supervisor],
                _ => vec![a.role()],
            };
            assert_eq!(roles, expected, "{a:?}");
            for r in roles {
                assert_eq!(on_behalf(r, a), r != Role::Enterprise && expected.len() > 1);
            }
        }
        // Only the assignee answers for the enterprise, not its colleagues.
        let reply = Operation::Act(Action::Reply);
        assert!(may(Role::Staff, reply, Relation::Assignee));
        assert!(!may(Role::Staff, reply, Relation::DepartmentStaff));
    }

    #[test]
    fn only_the_assignee_works_a_claimed_ticket() {
        for a in [Action::RequestInfo, Action::Escalate, Action::Resolve] {
            let op = Operation::Act(a);
            assert!(may(Role::Staff, op, Relation::Assignee));
            assert!(!may(Role::Staff, op, Relation::DepartmentStaff));
        }
        assert!(may(
            Role::Staff,
            Operation::Act(Action::Claim),
            Relation::DepartmentStaff
        ));
        assert!(!may(
            Role::Staff,
            Operation::RequestExtension,
            Relation::DepartmentStaff
        ));
    }

    #[test]
    fn enterprises_never_see_the_service_side() {
        for op in [Operation::InternalNote, Operation::ReadExtensions] {
            assert!(!role_may(Role::Enterprise, op));
        }
        assert!(may(Role::Enterprise, Operation::Comment, Relation::Filer));
    }

    #[test]
    fn relation_follows_the_scope() {
        let (me, other, ent, dept) = (
            Uuid::now_v7(),
            Uuid::now_v7(),
            Uuid::now_v7(),
            Uuid::now_v7(),
        );
        let of = |scope, assignee| Relation::of(scope, me, ent, Some(dept), assignee);
        assert_eq!(of(Scope::Enterprise(ent), None), Relation::Filer);
        assert_eq!(of(Scope::Enterprise(other), None), Relation::Stranger);
        assert_eq!(of(Scope::Department(dept), Some(me)), Relation::Assignee);
        assert_eq!(
            of(Scope::Department(dept), Some(other)),
            Relation::DepartmentStaff
        );
        assert_eq!(of(Scope::Department(other), Some(me)), Relation::Stranger);
        assert_eq!(of(Scope::All, None), Relation::Oversight);
    }

    #[test]
    fn nothing_is_advertised_on_a_final_ticket() {
        for status in TicketStatus::ALL.into_iter().filter(|s| s.is_final()) {
            let s = Standing {
                status,
                return_window_open: true,
                reopen_window_open: true,
                extendable: true,
                extension_pending: true,
            };
            for role in Role::ALL {
                for relation in Relation::ALL {
                    assert!(allowed_actions(role, relation, &s).is_empty());
                }
            }
        }
    }

    #[test]
    fn windows_and_requests_gate_their_operations() {
        let open = Standing {
            status: TicketStatus::InProgress,
            return_window_open: true,
            reopen_window_open: true,
            extendable: true,
            extension_pending: false,
        };
        let staff = allowed_actions(Role::Staff, Relation::Assignee, &open);
        assert!(staff.contains(&"request_extension"));
        let pending = Standing {
            extension_pending: true,
            ..open
        };
        assert!(
            !allowed_actions(Role::Staff, Relation::Assignee, &pending)
                .contains(&"request_extension")
        );
        assert!(
            allowed_actions(Role::Dispatcher, Relation::Oversight, &pending)
                .contains(&"decide_extension")
        );
        let dispatched = Standing {
            status: TicketStatus::Dispatched,
            return_window_open: false,
            ..open
        };
        assert_eq!(
            allowed_actions(Role::Staff, Relation::DepartmentStaff, &dispatched),
            vec!["claim", "comment", "internal_note"]
        );
    }
}
