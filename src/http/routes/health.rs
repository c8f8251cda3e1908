//! Liveness and readiness probes.

use actix_web::{HttpResponse, web};
use serde_json::json;

use crate::{
    http::{AppState, error::ApiError},
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
