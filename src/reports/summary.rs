//! The summary: per group, what happened to the tickets filed in the
//! period — counts, the four rates, business time to claim and to resolve
//! (mean and p90), and breaches per SLA clock. One statement; GROUP BY in
//! the database.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, QueryResult, TransactionTrait};
use serde::Serialize;
use uuid::Uuid;

use super::{
    Period,
    breach::Clock,
    group::{GroupBy, GroupSql, KeyKind, period_label},
    percentile::{self, P90},
    rate,
    sql::{Dialect, Params, open_statuses, resolved_statuses},
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

/// One group's figures. Field order is the CSV column order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SummaryRow {
    /// The group: a department, service item, chain or enterprise id, a
    /// category code, or a period's first day; `null` for tickets without
    /// one (never routed, no service item, no chain) and for the total.
    pub key: Option<String>,
    /// Its name; for periods `2026-W27` or `2026-07`.
    pub label: Option<String>,
    pub filed: i64,
    pub dispatched: i64,
    pub claimed: i64,
    /// Resolved or closed: the answer stands.
    pub resolved: i64,
    pub closed: i64,
    pub cancelled: i64,
    pub rejected: i64,
    pub returned: i64,
    pub extended: i64,
    pub reopened: i64,
    pub open_backlog: i64,
    pub resolution_rate: Option<f64>,
    pub response_rate: Option<f64>,
    pub on_time_rate: Option<f64>,
    pub satisfaction_rate: Option<f64>,
    pub claimed_with_deadline: i64,
    pub claimed_in_time: i64,
    pub resolved_with_deadline: i64,
    pub resolved_in_time: i64,
    pub rated: i64,
    pub satisfied: i64,
    pub mean_claim_secs: Option<f64>,
    pub p90_claim_secs: Option<f64>,
    pub mean_resolve_secs: Option<f64>,
    pub p90_resolve_secs: Option<f64>,
    pub response_breached: i64,
    pub first_response_breached: i64,
    pub resolution_breached: i64,
}

impl SummaryRow {
    pub const COLUMNS: &'static [&'static str] = &[
        "key",
        "label",
        "filed",
        "dispatched",
        "claimed",
        "resolved",
        "closed",
        "cancelled",
        "rejected",
        "returned",
        "extended",
        "reopened",
        "open_backlog",
        "resolution_rate",
        "response_rate",
        "on_time_rate",
        "satisfaction_rate",
        "claimed_with_deadline",
        "claimed_in_time",
        "resolved_with_deadline",
        "resolved_in_time",
        "rated",
        "satisfied",
        "mean_claim_secs",
        "p90_claim_secs",
        "mean_resolve_secs",
        "p90_resolve_secs",
        "response_breached",
        "first_response_breached",
        "resolution_breached",
    ];
}

/// The ticket columns the aggregates read, carried through `base`.
const BASE_COLUMNS: &str = "t.status, t.dispatched_at, t.claimed_at, t.first_responded_at, \
    t.resolved_at, t.closed_at, t.updated_at, t.paused_at, t.response_due_at, \
    t.first_response_due_at, t.resolution_due_at, t.rating, t.reopen_count, \
    t.extension_count, t.claim_business_secs, t.resolve_business_secs";

fn base_cte(req: &SummaryRequest, group: &GroupSql, p: &mut Params) -> String {
    let mut filters = format!(
        "t.created_at >= {} AND t.created_at < {}",
        p.bind(req.period.from),
        p.bind(req.period.to)
    );
    for department in [req.filter.department_id, req.filter.scope_department_id]
        .into_iter()
        .flatten()
    {
        filters.push_str(&format!(" AND t.department_id = {}", p.bind(department)));
    }
    if let Some(category) = &req.filter.category {
        filters.push_str(&format!(" AND t.category = {}", p.bind(category.clone())));
    }
    // A ticket counts as returned once however often it was. Asked as
    // `IN (subquery)`, both back ends hash the few returned ids once and
    // probe them per ticket (a join would copy every ticket row instead);
    // the events index on (kind, ticket_id) finds the ids.
    format!(
        "base AS (SELECT {key} AS g_key, {BASE_COLUMNS}, \
         t.id IN (SELECT ticket_id FROM ticket_events WHERE kind = 'return') AS was_returned \
         FROM tickets t {joins} \
         WHERE {filters})",
        key = group.key,
        joins = group.key_joins,
    )
}

