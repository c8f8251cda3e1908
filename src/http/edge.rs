//! Checks every request passes before routing: the length of its URI and
//! the text rule over its path and query string (see [`super::text`]).

use actix_web::{
    Error,
    body::{EitherBody, MessageBody},
    dev::{ServiceRequest, ServiceResponse},
    middleware::Next,
};

use super::{error::ApiError, text};

/// Longest request target (path and query) served. Longer ones answer 414
/// here; past 64 KiB the HTTP parser itself refuses them with a bare 400.
pub const MAX_URI_BYTES: usize = 8 * 1024;

pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    if let Err(refused) = check(&req) {
        return Ok(req.error_response(refused).map_into_right_body());
    }
    Ok(next.call(req).await?.map_into_left_body())
}

fn check(req: &ServiceRequest) -> Result<(), ApiError> {
    let uri = req.uri();
    let length = uri.path_and_query().map_or(0, |pq| pq.as_str().len());
    if length > MAX_URI_BYTES {
        return Err(ApiError::UriTooLong(MAX_URI_BYTES));
    }
    // A path segment becomes an id or a code: one that holds a control
    // character names nothing.
    let path = percent_encoding::percent_decode_str(uri.path()).decode_utf8_lossy();
    if text::refusal(&path, false).is_some() {
        return Err(ApiError::NotFound("no such resource".into()));
    }
    text::check_query(req.query_string())
}
