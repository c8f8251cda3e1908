//! The summary: per group, what happened to the tickets filed in the
//! period — counts, the four rates, business time to claim and to resolve
//! (mean and p90), and breaches per SLA clock. One statement; GROUP BY in
//! the database ([`sql`]); the rates are divided here from its counts.

mod row;
pub(crate) mod sql;

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, QueryResult, TransactionTrait};
use uuid::Uuid;

pub use row::SummaryRow;

use super::{
    Period,
    group::{GroupBy, KeyKind, period_label},
    rate,
    sql::Dialect,
};
use crate::store::StoreError;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub department_id: Option<Uuid>,
    /// The caller's own department, for staff: applied on top of the rest.
    pub scope_department_id: Option<Uuid>,
    pub category: Option<String>,
}

#[derive(Debug, Clone)]
pub struct SummaryRequest {
    pub period: Period,
    pub group_by: GroupBy,
    pub filter: Filter,
    /// Open clocks are read at this instant.
    pub now: DateTime<Utc>,
    /// Whether to compute the p90s (the public summary does without).
    pub percentiles: bool,
}

fn count(row: &QueryResult, col: &str) -> Result<i64, StoreError> {
    Ok(row.try_get::<i64>("", col)?)
}

fn float(row: &QueryResult, col: &str) -> Result<Option<f64>, StoreError> {
    Ok(row.try_get::<Option<f64>>("", col)?)
}

fn key(row: &QueryResult, kind: KeyKind) -> Result<Option<String>, StoreError> {
    Ok(match kind {
        KeyKind::None => None,
        KeyKind::Uuid => row
            .try_get::<Option<Uuid>>("", "g_key")?
            .map(|id| id.to_string()),
        KeyKind::Text => row.try_get::<Option<String>>("", "g_key")?,
    })
}

fn read_row(row: &QueryResult, group_by: GroupBy) -> Result<SummaryRow, StoreError> {
    let key = key(row, group_by.key_kind())?;
    let label = if group_by.is_period() {
        key.as_deref().and_then(|k| period_label(group_by, k))
    } else if group_by == GroupBy::None {
        None
    } else {
        row.try_get::<Option<String>>("", "g_label")?
    };
    let c = |col: &str| count(row, col);
    let (filed, cancelled, rejected) = (c("filed")?, c("cancelled")?, c("rejected")?);
    let (resolved, claimed_with_deadline, claimed_in_time) = (
        c("resolved")?,
        c("claimed_with_deadline")?,
        c("claimed_in_time")?,
    );
    let (resolved_with_deadline, resolved_in_time) =
        (c("resolved_with_deadline")?, c("resolved_in_time")?);
    let (rated, satisfied) = (c("rated")?, c("satisfied")?);
    Ok(SummaryRow {
        key,
        label,
        filed,
        dispatched: c("dispatched")?,
        claimed: c("claimed")?,
        resolved,
        closed: c("closed")?,
        cancelled,
        rejected,
        returned: c("returned")?,
        extended: c("extended")?,
        reopened: c("reopened")?,
        open_backlog: c("open_backlog")?,
        resolution_rate: rate(resolved, filed - cancelled - rejected),
        response_rate: rate(claimed_in_time, claimed_with_deadline),
        on_time_rate: rate(resolved_in_time, resolved_with_deadline),
        satisfaction_rate: rate(satisfied, rated),
        claimed_with_deadline,
        claimed_in_time,
        resolved_with_deadline,
        resolved_in_time,
        rated,
        satisfied,
        mean_claim_secs: float(row, "mean_claim_secs")?,
        p90_claim_secs: float(row, "p90_claim_secs")?,
        mean_resolve_secs: float(row, "mean_resolve_secs")?,
        p90_resolve_secs: float(row, "p90_resolve_secs")?,
        response_breached: c("response_breached")?,
        first_response_breached: c("first_response_breached")?,
        resolution_breached: c("resolution_breached")?,
        paused: c("paused")?,
        paused_secs: c("paused_secs")?,
        mean_paused_secs: float(row, "mean_paused_secs")?,
    })
}

/// Groups in a stable order on both back ends (collations differ, so the
/// order is made here): periods by time; the rest by label, then key;
/// the group without a key last.
fn sort(rows: &mut [SummaryRow], group_by: GroupBy) {
    rows.sort_by(|a, b| {
        let missing = |r: &SummaryRow| r.key.is_none();
        missing(a).cmp(&missing(b)).then_with(|| {
            if group_by.is_period() {
                a.key.cmp(&b.key)
            } else {
                a.label.cmp(&b.label).then_with(|| a.key.cmp(&b.key))
            }
        })
    });
}

/// Runs the summary. On PostgreSQL the statement runs with JIT compilation
/// off: compiling this wide aggregate costs more (1.3 s measured) than it
/// could save over a million rows.
pub async fn summary(
    db: &DatabaseConnection,
    req: &SummaryRequest,
) -> Result<Vec<SummaryRow>, StoreError> {
    let dialect = Dialect::of(db.get_database_backend());
    let tx = db.begin().await?;
    if dialect == Dialect::Postgres {
        tx.execute_unprepared("SET LOCAL jit = off").await?;
    }
    let rows = tx.query_all_raw(sql::statement(req, dialect)).await?;
    tx.commit().await?;
    let mut out = rows
        .iter()
        .map(|r| read_row(r, req.group_by))
        .collect::<Result<Vec<_>, _>>()?;
    sort(&mut out, req.group_by);
    Ok(out)
}
