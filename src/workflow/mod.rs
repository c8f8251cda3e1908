//! The ticket workflow applied to the database: each command is one
//! transaction that loads the ticket in the caller's scope, asks the domain
//! whether the action is legal, writes the change with a version condition
//! and appends its events. No HTTP here; `http` maps [`WorkflowError`].

pub mod accounts;
pub mod actions;
pub mod bulk;
pub mod calendars;
pub mod comments;
pub mod extensions;
pub mod filing;
pub mod handover;

use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::{
    domain::{
        calendar::Calendar,
        ids::TicketId,
        role::Role,
        ticket::{
            Operation, Refusal, Relation, Scope, Standing, TicketStatus, may,
            permissions::{self, reopen_window_closes, return_window_closes, role_may},
        },
    },
    store::{
        StoreError,
        tickets::{self, Ticket, events::Actor},
        users::User,
    },
};

/// The workflow's knobs, from the settings: the domain's rules.
pub use crate::domain::ticket::Rules as WorkflowConfig;

#[derive(Debug, thiserror::Error)]
pub enum WorkflowError {
    /// No such ticket, or not in the caller's scope: the same answer.
    #[error("no such ticket")]
    NotFound,
    #[error("{0}")]
    Forbidden(String),
    #[error("cannot {action} a ticket that is {current}")]
    WrongStatus {
        action: &'static str,
        current: TicketStatus,
    },
    /// A claim that lost: the ticket left `dispatched` because someone
    /// claimed it, and `assignee_name` holds it now.
    #[error("cannot claim a ticket that is {current}: {assignee_name} claimed it")]
    ClaimedBy {
        current: TicketStatus,
        assignee_id: Uuid,
        assignee_name: String,
    },
    /// `If-Match` named another version than the current one.
    #[error("the ticket has changed: it is at version {current}")]
    Stale { current: i32 },
    /// A field of the request does not fit (422).
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    /// The request is well-formed but the ticket's state refuses it (409).
    #[error("{detail}")]
    Refused { code: &'static str, detail: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl WorkflowError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        WorkflowError::Invalid {
            field: field.to_string(),
            message: message.into(),
        }
    }
}

impl From<sea_orm::DbErr> for WorkflowError {
    fn from(e: sea_orm::DbErr) -> Self {
        WorkflowError::Store(e.into())
    }
}

impl From<Refusal> for WorkflowError {
    fn from(r: Refusal) -> Self {
        match r {
            Refusal::Status { action, current } => WorkflowError::WrongStatus { action, current },
            Refusal::ReturnWindowClosed { .. } => WorkflowError::Refused {
                code: "return_window_closed",
                detail: r.to_string(),
            },
            Refusal::ExtensionLimit { .. } => WorkflowError::Refused {
                code: "extension_limit",
                detail: r.to_string(),
            },
            Refusal::ReopenWindowClosed { .. } => WorkflowError::Refused {
                code: "reopen_window_closed",
                detail: r.to_string(),
            },
            Refusal::ChannelRequired(_) | Refusal::ChannelNotAllowed => {
                WorkflowError::invalid("channel", r.to_string())
            }
            Refusal::NoPendingUrge => WorkflowError::Refused {
                code: "no_pending_urge",
                detail: r.to_string(),
            },
            Refusal::MergeIntoItself | Refusal::MergeTargetUnknown => {
                WorkflowError::invalid("into_ticket_id", r.to_string())
            }
            Refusal::NoDepartment => WorkflowError::invalid("department_id", r.to_string()),
            Refusal::MergeTargetFinal { .. } => WorkflowError::Refused {
                code: "merge_target_final",
                detail: r.to_string(),
            },
            Refusal::MergeAcrossEnterprises => WorkflowError::Refused {
                code: "merge_across_enterprises",
                detail: r.to_string(),
            },
            Refusal::AlreadyAssigned => WorkflowError::invalid("assignee_id", r.to_string()),
            other => WorkflowError::Forbidden(other.to_string()),
        }
    }
}

/// Who is acting, as the workflow needs to know them.
#[derive(Debug, Clone, Copy)]
pub struct Acting {
    pub user_id: Uuid,
    pub role: Role,
    pub scope: Scope,
    /// Leads their department (staff only).
    pub lead: bool,
}

impl Acting {
    pub fn of(user: &User) -> Acting {
        Acting {
            user_id: user.id,
            role: user.membership.role(),
            scope: Scope::of(user.membership),
            lead: user.is_lead && user.membership.role() == Role::Staff,
        }
    }

    pub fn actor(&self) -> Actor {
        Some((self.user_id, self.role))
    }

    /// How this caller stands to `t` for `op`: as its department's lead
    /// where only a lead may perform it ([`Relation::as_lead`]).
    pub fn relation_for(&self, op: Operation, t: &Ticket) -> Relation {
        let relation = self.relation(t);
        if self.lead {
            relation.as_lead(self.role, op)
        } else {
            relation
        }
    }

    /// How this caller stands to `t`.
    pub fn relation(&self, t: &Ticket) -> Relation {
        Relation::of(
            self.scope,
            self.user_id,
            t.enterprise_id,
            t.department_id,
            t.assignee_id,
        )
    }
}

/// The ticket if it exists and the caller may see it.
pub async fn visible(
    db: &impl ConnectionTrait,
    who: &Acting,
    id: TicketId,
) -> Result<Ticket, WorkflowError> {
    tickets::get(db, id)
        .await?
        .filter(|t| may(who.role, Operation::View, who.relation(t)))
        .ok_or(WorkflowError::NotFound)
}

/// The names of the operations `who` may perform on `t` now (its
/// `allowed_actions`), by the same permission table and rules the commands
/// apply. `calendar` is the ticket's (office time for the return window);
/// `extension_pending` whether a request for more time awaits a decision.
pub fn allowed_actions(
    who: &Acting,
    config: &WorkflowConfig,
    t: &Ticket,
    calendar: Option<&Calendar>,
    extension_pending: bool,
    now: Now,
) -> Vec<&'static str> {
    let status = t.status;
    let return_window_open = status == TicketStatus::Dispatched && {
        let dispatched_at = t.dispatched_at.unwrap_or(t.created_at);
        let closes = match calendar {
            Some(c) => return_window_closes(c, dispatched_at, &config.return_window),
            None => return_window_closes(
                &Calendar::always_open(),
                dispatched_at,
                &config.return_window,
            ),
        };
        now <= closes
    };
    let resolved_at = t.resolved_at.unwrap_or(t.updated_at);
    let standing = Standing {
        status,
        return_window_open,
        reopen_window_open: now <= reopen_window_closes(resolved_at, config.reopen_window),
        extendable: t.resolution_due_at.is_some() && t.extension_count < config.max_extensions,
        extension_pending,
        urge_pending: t.urge_due_at.is_some(),
        assigned: t.assignee_id.is_some(),
    };
    permissions::allowed_actions_as(who.role, who.relation(t), who.lead, &standing)
}

/// Whether `who` could ever act on an extension request, so that a view
/// needs to know which tickets have one pending.
pub fn cares_about_extensions(who: &Acting) -> bool {
    role_may(who.role, Operation::RequestExtension)
        || role_may(who.role, Operation::DecideExtension)
}

/// The instant a clock is read at.
pub type Now = DateTime<Utc>;
