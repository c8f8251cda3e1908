//! `GET /api/v1/reports/backlog`: open tickets now, per department and
//! status, by age in working days.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::format::{self, Format};
use crate::{
    http::{AppState, caller::Caller, error::ApiError},
    reports::backlog::{self, BacklogRequest, BacklogRow},
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BacklogQuery {
    department_id: Option<Uuid>,
}

#[derive(Serialize)]
struct BacklogReport {
    /// The instant the ages were read at.
    generated_at: DateTime<Utc>,
    department_id: Option<Uuid>,
    rows: Vec<BacklogRow>,
}

pub async fn backlog(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<BacklogQuery>,
) -> Result<HttpResponse, ApiError> {
    let own_department = super::scope(&caller)?;
    let now = state.clock.now();
    let request = BacklogRequest {
        department_id: query.department_id,
        scope_department_id: own_department,
        now,
    };
    let rows = backlog::backlog(&state.db, &request).await?;
    match format::negotiate(&req) {
        Format::Csv => format::csv("backlog.csv", BacklogRow::COLUMNS, rows),
        Format::Json => Ok(format::json(&BacklogReport {
            generated_at: now,
            department_id: query.department_id.or(own_department),
            rows,
        })),
    }
}
