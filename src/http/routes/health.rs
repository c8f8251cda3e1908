//! What operators and tools probe: liveness, readiness, the metrics and
//! the API description.

use actix_web::{HttpRequest, HttpResponse, http::header, web};
use serde_json::json;

use crate::{
    http::{AppState, error::ApiError},
    metrics::Metrics,
    store,
};

/// Alive: the process answers. Touches nothing else.
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(json!({"status": "ok"}))
}

/// Ready: the database answers too.
pub async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    store::ping(&state.db).await.map_err(|e| {
        tracing::warn!(error = %e, "readiness check failed");
        ApiError::Unavailable("the database is not reachable".to_string())
    })?;
    Ok(HttpResponse::Ok().json(json!({"status": "ready", "database": "ok"})))
}

/// The API description, the very file in the repository, built in.
pub const OPENAPI_YAML: &str = include_str!("../../../openapi.yaml");

/// Prometheus text format; with a metrics token configured, only for
/// `Authorization: Bearer <token>`.
pub async fn metrics(
    req: HttpRequest,
    state: web::Data<AppState>,
    metrics: web::Data<Metrics>,
) -> Result<HttpResponse, ApiError> {
    let authorization = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    if !metrics.allows(authorization) {
        return Err(ApiError::Unauthenticated);
    }
    let text = metrics.render(&state.db).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(text))
}

pub async fn openapi() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/yaml")
        .body(OPENAPI_YAML)
}
