//! Webhook endpoints and their delivery queue.
//!
//! A delivery is claimed by pushing its `next_attempt_at` past a lease
//! while counting the attempt, in one statement; on PostgreSQL the rows are
//! picked `FOR UPDATE SKIP LOCKED`, so instances sharing a database never
//! claim one delivery together, and a worker that dies mid-send leaves a
//! lease that runs out and the delivery is sent again (at least once).
//! Per endpoint and ticket only the oldest pending delivery is claimable,
//! which keeps a ticket's events in order.

use chrono::{DateTime, Duration, Utc};
use entity::{enterprise, ticket, webhook_delivery, webhook_endpoint};
use sea_orm::{
    ActiveEnum, ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Statement,
    sea_query::{Expr, ExprTrait},
};
use serde_json::{Value, json};
use uuid::Uuid;

use super::{StoreError, page::Page, tickets::events::Event};
use crate::domain::{
    notification::{
        Audience,
        templates::{Lang, Side, sms, text},
    },
    ticket::EventKind,
};

pub use webhook_delivery::Model as Delivery;
pub use webhook_endpoint::Model as Endpoint;

pub const PENDING: &str = "pending";
pub const DELIVERED: &str = "delivered";
pub const DEAD: &str = "dead";

/// Whether an endpoint with this filter wants events of `kind`.
fn wants(filter: &Value, kind: &str) -> bool {
    match filter.as_array() {
        Some(kinds) if !kinds.is_empty() => kinds.iter().any(|k| k.as_str() == Some(kind)),
        _ => true,
    }
}

fn texts(kind: EventKind, side: Side, number: &str) -> Value {
    json!({
        "sms": sms(kind, side, number),
        "text_zh": text(kind, side, Lang::Zh, number),
        "text_en": text(kind, side, Lang::En, number),
    })
}

/// The body sent for event `e` of ticket `t` (the Standard Webhooks
/// envelope: `type`, `timestamp`, `data`). It carries no event payload, so
/// nothing written between departments leaves through it; the enterprise
/// texts are present only when the enterprise is told of the event.
fn payload(e: &Event, kind: EventKind, t: &ticket::Model, to: &[Audience], phone: &str) -> Value {
    let told = |a: Audience| to.contains(&a);
    let enterprise = told(Audience::Enterprise).then(|| {
        let mut v = texts(kind, Side::Enterprise, &t.number);
        v["phone"] = json!(phone);
        v
    });
    let service =
        (told(Audience::Department) || told(Audience::Assignee) || told(Audience::Dispatchers))
            .then(|| texts(kind, Side::Service, &t.number));
    json!({
        "type": format!("ticket.{}", e.kind.to_value()),
        "timestamp": e.created_at,
        "data": {
            "event_id": e.id,
            "kind": e.kind.to_value(),
            "ticket_id": t.id,
            "ticket_number": t.number,
            "status": t.status.to_value(),
            "from_status": e.from_status.map(|s| s.to_value()),
            "to_status": e.to_status.map(|s| s.to_value()),
            "enterprise_id": t.enterprise_id,
            "department_id": t.department_id,
            "assignee_id": t.assignee_id,
            "link": format!("/api/v1/tickets/{}", t.id),
            "enterprise": enterprise,
            "service": service,
        }
    })
}

