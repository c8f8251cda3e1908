//! The webhook worker: claims due deliveries, signs and sends them, and
//! records what came of it. Every instance runs one; the claim (see
//! [`crate::store::webhooks`]) keeps them from sending one delivery at the
//! same time, and the lease brings back a delivery whose sender died.
//!
//! Delivery is scheduled in wall time (not the injected clock): it is about
//! real seconds on a real network.

use std::{
    collections::HashMap,
    net::SocketAddr,
    sync::Arc,
    time::{Duration, Instant},
};

use chrono::Utc;
use futures_util::future::join_all;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use sea_orm::DatabaseConnection;

use crate::{
    domain::notification::webhook::{backoff, check_target, is_public, sign},
    metrics::Metrics,
    store::{
        StoreError,
        webhooks::{self, Delivery, Endpoint, Outcome, RetryRules},
    },
};

#[derive(Debug, Clone, Copy)]
pub struct WebhookConfig {
    /// How often the worker looks for due deliveries; `None` turns it off.
    pub poll: Option<Duration>,
    /// Attempts after which a delivery is dead (`HUYING_WEBHOOK_MAX_ATTEMPTS`).
    pub max_attempts: i32,
    /// Failures in a row that turn an endpoint off (`HUYING_WEBHOOK_DISABLE_AFTER`).
    pub disable_after: i32,
    /// The first retry's delay, doubled per attempt up to `backoff_max`.
    pub backoff_base: Duration,
    pub backoff_max: Duration,
    /// The whole request, connecting included.
    pub timeout: Duration,
    /// How long a claimed delivery is someone's before others may retry it.
    pub lease: Duration,
    /// Whether private and loopback targets are allowed
    /// (`HUYING_WEBHOOK_ALLOW_PRIVATE=1`: tests and on-premises relays).
    pub allow_private: bool,
    /// Deliveries claimed at once.
    pub batch: u64,
}

impl Default for WebhookConfig {
    fn default() -> Self {
        WebhookConfig {
            poll: Some(Duration::from_millis(250)),
            max_attempts: 8,
            disable_after: 50,
            backoff_base: Duration::from_secs(5),
            backoff_max: Duration::from_secs(3600),
            timeout: Duration::from_secs(10),
            lease: Duration::from_secs(60),
            allow_private: false,
            batch: 32,
        }
    }
}

/// Resolves host names and keeps only the addresses a webhook may reach,
/// so a name that points inside the network is refused at every request
/// (not only when the endpoint was registered).
struct GuardedResolver {
    allow_private: bool,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow = self.allow_private;
        let host = name.as_str().to_string();
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .filter(|a| allow || is_public(a.ip()))
                .collect();
            if found.is_empty() {
                return Err(format!("{host} resolves to no public address").into());
            }
            Ok(Box::new(found.into_iter()) as Addrs)
        })
    }
}

/// The HTTP client of the worker: no redirects, no proxies, timeouts.
pub fn client(config: &WebhookConfig) -> Result<reqwest::Client, reqwest::Error> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .timeout(config.timeout)
        .connect_timeout(config.timeout.min(Duration::from_secs(5)))
        .dns_resolver(Arc::new(GuardedResolver {
            allow_private: config.allow_private,
        }))
        .user_agent(concat!("huying-webhooks/", env!("CARGO_PKG_VERSION")))
        .build()
}

/// One attempt at one delivery.
async fn send(
    client: &reqwest::Client,
    config: &WebhookConfig,
    ep: &Endpoint,
    d: &Delivery,
) -> Outcome {
    let failed = |error: String| Outcome::Failed { code: None, error };
    let url = match reqwest::Url::parse(&ep.url) {
        Ok(u) => u,
        Err(e) => return failed(format!("bad URL: {e}")),
    };
    if let Err(e) = check_target(&url, config.allow_private) {
        return failed(format!("refused target: {e}"));
    }
    let body = match serde_json::to_vec(&d.payload) {
        Ok(b) => b,
        Err(e) => return failed(e.to_string()),
    };
    let id = d.id.to_string();
    let timestamp = Utc::now().timestamp();
    let signature = sign(&ep.secret, &id, timestamp, &body);
    let sent = client
        .post(url)
        .header("content-type", "application/json")
        .header("webhook-id", &id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", signature)
        .body(body)
        .send()
        .await;
    match sent {
        Ok(r) if r.status().is_success() => Outcome::Delivered {
            code: r.status().as_u16(),
        },
        Ok(r) => Outcome::Failed {
            code: Some(r.status().as_u16()),
            error: format!("the endpoint answered {}", r.status()),
        },
        Err(e) => {
            let mut text = e.to_string();
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                text.push_str(": ");
                text.push_str(&s.to_string());
                source = s.source();
            }
            failed(text)
        }
    }
}

