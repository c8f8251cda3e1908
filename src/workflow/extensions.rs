//! Extensions (延期): the assignee asks for more time with a reason; a
//! dispatcher grants or denies. A grant moves the resolution deadline (and
//! its warning) out by the extra office time; a ticket gets at most
//! `max_extensions` grants.

use sea_orm::{ConnectionTrait, DatabaseConnection};
use serde_json::json;
use uuid::Uuid;

use super::{Acting, Now, WorkflowConfig, WorkflowError, visible};
use crate::domain::ids::TicketId;
use crate::{
    domain::{
        calendar::SlaTarget,
        ticket::{
            By, Command, Context, Event, EventKind, ExtensionStatus, Operation, may,
            permissions::{role_may, status_allows},
            texts::{Feedback, Reason},
        },
    },
    store::{
        self,
        tickets::{
            self, Ticket,
            events::{self, NewEvent},
            extensions::{self, Extension},
            sla,
        },
    },
};

fn limit_reached(config: &WorkflowConfig) -> WorkflowError {
    WorkflowError::Refused {
        code: "extension_limit",
        detail: format!(
            "a ticket may be extended {} time(s) at most",
            config.max_extensions
        ),
    }
}

fn extra_json(extra: SlaTarget) -> serde_json::Value {
    match extra {
        SlaTarget::Business(d) => json!({ "extra_secs": d.as_secs() }),
        SlaTarget::WorkingDays(n) => json!({ "extra_working_days": n }),
    }
}

pub async fn request(
    db: &DatabaseConnection,
    config: &WorkflowConfig,
    who: &Acting,
    ticket_id: TicketId,
    reason: Reason,
    extra: SlaTarget,
    now: Now,
) -> Result<Extension, WorkflowError> {
    let tx = store::write_tx(db).await?;
    let t = visible(&tx, who, ticket_id).await?;
    let op = Operation::RequestExtension;
    if !role_may(who.role, op) {
        return Err(WorkflowError::Forbidden(
            "only department staff ask for extensions".into(),
        ));
    }
    let current = t.status;
    if !status_allows(op, current) {
        return Err(WorkflowError::WrongStatus {
            action: "ask for an extension of",
            current,
        });
    }
    if !may(who.role, op, who.relation(&t)) {
        return Err(WorkflowError::Forbidden(
            "only the assignee may ask for an extension".into(),
        ));
    }
    if t.resolution_due_at.is_none() {
        return Err(WorkflowError::Refused {
            code: "no_deadline",
            detail: "this ticket has no resolution deadline to extend".into(),
        });
    }
    if t.extension_count >= config.max_extensions {
        return Err(limit_reached(config));
    }
    if extensions::pending_count(&tx, t.id).await? > 0 {
        return Err(WorkflowError::Refused {
            code: "extension_pending",
            detail: "an extension request for this ticket awaits a decision".into(),
        });
    }
    let e = extensions::insert(
        &tx,
        t.id,
        who.user_id,
        reason.as_str().to_string(),
        extra,
        now,
    )
    .await?;
    let mut payload = extra_json(extra);
    payload["extension_id"] = json!(e.id);
    payload["reason"] = json!(reason);
    events::append(
        &tx,
        NewEvent {
            ticket_id: t.id,
            actor: who.actor(),
            kind: EventKind::ExtensionRequested,
            from: None,
            to: None,
            payload,
            at: now,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(e)
}

/// The dispatcher's decision; answers the ticket as it now stands.
#[allow(clippy::too_many_arguments)]
pub async fn decide(
    db: &DatabaseConnection,
    config: &WorkflowConfig,
    who: &Acting,
    ticket_id: TicketId,
    extension_id: Uuid,
    grant: bool,
    note: Option<Feedback>,
    now: Now,
) -> Result<Ticket, WorkflowError> {
    let tx = store::write_tx(db).await?;
    let t = visible(&tx, who, ticket_id).await?;
    if !may(who.role, Operation::DecideExtension, who.relation(&t)) {
        return Err(WorkflowError::Forbidden(
            "only dispatchers decide on extensions".into(),
        ));
    }
    let e = extensions::get(&tx, extension_id)
        .await?
        .filter(|e| e.ticket_id == t.id)
        .ok_or_else(|| WorkflowError::Invalid {
            field: "extension_id".into(),
            message: "no such extension request on this ticket".into(),
        })?;
    let decided = || WorkflowError::Refused {
        code: "extension_decided",
        detail: format!(
            "this request was already {}",
            ExtensionStatus::from(e.status)
        ),
    };
    if ExtensionStatus::from(e.status) != ExtensionStatus::Requested {
        return Err(decided());
    }
    let (status, ticket, changes) = if grant {
        let (after, changes) = grant_on(&tx, config, who, t, &e, now).await?;
        (ExtensionStatus::Granted, after, changes)
    } else {
        let denied = Event {
            kind: EventKind::ExtensionDenied,
            from: None,
            to: None,
            // The note is for the department; it stays on the request.
            payload: json!({
                "extension_id": e.id,
                "resolution_due_at": t.resolution_due_at,
            }),
        };
        (ExtensionStatus::Denied, t, vec![denied])
    };
    if !extensions::decide(
        &tx,
        e.id,
        status,
        who.user_id,
        note.map(Feedback::into_string),
        now,
    )
    .await?
    {
        return Err(decided());
    }
    events::append_all(&tx, ticket.id, who.actor(), changes, now).await?;
    tx.commit().await?;
    Ok(ticket)
}

/// Moves the deadline; tries again when a concurrent change (a first
/// comment) only bumped the version.
async fn grant_on(
    db: &impl ConnectionTrait,
    config: &WorkflowConfig,
    who: &Acting,
    t: Ticket,
    e: &Extension,
    now: Now,
) -> Result<(Ticket, Vec<Event>), WorkflowError> {
    let mut t = t;
    for _ in 0..3 {
        match grant_once(db, config, who, &t, e, now).await? {
            Some(after) => return Ok(after),
            None => {
                t = tickets::get(db, TicketId::from(t.id))
                    .await?
                    .ok_or(WorkflowError::NotFound)?;
            }
        }
    }
    Err(WorkflowError::Refused {
        code: "concurrent_update",
        detail: "the ticket kept changing; try again".into(),
    })
}

/// `None` when another writer changed the ticket first.
async fn grant_once(
    db: &impl ConnectionTrait,
    config: &WorkflowConfig,
    who: &Acting,
    t: &Ticket,
    e: &Extension,
    now: Now,
) -> Result<Option<(Ticket, Vec<Event>)>, WorkflowError> {
    let extra = extensions::extra_of(e)?;
    let calendar = sla::calendar_of(db, t).await?;
    let ctx = Context {
        by: By::User {
            id: who.user_id,
            role: who.role,
            relation: who.relation(t),
        },
        now,
        rules: config,
        calendar: calendar.as_ref(),
        resolution_clock: None,
    };
    let command = Command::GrantExtension {
        extension_id: e.id,
        extra,
    };
    let (after, changes) = t.apply(command, &ctx)?;
    if !tickets::save_if_version(db, &after, t.version, now).await? {
        return Ok(None);
    }
    Ok(Some((after, changes)))
}
