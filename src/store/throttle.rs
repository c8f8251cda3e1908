//! Throttle counters: fixed windows counted in the database, so that every
//! instance behind the load balancer sees the same counts.
//!
//! [`take`] counts one attempt against several keys in one `INSERT … ON
//! CONFLICT DO UPDATE … RETURNING` statement: each key's row is locked
//! while it is counted, so concurrent attempts are each counted exactly
//! once and no more than a key's limit are let through in a window — there
//! is no read-then-write gap for them to slip through together.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, Statement, Value};
use uuid::Uuid;

use super::StoreError;

/// One key's rule.
#[derive(Debug, Clone)]
pub struct Limit {
    pub key: String,
    /// Attempts let through per window.
    pub max_attempts: u32,
    pub window: std::time::Duration,
    /// Past `max_attempts`: `None` refuses until the window ends; `Some(d)`
    /// still lets one attempt through every `d` (a slow-down, not a lock).
    pub slow: Option<std::time::Duration>,
}

/// Whether the attempt may go on, or how long to wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Go,
    Wait { secs: u64 },
}

fn ms(d: std::time::Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// Counts one attempt against every limit at once; the attempt goes on
/// only if each of them lets it through.
pub async fn take(
    db: &impl ConnectionTrait,
    limits: &[Limit],
    now: DateTime<Utc>,
) -> Result<Verdict, StoreError> {
    if limits.is_empty() {
        return Ok(Verdict::Go);
    }
    let now_ms = now.timestamp_millis();
    let attempt = Uuid::new_v4().to_string();
    let mut values: Vec<Value> = vec![now_ms.into(), attempt.clone().into()];
    let mut rows = Vec::new();
    for limit in limits {
        let n = values.len();
        rows.push(format!(
            "(${}, $1, ${}, 1, ${}, ${}, $1, $2)",
            n + 1,
            n + 2,
            n + 3,
            n + 4
        ));
        values.push(limit.key.clone().into());
        values.push(ms(limit.window).into());
        values.push(i64::from(limit.max_attempts).into());
        values.push(limit.slow.map_or(0, ms).into());
    }
    // Every expression of the SET reads the row as it was before this
    // statement; `excluded` is the row this attempt would have inserted.
    let t = "throttle_counters";
    let fresh = format!("{t}.window_start + excluded.window_ms <= $1");
    let granted = format!(
        "({fresh} OR {t}.attempts < excluded.max_attempts \
         OR (excluded.slow_ms > 0 AND {t}.slot_at + excluded.slow_ms <= $1))"
    );
    let sql = format!(
        "INSERT INTO {t} (\"key\", window_start, window_ms, attempts, max_attempts, slow_ms, slot_at, slot_id) \
         VALUES {rows} \
         ON CONFLICT (\"key\") DO UPDATE SET \
           attempts = CASE WHEN {fresh} THEN 1 ELSE {t}.attempts + 1 END, \
           window_start = CASE WHEN {fresh} THEN excluded.window_start ELSE {t}.window_start END, \
           slot_at = CASE WHEN {granted} THEN excluded.slot_at ELSE {t}.slot_at END, \
           slot_id = CASE WHEN {granted} THEN excluded.slot_id ELSE {t}.slot_id END, \
           window_ms = excluded.window_ms, \
           max_attempts = excluded.max_attempts, \
           slow_ms = excluded.slow_ms \
         RETURNING window_start, window_ms, slow_ms, slot_at, slot_id",
        rows = rows.join(", ")
    );
    let backend = db.get_database_backend();
    let returned = db
        .query_all_raw(Statement::from_sql_and_values(backend, sql, values))
        .await?;
    let mut refused = false;
    let mut wait_ms: i64 = 0;
    for row in returned {
        let slot_id: String = row.try_get("", "slot_id")?;
        if slot_id == attempt {
            continue;
        }
        refused = true;
        let window_end =
            row.try_get::<i64>("", "window_start")? + row.try_get::<i64>("", "window_ms")?;
        let slow_ms: i64 = row.try_get("", "slow_ms")?;
        let until = if slow_ms > 0 {
            (row.try_get::<i64>("", "slot_at")? + slow_ms).min(window_end)
        } else {
            window_end
        };
        wait_ms = wait_ms.max(until - now_ms);
    }
    if !refused {
        return Ok(Verdict::Go);
    }
    // Whole seconds, rounded up, at least one.
    let secs = (wait_ms.max(1) + 999) / 1000;
    Ok(Verdict::Wait {
        secs: u64::try_from(secs).unwrap_or(1),
    })
}

/// Takes back one counted attempt of each key (it turned out not to be a
/// failure), and forgets `reset` altogether.
pub async fn give_back(
    db: &impl ConnectionTrait,
    keys: &[String],
    reset: &str,
) -> Result<(), StoreError> {
    let backend = db.get_database_backend();
    db.execute_raw(Statement::from_sql_and_values(
        backend,
        "DELETE FROM throttle_counters WHERE \"key\" = $1",
        [reset.into()],
    ))
    .await?;
    for key in keys {
        db.execute_raw(Statement::from_sql_and_values(
            backend,
            "UPDATE throttle_counters SET attempts = attempts - 1 WHERE \"key\" = $1 AND attempts > 0",
            [key.clone().into()],
        ))
        .await?;
    }
    Ok(())
}

/// Forgets the rows whose window has ended, so the table holds one
/// window's worth of keys.
pub async fn forget_expired(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let backend = db.get_database_backend();
    db.execute_raw(Statement::from_sql_and_values(
        backend,
        "DELETE FROM throttle_counters WHERE window_start + window_ms <= $1",
        [now.timestamp_millis().into()],
    ))
    .await?;
    Ok(())
}
