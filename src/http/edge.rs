//! The edge of the service: checks every request passes before routing
//! (the length of its URI, the text rule over its path and query string —
//! see [`super::text`]), the security headers on every answer, and CORS.

use actix_cors::Cors;
use actix_web::{
    Error,
    body::{EitherBody, MessageBody},
    dev::{ServiceRequest, ServiceResponse},
    http::header,
    middleware::{Condition, DefaultHeaders, Next},
};

use super::{error::ApiError, text};

/// Longest request target (path and query) served. Longer ones answer 414
/// here; past 64 KiB the HTTP parser itself refuses them with a bare 400
/// (actix-http answers parse errors before any service runs; openapi.yaml
/// says so).
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

/// What every answer carries, and who may call from a browser.
#[derive(Debug, Clone, Default)]
pub struct EdgeConfig {
    /// `Strict-Transport-Security: max-age=…` on every answer; only for a
    /// deployment served over TLS (`HUYING_HSTS_MAX_AGE_SECS`).
    pub hsts_max_age_secs: Option<u64>,
    /// Browser origins allowed to call the API (`HUYING_CORS_ORIGINS`),
    /// exactly as `scheme://host[:port]`. None by default: no CORS headers.
    pub cors_origins: Vec<String>,
}

/// For the pages the binary serves (a same-origin Vue app): scripts,
/// styles, fonts and images from the same origin only — no inline script;
/// `data:` images and fonts, which the app's bundler inlines when small.
/// Nothing may frame the pages.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
    style-src 'self'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; \
    object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// Security headers added to every answer that does not set its own.
pub fn default_headers(config: &EdgeConfig) -> DefaultHeaders {
    let mut headers = DefaultHeaders::new()
        .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .add((header::REFERRER_POLICY, "no-referrer"))
        .add((header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY))
        .add((header::X_FRAME_OPTIONS, "DENY"));
    if let Some(age) = config.hsts_max_age_secs {
        headers = headers.add((
            header::STRICT_TRANSPORT_SECURITY,
            format!("max-age={age}; includeSubDomains"),
        ));
    }
    headers
}

/// CORS for the configured origins only, never `*`, without credentials
/// (the API takes bearer tokens, not cookies). With no origin configured
/// the middleware is off and browsers keep their same-origin rule.
pub fn cors(config: &EdgeConfig) -> Condition<Cors> {
    let mut cors = Cors::default()
        .allowed_methods(["GET", "POST", "PUT", "PATCH", "DELETE"])
        .allowed_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT,
            header::IF_MATCH,
            header::IF_NONE_MATCH,
            header::HeaderName::from_static("idempotency-key"),
            header::HeaderName::from_static("x-request-id"),
        ])
        .expose_headers([
            header::ETAG,
            header::LOCATION,
            header::RETRY_AFTER,
            header::HeaderName::from_static("x-request-id"),
            header::HeaderName::from_static("x-next-cursor"),
            header::HeaderName::from_static("idempotent-replayed"),
        ])
        .max_age(3600);
    for origin in &config.cors_origins {
        cors = cors.allowed_origin(origin);
    }
    Condition::new(!config.cors_origins.is_empty(), cors)
}

/// Parses `HUYING_CORS_ORIGINS`: comma-separated `scheme://host[:port]`.
pub fn parse_origins(text: &str) -> Result<Vec<String>, String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|origin| {
            let ok = (origin.starts_with("https://") || origin.starts_with("http://"))
                && !origin.ends_with('/')
                && origin.split("://").nth(1).is_some_and(|host| {
                    !host.is_empty() && !host.contains(['/', '*', ' ', '?', '#'])
                });
            if ok {
                Ok(origin.to_string())
            } else {
                Err(format!(
                    "{origin:?} is not an origin like https://app.example.cn"
                ))
            }
        })
        .collect()
}
