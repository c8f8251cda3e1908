//! The tickets someone holds, for handing them over when they leave.

use entity::ticket::{self, Column as C};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::Ticket;
use crate::{domain::ticket::TicketStatus, store::StoreError};

/// The tickets `user_id` works now (claimed, or waiting on the
/// enterprise), oldest first.
pub async fn worked_by(
    db: &impl ConnectionTrait,
    user_id: Uuid,
) -> Result<Vec<Ticket>, StoreError> {
    Ok(ticket::Entity::find()
        .filter(C::AssigneeId.eq(user_id))
        .filter(C::Status.is_in([
            TicketStatus::InProgress.as_str(),
            TicketStatus::AwaitingEnterprise.as_str(),
        ]))
        .order_by_asc(C::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .map(Ticket::from)
        .collect())
}
