//! Checks that an id in a request body names an existing record, so the
//! client hears which field is wrong (422) instead of a bare constraint error.

use uuid::Uuid;

use crate::{
    http::{AppState, error::ApiError},
    store,
};

pub async fn department(state: &AppState, field: &str, id: Uuid) -> Result<(), ApiError> {
    match store::organisations::get_department(&state.db, id).await? {
        Some(_) => Ok(()),
        None => Err(ApiError::field(field, "no such department")),
    }
}

pub async fn policy(state: &AppState, field: &str, id: Option<Uuid>) -> Result<(), ApiError> {
    let Some(id) = id else { return Ok(()) };
    match store::catalogue::get_policy(&state.db, id).await? {
        Some(_) => Ok(()),
        None => Err(ApiError::field(field, "no such SLA policy")),
    }
}

pub async fn category(state: &AppState, field: &str, code: &str) -> Result<(), ApiError> {
    match store::catalogue::get_category(&state.db, code).await? {
        Some(_) => Ok(()),
        None => Err(ApiError::field(field, "no such category")),
    }
}

pub async fn calendar(state: &AppState, field: &str, id: Uuid) -> Result<(), ApiError> {
    match store::calendars::get_calendar(&state.db, id).await? {
        Some(_) => Ok(()),
        None => Err(ApiError::field(field, "no such calendar")),
    }
}
