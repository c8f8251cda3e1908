//! For operators and tools: the metrics and the API description.

use actix_web::{HttpRequest, HttpResponse, http::header, web};

use crate::{
    http::{AppState, error::ApiError},
    metrics::Metrics,
};

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
