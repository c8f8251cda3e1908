//! Tickets, their timeline and their comments.
//!
//! Every write here runs inside the caller's transaction; a status change
//! is one conditional `UPDATE … WHERE id = $1 AND version = $2`, so of two
//! racing writers exactly one wins and the other learns it lost.

pub mod comments;
pub mod events;
pub mod extensions;
pub mod handover;
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
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, IntoActiveModel, QueryFilter,
    QueryResult, Statement,
    sea_query::{Expr, ExprTrait, OnConflict, Query},
};

use super::StoreError;
pub use crate::domain::ticket::Ticket;
use crate::domain::{
    ids::TicketId,
    ticket::fields::{numbering_year, ticket_number},
};

pub async fn get(db: &impl ConnectionTrait, id: TicketId) -> Result<Option<Ticket>, StoreError> {
    Ok(ticket::Entity::find_by_id(id.get())
        .one(db)
        .await?
        .map(Ticket::from))
}

/// The next number of `year`.
///
/// On PostgreSQL from the year's sequence (see [`next_from_sequence`]): no
/// lock outlives the statement, so concurrent filings never queue for a
/// number, but a filing rolled back after taking one leaves a gap (a
/// sequence never takes a number back). On SQLite, which runs one writer at
/// a time anyway, from the year's counter row, locked until commit:
/// consecutive numbers.
async fn next_number(db: &impl ConnectionTrait, year: i32) -> Result<i64, StoreError> {
    match db.get_database_backend() {
        DbBackend::Postgres => next_from_sequence(db, year).await,
        _ => next_from_counter(db, year).await,
    }
}

/// The year's counter row, incremented; it stays locked until commit.
async fn next_from_counter(db: &impl ConnectionTrait, year: i32) -> Result<i64, StoreError> {
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

/// Advisory lock key space of the sequences' creation: "HYNR" and the year.
const SEQUENCE_LOCK: i32 = 0x4859_4e52;

/// `nextval` of the sequence `ticket_number_<year>`, which the year's first
/// filing creates, starting after the year's counter row (numbers taken
/// before the upgrade to sequences). Creation is serialised by a
/// transaction-scoped advisory lock: a concurrent first filing waits for
/// the creator's commit and then finds the sequence.
async fn next_from_sequence(db: &impl ConnectionTrait, year: i32) -> Result<i64, StoreError> {
    let name = format!("ticket_number_{year}");
    let nextval = || {
        Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT nextval(to_regclass($1)) AS n",
            [name.clone().into()],
        )
    };
    let taken = |row: Option<QueryResult>| -> Result<Option<i64>, StoreError> {
        match row {
            Some(r) => Ok(r.try_get::<Option<i64>>("", "n")?),
            None => Ok(None),
        }
    };
    if let Some(n) = taken(db.query_one_raw(nextval()).await?)? {
        return Ok(n);
    }
    db.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        "SELECT pg_advisory_xact_lock($1, $2)",
        [SEQUENCE_LOCK.into(), year.into()],
    ))
    .await?;
    let start = db
        .query_one_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT COALESCE((SELECT last FROM ticket_counters WHERE year = $1), 0) + 1 AS n",
            [year.into()],
        ))
        .await?;
    let start = taken(start)?.unwrap_or(1);
    // Both parts are numbers this function made: nothing to escape.
    db.execute_unprepared(&format!(
        "CREATE SEQUENCE IF NOT EXISTS {name} AS bigint START WITH {start}"
    ))
    .await?;
    taken(db.query_one_raw(nextval()).await?)?
        .ok_or_else(|| StoreError::Corrupt(format!("the sequence {name} could not be created")))
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

/// The numbers of the tickets `ids`, for showing where duplicates went.
pub async fn numbers_of(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = uuid::Uuid>,
) -> Result<std::collections::HashMap<uuid::Uuid, String>, StoreError> {
    use sea_orm::QuerySelect;
    let ids: Vec<uuid::Uuid> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    let rows: Vec<(uuid::Uuid, String)> = ticket::Entity::find()
        .select_only()
        .columns([ticket::Column::Id, ticket::Column::Number])
        .filter(ticket::Column::Id.is_in(ids))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}
