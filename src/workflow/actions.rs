//! The workflow's commands on one ticket, each in one transaction.

use sea_orm::{ConnectionTrait, DatabaseConnection};
use uuid::Uuid;

use super::{Acting, Now, WorkflowConfig, WorkflowError, visible};
use crate::{
    domain::{
        calendar::SlaTarget,
        ids::TicketId,
        role::Role,
        ticket::{
            Action, By, Command as DomainCommand, Context, Destination, EventKind, MergeInto,
            MergeTarget, Operation, Refusal,
            apply::keeps_extension_requests,
            check,
            permissions::{check_relation, check_role},
            sla::Warning,
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

/// A command as a request names it: the domain's, with the dispatch
/// target not yet resolved.
pub type Command = DomainCommand<DispatchTo>;

/// Runs `command` on ticket `id` for `who`. `if_match` holds the versions
/// the client would accept (`If-Match`), when it sent any.
pub async fn act(
    db: &DatabaseConnection,
    config: &WorkflowConfig,
    who: &Acting,
    id: TicketId,
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
    id: TicketId,
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
    id: TicketId,
    command: Command,
    if_match: Option<&[i32]>,
    now: Now,
) -> Result<Ticket, Attempt> {
    let before = visible(db, who, id).await?;
    let current = before.status;
    // Granting an extension and closing unconfirmed tickets have their own
    // use cases (they keep the extension row and the SLA job's books).
    let Some(action) = command.action() else {
        return Err(WorkflowError::from(Refusal::Role("act")).into());
    };
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
    let relation = who.relation_for(op, &before);
    if let Err(refusal) = check(action, who.role, current) {
        return Err(name_the_holder(db, action, &before, refusal.into())
            .await?
            .into());
    }
    check_relation(who.role, op, relation)?;
    if let Command::Assign { assignee_id } = &command {
        check_colleague(db, &before, *assignee_id).await?;
    }
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
        let Some(latest) = tickets::get(db, id).await? else {
            return Err(WorkflowError::NotFound.into());
        };
        if latest.status == current {
            return Err(Attempt::VersionMoved);
        }
        let lost = WorkflowError::WrongStatus {
            action: action.as_str(),
            current: latest.status,
        };
        return Err(name_the_holder(db, action, &latest, lost).await?.into());
    }
    if !keeps_extension_requests(after.status) {
        tickets::extensions::lapse_pending(db, id.get(), now).await?;
    }
    events::append_all(db, id.get(), who.actor(), events, now).await?;
    if let Some((message, internal)) = urge_answer {
        record_comment(db, who, id.get(), message.as_str(), internal, now).await?;
    }
    Ok(after)
}

/// A claim refused because the ticket is no longer `dispatched` and
/// someone holds it — a lost claim race, or a claim on a stale screen —
/// names who does, so the desk can tell the loser who won. Any other
/// refusal stays as it is.
async fn name_the_holder(
    db: &impl ConnectionTrait,
    action: Action,
    t: &Ticket,
    refusal: WorkflowError,
) -> Result<WorkflowError, StoreError> {
    let (Action::Claim, Some(assignee_id), WorkflowError::WrongStatus { current, .. }) =
        (action, t.assignee_id, &refusal)
    else {
        return Ok(refusal);
    };
    let current = *current;
    Ok(
        match store::users::shown_names(db, [assignee_id])
            .await?
            .remove(&assignee_id)
        {
            Some(assignee_name) => WorkflowError::ClaimedBy {
                current,
                assignee_id,
                assignee_name,
            },
            None => refusal,
        },
    )
}

/// The commands that count office time or move a deadline.
fn needs_calendar(c: &DomainCommand) -> bool {
    matches!(
        c,
        DomainCommand::RequestInfo { .. }
            | DomainCommand::PullBack { .. }
            | DomainCommand::Assign { .. }
            | DomainCommand::Claim
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
/// A redo's department (the ticket's own unless another is named) must
/// be active, and a merge's target is looked up (422 when there is none).
async fn domain_command(
    db: &impl ConnectionTrait,
    before: &Ticket,
    command: Command,
) -> Result<DomainCommand, WorkflowError> {
    Ok(match command.split_target() {
        Ok(to) => {
            let (department_id, item) = dispatch_target(db, to).await?;
            DomainCommand::Dispatch(Destination {
                department_id,
                service_item: item.map(|i| (i.id, i.category)),
            })
        }
        Err(DomainCommand::Redo {
            department_id,
            reason,
        }) => {
            let department = department_id.or(before.department_id).ok_or_else(|| {
                WorkflowError::invalid("department_id", "name the department to redo it")
            })?;
            let (department_id, _) =
                dispatch_target(db, DispatchTo::Department(department)).await?;
            DomainCommand::Redo {
                department_id: Some(department_id),
                reason,
            }
        }
        Err(DomainCommand::Merge {
            into: MergeInto::Named(id),
            reason,
        }) if id != before.id => {
            let target = tickets::get(db, id.into())
                .await?
                .ok_or_else(|| WorkflowError::invalid("into_ticket_id", "no such ticket"))?;
            DomainCommand::Merge {
                into: MergeInto::Found(MergeTarget {
                    id: target.id,
                    number: target.number,
                    enterprise_id: target.enterprise_id,
                    status: target.status,
                }),
                reason,
            }
        }
        Err(other) => other,
    })
}

/// A ticket is assigned only to active staff of its department (422 on
/// `assignee_id`; the domain refuses the one who has it already).
async fn check_colleague(
    db: &impl ConnectionTrait,
    t: &Ticket,
    assignee_id: Uuid,
) -> Result<(), WorkflowError> {
    let colleague = store::users::get(db, assignee_id).await?.filter(|u| {
        u.active
            && u.membership.role() == Role::Staff
            && u.membership.department_id().is_some()
            && u.membership.department_id() == t.department_id
    });
    if colleague.is_none() {
        return Err(WorkflowError::invalid(
            "assignee_id",
            "no such active staff member of the ticket's department",
        ));
    }
    Ok(())
}

/// Writes the text of an urge's answer as a comment (or internal note)
/// with its timeline event; the answer's command already counted a public
/// one as the first response.
async fn record_comment(
    db: &impl ConnectionTrait,
    who: &Acting,
    ticket_id: Uuid,
    body: &str,
    internal: bool,
    now: Now,
) -> Result<(), WorkflowError> {
    let comment =
        tickets::comments::insert(db, ticket_id, who.user_id, body.to_string(), internal, now)
            .await?;
    let kind = match internal {
        true => EventKind::InternalNote,
        false => EventKind::Comment,
    };
    events::append(
        db,
        events::NewEvent {
            ticket_id,
            actor: who.actor(),
            kind,
            from: None,
            to: None,
            payload: serde_json::json!({ "comment_id": comment.id, "body": body }),
            at: now,
        },
    )
    .await?;
    Ok(())
}
