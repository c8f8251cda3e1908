//! `GET /api/v1/tickets/{id}/events`: the timeline, oldest first. An
//! enterprise contact sees neither internal notes nor supervision, and of
//! returns and escalations only the status change.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::{
    domain::ticket::{EnterpriseView, EventKind},
    http::{
        AppState,
        caller::Caller,
        error::ApiError,
        pagination::{List, PageQuery, page_request},
    },
    store::tickets::events::{self, Event},
    workflow::{self, Acting},
};

#[derive(Serialize)]
pub struct EventView {
    id: Uuid,
    ticket_id: Uuid,
    kind: String,
    actor_id: Option<Uuid>,
    actor_role: Option<String>,
    from_status: Option<String>,
    to_status: Option<String>,
    payload: serde_json::Value,
    created_at: DateTime<Utc>,
}

fn view(e: Event, for_enterprise: bool) -> EventView {
    let status_only = for_enterprise
        && e.kind
            .parse::<EventKind>()
            .map_or(true, |k| k.enterprise_view() != EnterpriseView::Full);
    EventView {
        id: e.id,
        ticket_id: e.ticket_id,
        kind: e.kind,
        actor_id: e.actor_id,
        actor_role: e.actor_role,
        from_status: e.from_status,
        to_status: e.to_status,
        payload: if status_only {
            serde_json::json!({})
        } else {
            e.payload
        },
        created_at: e.created_at,
    }
}

pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let request = page_request(query.limit, query.cursor.as_deref())?;
    let who = Acting::of(&caller.user);
    let t = workflow::visible(&state.db, &who, *id).await?;
    let for_enterprise = who.scope.is_enterprise();
    let page = events::list(&state.db, t.id, for_enterprise, request).await?;
    Ok(HttpResponse::Ok().json(List::from_page(
        page,
        |e| e.id.to_string(),
        |e| view(e, for_enterprise),
    )))
}
