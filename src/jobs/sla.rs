//! The SLA job: yellow and red cards, information requests the
//! enterprise left unanswered past their limit (the ticket goes back to
//! work, its clock running again), and auto-closing resolved tickets
//! nobody confirmed. [`tick`] takes the instant to work at, so tests step
//! it with an injected clock instead of sleeping.
//!
//! Several instances may tick at once against one PostgreSQL. A tick takes
//! a transaction-scoped advisory lock and skips when another instance
//! holds it (no wasted work); correctness does not rest on it: a card is
//! recorded by inserting its key (ticket, clock, card, round), which the
//! database accepts once, and an auto-close is a conditional update on the
//! ticket's version. The event is written only by the writer that won.

use chrono::Duration;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use serde_json::json;

use crate::{
    domain::ticket::{
        By, Command, Context, EventKind, Rules,
        sla::{Card, SlaClock},
    },
    store::{
        self, StoreError,
        tickets::{
            self,
            events::{self, NewEvent},
            sla, sla_job,
        },
    },
};

#[derive(Debug, Clone, Copy)]
pub struct SlaJobConfig {
    /// Resolved tickets not confirmed for this long are closed.
    pub auto_close_after: Duration,
    /// Tickets handled per clock and card in one tick.
    pub batch: u64,
}

impl Default for SlaJobConfig {
    fn default() -> Self {
        SlaJobConfig {
            auto_close_after: Duration::days(7),
            batch: 500,
        }
    }
}

/// What one tick did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct TickReport {
    pub warnings: u64,
    pub breaches: u64,
    pub auto_closed: u64,
    /// Information requests that expired: back to `in_progress`.
    pub info_requests_expired: u64,
    /// Another instance was ticking; this one did nothing.
    pub skipped: bool,
}

impl TickReport {
    pub fn is_empty(&self) -> bool {
        self.warnings == 0
            && self.breaches == 0
            && self.auto_closed == 0
            && self.info_requests_expired == 0
    }
}

const LOCK_KEY: i64 = 4_863_215_327_002;

async fn try_lock(db: &impl ConnectionTrait) -> Result<bool, StoreError> {
    if db.get_database_backend() != DbBackend::Postgres {
        // SQLite: the write transaction already serialises writers.
        return Ok(true);
    }
    let row = db
        .query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            format!("SELECT pg_try_advisory_xact_lock({LOCK_KEY}) AS locked"),
        ))
        .await?;
    Ok(match row {
        Some(r) => r.try_get::<bool>("", "locked")?,
        None => false,
    })
}

/// One pass of the job at instant `now`.
pub async fn tick(
    db: &DatabaseConnection,
    config: &SlaJobConfig,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<TickReport, StoreError> {
    let tx = store::write_tx(db).await?;
    let mut report = TickReport::default();
    if !try_lock(&tx).await? {
        report.skipped = true;
        return Ok(report);
    }
    for clock in SlaClock::ALL {
        for card in Card::ALL {
            for t in sla_job::cards_due(&tx, clock, card, now, config.batch).await? {
                let round = sla_job::round(clock, &t);
                if !sla_job::record_card(&tx, t.id, clock, card, round, now).await? {
                    continue;
                }
                let deadline = match clock {
                    SlaClock::Response => sla::response_deadline(&t),
                    SlaClock::FirstResponse => sla::first_response_deadline(&t),
                    SlaClock::Resolution => sla::resolution_deadline(&t),
                };
                let (kind, count) = match card {
                    Card::Warning => (EventKind::SlaWarning, &mut report.warnings),
                    Card::Breached => (EventKind::SlaBreached, &mut report.breaches),
                };
                *count += 1;
                events::append(
                    &tx,
                    NewEvent {
                        ticket_id: t.id,
                        actor: None,
                        kind,
                        from: None,
                        to: None,
                        payload: json!({
                            "clock": clock.as_str(),
                            "round": round,
                            "due_at": deadline.map(|d| d.due),
                            "warn_at": deadline.map(|d| d.warn),
                        }),
                        at: now,
                    },
                )
                .await?;
            }
        }
    }
    report.info_requests_expired = expire_info_requests(&tx, config, now).await?;
    report.auto_closed = auto_close(&tx, config, now).await?;
    tx.commit().await?;
    Ok(report)
}

/// Hands back to work each ticket whose information request expired: the
/// resolution clock runs again (its deadline moved out by the office time
/// it was paused, which stays counted in the ticket's paused time), and
/// the timeline says `info_request_expired` and `sla_resumed`.
async fn expire_info_requests(
    db: &impl ConnectionTrait,
    config: &SlaJobConfig,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<u64, StoreError> {
    let mut expired = 0;
    let rules = Rules::default();
    for t in sla_job::info_requests_expired(db, now, config.batch).await? {
        let calendar = sla::calendar_of(db, &t).await?;
        let ctx = Context {
            by: By::Service,
            now,
            rules: &rules,
            calendar: calendar.as_ref(),
            resolution_clock: None,
        };
        let Ok((after, changes)) = t.apply(Command::ExpireInfoRequest, &ctx) else {
            continue;
        };
        if !tickets::save_if_version(db, &after, t.version, now).await? {
            continue;
        }
        expired += 1;
        events::append_all(db, t.id, None, changes, now).await?;
    }
    Ok(expired)
}

async fn auto_close(
    db: &impl ConnectionTrait,
    config: &SlaJobConfig,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<u64, StoreError> {
    let mut closed = 0;
    let cutoff = now - config.auto_close_after;
    let rules = Rules::default();
    let ctx = Context {
        by: By::Service,
        now,
        rules: &rules,
        calendar: None,
        resolution_clock: None,
    };
    let command = Command::AutoClose {
        unconfirmed_days: config.auto_close_after.num_days(),
    };
    for t in sla_job::unconfirmed_since(db, cutoff, config.batch).await? {
        // A ticket that moved on since it was read is left alone.
        let Ok((after, changes)) = t.apply(command.clone(), &ctx) else {
            continue;
        };
        if !tickets::save_if_version(db, &after, t.version, now).await? {
            continue;
        }
        closed += 1;
        events::append_all(db, t.id, None, changes, now).await?;
    }
    Ok(closed)
}
