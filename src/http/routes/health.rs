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
