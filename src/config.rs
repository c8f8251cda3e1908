//! Settings, read once from the environment (and the command line).

use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};

use crate::{
    http::{edge::EdgeConfig, throttle::ThrottleConfig},
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
    /// How long a request waits for a database connection before its 503.
    pub db_acquire_timeout: Duration,
    /// How many argon2 hashes may run at once (each takes 19 MiB).
    pub max_concurrent_hashes: usize,
    /// Worker threads of the HTTP server; `None` means one per core.
    pub workers: Option<usize>,
    /// When set, `/metrics` answers only `Authorization: Bearer <token>`.
    pub metrics_token: Option<SecretString>,
    /// The workflow's rules: `HUYING_REOPEN_WINDOW_DAYS`,
    /// `HUYING_RETURN_WINDOW_WORKING_DAYS`, `HUYING_MAX_EXTENSIONS` and
    /// `HUYING_INFO_REQUEST_WORKING_DAYS` (how many working days, in the
    /// ticket's calendar, a ticket waits on the enterprise's answer before
    /// the SLA job hands it back to work; default 5).
    pub workflow: WorkflowConfig,
    /// How often the SLA job runs; `None` turns it off (tests step it).
    pub sla_tick: Option<Duration>,
    pub sla_job: SlaJobConfig,
    pub throttle: ThrottleConfig,
    pub edge: EdgeConfig,
    /// The webhook worker and its delivery rules.
    pub webhooks: WebhookConfig,
    /// How long a live-update stream may stay silent before a heartbeat
    /// comment goes out, so proxies keep idle streams open.
    pub stream_heartbeat: Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "HUYING_JWT_SECRET is not set: set it to 32 or more random bytes \
         (e.g. HUYING_JWT_SECRET=$(openssl rand -hex 32)), or HUYING_DEV=1 for a throw-away one"
    )]
    MissingJwtSecret,
    #[error(
        "HUYING_JWT_SECRET=**** is {0} bytes long: it must be 32 or more \
         (e.g. HUYING_JWT_SECRET=$(openssl rand -hex 32))"
    )]
    ShortJwtSecret(usize),
    #[error("could not make a random secret: {0}")]
    Random(String),
}

/// A start-up failure, said in one line that names the setting, its value
/// (passwords masked) and the fix.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    /// A setting is wrong; starting again will not help until it is fixed.
    #[error("{0}")]
    Config(String),
    /// Something outside is not there (yet): the database does not answer,
    /// the port is taken. Starting again later may work.
    #[error("{0}")]
    Environment(String),
}

/// Exit code 2: a setting must change (the same code clap uses for a bad
/// command line). Exit code 1: anything else, including what may pass by
/// itself, like a database that does not answer yet.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    let misconfigured = err.chain().any(|cause| {
        cause.is::<ConfigError>()
            || matches!(
                cause.downcast_ref::<StartupError>(),
                Some(StartupError::Config(_))
            )
            || matches!(
                cause.downcast_ref::<crate::store::StoreError>(),
                Some(crate::store::StoreError::Config(_))
            )
    });
    if misconfigured { 2 } else { 1 }
}

/// The URL with its password replaced by `****`, fit for a message or a log.
pub fn mask_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((user_info, host)) => match user_info.split_once(':') {
            Some((user, _password)) => format!("{scheme}://{user}:****@{host}{tail}"),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
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
            db_acquire_timeout: crate::store::DEFAULT_ACQUIRE_TIMEOUT,
            max_concurrent_hashes: 4,
            workers: None,
            metrics_token: None,
            workflow: WorkflowConfig::default(),
            sla_tick: Some(Duration::from_secs(60)),
            sla_job: SlaJobConfig::default(),
            throttle: ThrottleConfig::default(),
            edge: EdgeConfig::default(),
            webhooks: WebhookConfig::default(),
            stream_heartbeat: Duration::from_secs(15),
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
        Some(secret) if secret.len() < 32 => Err(ConfigError::ShortJwtSecret(secret.len())),
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
            _ => Err(StartupError::Config(format!(
                "{name}={text} is not valid: give a whole number from {} to {}, or unset it",
                range.start(),
                range.end()
            ))
            .into()),
        },
    }
}

/// A whole number of days from the environment variable `name`, if set.
pub fn days_from_env(name: &str) -> anyhow::Result<Option<chrono::Duration>> {
    match std::env::var(name) {
        Err(_) => Ok(None),
        Ok(text) => match text.trim().parse::<u16>() {
            Ok(days) if days > 0 => Ok(Some(chrono::Duration::days(i64::from(days)))),
            _ => Err(StartupError::Config(format!(
                "{name}={text} is not valid: give a whole number of days from 1 to 65535, or unset it"
            ))
            .into()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_masked_and_nothing_else_changes() {
        assert_eq!(
            mask_url("postgres://app:s3cr@t@db.example:5433/huying?sslmode=require"),
            "postgres://app:****@db.example:5433/huying?sslmode=require"
        );
        assert_eq!(
            mask_url("postgres://app@db/huying"),
            "postgres://app@db/huying"
        );
        assert_eq!(mask_url("sqlite://huying.db"), "sqlite://huying.db");
        assert_eq!(mask_url("not a url"), "not a url");
    }

    #[test]
    fn configuration_errors_exit_with_2() {
        let config = anyhow::Error::from(StartupError::Config("x".into()));
        assert_eq!(exit_code(&config), 2);
        assert_eq!(exit_code(&ConfigError::MissingJwtSecret.into()), 2);
        let wrapped = anyhow::Error::from(StartupError::Config("x".into())).context("starting");
        assert_eq!(exit_code(&wrapped), 2);
        assert_eq!(exit_code(&StartupError::Environment("x".into()).into()), 1);
        assert_eq!(exit_code(&anyhow::anyhow!("other")), 1);
    }
}
