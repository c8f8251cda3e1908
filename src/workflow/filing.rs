//! Filing a ticket: who may file for which enterprise, which SLA policy and
//! calendar set its deadlines, and whether it routes itself.

use entity::{category, service_item, sla_policy};
use sea_orm::{ConnectionTrait, DatabaseConnection, DatabaseTransaction};
use serde_json::json;
use uuid::Uuid;

use super::{Acting, Now, WorkflowError};
use crate::{
    domain::{
        role::Role,
        ticket::{
            Channel, EventKind, Priority, Scope, TicketStatus,
            sla::Deadlines,
            texts::{Description, Title},
        },
    },
    store::{
        self, StoreError,
        tickets::{
            self, Ticket,
            events::{self, NewEvent},
            idempotency::{self, StoredAnswer},
            sla,
        },
    },
};

/// A filing request whose fields have passed the edge's checks.
#[derive(Debug, Clone)]
pub struct NewFiling {
    pub title: Title,
    pub description: Description,
    pub category: String,
    pub service_item_id: Option<Uuid>,
    pub priority: Priority,
    pub channel: Option<Channel>,
    pub enterprise_id: Option<Uuid>,
}

/// Which enterprise the ticket is for and through which channel: a
/// contact files for its own enterprise in the app; a dispatcher files
/// for any enterprise from a call or a visit.
fn filer_and_channel(who: &Acting, f: &NewFiling) -> Result<(Uuid, Channel), WorkflowError> {
    match (who.scope, who.role) {
        (Scope::Enterprise(own), _) => {
            if f.enterprise_id.is_some_and(|e| e != own) {
                return Err(WorkflowError::invalid(
                    "enterprise_id",
                    "an enterprise contact files for its own enterprise only",
                ));
            }
            match f.channel {
                None | Some(Channel::App) => Ok((own, Channel::App)),
                Some(_) => Err(WorkflowError::invalid(
                    "channel",
                    "an enterprise contact files through the app",
                )),
            }
        }
        (_, Role::Dispatcher) => {
            let enterprise = f.enterprise_id.ok_or_else(|| {
                WorkflowError::invalid(
                    "enterprise_id",
                    "required when a dispatcher files on an enterprise's behalf",
                )
            })?;
            match f.channel {
                None => Ok((enterprise, Channel::Hotline)),
                Some(Channel::App) => Err(WorkflowError::invalid(
                    "channel",
                    "a dispatcher files from a hotline call or a visit",
                )),
                Some(c) => Ok((enterprise, c)),
            }
        }
        _ => Err(WorkflowError::Forbidden(
            "only enterprise contacts and dispatchers file tickets".into(),
        )),
    }
}

async fn active_item(
    db: &impl ConnectionTrait,
    id: Uuid,
    category: &str,
) -> Result<service_item::Model, WorkflowError> {
    let item = store::catalogue::get_service_item(db, id)
        .await?
        .filter(|i| i.active)
        .ok_or_else(|| WorkflowError::invalid("service_item_id", "no such service item"))?;
    if item.category != category {
        return Err(WorkflowError::invalid(
            "service_item_id",
            format!(
                "this service item belongs to the category {}",
                item.category
            ),
        ));
    }
    Ok(item)
}

/// The service item's policy, else the category's default; inactive
/// policies are not applied to new tickets.
async fn applicable_policy(
    db: &impl ConnectionTrait,
    item: Option<&service_item::Model>,
    category: &category::Model,
) -> Result<Option<sla_policy::Model>, WorkflowError> {
    for id in [
        item.and_then(|i| i.sla_policy_id),
        category.default_sla_policy_id,
    ]
    .into_iter()
    .flatten()
    {
        if let Some(p) = sla::policy(db, id).await?.filter(|p| p.active) {
            return Ok(Some(p));
        }
    }
    Ok(None)
}

