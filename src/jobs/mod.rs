//! Background work. Every job is safe to run on several instances at once:
//! what must happen once is guarded by the database, never by memory.

pub mod listen;
pub mod sla;
pub mod webhooks;

use std::{sync::Arc, time::Duration};

use sea_orm::DatabaseConnection;
use tokio::task::JoinHandle;

use crate::{clock::Clock, metrics::Metrics};

/// Runs the SLA job every `every` until the handle is aborted. A tick that
/// fails is logged and the next one tries again.
pub fn spawn_sla(
    db: DatabaseConnection,
    clock: Arc<dyn Clock>,
    config: sla::SlaJobConfig,
    every: Duration,
    metrics: Arc<Metrics>,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(every);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            let started = std::time::Instant::now();
            let now = clock.now();
            let outcome = sla::tick(&db, &config, now).await;
            metrics.observe_sla_tick(outcome.as_ref().ok(), started.elapsed(), now);
            match outcome {
                Ok(report) if report.is_empty() => {}
                Ok(report) => tracing::info!(?report, "SLA job"),
                Err(e) => tracing::warn!(error = %e, "SLA job tick failed"),
            }
        }
    })
}
