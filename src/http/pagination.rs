//! Opaque cursors for keyset pagination and the list envelope.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::error::ApiError;
use crate::store::page::{DEFAULT_LIMIT, MAX_LIMIT, Page, PageRequest};

/// `{"items": [...], "next_cursor": "…" | null}`.
#[derive(Serialize)]
pub struct List<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

impl<T> List<T> {
    /// Wraps a page; the cursor points after its last item's key.
    pub fn from_page<M>(
        page: Page<M>,
        key: impl Fn(&M) -> String,
        view: impl FnMut(M) -> T,
    ) -> Self {
        let next_cursor = match (page.has_more, page.items.last()) {
            (true, Some(last)) => Some(URL_SAFE_NO_PAD.encode(key(last))),
            _ => None,
        };
        List {
            items: page.items.into_iter().map(view).collect(),
            next_cursor,
        }
    }
}

/// The query of a list that takes nothing but a page: `limit` and `cursor`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

/// Checks `limit` (1..=200) and decodes a cursor made by [`List::from_page`].
pub fn page_request(
    limit: Option<u64>,
    cursor: Option<&str>,
) -> Result<PageRequest<Uuid>, ApiError> {
    let limit = limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::InvalidQuery(format!(
            "limit must be between 1 and {MAX_LIMIT}"
        )));
    }
    // An empty cursor is the first page, as if none was sent.
    let after = cursor
        .filter(|c| !c.is_empty())
        .map(|c| {
            URL_SAFE_NO_PAD
                .decode(c)
                .ok()
                .and_then(|bytes| String::from_utf8(bytes).ok())
                .and_then(|text| Uuid::parse_str(&text).ok())
                .ok_or_else(|| {
                    ApiError::InvalidQuery("cursor is not one this server issued".into())
                })
        })
        .transpose()?;
    Ok(PageRequest { limit, after })
}
