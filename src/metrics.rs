//! What an operator watches, in the Prometheus text format at `/metrics`:
//! request rates and latencies by route pattern and status, the database
//! pool, the SLA job, the open backlog, the webhook deliveries (waiting,
//! and every attempt's outcome) and the live-update streams.
//!
//! Each application has its own registry (tests run many in one process).
//! The backlog and webhook gauges come from grouped counts over indexed
//! columns, run at most once per [`BACKLOG_TTL`] however often Prometheus
//! scrapes.

use std::{
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use chrono::{DateTime, Utc};
use prometheus::{
    Encoder, Gauge, Histogram, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge,
    IntGaugeVec, Opts, Registry, TextEncoder,
};
use sea_orm::{DatabaseConnection, DbBackend};
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};

use crate::{
    domain::ticket::TicketStatus,
    jobs::sla::TickReport,
    store::{self, StoreError, webhooks::Settled},
};

/// How old the backlog gauges may be before a scrape counts again.
pub const BACKLOG_TTL: Duration = Duration::from_secs(15);

/// Latency buckets, in seconds: 1 ms to 10 s.
const LATENCY_BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

pub struct Metrics {
    registry: Registry,
    token: Option<SecretString>,
    http_requests: IntCounterVec,
    http_duration: HistogramVec,
    db_connections: IntGaugeVec,
    db_max_connections: IntGauge,
    sla_runs: IntCounterVec,
    sla_duration: Histogram,
    sla_cards: IntCounterVec,
    sla_auto_closed: IntCounter,
    sla_last_run: Gauge,
    sla_lag: Gauge,
    tickets_open: IntGaugeVec,
    tickets_breached: IntGauge,
    webhook_deliveries: IntGaugeVec,
    webhook_lag: Gauge,
    webhook_attempts: IntCounterVec,
    webhook_duration: Histogram,
    stream_connections: IntGauge,
    stream_messages: IntCounterVec,
    last_run: Mutex<Option<Instant>>,
    backlog_at: tokio::sync::Mutex<Option<Instant>>,
}

/// An open live-update stream; closing it (dropping this) counts it off.
pub struct StreamGuard(Arc<Metrics>);

impl Drop for StreamGuard {
    fn drop(&mut self) {
        self.0.stream_connections.dec();
    }
}

#[derive(Debug, thiserror::Error)]
pub enum MetricsError {
    #[error("metric registration: {0}")]
    Prometheus(#[from] prometheus::Error),
}

fn register<T: prometheus::core::Collector + Clone + 'static>(
    registry: &Registry,
    metric: T,
) -> Result<T, MetricsError> {
    registry.register(Box::new(metric.clone()))?;
    Ok(metric)
}

