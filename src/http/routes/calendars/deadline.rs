//! `GET /calendars/{id}/deadline`: when a target counted from an instant
//! falls due in a calendar — the very arithmetic filing uses, so a client
//! can promise "resolved by 12月9日 17:30" before it files.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{
    domain::{
        sla_policy::{TargetError, required_target},
        ticket::sla::due_at,
    },
    http::{AppState, caller::Caller, error::ApiError},
    store,
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeadlineQuery {
    /// RFC 3339; the server's now when absent.
    from: Option<String>,
    office_secs: Option<i64>,
    working_days: Option<i64>,
}

#[derive(Serialize)]
struct DeadlineView {
    from: DateTime<Utc>,
    due_at: DateTime<Utc>,
}

/// Every signed-in role may ask: the answer reveals only the calendar's
/// arithmetic, which the service list already promises in words.
pub async fn deadline(
    state: web::Data<AppState>,
    _caller: Caller,
    id: web::Path<Uuid>,
    query: web::Query<DeadlineQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let from = match q.from.as_deref() {
        Some(text) => DateTime::parse_from_rfc3339(text)
            .map_err(|e| ApiError::field("from", format!("not an RFC 3339 instant: {e}")))?
            .with_timezone(&Utc),
        None => state.clock.now(),
    };
    let target = required_target(q.office_secs, q.working_days).map_err(|e| {
        let field = match e {
            TargetError::DaysRange => "working_days",
            _ => "office_secs",
        };
        ApiError::field(field, e)
    })?;
    let calendar = store::calendars::load_calendar(&state.db, *id)
        .await?
        .ok_or_else(|| ApiError::not_found("calendar"))?;
    Ok(HttpResponse::Ok().json(DeadlineView {
        from,
        due_at: due_at(&calendar, from, &target),
    }))
}
