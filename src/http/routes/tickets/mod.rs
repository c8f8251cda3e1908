//! Tickets: filing, the list, one ticket, the workflow's actions, comments,
//! the timeline and bulk dispatch. The rules live in `crate::workflow`.

pub mod actions;
pub mod bulk;
pub mod comments;
pub mod events;
pub mod extensions;
pub mod file;
pub mod list;
pub mod view;

use actix_web::{HttpRequest, HttpResponse, http::header, web};

use crate::domain::ids::TicketId;
use crate::{
    http::{AppState, caller::Caller, error::ApiError, etag},
    workflow::{self, Acting},
};

/// `GET /api/v1/tickets/{id}`: the ticket, or 304 with its ETag when the
/// client's `If-None-Match` names its current version (or is `*`).
pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<TicketId>,
) -> Result<HttpResponse, ApiError> {
    let who = Acting::of(&caller.user);
    let t = workflow::visible(&state.db, &who, *id).await?;
    let tag = view::etag(t.version);
    if etag::none_match(&req, &tag) {
        return Ok(HttpResponse::NotModified()
            .insert_header((header::ETAG, tag))
            .finish());
    }
    view::respond(&state, &who, t).await
}

/// The versions `If-Match` accepts, if the client sent the header: the
/// strong entity tags of its list, or `None` for `*` (any). Tags compare
/// strongly (RFC 9110 §13.1.1): a weak tag `W/"3"` matches nothing, nor
/// does a tag this server never issued, so either ends in 412.
pub fn if_match(req: &HttpRequest) -> Option<Vec<i32>> {
    let value = req.headers().get(header::IF_MATCH)?;
    let text = value.to_str().unwrap_or("");
    let tags = etag::Condition::parse(text).strong_tags()?;
    Some(
        tags.into_iter()
            // Octet for octet: `"03"` is not the tag `"3"`.
            .filter_map(|tag| tag.parse::<i32>().ok().filter(|v| v.to_string() == tag))
            .collect(),
    )
}
