//! The ticket as the API shows it, with its SLA clocks read at `now`.

use std::collections::{HashMap, HashSet};

use actix_web::{HttpResponse, http::header};
use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;
use serde::Serialize;
use uuid::Uuid;

use crate::{
    domain::{
        calendar::Calendar,
        ticket::{
            Channel, Priority, TicketStatus,
            sla::{ClockView, clock_view},
        },
    },
    http::{AppState, error::ApiError},
    store::{
        tickets::{Ticket, extensions, sla},
        users,
    },
    workflow::{self, Acting, WorkflowConfig},
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
    status: TicketStatus,
    enterprise_id: Uuid,
    filer_id: Uuid,
    channel: Channel,
    category: String,
    service_item_id: Option<Uuid>,
    department_id: Option<Uuid>,
    assignee_id: Option<Uuid>,
    /// The assignee's shown name (display name, or login when blank), so
    /// a desk can say who holds the ticket.
    assignee_name: Option<String>,
    title: String,
    description: String,
    priority: Priority,
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
    /// When the open information request expires (while awaiting the
    /// enterprise): then the ticket goes back to work.
    info_due_at: Option<DateTime<Utc>>,
    /// Office seconds the resolution clock has been paused, over the
    /// ticket's finished pauses.
    paused_secs: i64,
    sla: Sla,
    /// What the caller may do to it now (the permission table's answer).
    allowed_actions: Vec<&'static str>,
}

impl TicketView {
    pub fn new(
        t: Ticket,
        assignee_name: Option<String>,
        calendar: Option<&Calendar>,
        now: DateTime<Utc>,
        allowed_actions: Vec<&'static str>,
    ) -> Self {
        let ended = t
            .status
            .is_final()
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
            assignee_name,
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
            info_due_at: t.info_due_at,
            paused_secs: t.paused_business_secs,
            sla,
            allowed_actions,
        }
    }
}

/// Which of `tickets` have an extension request pending, when that can
/// change what `who` may do.
async fn pending_extensions(
    db: &impl ConnectionTrait,
    who: &Acting,
    tickets: &[Uuid],
) -> Result<HashSet<Uuid>, ApiError> {
    if !workflow::cares_about_extensions(who) {
        return Ok(HashSet::new());
    }
    Ok(extensions::pending_among(db, tickets).await?)
}

/// Views of several tickets for `who`, each calendar loaded once.
pub async fn views(
    state: &AppState,
    who: &Acting,
    tickets: Vec<Ticket>,
) -> Result<Vec<TicketView>, ApiError> {
    let calendars: HashMap<Uuid, Calendar> =
        sla::calendars(&state.db, tickets.iter().filter_map(|t| t.calendar_id)).await?;
    let ids: Vec<Uuid> = tickets.iter().map(|t| t.id).collect();
    let pending = pending_extensions(&state.db, who, &ids).await?;
    let names = users::shown_names(&state.db, tickets.iter().filter_map(|t| t.assignee_id)).await?;
    let now = state.clock.now();
    Ok(tickets
        .into_iter()
        .map(|t| {
            let cal = t.calendar_id.and_then(|id| calendars.get(&id));
            let allowed = workflow::allowed_actions(
                who,
                &state.workflow,
                &t,
                cal,
                pending.contains(&t.id),
                now,
            );
            let name = t.assignee_id.and_then(|id| names.get(&id).cloned());
            TicketView::new(t, name, cal, now, allowed)
        })
        .collect())
}

/// The view of one ticket for `who`. `db` is the connection to read on:
/// inside a transaction, its own (asking the pool for a second one could
/// wait forever).
pub async fn view(
    db: &impl ConnectionTrait,
    config: &WorkflowConfig,
    who: &Acting,
    t: Ticket,
    now: DateTime<Utc>,
) -> Result<TicketView, ApiError> {
    let calendar = sla::calendar_of(db, &t).await?;
    let pending = pending_extensions(db, who, &[t.id]).await?;
    let name = users::shown_names(db, t.assignee_id)
        .await?
        .into_values()
        .next();
    let allowed = workflow::allowed_actions(
        who,
        config,
        &t,
        calendar.as_ref(),
        pending.contains(&t.id),
        now,
    );
    Ok(TicketView::new(t, name, calendar.as_ref(), now, allowed))
}

/// The ETag of a ticket: its version, quoted.
pub fn etag(version: i32) -> String {
    format!("\"{version}\"")
}

/// `200` with the ticket as `who` sees it, and its ETag.
pub async fn respond(state: &AppState, who: &Acting, t: Ticket) -> Result<HttpResponse, ApiError> {
    let tag = etag(t.version);
    let body = view(&state.db, &state.workflow, who, t, state.clock.now()).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, tag))
        .json(body))
}
