//! `GET /api/v1/tickets`: the caller's tickets, filtered, in keyset pages.

use actix_web::{HttpResponse, web};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use uuid::Uuid;

use super::view::views;
use crate::{
    domain::ticket::{Scope, TicketStatus},
    http::{AppState, caller::Caller, error::ApiError, pagination::List},
    store::{
        page::{DEFAULT_LIMIT, MAX_LIMIT},
        tickets::list::{self, After, Sort, TicketFilter},
    },
    workflow::Acting,
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// One status or several, comma-separated.
    status: Option<String>,
    category: Option<String>,
    department_id: Option<Uuid>,
    enterprise_id: Option<Uuid>,
    assignee: Option<AssigneeParam>,
    urged: Option<bool>,
    breached: Option<bool>,
    created_from: Option<DateTime<Utc>>,
    created_to: Option<DateTime<Utc>>,
    q: Option<String>,
    #[serde(default)]
    sort: SortParam,
    limit: Option<u64>,
    cursor: Option<String>,
}

fn bad(message: impl Into<String>) -> ApiError {
    ApiError::InvalidQuery(message.into())
}

fn statuses(text: &str) -> Result<Vec<TicketStatus>, ApiError> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().map_err(|e| bad(format!("status: {e}"))))
        .collect()
}

/// `sort`: `created` (newest first, the default) or `deadline`.
#[derive(Deserialize, Clone, Copy, Default)]
#[serde(rename_all = "snake_case")]
pub enum SortParam {
    #[default]
    Created,
    Deadline,
}

impl From<SortParam> for Sort {
    fn from(p: SortParam) -> Self {
        match p {
            SortParam::Created => Sort::Created,
            SortParam::Deadline => Sort::Deadline,
        }
    }
}

/// `assignee`: `me`, or a user id.
#[derive(Clone, Copy)]
pub enum AssigneeParam {
    Me,
    User(Uuid),
}

impl<'de> Deserialize<'de> for AssigneeParam {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        match text.as_str() {
            "me" => Ok(AssigneeParam::Me),
            other => Uuid::parse_str(other)
                .map(AssigneeParam::User)
                .map_err(|_| serde::de::Error::custom("assignee must be `me` or a user id")),
        }
    }
}

/// `c|<created_at>|<id>` or `d|<due_at or ->|<id>`, base64url.
fn encode_cursor(after: After) -> String {
    let text = match after {
        After::Created(at, id) => format!("c|{}|{id}", at.to_rfc3339()),
        After::Deadline(due, id) => format!(
            "d|{}|{id}",
            due.map_or_else(|| "-".to_string(), |d| d.to_rfc3339())
        ),
    };
    URL_SAFE_NO_PAD.encode(text)
}

fn decode_cursor(cursor: &str, sort: Sort) -> Result<After, ApiError> {
    let invalid = || bad("cursor is not one this server issued for this sort order");
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    let mut parts = text.splitn(3, '|');
    let (kind, at, id) = match (parts.next(), parts.next(), parts.next()) {
        (Some(k), Some(a), Some(i)) => (k, a, i),
        _ => return Err(invalid()),
    };
    let id = Uuid::parse_str(id).map_err(|_| invalid())?;
    let time = |s: &str| {
        DateTime::parse_from_rfc3339(s)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|_| invalid())
    };
    match (kind, sort) {
        ("c", Sort::Created) => Ok(After::Created(time(at)?, id)),
        ("d", Sort::Deadline) if at == "-" => Ok(After::Deadline(None, id)),
        ("d", Sort::Deadline) => Ok(After::Deadline(Some(time(at)?), id)),
        _ => Err(invalid()),
    }
}

pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let limit = q.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(bad(format!("limit must be between 1 and {MAX_LIMIT}")));
    }
    let sort = Sort::from(q.sort);
    let after = q
        .cursor
        .as_deref()
        .filter(|c| !c.is_empty())
        .map(|c| decode_cursor(c, sort))
        .transpose()?;
    let assignee_id = q.assignee.map(|a| match a {
        AssigneeParam::Me => caller.user.id,
        AssigneeParam::User(id) => id,
    });
    let now = state.clock.now();
    let filter = TicketFilter {
        scope: Scope::of(caller.membership()),
        statuses: q
            .status
            .as_deref()
            .map(statuses)
            .transpose()?
            .unwrap_or_default(),
        category: q.category,
        department_id: q.department_id,
        enterprise_id: q.enterprise_id,
        assignee_id,
        urged: q.urged,
        breached_at: q.breached.map(|b| (b, now)),
        created_from: q.created_from,
        created_to: q.created_to,
        q: q.q.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()),
    };
    let page = list::list(&state.db, &filter, sort, after, limit).await?;
    let next_cursor = match (page.has_more, page.items.last()) {
        (true, Some(last)) => Some(encode_cursor(list::key_of(last, sort))),
        _ => None,
    };
    Ok(HttpResponse::Ok().json(List {
        items: views(&state, &Acting::of(&caller.user), page.items).await?,
        next_cursor,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_belong_to_their_order() {
        let id = Uuid::now_v7();
        let at = Utc::now();
        for after in [
            After::Created(at, id),
            After::Deadline(Some(at), id),
            After::Deadline(None, id),
        ] {
            let sort = match after {
                After::Created(..) => Sort::Created,
                After::Deadline(..) => Sort::Deadline,
            };
            assert_eq!(decode_cursor(&encode_cursor(after), sort).ok(), Some(after));
        }
        let created = encode_cursor(After::Created(at, id));
        assert!(decode_cursor(&created, Sort::Deadline).is_err());
        assert!(decode_cursor("bm9wZQ", Sort::Created).is_err());
    }
}
