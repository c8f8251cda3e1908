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
use uuid::Uuid;

use crate::{
    http::{AppState, caller::Caller, error::ApiError},
    workflow::{self, Acting},
};

pub async fn show(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let who = Acting::of(&caller.user);
    let t = workflow::visible(&state.db, &who, *id).await?;
    view::respond(&state, &who, t).await
}

/// The versions `If-Match` accepts, if the client sent the header: a
/// list of entity tags (RFC 9110), strong or weak, or `*` for any. A tag
/// this server never issued matches nothing, so it ends in 412.
pub fn if_match(req: &HttpRequest) -> Option<Vec<i32>> {
    let value = req.headers().get(header::IF_MATCH)?;
    let text = value.to_str().unwrap_or("");
    if text.trim() == "*" {
        return None;
    }
    Some(
        text.split(',')
            .filter_map(|tag| {
                tag.trim()
                    .trim_start_matches("W/")
                    .strip_prefix('"')?
                    .strip_suffix('"')?
                    .parse::<i32>()
                    .ok()
            })
            .collect(),
    )
}
