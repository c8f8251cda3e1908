//! Comments on a ticket: public ones reach the enterprise, internal notes
//! stay with the service side.

use chrono::{DateTime, Utc};
use entity::ticket_comment;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};
use uuid::Uuid;

use crate::store::{
    StoreError,
    page::{self, Page, PageRequest},
};

pub use entity::ticket_comment::Model as Comment;

pub async fn insert(
    db: &impl ConnectionTrait,
    ticket_id: Uuid,
    author_id: Uuid,
    body: String,
    internal: bool,
    at: DateTime<Utc>,
) -> Result<Comment, StoreError> {
    Ok(ticket_comment::ActiveModel {
        id: Set(Uuid::now_v7()),
        ticket_id: Set(ticket_id),
        author_id: Set(author_id),
        body: Set(body),
        internal: Set(internal),
        created_at: Set(at),
    }
    .insert(db)
    .await?)
}

/// Oldest first; internal notes only when `include_internal`.
pub async fn list(
    db: &impl ConnectionTrait,
    ticket_id: Uuid,
    include_internal: bool,
    request: PageRequest<Uuid>,
) -> Result<Page<Comment>, StoreError> {
    let mut select =
        ticket_comment::Entity::find().filter(ticket_comment::Column::TicketId.eq(ticket_id));
    if !include_internal {
        select = select.filter(ticket_comment::Column::Internal.eq(false));
    }
    Ok(page::fetch(db, select, ticket_comment::Column::Id, request).await?)
}
