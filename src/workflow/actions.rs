//! The workflow's commands on one ticket, each in one transaction.

use sea_orm::{ConnectionTrait, DatabaseConnection};
use serde_json::{Value, json};
use uuid::Uuid;

use super::{Acting, Now, WorkflowConfig, WorkflowError, visible};
use crate::{
    domain::{
        calendar::Calendar,
        ticket::{
            Action, EventKind, Operation, Rating, TicketStatus, check,
            permissions::{check_relation, check_role, reopen_window_closes, return_window_closes},
            sla::{ClockDeadline, resume},
        },
    },
    store::{
        self, StoreError,
        tickets::{
            self, Ticket,
            events::{self, NewEvent},
            sla,
        },
    },
};

/// Where a dispatcher sends a ticket: a department, or one of its service
/// items (which also settles the category).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DispatchTo {
    Department(Uuid),
    ServiceItem(Uuid),
}

#[derive(Debug, Clone)]
pub enum Command {
    Dispatch(DispatchTo),
    Claim,
    Return {
        reason: String,
    },
    Reject {
        reason: String,
    },
    Cancel {
        reason: Option<String>,
    },
    RequestInfo {
        message: String,
    },
    Reply {
        message: String,
    },
    Escalate {
        reason: String,
    },
    Resolve {
        resolution: String,
    },
    Confirm {
        rating: Rating,
        feedback: Option<String>,
    },
    Reopen {
        reason: String,
    },
    Urge {
        reason: String,
    },
}

impl Command {
    pub fn action(&self) -> Action {
        match self {
            Command::Dispatch(_) => Action::Dispatch,
            Command::Claim => Action::Claim,
            Command::Return { .. } => Action::Return,
            Command::Reject { .. } => Action::Reject,
            Command::Cancel { .. } => Action::Cancel,
            Command::RequestInfo { .. } => Action::RequestInfo,
            Command::Reply { .. } => Action::Reply,
            Command::Escalate { .. } => Action::Escalate,
            Command::Resolve { .. } => Action::Resolve,
            Command::Confirm { .. } => Action::Confirm,
            Command::Reopen { .. } => Action::Reopen,
            Command::Urge { .. } => Action::Urge,
        }
    }
}

/// Runs `command` on ticket `id` for `who`. `if_match` holds the versions
/// the client would accept (`If-Match`), when it sent any.
pub async fn act(
    db: &DatabaseConnection,
    config: &WorkflowConfig,
    who: &Acting,
    id: Uuid,
    command: Command,
    if_match: Option<&[i32]>,
    now: Now,
) -> Result<Ticket, WorkflowError> {
    let tx = store::write_tx(db).await?;
    let ticket = apply(&tx, config, who, id, command, if_match, now).await?;
    tx.commit().await?;
    Ok(ticket)
}

/// Applies `command`, trying again when a concurrent change left the
/// status as it was (a first comment bumps the version): only a change of
/// status is a lost race the client must hear about.
pub(super) async fn apply(
    db: &impl ConnectionTrait,
    config: &WorkflowConfig,
    who: &Acting,
    id: Uuid,
    command: Command,
    if_match: Option<&[i32]>,
    now: Now,
) -> Result<Ticket, WorkflowError> {
    const ATTEMPTS: usize = 3;
    let mut attempt = 1;
    loop {
        match apply_once(db, config, who, id, command.clone(), if_match, now).await {
            Err(Attempt::VersionMoved) if attempt < ATTEMPTS => attempt += 1,
            Err(Attempt::VersionMoved) => {
                return Err(WorkflowError::Refused {
                    code: "concurrent_update",
                    detail: "the ticket kept changing; try again".into(),
                });
            }
            Err(Attempt::Failed(e)) => return Err(e),
            Ok(t) => return Ok(t),
        }
    }
}

enum Attempt {
    /// Another writer changed the ticket but not its status.
    VersionMoved,
    Failed(WorkflowError),
}

impl<E: Into<WorkflowError>> From<E> for Attempt {
    fn from(e: E) -> Self {
        Attempt::Failed(e.into())
    }
}

