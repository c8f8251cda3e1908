//! `GET /api/v1/reports/overdue`: open tickets past an SLA deadline, the
//! oldest filing first, in keyset pages.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use uuid::Uuid;

use super::format::{self, Format};
use crate::{
    http::{AppState, caller::Caller, error::ApiError, pagination::List},
    reports::overdue::{self, OverdueItem, OverdueRequest},
    store::page::{DEFAULT_LIMIT, MAX_LIMIT},
};

/// The CSV answer's pointer to the next page (JSON has `next_cursor`).
pub const NEXT_CURSOR_HEADER: &str = "x-next-cursor";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverdueQuery {
    department_id: Option<Uuid>,
    category: Option<String>,
    limit: Option<u64>,
    cursor: Option<String>,
}

/// `<created_at>|<id>` of the page's last ticket, base64url.
fn encode_cursor(item: &OverdueItem) -> String {
    super::encode_instant_cursor(item.created_at, item.id)
}

fn decode_cursor(cursor: &str) -> Result<(DateTime<Utc>, Uuid), ApiError> {
    super::decode_instant_cursor(cursor)
}

pub async fn overdue(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<OverdueQuery>,
) -> Result<HttpResponse, ApiError> {
    let own_department = super::scope(&caller)?;
    let q = query.into_inner();
    let limit = q.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::InvalidQuery(format!(
            "limit must be between 1 and {MAX_LIMIT}"
        )));
    }
    let request = OverdueRequest {
        department_id: q.department_id,
        scope_department_id: own_department,
        category: super::text_filter(q.category),
        now: state.clock.now(),
        // An empty cursor is the first page, as on every other list.
        after: q
            .cursor
            .as_deref()
            .filter(|c| !c.is_empty())
            .map(decode_cursor)
            .transpose()?,
        limit,
    };
    let page = overdue::overdue(&state.db, &request).await?;
    let next_cursor = match (page.has_more, page.items.last()) {
        (true, Some(last)) => Some(encode_cursor(last)),
        _ => None,
    };
    match format::negotiate(&req) {
        Format::Csv => {
            let mut resp = format::csv("overdue.csv", OverdueItem::COLUMNS, page.items)?;
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

#[cfg(test)]
mod tests {
    use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};

    use super::*;

    #[test]
    fn cursors_round_trip() {
        let at = DateTime::parse_from_rfc3339("2026-07-01T02:03:04.123456Z")
            .unwrap()
            .with_timezone(&Utc);
        let id = Uuid::now_v7();
        let text = URL_SAFE_NO_PAD.encode(format!("{}|{id}", at.to_rfc3339()));
        assert_eq!(decode_cursor(&text).unwrap(), (at, id));
        assert!(decode_cursor("bm9wZQ").is_err());
        assert!(decode_cursor("!!").is_err());
    }
}