/// Queues event `e` for every active endpoint that wants it.
pub(super) async fn enqueue(
    db: &impl ConnectionTrait,
    e: &Event,
    kind: EventKind,
    t: &ticket::Model,
    to: &[Audience],
) -> Result<(), StoreError> {
    let endpoints = webhook_endpoint::Entity::find()
        .filter(webhook_endpoint::Column::Active.eq(true))
        .all(db)
        .await?;
    let endpoints: Vec<_> = endpoints
        .into_iter()
        .filter(|ep| wants(&ep.event_kinds, &e.kind.to_value()))
        .collect();
    if endpoints.is_empty() {
        return Ok(());
    }
    let phone = if to.contains(&Audience::Enterprise) {
        enterprise::Entity::find_by_id(t.enterprise_id)
            .one(db)
            .await?
            .map(|ent| ent.contact_phone)
            .unwrap_or_default()
    } else {
        String::new()
    };
    let body = payload(e, kind, t, to, &phone);
    // Wall time: delivery is scheduled in real seconds, whatever clock the
    // workflow was given.
    let now = crate::clock::to_micros(Utc::now());
    let rows: Vec<webhook_delivery::ActiveModel> = endpoints
        .into_iter()
        .map(|ep| webhook_delivery::ActiveModel {
            id: Set(Uuid::now_v7()),
            endpoint_id: Set(ep.id),
            ticket_id: Set(t.id),
            event_id: Set(e.id),
            kind: Set(e.kind.to_value()),
            payload: Set(body.clone()),
            status: Set(PENDING.to_string()),
            attempts: Set(0),
            next_attempt_at: Set(now),
            last_error: Set(None),
            last_status_code: Set(None),
            delivered_at: Set(None),
            created_at: Set(now),
        })
        .collect();
    webhook_delivery::Entity::insert_many(rows).exec(db).await?;
    Ok(())
}

pub struct NewEndpoint {
    pub url: String,
    pub description: String,
    pub secret: String,
    pub event_kinds: Vec<String>,
}