/// Checks in the order a client can act on: scope (404), role (403),
/// `If-Match` (412), status (409), then the action's own rules.
async fn apply_once(
    db: &impl ConnectionTrait,
    config: &WorkflowConfig,
    who: &Acting,
    id: Uuid,
    command: Command,
    if_match: Option<&[i32]>,
    now: Now,
) -> Result<Ticket, Attempt> {
    let before = visible(db, who, id).await?;
    let current = before.status;
    let action = command.action();
    let op = Operation::Act(action);
    check_role(who.role, op)?;
    if let Some(accepted) = if_match
        && !accepted.contains(&before.version)
    {
        return Err(WorkflowError::Stale {
            current: before.version,
        }
        .into());
    }
    let to = check(action, who.role, current)?;
    check_relation(who.role, op, who.relation(&before))?;
    let mut after = before.clone();
    after.status = to;
    let mut extra = Vec::new();
    let payload = change(db, config, who, &mut after, command, &mut extra, now).await?;
    if !tickets::save_if_version(db, &after, before.version, now).await? {
        let now_status = match tickets::get(db, id).await? {
            Some(t) => t.status,
            None => return Err(WorkflowError::NotFound.into()),
        };
        if now_status == current {
            return Err(Attempt::VersionMoved);
        }
        return Err(WorkflowError::WrongStatus {
            action: action.as_str(),
            current: now_status,
        }
        .into());
    }
    after.version = before.version + 1;
    after.updated_at = now;
    // A request for more time lapses once the assignee no longer works it.
    if !matches!(
        to,
        TicketStatus::InProgress | TicketStatus::AwaitingEnterprise | TicketStatus::Escalated
    ) {
        tickets::extensions::lapse_pending(db, id, now).await?;
    }
    events::append(
        db,
        NewEvent {
            ticket_id: id,
            actor: who.actor(),
            kind: EventKind::Action(action),
            from: Some(current),
            to: Some(to),
            payload,
            at: now,
        },
    )
    .await?;
    for (kind, payload) in extra {
        events::append(
            db,
            NewEvent {
                ticket_id: id,
                actor: who.actor(),
                kind,
                from: None,
                to: None,
                payload,
                at: now,
            },
        )
        .await?;
    }
    Ok(after)
}

/// Office time from filing to `now` in the ticket's calendar (wall time
/// when it has none), for the reports' averages.
async fn office_secs(db: &impl ConnectionTrait, t: &Ticket, now: Now) -> Result<i64, StoreError> {
    let calendar = sla::calendar_of(db, t)
        .await?
        .unwrap_or_else(Calendar::always_open);
    Ok(calendar.between(t.created_at, now).as_secs())
}

/// The department a dispatch lands in, and the service item if one was named.
pub(super) async fn dispatch_target(
    db: &impl ConnectionTrait,
    to: DispatchTo,
) -> Result<(Uuid, Option<entity::service_item::Model>), WorkflowError> {
    let (department_id, item, field) = match to {
        DispatchTo::Department(id) => (id, None, "department_id"),
        DispatchTo::ServiceItem(id) => {
            let item = store::catalogue::get_service_item(db, id)
                .await?
                .filter(|i| i.active)
                .ok_or_else(|| WorkflowError::invalid("service_item_id", "no such service item"))?;
            (item.department_id, Some(item), "service_item_id")
        }
    };
    store::organisations::get_department(db, department_id)
        .await?
        .filter(|d| d.active)
        .ok_or_else(|| WorkflowError::invalid(field, "no such active department"))?;
    Ok((department_id, item))
}

