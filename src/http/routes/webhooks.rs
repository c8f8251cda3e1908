//! Webhook endpoints (admins only): register with an event filter (the
//! secret is shown once, in the creation answer), change, turn on and off,
//! remove; read each endpoint's delivery log and send a delivery again.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

use crate::{
    domain::{
        notification::webhook::{check_target, new_secret},
        role::Role,
        ticket::EventKind,
    },
    http::{
        AppState,
        caller::Caller,
        error::ApiError,
        json::{Json, present},
        pagination::{List, page_request},
    },
    store::webhooks::{self, DEAD, DELIVERED, Delivery, EndpointChange, NewEndpoint, PENDING},
};

#[derive(Serialize)]
pub struct EndpointView {
    id: Uuid,
    url: String,
    description: String,
    event_kinds: serde_json::Value,
    active: bool,
    failure_streak: i32,
    disabled_reason: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    /// Only in the creation answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    secret: Option<String>,
}

fn view(m: webhooks::Endpoint, show_secret: bool) -> EndpointView {
    EndpointView {
        id: m.id,
        secret: show_secret.then_some(m.secret),
        url: m.url,
        description: m.description,
        event_kinds: m.event_kinds,
        active: m.active,
        failure_streak: m.failure_streak,
        disabled_reason: m.disabled_reason,
        created_at: m.created_at,
        updated_at: m.updated_at,
    }
}

#[derive(Serialize)]
pub struct DeliveryView {
    id: Uuid,
    endpoint_id: Uuid,
    ticket_id: Uuid,
    event_id: Uuid,
    kind: String,
    status: String,
    attempts: i32,
    next_attempt_at: Option<DateTime<Utc>>,
    last_error: Option<String>,
    last_status_code: Option<i32>,
    delivered_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    payload: serde_json::Value,
}

fn delivery_view(d: Delivery) -> DeliveryView {
    DeliveryView {
        next_attempt_at: (d.status == PENDING).then_some(d.next_attempt_at),
        id: d.id,
        endpoint_id: d.endpoint_id,
        ticket_id: d.ticket_id,
        event_id: d.event_id,
        kind: d.kind,
        status: d.status,
        attempts: d.attempts,
        last_error: d.last_error,
        last_status_code: d.last_status_code,
        delivered_at: d.delivered_at,
        created_at: d.created_at,
        payload: d.payload,
    }
}

fn target(url: &str, allow_private: bool) -> Result<String, ApiError> {
    let parsed = reqwest::Url::parse(url.trim()).map_err(|e| ApiError::field("url", e))?;
    check_target(&parsed, allow_private).map_err(|e| ApiError::field("url", e))?;
    Ok(parsed.to_string())
}

fn kinds(list: Vec<String>) -> Result<Vec<String>, ApiError> {
    for k in &list {
        if k.parse::<EventKind>().is_err() {
            return Err(ApiError::field(
                "event_kinds",
                format!("unknown event kind {k:?}"),
            ));
        }
    }
    Ok(list)
}

#[derive(Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct CreateEndpoint {
    #[validate(length(min = 1, max = 2000))]
    url: String,
    #[validate(length(max = 200))]
    #[serde(default)]
    description: String,
    /// The kinds to send; empty or absent means all.
    #[validate(length(max = 64))]
    #[serde(default)]
    event_kinds: Vec<String>,
}

pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<CreateEndpoint>,
) -> Result<HttpResponse, ApiError> {
    caller.require(&[Role::Admin])?;
    let body = body.into_inner();
    let url = target(&body.url, state.webhooks.allow_private)?;
    let event_kinds = kinds(body.event_kinds)?;
    let secret = new_secret().map_err(|e| ApiError::Internal(anyhow::anyhow!("{e}")))?;
    let m = webhooks::insert_endpoint(
        &state.db,
        NewEndpoint {
            url,
            description: body.description.trim().to_string(),
            secret,
            event_kinds,
        },
        state.clock.now(),
    )
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/webhooks/{}", m.id)))
        .insert_header(("Cache-Control", "no-store"))
        .json(view(m, true)))
}

