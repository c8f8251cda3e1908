//! The HTTP layer: routes, extractors, problem answers.

pub mod access_log;
pub mod caller;
pub mod edge;
pub mod error;
pub mod etag;
pub mod json;
mod json_strict;
pub mod language;
pub mod pagination;
pub mod request_id;
mod respond;
pub mod routes;
mod table;
pub mod text;
pub mod throttle;
pub mod web;

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
    pub throttle: throttle::ThrottleConfig,
    pub webhooks: crate::jobs::webhooks::WebhookConfig,
    /// Wakes the live streams when something commits.
    pub hub: crate::jobs::listen::Hub,
    /// Signs stream tickets (`?ticket=`); derived from the JWT secret.
    pub stream_key: Vec<u8>,
    /// Silence after which a stream sends a heartbeat comment.
    pub stream_heartbeat: std::time::Duration,
}
