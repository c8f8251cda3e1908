//! The caller's in-app notifications: newest first, unread ones on their
//! own, marked read by id or up to one.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

use crate::{
    domain::{
        notification::templates::{Lang, Side, text},
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
    store::{
        StoreError,
        notifications::{self, Notification, ReadWhich},
    },
};

#[derive(Serialize)]
pub struct NotificationView {
    id: Uuid,
    ticket_id: Uuid,
    ticket_number: String,
    kind: String,
    text_zh: String,
    text_en: String,
    link: String,
    read: bool,
    read_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
}

/// The texts a recipient in `role` reads.
pub fn view(n: Notification, role: Role) -> Result<NotificationView, StoreError> {
    let kind: EventKind = n
        .kind
        .parse()
        .map_err(|k| StoreError::Corrupt(format!("notification {}: kind {k}", n.id)))?;
    let side = if role == Role::Enterprise {
        Side::Enterprise
    } else {
        Side::Service
    };
    Ok(NotificationView {
        id: n.id,
        ticket_id: n.ticket_id,
        text_zh: text(kind, side, Lang::Zh, &n.ticket_number),
        text_en: text(kind, side, Lang::En, &n.ticket_number),
        link: format!("/api/v1/tickets/{}", n.ticket_id),
        ticket_number: n.ticket_number,
        kind: n.kind,
        read: n.read_at.is_some(),
        read_at: n.read_at,
        created_at: n.created_at,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    unread: Option<bool>,
    limit: Option<u64>,
    cursor: Option<String>,
}

pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let request = page_request(q.limit, q.cursor.as_deref())?;
    let page = notifications::list(
        &state.db,
        caller.user.id,
        q.unread.unwrap_or(false),
        request.limit,
        request.after,
    )
    .await?;
    let role = caller.role();
    let items = page
        .items
        .into_iter()
        .map(|n| view(n, role))
        .collect::<Result<Vec<_>, _>>()?;
    let page = crate::store::page::Page {
        items,
        has_more: page.has_more,
    };
    Ok(HttpResponse::Ok().json(List::from_page(page, |n| n.id.to_string(), |n| n)))
}

#[derive(Serialize)]
struct Unread {
    unread: u64,
}

pub async fn unread_count(
    state: web::Data<AppState>,
    caller: Caller,
) -> Result<HttpResponse, ApiError> {
    let unread = notifications::unread_count(&state.db, caller.user.id).await?;
    Ok(HttpResponse::Ok().json(Unread { unread }))
}

#[derive(Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct ReadBody {
    /// Either may be left out, neither may be `null`.
    #[serde(default, deserialize_with = "present")]
    #[validate(length(min = 1, max = 200))]
    ids: Option<Vec<Uuid>>,
    #[serde(default, deserialize_with = "present")]
    up_to: Option<Uuid>,
}

#[derive(Serialize)]
struct Marked {
    marked: u64,
    unread: u64,
}

/// Marks the caller's notifications read: the listed `ids`, or all up to
/// and including `up_to` (exactly one of the two).
pub async fn mark_read(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<ReadBody>,
) -> Result<HttpResponse, ApiError> {
    let which = match body.into_inner() {
        ReadBody {
            ids: Some(ids),
            up_to: None,
        } => ReadWhich::Ids(ids),
        ReadBody {
            ids: None,
            up_to: Some(id),
        } => ReadWhich::UpTo(id),
        _ => return Err(ApiError::field("ids", "give either ids or up_to")),
    };
    let now = state.clock.now();
    let marked = notifications::mark_read(&state.db, caller.user.id, which, now).await?;
    let unread = notifications::unread_count(&state.db, caller.user.id).await?;
    Ok(HttpResponse::Ok().json(Marked { marked, unread }))
}
