//! The web app, embedded from `web/dist` at compile time, so `huying serve`
//! alone serves the whole product (no CDN, no separate web server).
//!
//! Content-hashed assets (`/assets/*`) are cached for good; `index.html`,
//! the service worker and the manifest are revalidated on every load so a
//! new release shows at once. A page load (`Accept: text/html`) at a path
//! that is not a file is a client route and gets `index.html`; `/api/...`,
//! missing assets and non-browser clients keep the API's 404 problem+json.

use actix_web::{
    HttpRequest, HttpResponse,
    http::{
        Method,
        header::{self, HeaderValue},
    },
};
use rust_embed::{Embed, EmbeddedFile};

use super::error::ApiError;

#[derive(Embed)]
#[folder = "web/dist/"]
struct Bundle;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";
const DAY: &str = "public, max-age=86400";

/// The app needs nothing but its own origin: no inline script or style, no
/// eval, no CDN. Sent with the app's pages, so a regression shows as a CSP
/// error in the browser tests.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
    img-src 'self' data:; font-src 'self' data:; connect-src 'self'; manifest-src 'self'; \
    worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
    frame-ancestors 'none'";

fn not_found() -> ApiError {
    ApiError::NotFound("no route matches this path".into())
}

/// The default service: what the route table does not serve.
pub async fn serve(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let path = req.path();
    if path == "/api" || path.starts_with("/api/") {
        return Err(not_found());
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return Err(not_found());
    }
    let name = path.trim_start_matches('/');
    if !name.is_empty()
        && let Some(file) = Bundle::get(name)
    {
        if accepts_gzip(&req)
            && let Some(packed) = Bundle::get(&format!("{name}.gz"))
        {
            return Ok(respond_gzip(&req, name, &file, packed));
        }
        return Ok(respond(&req, name, file));
    }
    // A browser loading a page (it accepts HTML) at a client route gets the
    // app, which routes it; anything else keeps the API's 404. A name with
    // an extension or under assets/ was meant as a file.
    let last = name.rsplit('/').next().unwrap_or_default();
    if !name.is_empty() && (!wants_html(&req) || name.starts_with("assets/") || last.contains('.'))
    {
        return Err(not_found());
    }
    let index = Bundle::get("index.html").ok_or_else(not_found)?;
    Ok(respond(&req, "index.html", index))
}

fn cache_policy(name: &str) -> &'static str {
    if name.starts_with("assets/") {
        IMMUTABLE
    } else if name.starts_with("icons/") {
        DAY
    } else {
        REVALIDATE
    }
}

fn wants_html(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().contains("text/html"))
}

fn accepts_gzip(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',').any(|coding| {
                let mut parts = coding.split(';');
                let name = parts.next().unwrap_or_default().trim();
                let refused =
                    parts.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
                name.eq_ignore_ascii_case("gzip") && !refused
            })
        })
}

/// The build's gzip copy of `name` (see web/vite.config.ts), typed as the
/// original; its own tag, since the bytes differ.
fn respond_gzip(
    req: &HttpRequest,
    name: &str,
    original: &EmbeddedFile,
    packed: EmbeddedFile,
) -> HttpResponse {
    let mut response = respond(req, name, packed);
    let ok = response.status() == actix_web::http::StatusCode::OK;
    let headers = response.headers_mut();
    if let Ok(kind) = HeaderValue::from_str(original.metadata.mimetype()) {
        headers.insert(header::CONTENT_TYPE, kind);
    }
    if ok {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    response
}

fn respond(req: &HttpRequest, name: &str, file: EmbeddedFile) -> HttpResponse {
    let hash = file.metadata.sha256_hash();
    let etag = format!(
        "\"{}\"",
        hash.iter()
            .take(16)
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    let cache = cache_policy(name);
    let matches = super::etag::none_match(req, &etag);
    let mut builder = if matches {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    builder
        .insert_header((header::CACHE_CONTROL, HeaderValue::from_static(cache)))
        .insert_header((header::ETAG, etag));
    if name.ends_with(".html") {
        builder.insert_header((
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ));
    }
    if matches {
        return builder.finish();
    }
    builder
        .insert_header((header::CONTENT_TYPE, file.metadata.mimetype()))
        .body(file.data.into_owned())
}
