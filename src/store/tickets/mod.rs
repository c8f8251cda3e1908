//! Tickets, their timeline and their comments.
//!
//! Every write here runs inside the caller's transaction; a status change
//! is one conditional `UPDATE … WHERE id = $1 AND version = $2`, so of two
//! racing writers exactly one wins and the other learns it lost.

pub mod comments;
pub mod events;
pub mod extensions;
pub mod idempotency;
pub mod list;
pub mod mapping;
pub mod sla;
pub mod sla_job;

use chrono::{DateTime, Utc};
use entity::{ticket, ticket_counter};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    sea_query::{Expr, ExprTrait, OnConflict, Query},
};
use uuid::Uuid;

use super::StoreError;
pub use crate::domain::ticket::Ticket;
use crate::domain::ticket::fields::{numbering_year, ticket_number};

pub async fn get(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<Ticket>, StoreError> {
    Ok(ticket::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(Ticket::from))
}

/// The next number of `year`. Within a transaction the counter row stays
/// locked until commit, so numbers are unique and, but for rolled-back
/// filings, consecutive.
async fn next_number(db: &impl ConnectionTrait, year: i32) -> Result<i64, StoreError> {
    let mut insert = Query::insert();
    insert
        .into_table(ticket_counter::Entity)
        .columns([ticket_counter::Column::Year, ticket_counter::Column::Last])
        .values_panic([year.into(), 1i64.into()])
        .on_conflict(
            OnConflict::column(ticket_counter::Column::Year)
                .value(
                    ticket_counter::Column::Last,
                    Expr::col((ticket_counter::Entity, ticket_counter::Column::Last)).add(1),
                )
                .to_owned(),
        )
        .returning_col(ticket_counter::Column::Last);
    let row = db
        .query_one(&insert)
        .await?
        .ok_or_else(|| StoreError::Corrupt("the ticket counter returned no row".into()))?;
    Ok(row.try_get::<i64>("", "last")?)
}

/// Inserts a ticket built by the workflow, giving it the next number of
/// its filing year.
pub async fn insert(db: &impl ConnectionTrait, mut new: Ticket) -> Result<Ticket, StoreError> {
    let year = numbering_year(new.created_at);
    new.number = ticket_number(year, next_number(db, year).await?);
    let row = ticket::Model::from(new);
    Ok(row.into_active_model().reset_all().insert(db).await?.into())
}

/// Writes `changed` over the row if its version is still `expected`, and
/// bumps the version. `false` when another writer got there first.
pub async fn save_if_version(
    db: &impl ConnectionTrait,
    changed: &Ticket,
    expected: i32,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let mut model = ticket::Model::from(changed.clone())
        .into_active_model()
        .reset_all();
    model.version = Set(expected + 1);
    model.updated_at = Set(now);
    let result = ticket::Entity::update_many()
        .set(model)
        .filter(ticket::Column::Id.eq(changed.id))
        .filter(ticket::Column::Version.eq(expected))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}
