//! `GET /api/v1/reports/public-summary`: the jurisdiction's public page.
//! No sign-in; aggregates per category only, never an enterprise's name.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{
    BASIS, TIME_ZONE,
    format::{self, Format},
};
use crate::{
    http::{AppState, error::ApiError},
    reports::public::{PublicRow, public_summary},
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicQuery {
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
}

#[derive(Serialize)]
struct PublicReport {
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    basis: &'static str,
    time_zone: &'static str,
    generated_at: DateTime<Utc>,
    total: PublicRow,
    categories: Vec<PublicRow>,
}

/// Deliberately takes no [`crate::http::caller::Caller`]: a token, valid
/// or not, changes nothing here.
pub async fn public_summary_route(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<PublicQuery>,
) -> Result<HttpResponse, ApiError> {
    let now = state.clock.now();
    let period = super::period(query.from, query.to, now)?;
    let summary = public_summary(&state.db, period, now).await?;
    match format::negotiate(&req) {
        // The total is the last line, its category and name empty.
        Format::Csv => format::csv(
            "public-summary.csv",
            PublicRow::COLUMNS,
            summary
                .categories
                .into_iter()
                .chain(std::iter::once(summary.total)),
        ),
        Format::Json => Ok(format::json(&PublicReport {
            from: period.from,
            to: period.to,
            basis: BASIS,
            time_zone: TIME_ZONE,
            generated_at: now,
            total: summary.total,
            categories: summary.categories,
        })),
    }
}
