//! Settings, read once from the environment (and the command line).

use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};

use crate::{
    jobs::{sla::SlaJobConfig, webhooks::WebhookConfig},
    workflow::WorkflowConfig,
};

/// Everything `huying serve` needs. Secrets are wrapped so they never reach a log.
#[derive(Debug, Clone)]
pub struct Settings {
    pub database_url: String,
    pub bind: String,
    pub jwt_secret: SecretString,
    pub access_token_ttl: Duration,
    pub refresh_token_ttl: Duration,
    /// Largest JSON body accepted, in bytes.
    pub json_limit: usize,
    pub db_max_connections: u32,
    /// How many argon2 hashes may run at once (each takes 19 MiB).
    pub max_concurrent_hashes: usize,
    /// Worker threads of the HTTP server; `None` means one per core.
    pub workers: Option<usize>,
    pub workflow: WorkflowConfig,
    /// How often the SLA job runs; `None` turns it off (tests step it).
    pub sla_tick: Option<Duration>,
    pub sla_job: SlaJobConfig,
    /// The webhook worker and its delivery rules.
    pub webhooks: WebhookConfig,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("HUYING_JWT_SECRET is required (or set HUYING_DEV=1 for a throw-away one)")]
    MissingJwtSecret,
    #[error("HUYING_JWT_SECRET must be at least 32 bytes long")]
    ShortJwtSecret,
    #[error("could not make a random secret: {0}")]
    Random(String),
}

pub const DEFAULT_DATABASE_URL: &str = "sqlite://huying.db";
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";

impl Settings {
    /// Settings with the defaults of the design and the given database and
    /// secret; the caller overrides what it needs.
    pub fn new(database_url: impl Into<String>, jwt_secret: SecretString) -> Self {
        Settings {
            database_url: database_url.into(),
            bind: DEFAULT_BIND.to_string(),
            jwt_secret,
            access_token_ttl: Duration::from_secs(15 * 60),
            refresh_token_ttl: Duration::from_secs(30 * 24 * 3600),
            json_limit: 256 * 1024,
            db_max_connections: 10,
            max_concurrent_hashes: 4,
            workers: None,
            workflow: WorkflowConfig::default(),
            sla_tick: Some(Duration::from_secs(60)),
            sla_job: SlaJobConfig::default(),
            webhooks: WebhookConfig::default(),
        }
    }
}

/// The JWT secret from `HUYING_JWT_SECRET`, or in dev mode a random one.
/// Returns whether the secret is a random one so the caller can say so.
pub fn jwt_secret(
    from_env: Option<String>,
    dev: bool,
) -> Result<(SecretString, bool), ConfigError> {
    match from_env.filter(|s| !s.is_empty()) {
        Some(secret) if secret.len() < 32 => Err(ConfigError::ShortJwtSecret),
        Some(secret) => Ok((SecretString::from(secret), false)),
        None if dev => {
            let mut bytes = [0u8; 32];
            getrandom::fill(&mut bytes).map_err(|e| ConfigError::Random(e.to_string()))?;
            let secret: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
            Ok((SecretString::from(secret), true))
        }
        None => Err(ConfigError::MissingJwtSecret),
    }
}

/// The bytes of the JWT secret, for the signing keys.
pub fn secret_bytes(secret: &SecretString) -> &[u8] {
    secret.expose_secret().as_bytes()
}

/// A whole number from the environment variable `name`, if set, within `range`.
pub fn number_from_env(
    name: &str,
    range: std::ops::RangeInclusive<u32>,
) -> anyhow::Result<Option<u32>> {
    match std::env::var(name) {
        Err(_) => Ok(None),
        Ok(text) => match text.trim().parse::<u32>() {
            Ok(n) if range.contains(&n) => Ok(Some(n)),
            _ => anyhow::bail!(
                "{name} must be a whole number from {} to {}",
                range.start(),
                range.end()
            ),
        },
    }
}

/// A whole number of days from the environment variable `name`, if set.
pub fn days_from_env(name: &str) -> anyhow::Result<Option<chrono::Duration>> {
    match std::env::var(name) {
        Err(_) => Ok(None),
        Ok(text) => match text.trim().parse::<u16>() {
            Ok(days) if days > 0 => Ok(Some(chrono::Duration::days(i64::from(days)))),
            _ => anyhow::bail!("{name} must be a whole number of days from 1 to 65535"),
        },
    }
}
