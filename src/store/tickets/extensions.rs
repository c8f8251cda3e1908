//! Extension requests (延期) and their decisions.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use entity::{
    enums as db,
    ticket_extension::{self, Column as C},
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::{
    domain::{calendar::SlaTarget, ticket::ExtensionStatus},
    store::StoreError,
};

pub use entity::ticket_extension::Model as Extension;

const REQUESTED: db::ExtensionStatus = db::ExtensionStatus::Requested;

pub async fn insert(
    db: &impl ConnectionTrait,
    ticket_id: Uuid,
    requested_by: Uuid,
    reason: String,
    extra: SlaTarget,
    now: DateTime<Utc>,
) -> Result<Extension, StoreError> {
    let (secs, days) = match extra {
        SlaTarget::Business(d) => (Some(d.as_secs()), None),
        SlaTarget::WorkingDays(n) => (None, Some(i32::try_from(n).unwrap_or(i32::MAX))),
    };
    Ok(ticket_extension::ActiveModel {
        id: Set(Uuid::now_v7()),
        ticket_id: Set(ticket_id),
        requested_by: Set(requested_by),
        reason: Set(reason),
        extra_secs: Set(secs),
        extra_working_days: Set(days),
        status: Set(REQUESTED),
        decided_by: Set(None),
        decision_note: Set(None),
        decided_at: Set(None),
        created_at: Set(now),
    }
    .insert(db)
    .await?)
}

pub async fn get(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<Extension>, StoreError> {
    Ok(ticket_extension::Entity::find_by_id(id).one(db).await?)
}

/// A ticket's requests, oldest first (a ticket has a handful at most).
pub async fn list(
    db: &impl ConnectionTrait,
    ticket_id: Uuid,
) -> Result<Vec<Extension>, StoreError> {
    Ok(ticket_extension::Entity::find()
        .filter(C::TicketId.eq(ticket_id))
        .order_by_asc(C::Id)
        .all(db)
        .await?)
}

pub async fn pending_count(db: &impl ConnectionTrait, ticket_id: Uuid) -> Result<u64, StoreError> {
    Ok(ticket_extension::Entity::find()
        .filter(C::TicketId.eq(ticket_id))
        .filter(C::Status.eq(REQUESTED))
        .count(db)
        .await?)
}

/// Which of `tickets` have a request awaiting a decision.
pub async fn pending_among(
    db: &impl ConnectionTrait,
    tickets: &[Uuid],
) -> Result<HashSet<Uuid>, StoreError> {
    if tickets.is_empty() {
        return Ok(HashSet::new());
    }
    let rows = ticket_extension::Entity::find()
        .select_only()
        .column(C::TicketId)
        .filter(C::TicketId.is_in(tickets.iter().copied()))
        .filter(C::Status.eq(REQUESTED))
        .into_tuple::<Uuid>()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

/// Records the decision if the request is still open; `false` when
/// someone decided it first.
pub async fn decide(
    db: &impl ConnectionTrait,
    id: Uuid,
    status: ExtensionStatus,
    decided_by: Uuid,
    note: Option<String>,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let changes = ticket_extension::ActiveModel {
        status: Set(status.into()),
        decided_by: Set(Some(decided_by)),
        decision_note: Set(note),
        decided_at: Set(Some(now)),
        ..Default::default()
    };
    let result = ticket_extension::Entity::update_many()
        .set(changes)
        .filter(C::Id.eq(id))
        .filter(C::Status.eq(REQUESTED))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// The extra time of a request.
pub fn extra_of(e: &Extension) -> Result<SlaTarget, StoreError> {
    let corrupt = || StoreError::Corrupt(format!("extension {} has no extra time", e.id));
    match (e.extra_secs, e.extra_working_days) {
        (Some(secs), None) => crate::domain::calendar::BusinessDuration::from_secs(secs)
            .map(SlaTarget::Business)
            .map_err(|_| corrupt()),
        (None, Some(days)) => u32::try_from(days)
            .map(SlaTarget::WorkingDays)
            .map_err(|_| corrupt()),
        _ => Err(corrupt()),
    }
}

/// Closes the open request of a ticket that no longer needs more time.
pub async fn lapse_pending(
    db: &impl ConnectionTrait,
    ticket_id: Uuid,
    now: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let changes = ticket_extension::ActiveModel {
        status: Set(db::ExtensionStatus::Lapsed),
        decided_at: Set(Some(now)),
        ..Default::default()
    };
    Ok(ticket_extension::Entity::update_many()
        .set(changes)
        .filter(C::TicketId.eq(ticket_id))
        .filter(C::Status.eq(REQUESTED))
        .exec(db)
        .await?
        .rows_affected)
}