impl Metrics {
    /// `token`: when set, a scrape must send `Authorization: Bearer <token>`.
    pub fn new(token: Option<SecretString>) -> Result<Self, MetricsError> {
        let r = Registry::new();
        Ok(Metrics {
            http_requests: register(
                &r,
                IntCounterVec::new(
                    Opts::new("huying_http_requests_total", "HTTP requests answered"),
                    &["method", "route", "status"],
                )?,
            )?,
            http_duration: register(
                &r,
                HistogramVec::new(
                    HistogramOpts::new(
                        "huying_http_request_duration_seconds",
                        "Time from the request's arrival to its answer",
                    )
                    .buckets(LATENCY_BUCKETS.to_vec()),
                    &["method", "route", "status"],
                )?,
            )?,
            db_connections: register(
                &r,
                IntGaugeVec::new(
                    Opts::new(
                        "huying_db_pool_connections",
                        "Open database connections by state (in_use, idle)",
                    ),
                    &["state"],
                )?,
            )?,
            db_max_connections: register(
                &r,
                IntGauge::new(
                    "huying_db_pool_max_connections",
                    "The most connections the pool opens",
                )?,
            )?,
            sla_runs: register(
                &r,
                IntCounterVec::new(
                    Opts::new(
                        "huying_sla_job_runs_total",
                        "SLA job ticks by outcome (ok; skipped: another instance ticked; failed)",
                    ),
                    &["outcome"],
                )?,
            )?,
            sla_duration: register(
                &r,
                Histogram::with_opts(
                    HistogramOpts::new("huying_sla_job_duration_seconds", "Time one SLA tick took")
                        .buckets(LATENCY_BUCKETS.to_vec()),
                )?,
            )?,
            sla_cards: register(
                &r,
                IntCounterVec::new(
                    Opts::new(
                        "huying_sla_cards_written_total",
                        "Yellow (warning) and red (breached) cards written by the SLA job",
                    ),
                    &["card"],
                )?,
            )?,
            sla_auto_closed: register(
                &r,
                IntCounter::new(
                    "huying_sla_auto_closed_total",
                    "Resolved tickets the SLA job closed because nobody confirmed them",
                )?,
            )?,
            sla_last_run: register(
                &r,
                Gauge::new(
                    "huying_sla_job_last_run_timestamp_seconds",
                    "Unix time at which this instance's SLA job last finished a tick (0: never)",
                )?,
            )?,
            sla_lag: register(
                &r,
                Gauge::new(
                    "huying_sla_job_lag_seconds",
                    "Seconds since this instance's SLA job last finished a tick (cards may be this late); 0 while it has not run",
                )?,
            )?,
            tickets_open: register(
                &r,
                IntGaugeVec::new(
                    Opts::new("huying_tickets_open", "Open tickets by status"),
                    &["status"],
                )?,
            )?,
            tickets_breached: register(
                &r,
                IntGauge::new(
                    "huying_tickets_breached",
                    "Open tickets that have had a red card (an SLA deadline passed)",
                )?,
            )?,
            webhook_deliveries: register(
                &r,
                IntGaugeVec::new(
                    Opts::new(
                        "huying_webhook_deliveries",
                        "Webhook deliveries waiting (pending) or given up (dead)",
                    ),
                    &["status"],
                )?,
            )?,
            webhook_lag: register(
                &r,
                Gauge::new(
                    "huying_webhook_delivery_lag_seconds",
                    "How long the most overdue pending webhook delivery has been due (0: none)",
                )?,
            )?,
            webhook_attempts: register(
                &r,
                IntCounterVec::new(
                    Opts::new(
                        "huying_webhook_attempts_total",
                        "Webhook delivery attempts by what they left the delivery as (delivered; retrying: failed, tried again later; dead: failed for the last time)",
                    ),
                    &["outcome"],
                )?,
            )?,
            webhook_duration: register(
                &r,
                Histogram::with_opts(
                    HistogramOpts::new(
                        "huying_webhook_attempt_duration_seconds",
                        "Time one webhook delivery attempt took, to the receiver's answer or the failure",
                    )
                    .buckets(LATENCY_BUCKETS.to_vec()),
                )?,
            )?,
            stream_connections: register(
                &r,
                IntGauge::new(
                    "huying_stream_connections",
                    "Live-update streams (GET /api/v1/stream) open on this instance",
                )?,
            )?,
            stream_messages: register(
                &r,
                IntCounterVec::new(
                    Opts::new(
                        "huying_stream_messages_total",
                        "Messages sent on live-update streams by event (notification, ticket)",
                    ),
                    &["event"],
                )?,
            )?,
            registry: r,
            token,
            last_run: Mutex::new(None),
            backlog_at: tokio::sync::Mutex::new(None),
        })
    }

    pub fn observe_request(&self, method: &str, route: &str, status: u16, took: Duration) {
        let status = status.to_string();
        let labels = [method, route, status.as_str()];
        self.http_requests.with_label_values(&labels).inc();
        self.http_duration
            .with_label_values(&labels)
            .observe(took.as_secs_f64());
    }

    /// Records one tick of the SLA job: its report, or `None` when it failed.
    pub fn observe_sla_tick(
        &self,
        report: Option<&TickReport>,
        took: Duration,
        now: DateTime<Utc>,
    ) {
        self.sla_duration.observe(took.as_secs_f64());
        let outcome = match report {
            None => "failed",
            Some(r) if r.skipped => "skipped",
            Some(_) => "ok",
        };
        self.sla_runs.with_label_values(&[outcome]).inc();
        if let Some(report) = report {
            self.sla_cards
                .with_label_values(&["warning"])
                .inc_by(report.warnings);
            self.sla_cards
                .with_label_values(&["breached"])
                .inc_by(report.breaches);
            self.sla_auto_closed.inc_by(report.auto_closed);
            self.sla_last_run.set(now.timestamp() as f64);
            if let Ok(mut last) = self.last_run.lock() {
                *last = Some(Instant::now());
            }
        }
    }

