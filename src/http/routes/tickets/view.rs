//! The ticket as the API shows it, with its SLA clocks read at `now`.

use std::collections::HashMap;

use actix_web::{HttpResponse, http::header};
use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;
use serde::Serialize;
use uuid::Uuid;

use crate::{
    domain::{
        calendar::Calendar,
        ticket::{
            TicketStatus,
            sla::{ClockView, clock_view},
        },
    },
    http::{AppState, error::ApiError},
    store::tickets::{Ticket, sla},
};

#[derive(Serialize)]
pub struct Sla {
    policy_id: Option<Uuid>,
    /// Sign-for: filing until a department claims the ticket.
    response: ClockView,
    /// Filing until staff first answer the enterprise; `null` when the
    /// policy sets no such clock.
    first_response: Option<ClockView>,
    resolution: ClockView,
}

#[derive(Serialize)]
pub struct TicketView {
    id: Uuid,
    number: String,
    status: String,
    enterprise_id: Uuid,
    filer_id: Uuid,
    channel: String,
    category: String,
    service_item_id: Option<Uuid>,
    department_id: Option<Uuid>,
    assignee_id: Option<Uuid>,
    title: String,
    description: String,
    priority: String,
    resolution: Option<String>,
    rating: Option<i16>,
    feedback: Option<String>,
    reopen_count: i32,
    extension_count: i32,
    urged: bool,
    urge_count: i32,
    last_urged_at: Option<DateTime<Utc>>,
    dispatched_at: Option<DateTime<Utc>>,
    claimed_at: Option<DateTime<Utc>>,
    resolved_at: Option<DateTime<Utc>>,
    closed_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    version: i32,
    sla: Sla,
}

impl TicketView {
    pub fn new(t: Ticket, calendar: Option<&Calendar>, now: DateTime<Utc>) -> Self {
        let ended = t
            .status
            .parse::<TicketStatus>()
            .is_ok_and(TicketStatus::is_final)
            .then(|| t.closed_at.unwrap_or(t.updated_at));
        let sla = Sla {
            policy_id: t.sla_policy_id,
            response: clock_view(
                calendar,
                sla::response_deadline(&t),
                t.claimed_at,
                None,
                ended,
                now,
            ),
            first_response: sla::first_response_deadline(&t)
                .map(|d| clock_view(calendar, Some(d), t.first_responded_at, None, ended, now)),
            resolution: clock_view(
                calendar,
                sla::resolution_deadline(&t),
                t.resolved_at,
                t.paused_at,
                ended,
                now,
            ),
        };
        TicketView {
            id: t.id,
            number: t.number,
            status: t.status,
            enterprise_id: t.enterprise_id,
            filer_id: t.filer_id,
            channel: t.channel,
            category: t.category,
            service_item_id: t.service_item_id,
            department_id: t.department_id,
            assignee_id: t.assignee_id,
            title: t.title,
            description: t.description,
            priority: t.priority,
            resolution: t.resolution,
            rating: t.rating,
            feedback: t.feedback,
            reopen_count: t.reopen_count,
            extension_count: t.extension_count,
            urged: t.urge_count > 0,
            urge_count: t.urge_count,
            last_urged_at: t.last_urged_at,
            dispatched_at: t.dispatched_at,
            claimed_at: t.claimed_at,
            resolved_at: t.resolved_at,
            closed_at: t.closed_at,
            created_at: t.created_at,
            updated_at: t.updated_at,
            version: t.version,
            sla,
        }
    }
}

/// Views of several tickets, each calendar loaded once.
pub async fn views(state: &AppState, tickets: Vec<Ticket>) -> Result<Vec<TicketView>, ApiError> {
    let calendars: HashMap<Uuid, Calendar> =
        sla::calendars(&state.db, tickets.iter().filter_map(|t| t.calendar_id)).await?;
    let now = state.clock.now();
    Ok(tickets
        .into_iter()
        .map(|t| {
            let cal = t.calendar_id.and_then(|id| calendars.get(&id));
            TicketView::new(t, cal, now)
        })
        .collect())
}

/// `db` is the connection to read the calendar on: inside a transaction,
/// its own (asking the pool for a second one could wait forever).
pub async fn view(
    db: &impl ConnectionTrait,
    t: Ticket,
    now: DateTime<Utc>,
) -> Result<TicketView, ApiError> {
    let calendar = sla::calendar_of(db, &t).await?;
    Ok(TicketView::new(t, calendar.as_ref(), now))
}

/// The ETag of a ticket: its version, quoted.
pub fn etag(version: i32) -> String {
    format!("\"{version}\"")
}

/// `200` with the ticket and its ETag.
pub async fn respond(state: &AppState, t: Ticket) -> Result<HttpResponse, ApiError> {
    let tag = etag(t.version);
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, tag))
        .json(view(&state.db, t, state.clock.now()).await?))
}