pub async fn insert_endpoint(
    db: &impl ConnectionTrait,
    new: NewEndpoint,
    now: DateTime<Utc>,
) -> Result<Endpoint, StoreError> {
    Ok(webhook_endpoint::ActiveModel {
        id: Set(Uuid::now_v7()),
        url: Set(new.url),
        description: Set(new.description),
        secret: Set(new.secret),
        event_kinds: Set(json!(new.event_kinds)),
        active: Set(true),
        failure_streak: Set(0),
        disabled_reason: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await?)
}

pub async fn get_endpoint(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<Endpoint>, StoreError> {
    Ok(webhook_endpoint::Entity::find_by_id(id).one(db).await?)
}

pub async fn list_endpoints(db: &impl ConnectionTrait) -> Result<Vec<Endpoint>, StoreError> {
    Ok(webhook_endpoint::Entity::find()
        .order_by_asc(webhook_endpoint::Column::Id)
        .all(db)
        .await?)
}

#[derive(Default)]
pub struct EndpointChange {
    pub url: Option<String>,
    pub description: Option<String>,
    pub event_kinds: Option<Vec<String>>,
    /// Turning an endpoint back on also forgets its run of failures.
    pub active: Option<bool>,
}

pub async fn update_endpoint(
    db: &impl ConnectionTrait,
    ep: Endpoint,
    change: EndpointChange,
    now: DateTime<Utc>,
) -> Result<Endpoint, StoreError> {
    let mut m: webhook_endpoint::ActiveModel = ep.into();
    if let Some(url) = change.url {
        m.url = Set(url);
    }
    if let Some(d) = change.description {
        m.description = Set(d);
    }
    if let Some(k) = change.event_kinds {
        m.event_kinds = Set(json!(k));
    }
    if let Some(active) = change.active {
        m.active = Set(active);
        if active {
            m.failure_streak = Set(0);
            m.disabled_reason = Set(None);
        }
    }
    m.updated_at = Set(now);
    Ok(m.update(db).await?)
}

/// Removes an endpoint and its delivery log.
pub async fn delete_endpoint(db: &impl ConnectionTrait, id: Uuid) -> Result<bool, StoreError> {
    webhook_delivery::Entity::delete_many()
        .filter(webhook_delivery::Column::EndpointId.eq(id))
        .exec(db)
        .await?;
    let done = webhook_endpoint::Entity::delete_by_id(id).exec(db).await?;
    Ok(done.rows_affected > 0)
}

/// An endpoint's deliveries, newest first; `before` is the cursor.
pub async fn list_deliveries(
    db: &impl ConnectionTrait,
    endpoint_id: Uuid,
    status: Option<&str>,
    limit: u64,
    before: Option<Uuid>,
) -> Result<Page<Delivery>, StoreError> {
    let mut select = webhook_delivery::Entity::find()
        .filter(webhook_delivery::Column::EndpointId.eq(endpoint_id))
        .order_by_desc(webhook_delivery::Column::Id);
    if let Some(status) = status {
        select = select.filter(webhook_delivery::Column::Status.eq(status));
    }
    if let Some(before) = before {
        select = select.filter(webhook_delivery::Column::Id.lt(before));
    }
    let mut items = select.limit(limit + 1).all(db).await?;
    let has_more = items.len() as u64 > limit;
    items.truncate(limit as usize);
    Ok(Page { items, has_more })
}

pub async fn get_delivery(
    db: &impl ConnectionTrait,
    endpoint_id: Uuid,
    id: Uuid,
) -> Result<Option<Delivery>, StoreError> {
    Ok(webhook_delivery::Entity::find_by_id(id)
        .filter(webhook_delivery::Column::EndpointId.eq(endpoint_id))
        .one(db)
        .await?)
}

/// Queues a delivery again, with a fresh count of attempts.
pub async fn redeliver(
    db: &impl ConnectionTrait,
    d: Delivery,
    now: DateTime<Utc>,
) -> Result<Delivery, StoreError> {
    let mut m: webhook_delivery::ActiveModel = d.into();
    m.status = Set(PENDING.to_string());
    m.attempts = Set(0);
    m.next_attempt_at = Set(now);
    m.delivered_at = Set(None);
    Ok(m.update(db).await?)
}

/// Claims up to `limit` due deliveries of active endpoints, each the oldest
/// pending one of its endpoint and ticket, counting the attempt and
/// leasing them until `now + lease`.
pub async fn claim(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    lease: Duration,
    limit: u64,
) -> Result<Vec<Delivery>, StoreError> {
    let backend = db.get_database_backend();
    let (p, lock) = match backend {
        DbBackend::Postgres => (["$1", "$2", "$3"], "FOR UPDATE OF d SKIP LOCKED"),
        _ => (["?", "?", "?"], ""),
    };
    let sql = format!(
        "UPDATE webhook_deliveries SET next_attempt_at = {lease_at}, attempts = attempts + 1 \
         WHERE id IN (SELECT d.id FROM webhook_deliveries d \
           JOIN webhook_endpoints e ON e.id = d.endpoint_id \
           WHERE d.status = 'pending' AND d.next_attempt_at <= {now} AND e.active \
             AND NOT EXISTS (SELECT 1 FROM webhook_deliveries o \
               WHERE o.endpoint_id = d.endpoint_id AND o.ticket_id = d.ticket_id \
                 AND o.status = 'pending' AND o.id < d.id) \
           ORDER BY d.id LIMIT {limit} {lock}) \
         RETURNING *",
        lease_at = p[0],
        now = p[1],
        limit = p[2],
    );
    let stmt = Statement::from_sql_and_values(
        backend,
        sql,
        [(now + lease).into(), now.into(), (limit as i64).into()],
    );
    let mut claimed = webhook_delivery::Entity::find()
        .from_raw_sql(stmt)
        .all(db)
        .await?;
    claimed.sort_by_key(|d| d.id);
    Ok(claimed)
}

pub async fn endpoints_by_id(
    db: &impl ConnectionTrait,
    ids: Vec<Uuid>,
) -> Result<Vec<Endpoint>, StoreError> {
    Ok(webhook_endpoint::Entity::find()
        .filter(webhook_endpoint::Column::Id.is_in(ids))
        .all(db)
        .await?)
}

/// What one attempt came to.
pub enum Outcome {
    Delivered { code: u16 },
    Failed { code: Option<u16>, error: String },
}

/// How failures are handled.
#[derive(Debug, Clone, Copy)]
pub struct RetryRules {
    /// Attempts after which a delivery is dead.
    pub max_attempts: i32,
    /// Failures in a row after which an endpoint is turned off.
    pub disable_after: i32,
}

/// What an attempt left the delivery as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settled {
    Delivered,
    /// Failed; it will be tried again.
    Retrying,
    /// Failed for the last time (the dead letter).
    Dead,
}

impl Settled {
    pub fn as_str(self) -> &'static str {
        match self {
            Settled::Delivered => "delivered",
            Settled::Retrying => "retrying",
            Settled::Dead => "dead",
        }
    }
}