    pub fn observe_webhook_attempt(&self, settled: Settled, took: Duration) {
        self.webhook_attempts
            .with_label_values(&[settled.as_str()])
            .inc();
        self.webhook_duration.observe(took.as_secs_f64());
    }

    /// Counts a stream as open until the returned guard is dropped.
    pub fn stream_opened(self: &Arc<Self>) -> StreamGuard {
        self.stream_connections.inc();
        StreamGuard(self.clone())
    }

    pub fn observe_stream_message(&self, event: &str) {
        self.stream_messages.with_label_values(&[event]).inc();
    }

    /// Whether `authorization` (the header's value) may read the metrics.
    pub fn allows(&self, authorization: Option<&str>) -> bool {
        let Some(token) = &self.token else {
            return true;
        };
        let given = authorization
            .and_then(|v| v.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, t)| t.trim())
            .unwrap_or_default();
        // Comparing digests keeps the comparison's time independent of
        // where the strings first differ.
        Sha256::digest(given.as_bytes()) == Sha256::digest(token.expose_secret().as_bytes())
    }

    /// The text exposition, after refreshing what is read at scrape time.
    pub async fn render(&self, db: &DatabaseConnection) -> Result<String, StoreError> {
        self.refresh_pool(db);
        if let Ok(last) = self.last_run.lock() {
            self.sla_lag
                .set(last.map_or(0.0, |at| at.elapsed().as_secs_f64().floor()));
        }
        self.refresh_backlog(db).await?;
        let mut out = Vec::new();
        TextEncoder::new()
            .encode(&self.registry.gather(), &mut out)
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        Ok(String::from_utf8_lossy(&out).into_owned())
    }

    fn refresh_pool(&self, db: &DatabaseConnection) {
        let (size, idle, max) = match db.get_database_backend() {
            DbBackend::Postgres => {
                let pool = db.get_postgres_connection_pool();
                (
                    pool.size(),
                    pool.num_idle(),
                    pool.options().get_max_connections(),
                )
            }
            DbBackend::Sqlite => {
                let pool = db.get_sqlite_connection_pool();
                (
                    pool.size(),
                    pool.num_idle(),
                    pool.options().get_max_connections(),
                )
            }
            _ => return,
        };
        let idle = i64::try_from(idle).unwrap_or(i64::MAX);
        self.db_connections
            .with_label_values(&["in_use"])
            .set((i64::from(size) - idle).max(0));
        self.db_connections.with_label_values(&["idle"]).set(idle);
        self.db_max_connections.set(i64::from(max));
    }

    async fn refresh_backlog(&self, db: &DatabaseConnection) -> Result<(), StoreError> {
        let mut at = self.backlog_at.lock().await;
        if at.is_some_and(|t| t.elapsed() < BACKLOG_TTL) {
            return Ok(());
        }
        let counts = store::gauges::open_counts(db).await?;
        for status in TicketStatus::ALL.into_iter().filter(|s| s.is_open()) {
            let n = counts
                .by_status
                .iter()
                .find(|(s, _)| *s == status)
                .map_or(0, |(_, n)| *n);
            self.tickets_open
                .with_label_values(&[status.as_str()])
                .set(n);
        }
        self.tickets_breached.set(counts.breached);
        let hooks = store::gauges::webhook_counts(db).await?;
        self.webhook_deliveries
            .with_label_values(&["pending"])
            .set(hooks.pending);
        self.webhook_deliveries
            .with_label_values(&["dead"])
            .set(hooks.dead);
        let lag = hooks
            .oldest_due
            .map_or(0, |due| (Utc::now() - due).num_seconds().max(0));
        self.webhook_lag.set(lag as f64);
        *at = Some(Instant::now());
        Ok(())
    }
}