pub async fn list(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    caller.require(&[Role::Admin])?;
    let items: Vec<_> = webhooks::list_endpoints(&state.db)
        .await?
        .into_iter()
        .map(|m| view(m, false))
        .collect();
    Ok(HttpResponse::Ok().json(serde_json::json!({ "items": items })))
}

async fn endpoint(state: &AppState, id: Uuid) -> Result<webhooks::Endpoint, ApiError> {
    webhooks::get_endpoint(&state.db, id)
        .await?
        .ok_or_else(|| ApiError::not_found("webhook"))
}

pub async fn show(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require(&[Role::Admin])?;
    Ok(HttpResponse::Ok().json(view(endpoint(&state, *id).await?, false)))
}

#[derive(Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct UpdateEndpoint {
    #[validate(length(min = 1, max = 2000))]
    #[serde(default, deserialize_with = "present")]
    url: Option<String>,
    #[validate(length(max = 200))]
    #[serde(default, deserialize_with = "present")]
    description: Option<String>,
    #[validate(length(max = 64))]
    #[serde(default, deserialize_with = "present")]
    event_kinds: Option<Vec<String>>,
    #[serde(default, deserialize_with = "present")]
    active: Option<bool>,
}

pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: Json<UpdateEndpoint>,
) -> Result<HttpResponse, ApiError> {
    caller.require(&[Role::Admin])?;
    let body = body.into_inner();
    let current = endpoint(&state, *id).await?;
    let change = EndpointChange {
        url: body
            .url
            .map(|u| target(&u, state.webhooks.allow_private))
            .transpose()?,
        description: body.description.map(|d| d.trim().to_string()),
        event_kinds: body.event_kinds.map(kinds).transpose()?,
        active: body.active,
    };
    let m = webhooks::update_endpoint(&state.db, current, change, state.clock.now()).await?;
    Ok(HttpResponse::Ok().json(view(m, false)))
}

pub async fn delete(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require(&[Role::Admin])?;
    let tx = crate::store::write_tx(&state.db).await?;
    if !webhooks::delete_endpoint(&tx, *id).await? {
        return Err(ApiError::not_found("webhook"));
    }
    tx.commit().await.map_err(crate::store::StoreError::from)?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeliveryQuery {
    status: Option<String>,
    limit: Option<u64>,
    cursor: Option<String>,
}

pub async fn deliveries(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    query: web::Query<DeliveryQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require(&[Role::Admin])?;
    let q = query.into_inner();
    let request = page_request(q.limit, q.cursor.as_deref())?;
    let status = match q.status.as_deref() {
        None => None,
        Some(s @ (PENDING | DELIVERED | DEAD)) => Some(s),
        Some(_) => {
            return Err(ApiError::InvalidQuery(
                "status must be pending, delivered or dead".into(),
            ));
        }
    };
    let ep = endpoint(&state, *id).await?;
    let page =
        webhooks::list_deliveries(&state.db, ep.id, status, request.limit, request.after).await?;
    Ok(HttpResponse::Ok().json(List::from_page(page, |d| d.id.to_string(), delivery_view)))
}

pub async fn show_delivery(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    caller.require(&[Role::Admin])?;
    let (id, delivery_id) = path.into_inner();
    let d = webhooks::get_delivery(&state.db, id, delivery_id)
        .await?
        .ok_or_else(|| ApiError::not_found("delivery"))?;
    Ok(HttpResponse::Ok().json(delivery_view(d)))
}

/// Queues a delivery again (a dead one, or one delivered that the receiver
/// lost), with a fresh count of attempts.
pub async fn redeliver(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    caller.require(&[Role::Admin])?;
    let (id, delivery_id) = path.into_inner();
    let d = webhooks::get_delivery(&state.db, id, delivery_id)
        .await?
        .ok_or_else(|| ApiError::not_found("delivery"))?;
    let now = crate::clock::to_micros(Utc::now());
    let d = webhooks::redeliver(&state.db, d, now).await?;
    Ok(HttpResponse::Accepted().json(delivery_view(d)))
}
