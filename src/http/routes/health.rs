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

/// Longest a readiness check waits for the database: a load balancer
/// needs its answer before its own probe times out.
const READY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(2);

/// Ready: the database answers too, within [`READY_TIMEOUT`].
pub async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let unavailable = || ApiError::Unavailable("the database is not reachable".to_string());
    match tokio::time::timeout(READY_TIMEOUT, store::ping(&state.db)).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "readiness check failed");
            return Err(unavailable());
        }
        Err(_) => {
            tracing::warn!("readiness check timed out");
            return Err(unavailable());
        }
    }
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
