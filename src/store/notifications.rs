//! The outbox, written in the transaction of each timeline event: one
//! notification row per user told of it, one delivery row per webhook
//! endpoint that wants it, and (on PostgreSQL) a `NOTIFY` that other
//! instances hear once the transaction commits. A change that rolls back
//! takes all of it with it; one that commits is never lost.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use entity::{notification, ticket, user};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbBackend, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Statement, sea_query::Expr,
};
use uuid::Uuid;

use super::{StoreError, page::Page, tickets::events::Event, webhooks};
use crate::domain::{
    notification::{Audience, Parties, audiences},
    role::Role,
    ticket::EventKind,
};

pub use notification::Model as Notification;

/// The PostgreSQL channel every committed outbox write is announced on;
/// the payload is the ticket id.
pub const CHANNEL: &str = "huying_outbox";

/// Writes the outbox rows of `e`, which was just appended in this
/// transaction after its ticket row was saved.
pub async fn fan_out(db: &impl ConnectionTrait, e: &Event) -> Result<(), StoreError> {
    let kind = EventKind::from(e.kind);
    let Some(t) = ticket::Entity::find_by_id(e.ticket_id).one(db).await? else {
        return Ok(());
    };
    let actor_role = e.actor_role.as_deref().and_then(|r| r.parse::<Role>().ok());
    let parties = Parties {
        has_department: t.department_id.is_some(),
        has_assignee: t.assignee_id.is_some(),
        under_review: t.status == entity::enums::TicketStatus::UnderReview,
    };
    let to = audiences(kind, actor_role, parties);
    let users = recipients(db, &t, &to).await?;
    let rows: Vec<notification::ActiveModel> = users
        .into_iter()
        .filter(|id| Some(*id) != e.actor_id)
        .map(|user_id| notification::ActiveModel {
            id: Set(Uuid::now_v7()),
            user_id: Set(user_id),
            ticket_id: Set(t.id),
            event_id: Set(e.id),
            kind: Set(kind.as_str().to_string()),
            ticket_number: Set(t.number.clone()),
            read_at: Set(None),
            created_at: Set(e.created_at),
        })
        .collect();
    if !rows.is_empty() {
        notification::Entity::insert_many(rows).exec(db).await?;
    }
    webhooks::enqueue(db, e, kind, &t, &to).await?;
    announce(db, t.id).await
}

/// The active users who play the parts in `to` on ticket `t`.
async fn recipients(
    db: &impl ConnectionTrait,
    t: &ticket::Model,
    to: &[Audience],
) -> Result<BTreeSet<Uuid>, StoreError> {
    let mut any = Condition::any();
    for a in to {
        any = match a {
            Audience::Enterprise => any.add(
                Condition::all()
                    .add(user::Column::Role.eq(Role::Enterprise.as_str()))
                    .add(user::Column::EnterpriseId.eq(t.enterprise_id)),
            ),
            Audience::Department => match t.department_id {
                Some(d) => any.add(
                    Condition::all()
                        .add(user::Column::Role.eq(Role::Staff.as_str()))
                        .add(user::Column::DepartmentId.eq(d)),
                ),
                None => any,
            },
            Audience::Assignee => match t.assignee_id {
                Some(id) => any.add(user::Column::Id.eq(id)),
                None => any,
            },
            Audience::Dispatchers => any.add(user::Column::Role.eq(Role::Dispatcher.as_str())),
            Audience::Supervisors => any.add(user::Column::Role.eq(Role::Supervisor.as_str())),
        };
    }
    if any.is_empty() {
        return Ok(BTreeSet::new());
    }
    let ids: Vec<Uuid> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .filter(user::Column::Active.eq(true))
        .filter(any)
        .into_tuple()
        .all(db)
        .await?;
    Ok(ids.into_iter().collect())
}

/// `NOTIFY` on PostgreSQL, delivered to listeners at commit (and not at
/// all on rollback). SQLite runs one instance, which polls.
async fn announce(db: &impl ConnectionTrait, ticket_id: Uuid) -> Result<(), StoreError> {
    if db.get_database_backend() == DbBackend::Postgres {
        db.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_notify($1, $2)",
            [CHANNEL.into(), ticket_id.to_string().into()],
        ))
        .await?;
    }
    Ok(())
}

/// A user's notifications, newest first; `before` is the cursor.
pub async fn list(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    unread_only: bool,
    limit: u64,
    before: Option<Uuid>,
) -> Result<Page<Notification>, StoreError> {
    let mut select = notification::Entity::find()
        .filter(notification::Column::UserId.eq(user_id))
        .order_by_desc(notification::Column::Id);
    if unread_only {
        select = select.filter(notification::Column::ReadAt.is_null());
    }
    if let Some(before) = before {
        select = select.filter(notification::Column::Id.lt(before));
    }
    let mut items = select.limit(limit + 1).all(db).await?;
    let has_more = items.len() as u64 > limit;
    items.truncate(limit as usize);
    Ok(Page { items, has_more })
}

