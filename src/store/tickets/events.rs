//! The append-only timeline. Events are written in the transaction of the
//! change they record, and read back in the order they were written.

use chrono::{DateTime, Utc};
use entity::ticket_event;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};
use uuid::Uuid;

use crate::{
    domain::{
        role::Role,
        ticket::{Event as Change, EventKind, TicketStatus},
    },
    store::{
        StoreError,
        page::{self, Page, PageRequest},
    },
};

pub use entity::ticket_event::Model as Event;

/// Who did it: a user acting in a role, or the service itself (`None`).
pub type Actor = Option<(Uuid, Role)>;

pub struct NewEvent {
    pub ticket_id: Uuid,
    pub actor: Actor,
    pub kind: EventKind,
    pub from: Option<TicketStatus>,
    pub to: Option<TicketStatus>,
    pub payload: serde_json::Value,
    pub at: DateTime<Utc>,
}

/// Appends `e` and, in the same transaction, writes its outbox rows
/// (notifications, webhook deliveries): see [`crate::store::notifications`].
pub async fn append(db: &impl ConnectionTrait, e: NewEvent) -> Result<Event, StoreError> {
    let event = ticket_event::ActiveModel {
        id: Set(Uuid::now_v7()),
        ticket_id: Set(e.ticket_id),
        actor_id: Set(e.actor.map(|(id, _)| id)),
        actor_role: Set(e.actor.map(|(_, role)| role.as_str().to_string())),
        kind: Set(e.kind.into()),
        from_status: Set(e.from.map(Into::into)),
        to_status: Set(e.to.map(Into::into)),
        payload: Set(e.payload),
        created_at: Set(e.at),
    }
    .insert(db)
    .await?;
    crate::store::notifications::fan_out(db, &event).await?;
    Ok(event)
}

/// One page of a ticket's timeline, oldest first. `for_enterprise` leaves
/// out the kinds an enterprise contact never sees.
pub async fn list(
    db: &impl ConnectionTrait,
    ticket_id: Uuid,
    for_enterprise: bool,
    request: PageRequest<Uuid>,
) -> Result<Page<Event>, StoreError> {
    let mut select =
        ticket_event::Entity::find().filter(ticket_event::Column::TicketId.eq(ticket_id));
    if for_enterprise {
        select = select
            .filter(ticket_event::Column::Kind.is_not_in(EventKind::hidden_from_enterprises()));
    }
    Ok(page::fetch(db, select, ticket_event::Column::Id, request).await?)
}

/// Appends a command's events to the timeline, in order.
pub async fn append_all(
    db: &impl ConnectionTrait,
    ticket_id: Uuid,
    actor: Actor,
    list: Vec<Change>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    for e in list {
        append(
            db,
            NewEvent {
                ticket_id,
                actor,
                kind: e.kind,
                from: e.from,
                to: e.to,
                payload: e.payload,
                at: now,
            },
        )
        .await?;
    }
    Ok(())
}
