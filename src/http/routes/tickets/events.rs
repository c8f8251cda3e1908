//! `GET /api/v1/tickets/{id}/events`: the timeline, oldest first. An
//! enterprise contact sees neither internal notes nor supervision, and of
//! returns and escalations only the status change.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::domain::ids::TicketId;
use crate::{
    domain::ticket::{EnterpriseView, EventKind, TicketStatus},
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
    kind: &'static str,
    actor_id: Option<Uuid>,
    actor_role: Option<String>,
    from_status: Option<TicketStatus>,
    to_status: Option<TicketStatus>,
    payload: serde_json::Value,
    created_at: DateTime<Utc>,
}

fn view(e: Event, for_enterprise: bool) -> EventView {
    let kind = EventKind::from(e.kind);
    let status_only = for_enterprise && kind.enterprise_view() != EnterpriseView::Full;
    EventView {
        id: e.id,
        ticket_id: e.ticket_id,
        kind: kind.as_str(),
        actor_id: e.actor_id,
        actor_role: e.actor_role,
        from_status: e.from_status.map(Into::into),
        to_status: e.to_status.map(Into::into),
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
    id: web::Path<TicketId>,
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