fn aggregates(dialect: Dialect, now: &str) -> Vec<(String, String)> {
    let resolved = resolved_statuses();
    let float = dialect.float();
    let mean = |col: &str, cond: Option<&str>| {
        let filter = cond.map_or(String::new(), |c| format!(" FILTER (WHERE {c})"));
        format!("CAST(SUM({col}){filter} AS {float}) / NULLIF(COUNT({col}){filter}, 0)")
    };
    let count_if = |cond: &str| format!("COUNT(*) FILTER (WHERE {cond})");
    let cols: Vec<(String, &str)> = vec![
        ("COUNT(*)".into(), "filed"),
        ("COUNT(dispatched_at)".into(), "dispatched"),
        ("COUNT(claimed_at)".into(), "claimed"),
        (count_if(&format!("status IN {resolved}")), "resolved"),
        (count_if("status = 'closed'"), "closed"),
        (count_if("status = 'cancelled'"), "cancelled"),
        (count_if("status = 'rejected'"), "rejected"),
        (count_if("was_returned"), "returned"),
        (count_if("extension_count > 0"), "extended"),
        (count_if("reopen_count > 0"), "reopened"),
        (
            count_if(&format!("status IN {}", open_statuses())),
            "open_backlog",
        ),
        (
            count_if("claimed_at IS NOT NULL AND response_due_at IS NOT NULL"),
            "claimed_with_deadline",
        ),
        (count_if("claimed_at <= response_due_at"), "claimed_in_time"),
        (
            count_if(&format!(
                "status IN {resolved} AND resolution_due_at IS NOT NULL"
            )),
            "resolved_with_deadline",
        ),
        (
            count_if(&format!(
                "status IN {resolved} AND resolved_at <= resolution_due_at"
            )),
            "resolved_in_time",
        ),
        ("COUNT(rating)".into(), "rated"),
        (count_if("rating >= 4"), "satisfied"),
        // Set at the first claim, so present exactly on claimed tickets.
        (mean("claim_business_secs", None), "mean_claim_secs"),
        (
            mean(
                "resolve_business_secs",
                Some(&format!("status IN {resolved}")),
            ),
            "mean_resolve_secs",
        ),
    ];
    let breaches: Vec<(String, String)> = Clock::ALL
        .into_iter()
        .map(|clock| {
            (
                count_if(&clock.breached("base", now)),
                format!("{}_breached", clock.as_str()),
            )
        })
        .collect();
    let mut out: Vec<(String, String)> = cols
        .into_iter()
        .map(|(expr, name)| (expr, name.to_string()))
        .collect();
    out.extend(breaches);
    out
}

/// The statement: `base` (the period's tickets with their group key),
/// `agg` (one row per group, hashed), then the labels and the p90s joined
/// on per group.
fn statement(req: &SummaryRequest, dialect: Dialect) -> sea_orm::Statement {
    let mut p = Params::default();
    let group = req.group_by.sql(dialect);
    let base = base_cte(req, &group, &mut p);
    let now = p.bind(req.now);
    let fraction = p.bind(P90);
    let grouped = req.group_by != GroupBy::None;
    let (key_col, group_clause) = if grouped {
        ("g_key", "GROUP BY g_key")
    } else {
        // No GROUP BY: one total row even when nothing was filed.
        ("NULL AS g_key", "")
    };
    let resolved = format!("status IN {}", resolved_statuses());
    let claim = percentile::Input {
        name: "claim",
        column: "claim_business_secs",
        condition: "claimed_at IS NOT NULL",
    };
    let resolve = percentile::Input {
        name: "resolve",
        column: "resolve_business_secs",
        condition: &resolved,
    };
    let p90 = percentile::Sql::new(dialect, &fraction, req.percentiles, [claim, resolve]);
    let aggs = aggregates(dialect, &now);
    let agg_cols: Vec<String> = aggs
        .iter()
        .map(|(expr, name)| format!("{expr} AS {name}"))
        .collect();
    let out_cols: Vec<String> = aggs.iter().map(|(_, name)| format!("agg.{name}")).collect();
    let (label, label_join) = match group.label {
        Some((table, column)) => (
            "g.name",
            format!(" LEFT JOIN {table} g ON g.{column} = agg.g_key"),
        ),
        None => ("NULL", String::new()),
    };
    let sql = format!(
        "WITH {base},\n agg AS (SELECT {key_col},\n  {aggs}{collected}\n FROM base {group_clause}){ctes}\n\
         SELECT {key_out} AS g_key, {label} AS g_label,\n  {outs}{p90s}\n FROM agg{label_join}{joins}",
        key_out = group.key_out,
        aggs = agg_cols.join(",\n  "),
        collected = p90.in_aggregate(),
        ctes = p90.ctes(),
        outs = out_cols.join(", "),
        p90s = p90.in_select(),
        joins = p90.joins(),
    );
    p.statement(dialect, sql)
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
    let rows = tx.query_all_raw(statement(req, dialect)).await?;
    tx.commit().await?;
    let mut out = rows
        .iter()
        .map(|r| read_row(r, req.group_by))
        .collect::<Result<Vec<_>, _>>()?;
    sort(&mut out, req.group_by);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_the_json_fields_in_order() {
        let row = SummaryRow {
            key: None,
            label: None,
            filed: 0,
            dispatched: 0,
            claimed: 0,
            resolved: 0,
            closed: 0,
            cancelled: 0,
            rejected: 0,
            returned: 0,
            extended: 0,
            reopened: 0,
            open_backlog: 0,
            resolution_rate: None,
            response_rate: None,
            on_time_rate: None,
            satisfaction_rate: None,
            claimed_with_deadline: 0,
            claimed_in_time: 0,
            resolved_with_deadline: 0,
            resolved_in_time: 0,
            rated: 0,
            satisfied: 0,
            mean_claim_secs: None,
            p90_claim_secs: None,
            mean_resolve_secs: None,
            p90_resolve_secs: None,
            response_breached: 0,
            first_response_breached: 0,
            resolution_breached: 0,
        };
        let mut csv = csv::WriterBuilder::new()
            .has_headers(true)
            .from_writer(Vec::new());
        csv.serialize(&row).unwrap();
        let text = String::from_utf8(csv.into_inner().unwrap()).unwrap();
        let header = text.lines().next().unwrap();
        assert_eq!(header, SummaryRow::COLUMNS.join(","));
    }
}