/// Records an attempt's outcome. `retry_at` is when a failed delivery is
/// tried again (unless it has used its attempts).
pub async fn record(
    db: &impl ConnectionTrait,
    d: &Delivery,
    outcome: Outcome,
    rules: RetryRules,
    now: DateTime<Utc>,
    retry_at: DateTime<Utc>,
) -> Result<Settled, StoreError> {
    let update = webhook_delivery::Entity::update_many()
        .filter(webhook_delivery::Column::Id.eq(d.id))
        .filter(webhook_delivery::Column::Status.eq(PENDING));
    match outcome {
        Outcome::Delivered { code } => {
            update
                .col_expr(webhook_delivery::Column::Status, Expr::value(DELIVERED))
                .col_expr(webhook_delivery::Column::DeliveredAt, Expr::value(now))
                .col_expr(
                    webhook_delivery::Column::LastStatusCode,
                    Expr::value(i32::from(code)),
                )
                .col_expr(
                    webhook_delivery::Column::LastError,
                    Expr::value(Option::<String>::None),
                )
                .exec(db)
                .await?;
            webhook_endpoint::Entity::update_many()
                .col_expr(webhook_endpoint::Column::FailureStreak, Expr::value(0))
                .filter(webhook_endpoint::Column::Id.eq(d.endpoint_id))
                .filter(webhook_endpoint::Column::FailureStreak.ne(0))
                .exec(db)
                .await?;
            Ok(Settled::Delivered)
        }
        Outcome::Failed { code, error } => {
            let dead = d.attempts >= rules.max_attempts;
            update
                .col_expr(
                    webhook_delivery::Column::Status,
                    Expr::value(if dead { DEAD } else { PENDING }),
                )
                .col_expr(
                    webhook_delivery::Column::NextAttemptAt,
                    Expr::value(retry_at),
                )
                .col_expr(
                    webhook_delivery::Column::LastStatusCode,
                    Expr::value(code.map(i32::from)),
                )
                .col_expr(webhook_delivery::Column::LastError, Expr::value(error))
                .exec(db)
                .await?;
            webhook_endpoint::Entity::update_many()
                .col_expr(
                    webhook_endpoint::Column::FailureStreak,
                    Expr::col(webhook_endpoint::Column::FailureStreak).add(1),
                )
                .filter(webhook_endpoint::Column::Id.eq(d.endpoint_id))
                .exec(db)
                .await?;
            webhook_endpoint::Entity::update_many()
                .col_expr(webhook_endpoint::Column::Active, Expr::value(false))
                .col_expr(
                    webhook_endpoint::Column::DisabledReason,
                    Expr::value(format!(
                        "turned off after {} failed deliveries in a row",
                        rules.disable_after
                    )),
                )
                .filter(webhook_endpoint::Column::Id.eq(d.endpoint_id))
                .filter(webhook_endpoint::Column::Active.eq(true))
                .filter(webhook_endpoint::Column::FailureStreak.gte(rules.disable_after))
                .exec(db)
                .await?;
            Ok(if dead {
                Settled::Dead
            } else {
                Settled::Retrying
            })
        }
    }
}
