//! Counts for the operator's gauges (see `crate::metrics`): a few grouped
//! queries over indexed columns, run at most once per scrape interval.

use chrono::{DateTime, Utc};
use entity::{
    enums as db, sla_alert,
    ticket::{self, Column as C},
    webhook_delivery::{self, Column as D},
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
    sea_query::Query,
};

use crate::{
    domain::ticket::{TicketStatus, sla::Card},
    store::{StoreError, tickets::mapping::open_statuses},
};

pub struct OpenCounts {
    pub by_status: Vec<(TicketStatus, i64)>,
    /// Open tickets that have had a red card.
    pub breached: i64,
}

pub async fn open_counts(db: &impl ConnectionTrait) -> Result<OpenCounts, StoreError> {
    let open = open_statuses();
    let rows: Vec<(db::TicketStatus, i64)> = ticket::Entity::find()
        .select_only()
        .column(C::Status)
        .column_as(C::Id.count(), "n")
        .filter(C::Status.is_in(open.clone()))
        .group_by(C::Status)
        .into_tuple()
        .all(db)
        .await?;
    let by_status = rows
        .into_iter()
        .map(|(s, n)| (TicketStatus::from(s), n))
        .collect();
    let breached_alerts = Query::select()
        .column(sla_alert::Column::TicketId)
        .from(sla_alert::Entity)
        .and_where(sla_alert::Column::Kind.eq(Card::Breached.as_str()))
        .to_owned();
    let breached = ticket::Entity::find()
        .filter(C::Status.is_in(open))
        .filter(C::Id.in_subquery(breached_alerts))
        .count(db)
        .await?;
    let breached = i64::try_from(breached).unwrap_or(i64::MAX);
    Ok(OpenCounts {
        by_status,
        breached,
    })
}

pub struct WebhookCounts {
    pub pending: i64,
    pub dead: i64,
    /// When the most overdue pending delivery was due.
    pub oldest_due: Option<DateTime<Utc>>,
}

/// Pending and dead deliveries (the delivered ones only grow, and are not
/// counted), read through the `(status, next_attempt_at)` index.
pub async fn webhook_counts(db: &impl ConnectionTrait) -> Result<WebhookCounts, StoreError> {
    use crate::store::webhooks::{DEAD, PENDING};
    let rows: Vec<(String, i64)> = webhook_delivery::Entity::find()
        .select_only()
        .column(D::Status)
        .column_as(D::Id.count(), "n")
        .filter(D::Status.is_in([PENDING, DEAD]))
        .group_by(D::Status)
        .into_tuple()
        .all(db)
        .await?;
    let count = |status: &str| {
        rows.iter()
            .find(|(s, _)| s == status)
            .map_or(0, |(_, n)| *n)
    };
    let oldest_due: Option<Option<DateTime<Utc>>> = webhook_delivery::Entity::find()
        .select_only()
        .column_as(D::NextAttemptAt.min(), "due")
        .filter(D::Status.eq(PENDING))
        .into_tuple()
        .one(db)
        .await?;
    Ok(WebhookCounts {
        pending: count(PENDING),
        dead: count(DEAD),
        oldest_due: oldest_due.flatten(),
    })
}
