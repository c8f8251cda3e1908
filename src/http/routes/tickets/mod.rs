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
    let t = workflow::visible(&state.db, &Acting::of(&caller.user), *id).await?;
    view::respond(&state, t).await
}

/// The version named by `If-Match`, if the client sent one. `*` matches
/// any version; anything but one of our ETags is a 400.
pub fn if_match(req: &HttpRequest) -> Result<Option<i32>, ApiError> {
    let Some(value) = req.headers().get(header::IF_MATCH) else {
        return Ok(None);
    };
    let text = value.to_str().unwrap_or("").trim();
    if text == "*" {
        return Ok(None);
    }
    text.trim_start_matches("W/")
        .trim_matches('"')
        .parse::<i32>()
        .map(Some)
        .map_err(|_| {
            ApiError::BadRequest(
                "If-Match must be one ETag this server issued, like \"3\"".to_string(),
            )
        })
}
