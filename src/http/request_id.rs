//! Request ids: a client's `X-Request-Id` is kept if it is short and plain
//! (so it cannot forge log lines), otherwise a new one is made; either way
//! it is on the request's span, hence on every log line, and echoed back.

use actix_web::{
    Error, HttpMessage,
    body::MessageBody,
    dev::{ServiceRequest, ServiceResponse},
    http::header::{HeaderName, HeaderValue},
    middleware::Next,
};
use tracing::Span;
use tracing_actix_web::RootSpanBuilder;
use uuid::Uuid;

pub const HEADER: HeaderName = HeaderName::from_static("x-request-id");

#[derive(Clone, Debug)]
pub struct RequestId(pub String);

fn acceptable(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
}

pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let id = req
        .headers()
        .get(&HEADER)
        .and_then(|v| v.to_str().ok())
        .filter(|v| acceptable(v))
        .map(str::to_string)
        .unwrap_or_else(|| Uuid::new_v4().to_string());
    req.extensions_mut().insert(RequestId(id.clone()));
    let mut response = next.call(req).await?;
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(HEADER, value);
    }
    Ok(response)
}

/// The root span of each request, carrying our request id and, once the
/// caller is known, the user id.
pub struct RootSpan;

impl RootSpanBuilder for RootSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        let request_id = request
            .extensions()
            .get::<RequestId>()
            .map(|r| r.0.clone())
            .unwrap_or_default();
        tracing::info_span!(
            "http_request",
            http.method = %request.method(),
            http.route = request.match_pattern().unwrap_or_default(),
            http.target = %request.uri().path(),
            http.status_code = tracing::field::Empty,
            request_id = %request_id,
            user_id = tracing::field::Empty,
            otel.status_code = tracing::field::Empty,
        )
    }

    /// Records only the status: the access log (see `http::access_log`)
    /// says the rest in one line, and the error's text is not repeated
    /// on the span.
    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        let status = match outcome {
            Ok(response) => response.status(),
            Err(error) => error.as_response_error().status_code(),
        };
        span.record("http.status_code", status.as_u16());
        span.record(
            "otel.status_code",
            if status.is_server_error() {
                "ERROR"
            } else {
                "OK"
            },
        );
    }
}
