//! One line per request: method, route pattern, status, duration, request
//! id and user id — at info, at warn for a 4xx (with the problem's code),
//! at error for a 5xx (whose cause `error.rs` has logged already). The
//! line is written outside the request's span so that it stays short.

use std::time::Instant;

use actix_web::{
    Error, HttpMessage,
    body::MessageBody,
    dev::{ServiceRequest, ServiceResponse},
    http::Method,
};
use uuid::Uuid;

use super::{error::ApiError, request_id::RequestId};

/// The signed-in caller's id, left in the request's extensions by the
/// `Caller` extractor for this line.
#[derive(Clone, Copy, Debug)]
pub struct UserId(pub Uuid);

/// The route pattern of a request (`/api/v1/tickets/{id}`), or `unmatched`
/// when no route took it, so that a path scan cannot flood labels or logs.
pub fn route_of(req: &actix_web::HttpRequest) -> String {
    req.match_pattern()
        .unwrap_or_else(|| "unmatched".to_string())
}

/// The method as a metric label: the standard ones, else `other`, so that
/// made-up methods cannot flood the labels either.
fn method_label(method: &Method) -> &'static str {
    const KNOWN: [&str; 9] = [
        "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE",
    ];
    KNOWN
        .into_iter()
        .find(|known| *known == method.as_str())
        .unwrap_or("other")
}

pub async fn middleware(
    req: ServiceRequest,
    next: actix_web::middleware::Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let started = Instant::now();
    let method = req.method().clone();
    let response = next.call(req).await?;
    let elapsed = started.elapsed();
    let request = response.request();
    let route = route_of(request);
    let status = response.status().as_u16();
    let request_id = request
        .extensions()
        .get::<RequestId>()
        .map(|r| r.0.clone())
        .unwrap_or_default();
    let user_id = request
        .extensions()
        .get::<UserId>()
        .map(|u| u.0.to_string())
        .unwrap_or_else(|| "-".to_string());
    if let Some(metrics) = request.app_data::<actix_web::web::Data<crate::metrics::Metrics>>() {
        metrics.observe_request(method_label(&method), &route, status, elapsed);
    }
    let duration_ms = elapsed.as_secs_f64() * 1000.0;
    let duration_ms = (duration_ms * 10.0).round() / 10.0;
    if status >= 500 {
        tracing::error!(%method, %route, status, duration_ms, %request_id, %user_id, "request");
    } else if status >= 400 {
        let code = response
            .response()
            .error()
            .and_then(|e| e.as_error::<ApiError>())
            .map(ApiError::code)
            .unwrap_or("-");
        tracing::warn!(%method, %route, status, code, duration_ms, %request_id, %user_id, "request");
    } else {
        tracing::info!(%method, %route, status, duration_ms, %request_id, %user_id, "request");
    }
    Ok(response)
}
