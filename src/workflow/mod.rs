//! The ticket workflow applied to the database: each command is one
//! transaction that loads the ticket in the caller's scope, asks the domain
//! whether the action is legal, writes the change with a version condition
//! and appends its events. No HTTP here; `http` maps [`WorkflowError`].

pub mod actions;
pub mod bulk;
pub mod comments;
pub mod extensions;
pub mod filing;

use chrono::{DateTime, Duration, Utc};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::{
    domain::{
        calendar::SlaTarget,
        role::Role,
        ticket::{Refusal, Scope, TicketStatus},
    },
    store::{
        StoreError,
        tickets::{self, Ticket, events::Actor},
        users::User,
    },
};

/// The workflow's knobs, from the settings.
#[derive(Debug, Clone, Copy)]
pub struct WorkflowConfig {
    /// How long after resolution the enterprise may still reopen.
    pub reopen_window: Duration,
    /// How long after dispatch a department may return a mis-routed
    /// ticket, in the ticket's office time; later it must escalate.
    pub return_window: SlaTarget,
    /// Extensions granted at most per ticket.
    pub max_extensions: i32,
}

impl Default for WorkflowConfig {
    fn default() -> Self {
        WorkflowConfig {
            reopen_window: Duration::days(7),
            return_window: SlaTarget::WorkingDays(2),
            max_extensions: 1,
        }
    }
}

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
}

impl Acting {
    pub fn of(user: &User) -> Acting {
        Acting {
            user_id: user.id,
            role: user.membership.role(),
            scope: Scope::of(user.membership),
        }
    }

    pub fn actor(&self) -> Actor {
        Some((self.user_id, self.role))
    }
}

/// The ticket if it exists and the caller may see it.
pub async fn visible(
    db: &impl ConnectionTrait,
    who: &Acting,
    id: Uuid,
) -> Result<Ticket, WorkflowError> {
    tickets::get(db, id)
        .await?
        .filter(|t| who.scope.covers(t.enterprise_id, t.department_id))
        .ok_or(WorkflowError::NotFound)
}

/// The instant a clock is read at.
pub type Now = DateTime<Utc>;