fn jitter() -> f64 {
    let mut b = [0u8; 2];
    match getrandom::fill(&mut b) {
        Ok(()) => f64::from(u16::from_le_bytes(b)) / f64::from(u16::MAX),
        Err(_) => 0.5,
    }
}

/// Claims, sends and records one batch; returns how many were attempted.
pub async fn run_once(
    db: &DatabaseConnection,
    client: &reqwest::Client,
    config: &WebhookConfig,
    metrics: &Metrics,
) -> Result<usize, StoreError> {
    let now = crate::clock::to_micros(Utc::now());
    let lease = chrono::Duration::from_std(config.lease).unwrap_or(chrono::Duration::seconds(60));
    let claimed = webhooks::claim(db, now, lease, config.batch).await?;
    if claimed.is_empty() {
        return Ok(0);
    }
    let ids = claimed.iter().map(|d| d.endpoint_id).collect();
    let endpoints: HashMap<_, _> = webhooks::endpoints_by_id(db, ids)
        .await?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();
    let outcomes = join_all(claimed.iter().map(|d| async {
        let started = Instant::now();
        let outcome = match endpoints.get(&d.endpoint_id) {
            Some(ep) => send(client, config, ep, d).await,
            None => Outcome::Failed {
                code: None,
                error: "the endpoint is gone".into(),
            },
        };
        (outcome, started.elapsed())
    }))
    .await;
    let rules = RetryRules {
        max_attempts: config.max_attempts,
        disable_after: config.disable_after,
    };
    // One commit for the batch's outcomes rather than one per statement.
    let tx = crate::store::write_tx(db).await?;
    let mut settled = Vec::with_capacity(claimed.len());
    for (d, (outcome, took)) in claimed.iter().zip(outcomes) {
        let now = crate::clock::to_micros(Utc::now());
        let wait = backoff(
            d.attempts,
            config.backoff_base,
            config.backoff_max,
            jitter(),
        );
        let retry_at = now + chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::hours(1));
        if let Outcome::Failed { error, .. } = &outcome {
            tracing::info!(delivery = %d.id, attempt = d.attempts, %error, "webhook delivery failed");
        }
        let s = webhooks::record(&tx, d, outcome, rules, now, retry_at).await?;
        settled.push((s, took));
    }
    tx.commit().await?;
    // Counted once the outcomes are stored, so the counters match the log.
    for (s, took) in settled {
        metrics.observe_webhook_attempt(s, took);
    }
    Ok(claimed.len())
}

/// Runs the worker until the handle is aborted. A full batch is followed
/// at once by the next; otherwise the worker waits for the next poll or
/// for `wake` (a commit announced by this or another instance).
pub fn spawn(
    db: DatabaseConnection,
    config: WebhookConfig,
    wake: Arc<tokio::sync::Notify>,
    metrics: Arc<Metrics>,
) -> Option<tokio::task::JoinHandle<()>> {
    let every = config.poll?;
    let client = match client(&config) {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, "webhook worker cannot start");
            return None;
        }
    };
    Some(tokio::spawn(async move {
        loop {
            match run_once(&db, &client, &config, &metrics).await {
                Ok(n) if n as u64 >= config.batch => continue,
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "webhook worker pass failed"),
            }
            tokio::select! {
                _ = tokio::time::sleep(every) => {}
                _ = wake.notified() => {}
            }
        }
    }))
}