/// Files the ticket inside the caller's transaction (filing shares it with
/// the idempotency key).
pub async fn file(
    db: &impl ConnectionTrait,
    who: &Acting,
    f: NewFiling,
    now: Now,
) -> Result<Ticket, WorkflowError> {
    let (enterprise_id, channel) = filer_and_channel(who, &f)?;
    let enterprise = store::organisations::get_enterprise(db, enterprise_id)
        .await?
        .filter(|e| e.active)
        .ok_or_else(|| WorkflowError::invalid("enterprise_id", "no such enterprise"))?;
    let category = store::catalogue::get_category(db, &f.category)
        .await?
        .filter(|c| c.active)
        .ok_or_else(|| WorkflowError::invalid("category", "no such category"))?;
    let item = match f.service_item_id {
        Some(id) => Some(active_item(db, id, &category.code).await?),
        None => None,
    };
    let policy = applicable_policy(db, item.as_ref(), &category).await?;
    let mut deadlines = None;
    if let Some(p) = &policy
        && let Some(calendar) = store::calendars::load_calendar(db, p.calendar_id).await?
    {
        let targets = sla::targets(p, f.priority)?;
        let warning = sla::warning(p)?;
        deadlines = Some(Deadlines::from_filing(&calendar, &targets, warning, now));
    }
    let auto_department = match &item {
        Some(i) if i.auto_dispatch => store::organisations::get_department(db, i.department_id)
            .await?
            .filter(|d| d.active)
            .map(|d| d.id),
        _ => None,
    };
    let status = if auto_department.is_some() {
        TicketStatus::Dispatched
    } else {
        TicketStatus::Submitted
    };
    let ticket = tickets::insert(
        db,
        Ticket {
            id: Uuid::now_v7(),
            number: String::new(),
            enterprise_id: enterprise.id,
            filer_id: who.user_id,
            channel,
            category: category.code.clone(),
            service_item_id: item.as_ref().map(|i| i.id),
            department_id: auto_department,
            assignee_id: None,
            title: f.title.into_string(),
            description: f.description.into_string(),
            priority: f.priority,
            status,
            sla_policy_id: policy.as_ref().map(|p| p.id),
            calendar_id: deadlines.and(policy.as_ref().map(|p| p.calendar_id)),
            response_due_at: deadlines.map(|d| d.response.due),
            response_warn_at: deadlines.map(|d| d.response.warn),
            first_response_due_at: deadlines.and_then(|d| d.first_response.map(|c| c.due)),
            first_response_warn_at: deadlines.and_then(|d| d.first_response.map(|c| c.warn)),
            resolution_due_at: deadlines.map(|d| d.resolution.due),
            resolution_warn_at: deadlines.map(|d| d.resolution.warn),
            extension_count: 0,
            claim_business_secs: None,
            resolve_business_secs: None,
            info_due_at: None,
            dispatched_at: auto_department.map(|_| now),
            claimed_at: None,
            first_responded_at: None,
            resolved_at: None,
            closed_at: None,
            paused_at: None,
            paused_business_secs: 0,
            rating: None,
            feedback: None,
            reopen_count: 0,
            urge_count: 0,
            last_urged_at: None,
            created_at: now,
            updated_at: now,
            version: 1,
            resolution: None,
        },
    )
    .await?;
    events::append(
        db,
        NewEvent {
            ticket_id: ticket.id,
            actor: who.actor(),
            kind: EventKind::Filed,
            from: None,
            to: Some(TicketStatus::Submitted),
            payload: json!({
                "channel": channel,
                "priority": f.priority,
                "category": category.code,
                "service_item_id": ticket.service_item_id,
            }),
            at: now,
        },
    )
    .await?;
    if let Some(department_id) = auto_department {
        events::append(
            db,
            NewEvent {
                ticket_id: ticket.id,
                actor: None,
                kind: EventKind::Action(crate::domain::ticket::Action::Dispatch),
                from: Some(TicketStatus::Submitted),
                to: Some(TicketStatus::Dispatched),
                payload: json!({
                    "department_id": department_id,
                    "service_item_id": ticket.service_item_id,
                    "auto": true,
                }),
                at: now,
            },
        )
        .await?;
    }
    Ok(ticket)
}

/// What a filing answers.
pub enum Filed {
    /// Filed now: the answer's text (also kept under the key, if any).
    New {
        ticket_id: Uuid,
        version: i32,
        answer: String,
    },
    /// A retry with a key already used for this same request: the first
    /// answer, as it was kept.
    Replayed(StoredAnswer),
}

/// Files a ticket under an optional `Idempotency-Key`, in one transaction:
/// a retry with the same key and the same request (`request_hash`) gets
/// the first answer again; the same key with another request is refused;
/// of two concurrent requests with one key, one files and the other
/// answers as it did. `render` turns the new ticket into the answer, inside
/// the transaction, so the answer kept is the one given.
#[allow(clippy::too_many_arguments)]
pub async fn file_once<E, R>(
    db: &DatabaseConnection,
    who: &Acting,
    key: Option<&str>,
    request_hash: &str,
    filing: NewFiling,
    now: Now,
    render: R,
) -> Result<Filed, E>
where
    E: From<WorkflowError> + From<StoreError>,
    R: AsyncFnOnce(&DatabaseTransaction, Ticket) -> Result<String, E>,
{
    let same_request = |stored: StoredAnswer| {
        if stored.request_hash == request_hash {
            Ok(Filed::Replayed(stored))
        } else {
            Err(WorkflowError::invalid(
                "Idempotency-Key",
                "this key was used for a different request; use a new key",
            ))
        }
    };
    let tx = store::write_tx(db).await?;
    if let Some(key) = key {
        if let Some(stored) = idempotency::find(&tx, who.user_id, key, now).await? {
            return Ok(same_request(stored)?);
        }
        match idempotency::reserve(&tx, who.user_id, key, request_hash, now).await {
            Err(StoreError::Duplicate(_)) => {
                // A concurrent request with this key won; answer as it did.
                tx.rollback().await.map_err(StoreError::from)?;
                let stored = idempotency::find(db, who.user_id, key, now)
                    .await?
                    .ok_or_else(|| WorkflowError::Refused {
                        code: "idempotency_conflict",
                        detail: "retry the request".into(),
                    })?;
                return Ok(same_request(stored)?);
            }
            other => other?,
        }
    }
    let ticket = file(&tx, who, filing, now).await?;
    let (ticket_id, version) = (ticket.id, ticket.version);
    let answer = render(&tx, ticket).await?;
    if let Some(key) = key {
        idempotency::complete(&tx, who.user_id, key, 201, answer.clone()).await?;
    }
    tx.commit().await.map_err(StoreError::from)?;
    if key.is_some() {
        // Housekeeping; a failure here must not fail the filing.
        if let Err(e) = idempotency::purge_expired(db, now).await {
            tracing::warn!(error = %e, "could not purge expired idempotency keys");
        }
    }
    Ok(Filed::New {
        ticket_id,
        version,
        answer,
    })
}