/// Applies the command's own changes to `t` and returns its event payload;
/// events beyond the action's own go to `extra`.
async fn change(
    db: &impl ConnectionTrait,
    config: &WorkflowConfig,
    who: &Acting,
    t: &mut Ticket,
    command: Command,
    extra: &mut Vec<(EventKind, Value)>,
    now: Now,
) -> Result<Value, WorkflowError> {
    Ok(match command {
        Command::Dispatch(to) => {
            let (department_id, item) = dispatch_target(db, to).await?;
            let from_department = t.department_id;
            if let Some(item) = &item {
                t.service_item_id = Some(item.id);
                t.category = item.category.clone();
            }
            t.department_id = Some(department_id);
            t.assignee_id = None;
            t.dispatched_at = Some(now);
            json!({
                "department_id": department_id,
                "service_item_id": item.map(|i| i.id),
                "from_department_id": from_department,
            })
        }
        Command::Claim => {
            t.assignee_id = Some(who.user_id);
            if t.claimed_at.is_none() {
                t.claimed_at = Some(now);
                t.claim_business_secs = Some(office_secs(db, t, now).await?);
            }
            json!({ "assignee_id": who.user_id })
        }
        Command::Return { reason } => {
            let dispatched_at = t.dispatched_at.unwrap_or(t.created_at);
            let calendar = sla::calendar_of(db, t)
                .await?
                .unwrap_or_else(Calendar::always_open);
            let closes = return_window_closes(&calendar, dispatched_at, &config.return_window);
            if now > closes {
                return Err(WorkflowError::Refused {
                    code: "return_window_closed",
                    detail: format!(
                        "the window to return this ticket closed at {}; escalate it instead",
                        closes.to_rfc3339()
                    ),
                });
            }
            let from_department = t.department_id.take();
            t.assignee_id = None;
            json!({ "reason": reason, "department_id": from_department })
        }
        Command::Reject { reason } | Command::Escalate { reason } => json!({ "reason": reason }),
        Command::Urge { reason } => {
            t.urge_count += 1;
            t.last_urged_at = Some(now);
            json!({ "reason": reason })
        }
        Command::Cancel { reason } => json!({ "reason": reason }),
        Command::RequestInfo { message } => {
            t.first_responded_at.get_or_insert(now);
            t.paused_at = Some(now);
            extra.push((EventKind::SlaPaused, json!({ "clock": "resolution" })));
            json!({ "message": message })
        }
        Command::Reply { message } => {
            if let Some(paused_at) = t.paused_at.take() {
                let mut paused_secs = 0;
                if let Some(deadline) = sla::resolution_deadline(t)
                    && let Some(calendar) = sla::calendar_of(db, t).await?
                {
                    let r = resume(&calendar, deadline.due, paused_at, now);
                    sla::set_resolution_deadline(t, deadline.moved_to(&calendar, r.due_at));
                    paused_secs = r.paused.as_secs();
                    t.paused_business_secs += paused_secs;
                }
                extra.push((
                    EventKind::SlaResumed,
                    json!({
                        "clock": "resolution",
                        "paused_secs": paused_secs,
                        "resolution_due_at": t.resolution_due_at,
                    }),
                ));
            }
            json!({ "message": message })
        }
        Command::Resolve { resolution } => {
            t.first_responded_at.get_or_insert(now);
            t.resolved_at = Some(now);
            t.resolve_business_secs = Some(office_secs(db, t, now).await?);
            t.resolution = Some(resolution.clone());
            json!({ "resolution": resolution })
        }
        Command::Confirm { rating, feedback } => {
            t.rating = Some(i16::from(rating.get()));
            t.feedback = feedback.clone();
            t.closed_at = Some(now);
            json!({ "rating": rating.get(), "feedback": feedback })
        }
        Command::Reopen { reason } => {
            let resolved_at = t.resolved_at.unwrap_or(t.updated_at);
            if now > reopen_window_closes(resolved_at, config.reopen_window) {
                return Err(WorkflowError::Refused {
                    code: "reopen_window_closed",
                    detail: format!(
                        "a ticket can be reopened up to {} days after it was resolved",
                        config.reopen_window.num_days()
                    ),
                });
            }
            t.reopen_count += 1;
            t.resolved_at = None;
            t.resolution = None;
            // 重办: the resolution clock starts again from the reopening.
            if let Some(policy_id) = t.sla_policy_id
                && let Some(policy) = sla::policy(db, policy_id).await?
                && let Some(calendar) = sla::calendar_of(db, t).await?
            {
                let target = sla::resolution_target(&policy, t.priority)?;
                let clock = ClockDeadline::new(&calendar, now, &target, sla::warning(&policy)?);
                sla::set_resolution_deadline(t, clock);
            }
            json!({ "reason": reason, "reopen_count": t.reopen_count })
        }
    })
}
