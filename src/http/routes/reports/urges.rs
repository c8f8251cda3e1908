//! `GET /api/v1/reports/urges`: urges awaiting the department's answer,
//! the earliest reply deadline first, in keyset pages (JSON or CSV).

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use uuid::Uuid;

use super::{
    format::{self, Format},
    overdue::NEXT_CURSOR_HEADER,
};
use crate::{
    http::{AppState, caller::Caller, error::ApiError, pagination::List},
    reports::urges::{self, UrgeItem, UrgesRequest},
    store::page::{DEFAULT_LIMIT, MAX_LIMIT},
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UrgesQuery {
    department_id: Option<Uuid>,
    overdue: Option<bool>,
    limit: Option<u64>,
    cursor: Option<String>,
}

/// `<reply_due_at>|<id>` of the page's last item, base64url.
fn encode_cursor(item: &UrgeItem) -> String {
    super::encode_instant_cursor(item.reply_due_at, item.id)
}

fn decode_cursor(cursor: &str) -> Result<(DateTime<Utc>, Uuid), ApiError> {
    super::decode_instant_cursor(cursor)
}

pub async fn urges(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<UrgesQuery>,
) -> Result<HttpResponse, ApiError> {
    let own_department = super::scope(&caller)?;
    let q = query.into_inner();
    let limit = q.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::InvalidQuery(format!(
            "limit must be between 1 and {MAX_LIMIT}"
        )));
    }
    let request = UrgesRequest {
        department_id: q.department_id,
        scope_department_id: own_department,
        overdue_only: q.overdue.unwrap_or(false),
        now: state.clock.now(),
        after: q
            .cursor
            .as_deref()
            .filter(|c| !c.is_empty())
            .map(decode_cursor)
            .transpose()?,
        limit,
    };
    let page = urges::urges(&state.db, &request).await?;
    let next_cursor = match (page.has_more, page.items.last()) {
        (true, Some(last)) => Some(encode_cursor(last)),
        _ => None,
    };
    match format::negotiate(&req) {
        Format::Csv => {
            let mut resp = format::csv("urges.csv", UrgeItem::COLUMNS, page.items)?;
            if let Some(cursor) = next_cursor {
                let value = actix_web::http::header::HeaderValue::from_str(&cursor)
                    .map_err(|e| ApiError::Internal(e.into()))?;
                resp.headers_mut().insert(
                    actix_web::http::header::HeaderName::from_static(NEXT_CURSOR_HEADER),
                    value,
                );
            }
            Ok(resp)
        }
        Format::Json => Ok(format::json(&List {
            items: page.items,
            next_cursor,
        })),
    }
}
