//! The workflow's commands on one ticket, each in one transaction.

use sea_orm::{ConnectionTrait, DatabaseConnection};
use uuid::Uuid;

use super::{Acting, Now, WorkflowConfig, WorkflowError, comments, visible};
use crate::{
    domain::{
        calendar::SlaTarget,
        ticket::{
            Action, By, Command as DomainCommand, Context, MergeTarget, Operation, Rating,
            UrgeDays,
            apply::keeps_extension_requests,
            check,
            permissions::{check_relation, check_role},
            sla::Warning,
            texts::{Feedback, Message, Reason, Resolution},
        },
    },
    store::{
        self, StoreError,
        tickets::{self, Ticket, events, sla},
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
        reason: Reason,
    },
    Reject {
        reason: Reason,
    },
    Cancel {
        reason: Option<Reason>,
    },
    RequestInfo {
        message: Message,
    },
    Reply {
        message: Message,
    },
    Escalate {
        reason: Reason,
    },
    Resolve {
        resolution: Resolution,
    },
    Confirm {
        rating: Rating,
        feedback: Option<Feedback>,
    },
    Reopen {
        reason: Reason,
    },
    Urge {
        reason: Reason,
        reply_within: UrgeDays,
    },
    /// Close a ticket under review, with the dispatcher's note.
    Close {
        note: Reason,
    },
    /// Order a ticket under review redone, by its department unless
    /// another is named.
    Redo {
        department_id: Option<Uuid>,
        reason: Reason,
    },
    /// Merge the ticket into ticket `into`.
    Merge {
        into: Uuid,
        reason: Option<Reason>,
    },
    UrgeReply {
        message: Message,
        internal: bool,
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
            Command::Close { .. } => Action::Close,
            Command::Redo { .. } => Action::Redo,
            Command::Merge { .. } => Action::Merge,
            Command::UrgeReply { .. } => Action::UrgeReply,
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
/// `If-Match` (412), status (409), relation (403); then loads what the
/// command needs (its dispatch target, 422; the calendar; the policy) and
/// lets the domain apply it.
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
    let relation = who.relation(&before);
    check(action, who.role, current)?;
    check_relation(who.role, op, relation)?;
    let command = domain_command(db, &before, command).await?;
    let calendar = match needs_calendar(&command) {
        true => sla::calendar_of(db, &before).await?,
        false => None,
    };
    let resolution_clock = match &command {
        DomainCommand::Reopen { .. } | DomainCommand::Redo { .. } => {
            resolution_clock(db, &before).await?
        }
        _ => None,
    };
    let ctx = Context {
        by: By::User {
            id: who.user_id,
            role: who.role,
            relation,
        },
        now,
        rules: config,
        calendar: calendar.as_ref(),
        resolution_clock,
    };
    // The answer to an urge is also a comment (public or internal), so
    // the enterprise reads a public one where it reads the others.
    let urge_answer = match &command {
        DomainCommand::UrgeReply { message, internal } => Some((message.clone(), *internal)),
        _ => None,
    };
    let (after, events) = before.apply(command, &ctx)?;
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
    if !keeps_extension_requests(after.status) {
        tickets::extensions::lapse_pending(db, id, now).await?;
    }
    events::append_all(db, id, who.actor(), events, now).await?;
    if let Some((message, internal)) = urge_answer {
        comments::record(db, who, id, message.as_str(), internal, now).await?;
    }
    Ok(after)
}

/// The commands that count office time or move a deadline.
fn needs_calendar(c: &DomainCommand) -> bool {
    matches!(
        c,
        DomainCommand::Claim
            | DomainCommand::Return { .. }
            | DomainCommand::Reply { .. }
            | DomainCommand::Resolve { .. }
            | DomainCommand::Reopen { .. }
            | DomainCommand::Redo { .. }
            | DomainCommand::Urge { .. }
    )
}

/// The resolution target and warning of the ticket's policy for its
/// priority, if it has a policy.
async fn resolution_clock(
    db: &impl ConnectionTrait,
    t: &Ticket,
) -> Result<Option<(SlaTarget, Warning)>, StoreError> {
    let Some(policy_id) = t.sla_policy_id else {
        return Ok(None);
    };
    let Some(policy) = sla::policy(db, policy_id).await? else {
        return Ok(None);
    };
    Ok(Some((
        sla::resolution_target(&policy, t.priority)?,
        sla::warning(&policy)?,
    )))
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

/// The request's command as the domain takes it: a dispatch target
/// resolved to its department (and service item's category).
async fn domain_command(
    db: &impl ConnectionTrait,
    before: &Ticket,
    command: Command,
) -> Result<DomainCommand, WorkflowError> {
    Ok(match command {
        Command::Dispatch(to) => {
            let (department_id, item) = dispatch_target(db, to).await?;
            DomainCommand::Dispatch {
                department_id,
                service_item: item.map(|i| (i.id, i.category)),
            }
        }
        Command::Claim => DomainCommand::Claim,
        Command::Return { reason } => DomainCommand::Return { reason },
        Command::Reject { reason } => DomainCommand::Reject { reason },
        Command::Cancel { reason } => DomainCommand::Cancel { reason },
        Command::RequestInfo { message } => DomainCommand::RequestInfo { message },
        Command::Reply { message } => DomainCommand::Reply { message },
        Command::Escalate { reason } => DomainCommand::Escalate { reason },
        Command::Resolve { resolution } => DomainCommand::Resolve { resolution },
        Command::Confirm { rating, feedback } => DomainCommand::Confirm { rating, feedback },
        Command::Reopen { reason } => DomainCommand::Reopen { reason },
        Command::Urge {
            reason,
            reply_within,
        } => DomainCommand::Urge {
            reason,
            reply_within,
        },
        Command::Close { note } => DomainCommand::Close { note },
        Command::Redo {
            department_id,
            reason,
        } => {
            let department = department_id.or(before.department_id).ok_or_else(|| {
                WorkflowError::invalid("department_id", "name the department to redo it")
            })?;
            let (department_id, _) =
                dispatch_target(db, DispatchTo::Department(department)).await?;
            DomainCommand::Redo {
                department_id,
                reason,
            }
        }
        Command::Merge { into, reason } => {
            let target = tickets::get(db, into)
                .await?
                .ok_or_else(|| WorkflowError::invalid("into_ticket_id", "no such ticket"))?;
            DomainCommand::Merge {
                into: MergeTarget {
                    id: target.id,
                    number: target.number,
                    enterprise_id: target.enterprise_id,
                    status: target.status,
                },
                reason,
            }
        }
        Command::UrgeReply { message, internal } => DomainCommand::UrgeReply { message, internal },
    })
}
