//! `GET /api/v1/reports/summary`: the figures of the tickets filed in a
//! period, in one total row or grouped.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{
    BASIS, TIME_ZONE,
    format::{self, Format},
};
use crate::{
    domain::role::Membership,
    http::{AppState, caller::Caller, error::ApiError},
    reports::{
        group::GroupBy,
        summary::{self, Filter, SummaryRequest, SummaryRow},
    },
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SummaryQuery {
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
    group_by: Option<String>,
    department_id: Option<Uuid>,
    category: Option<String>,
}

#[derive(Serialize)]
struct SummaryReport {
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    basis: &'static str,
    time_zone: &'static str,
    group_by: GroupBy,
    department_id: Option<Uuid>,
    category: Option<String>,
    generated_at: DateTime<Utc>,
    rows: Vec<SummaryRow>,
}

/// Figures per person (`group_by=assignee`) are for those who answer for
/// people: supervisors and administrators, over everyone, and department
/// leads, over their department ([`super::scope`] limits staff to their
/// own). Dispatchers route work and other staff do it; neither reads
/// colleagues' figures.
fn may_see_people(caller: &Caller) -> Result<(), ApiError> {
    match caller.membership() {
        Membership::Supervisor | Membership::Admin => Ok(()),
        Membership::Staff { .. } if caller.user.is_lead => Ok(()),
        Membership::Staff { .. } | Membership::Dispatcher | Membership::Enterprise { .. } => {
            Err(ApiError::Forbidden(
                "only supervisors, administrators and department leads may read figures per person"
                    .into(),
            ))
        }
    }
}

pub async fn summary(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<SummaryQuery>,
) -> Result<HttpResponse, ApiError> {
    let own_department = super::scope(&caller)?;
    let q = query.into_inner();
    let now = state.clock.now();
    let period = super::period(q.from, q.to, now)?;
    let group_by = match q.group_by.as_deref().map(str::trim) {
        None | Some("") => GroupBy::None,
        Some(text) => text
            .parse()
            .map_err(|e: crate::reports::group::UnknownGroup| {
                ApiError::InvalidQuery(e.to_string())
            })?,
    };
    if group_by == GroupBy::Assignee {
        may_see_people(&caller)?;
    }
    let filter = Filter {
        department_id: q.department_id,
        scope_department_id: own_department,
        category: super::text_filter(q.category),
    };
    let request = SummaryRequest {
        period,
        group_by,
        filter: filter.clone(),
        now,
        percentiles: true,
    };
    let rows = summary::summary(&state.db, &request).await?;
    match format::negotiate(&req) {
        Format::Csv => format::csv("summary.csv", SummaryRow::COLUMNS, rows),
        Format::Json => Ok(format::json(&SummaryReport {
            from: period.from,
            to: period.to,
            basis: BASIS,
            time_zone: TIME_ZONE,
            group_by,
            department_id: filter.department_id.or(own_department),
            category: filter.category,
            generated_at: now,
            rows,
        })),
    }
}
