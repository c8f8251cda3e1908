//! `/api/v1/tickets/{id}/extensions`: the assignee asks for more time, a
//! dispatcher grants or denies. Enterprise contacts see the moved deadline
//! on the ticket, not the requests.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

use super::view::respond;
use crate::domain::ids::TicketId;
use crate::{
    domain::{
        calendar::{BusinessDuration, SlaTarget},
        ticket::{
            ExtensionStatus, Operation, may,
            texts::{Feedback, Reason},
        },
    },
    http::{
        AppState,
        caller::Caller,
        error::ApiError,
        json::{Json, not_blank},
        pagination::List,
    },
    store::tickets::extensions::{self, Extension},
    workflow::{self, Acting},
};

#[derive(Serialize)]
pub struct ExtensionView {
    id: Uuid,
    ticket_id: Uuid,
    requested_by: Uuid,
    reason: String,
    extra_secs: Option<i64>,
    extra_working_days: Option<i32>,
    status: ExtensionStatus,
    decided_by: Option<Uuid>,
    decision_note: Option<String>,
    decided_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
}

impl From<Extension> for ExtensionView {
    fn from(e: Extension) -> Self {
        ExtensionView {
            id: e.id,
            ticket_id: e.ticket_id,
            requested_by: e.requested_by,
            reason: e.reason,
            extra_secs: e.extra_secs,
            extra_working_days: e.extra_working_days,
            status: e.status.into(),
            decided_by: e.decided_by,
            decision_note: e.decision_note,
            decided_at: e.decided_at,
            created_at: e.created_at,
        }
    }
}

/// The most extra time one request may ask for.
const MAX_EXTRA_SECS: i64 = 90 * 24 * 3600;
const MAX_EXTRA_DAYS: u32 = 60;

#[derive(Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct RequestBody {
    #[validate(length(min = 1, max = 2000), custom(function = not_blank))]
    reason: String,
    extra_secs: Option<i64>,
    extra_working_days: Option<i64>,
}

impl RequestBody {
    fn extra(&self) -> Result<SlaTarget, ApiError> {
        match (self.extra_secs, self.extra_working_days) {
            (Some(s), None) if (1..=MAX_EXTRA_SECS).contains(&s) => BusinessDuration::from_secs(s)
                .map(SlaTarget::Business)
                .map_err(|e| ApiError::field("extra_secs", e)),
            (Some(_), None) => Err(ApiError::field(
                "extra_secs",
                format!("must be between 1 and {MAX_EXTRA_SECS}"),
            )),
            (None, Some(d)) => u32::try_from(d)
                .ok()
                .filter(|d| (1..=MAX_EXTRA_DAYS).contains(d))
                .map(SlaTarget::WorkingDays)
                .ok_or_else(|| {
                    ApiError::field(
                        "extra_working_days",
                        format!("must be between 1 and {MAX_EXTRA_DAYS}"),
                    )
                }),
            _ => Err(ApiError::field(
                "extra_secs",
                "give either extra_secs or extra_working_days",
            )),
        }
    }
}

pub async fn request(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<TicketId>,
    body: Json<RequestBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let extra = body.extra()?;
    let e = workflow::extensions::request(
        &state.db,
        &state.workflow,
        &Acting::of(&caller.user),
        *id,
        Reason::parse(&body.reason).map_err(|e| ApiError::field("reason", e))?,
        extra,
        state.clock.now(),
    )
    .await?;
    Ok(HttpResponse::Created().json(ExtensionView::from(e)))
}

/// The list takes no parameters; anything sent is a mistake to report.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoQuery {}

pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<TicketId>,
    _query: web::Query<NoQuery>,
) -> Result<HttpResponse, ApiError> {
    let who = Acting::of(&caller.user);
    let t = workflow::visible(&state.db, &who, *id).await?;
    if !may(who.role, Operation::ReadExtensions, who.relation(&t)) {
        return Err(ApiError::forbidden());
    }
    let items = extensions::list(&state.db, t.id).await?;
    Ok(HttpResponse::Ok().json(List {
        items: items.into_iter().map(ExtensionView::from).collect(),
        next_cursor: None,
    }))
}

#[derive(Deserialize, Validate, Default)]
#[serde(deny_unknown_fields)]
pub struct DecisionBody {
    #[validate(length(max = 2000))]
    note: Option<String>,
}

async fn decide(
    state: &AppState,
    caller: &Caller,
    ids: (TicketId, Uuid),
    grant: bool,
    body: DecisionBody,
) -> Result<HttpResponse, ApiError> {
    let note = Feedback::optional(body.note.as_deref()).map_err(|e| ApiError::field("note", e))?;
    let who = Acting::of(&caller.user);
    let t = workflow::extensions::decide(
        &state.db,
        &state.workflow,
        &who,
        ids.0,
        ids.1,
        grant,
        note,
        state.clock.now(),
    )
    .await?;
    respond(state, &who, t).await
}

pub async fn grant(
    state: web::Data<AppState>,
    caller: Caller,
    ids: web::Path<(TicketId, Uuid)>,
    body: Json<DecisionBody>,
) -> Result<HttpResponse, ApiError> {
    decide(&state, &caller, *ids, true, body.into_inner()).await
}

pub async fn deny(
    state: web::Data<AppState>,
    caller: Caller,
    ids: web::Path<(TicketId, Uuid)>,
    body: Json<DecisionBody>,
) -> Result<HttpResponse, ApiError> {
    decide(&state, &caller, *ids, false, body.into_inner()).await
}