/// A user's notifications after `after`, oldest first: what a stream
/// has not sent yet.
pub async fn since(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<Notification>, StoreError> {
    let mut select = notification::Entity::find()
        .filter(notification::Column::UserId.eq(user_id))
        .order_by_asc(notification::Column::Id);
    if let Some(after) = after {
        select = select.filter(notification::Column::Id.gt(after));
    }
    Ok(select.limit(limit).all(db).await?)
}

pub async fn unread_count(db: &impl ConnectionTrait, user_id: Uuid) -> Result<u64, StoreError> {
    use sea_orm::PaginatorTrait;
    Ok(notification::Entity::find()
        .filter(notification::Column::UserId.eq(user_id))
        .filter(notification::Column::ReadAt.is_null())
        .count(db)
        .await?)
}

/// Which of a user's notifications to mark read.
pub enum ReadWhich {
    Ids(Vec<Uuid>),
    /// Everything up to and including this one.
    UpTo(Uuid),
}

/// Marks notifications read; returns how many were unread.
pub async fn mark_read(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    which: ReadWhich,
    now: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let mut update = notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(now))
        .filter(notification::Column::UserId.eq(user_id))
        .filter(notification::Column::ReadAt.is_null());
    update = match which {
        ReadWhich::Ids(ids) => update.filter(notification::Column::Id.is_in(ids)),
        ReadWhich::UpTo(id) => update.filter(notification::Column::Id.lte(id)),
    };
    Ok(update.exec(db).await?.rows_affected)
}

/// The smallest version-7 id of the millisecond `ms` (Unix time): a lower
/// bound for rows written from that instant on.
pub fn id_floor(ms: u64) -> Uuid {
    let mut bytes = [0u8; 16];
    bytes[..6].copy_from_slice(&ms.to_be_bytes()[2..]);
    bytes[6] = 0x70;
    bytes[8] = 0x80;
    Uuid::from_bytes(bytes)
}

/// The Unix millisecond a version-7 id was made in.
pub fn id_millis(id: Uuid) -> u64 {
    let b = id.as_bytes();
    let mut ms = [0u8; 8];
    ms[2..].copy_from_slice(&b[..6]);
    u64::from_be_bytes(ms)
}

/// Which tickets' changes a stream follows.
#[derive(Clone, Copy, Debug)]
pub enum Queue {
    Enterprise(Uuid),
    Department(Uuid),
    All,
}

/// Timeline events of the tickets in `queue` with ids above `after`,
/// oldest first. An enterprise's queue leaves out the kinds it never sees.
pub async fn queue_events_since(
    db: &impl ConnectionTrait,
    queue: Queue,
    after: Uuid,
    limit: u64,
) -> Result<Vec<Event>, StoreError> {
    use entity::ticket_event;
    use sea_orm::sea_query::{ExprTrait, Query};
    let mut select = ticket_event::Entity::find()
        .filter(ticket_event::Column::Id.gt(after))
        .order_by_asc(ticket_event::Column::Id);
    let tickets_where = |c: Condition| {
        Expr::col(ticket_event::Column::TicketId).in_subquery(
            Query::select()
                .column(ticket::Column::Id)
                .from(ticket::Entity)
                .cond_where(c)
                .to_owned(),
        )
    };
    match queue {
        Queue::Enterprise(e) => {
            select = select
                .filter(tickets_where(
                    Condition::all().add(ticket::Column::EnterpriseId.eq(e)),
                ))
                .filter(ticket_event::Column::Kind.is_not_in(EventKind::hidden_from_enterprises()));
        }
        Queue::Department(d) => {
            select = select.filter(tickets_where(
                Condition::all().add(ticket::Column::DepartmentId.eq(d)),
            ));
        }
        Queue::All => {}
    }
    Ok(select.limit(limit).all(db).await?)
}

/// The newest notification id of a user, where a fresh stream starts.
pub async fn latest_id(
    db: &impl ConnectionTrait,
    user_id: Uuid,
) -> Result<Option<Uuid>, StoreError> {
    Ok(notification::Entity::find()
        .select_only()
        .column(notification::Column::Id)
        .filter(notification::Column::UserId.eq(user_id))
        .order_by_desc(notification::Column::Id)
        .into_tuple()
        .one(db)
        .await?)
}
