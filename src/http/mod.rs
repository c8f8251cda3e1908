//! The HTTP layer: routes, extractors, problem answers.

pub mod caller;
pub mod error;
pub mod json;
pub mod pagination;
pub mod request_id;
mod respond;
pub mod routes;
mod table;

use std::sync::Arc;

use sea_orm::DatabaseConnection;

pub use respond::created;
pub use table::{ApiRoute, configure, route_table};

use crate::{
    auth::{Passwords, TokenKeys},
    clock::Clock,
    workflow::WorkflowConfig,
};

/// What every handler can reach. Cheap to clone; holds no state that
/// several instances would need to share (that lives in the database).
pub struct AppState {
    pub db: DatabaseConnection,
    pub clock: Arc<dyn Clock>,
    pub keys: TokenKeys,
    pub passwords: Passwords,
    pub refresh_ttl: std::time::Duration,
    pub workflow: WorkflowConfig,
}
