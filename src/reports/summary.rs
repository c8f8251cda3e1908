//! The summary: per group, what happened to the tickets filed in the
//! period — counts, the four rates, business time to claim and to resolve
//! (mean and p90), and breaches per SLA clock. One statement; GROUP BY in
//! the database.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, QueryResult};
use serde::Serialize;
use uuid::Uuid;

use super::{
    Period,
    breach::Clock,
    group::{GroupBy, KeyKind, period_label},
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

fn base_cte(req: &SummaryRequest, dialect: Dialect, p: &mut Params) -> String {
    let group = req.group_by.sql(dialect);
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
    // A ticket counts as returned once however often it was; the events
    // index on (kind, ticket_id) serves this without touching the rest.
    format!(
        "base AS (SELECT {key} AS g_key, {label} AS g_label, {BASE_COLUMNS}, r.ticket_id AS returned_id \
         FROM tickets t {joins} \
         LEFT JOIN (SELECT DISTINCT ticket_id FROM ticket_events WHERE kind = 'return') r \
         ON r.ticket_id = t.id \
         WHERE {filters})",
        key = group.key,
        label = group.label,
        joins = group.joins,
    )
}

fn aggregates(dialect: Dialect, now: &str) -> String {
    let resolved = resolved_statuses();
    let float = dialect.float();
    let mean = |col: &str, cond: &str| {
        format!(
            "CAST(SUM({col}) FILTER (WHERE {cond}) AS {float}) \
             / NULLIF(COUNT({col}) FILTER (WHERE {cond}), 0)"
        )
    };
    let mut cols = vec![
        "COUNT(*) AS filed".to_string(),
        "COUNT(dispatched_at) AS dispatched".to_string(),
        "COUNT(claimed_at) AS claimed".to_string(),
        format!("COUNT(*) FILTER (WHERE status IN {resolved}) AS resolved"),
        "COUNT(*) FILTER (WHERE status = 'closed') AS closed".to_string(),
        "COUNT(*) FILTER (WHERE status = 'cancelled') AS cancelled".to_string(),
        "COUNT(*) FILTER (WHERE status = 'rejected') AS rejected".to_string(),
        "COUNT(returned_id) AS returned".to_string(),
        "COUNT(*) FILTER (WHERE extension_count > 0) AS extended".to_string(),
        "COUNT(*) FILTER (WHERE reopen_count > 0) AS reopened".to_string(),
        format!(
            "COUNT(*) FILTER (WHERE status IN {}) AS open_backlog",
            open_statuses()
        ),
        "COUNT(*) FILTER (WHERE claimed_at IS NOT NULL AND response_due_at IS NOT NULL) \
         AS claimed_with_deadline"
            .to_string(),
        "COUNT(*) FILTER (WHERE claimed_at <= response_due_at) AS claimed_in_time".to_string(),
        format!(
            "COUNT(*) FILTER (WHERE status IN {resolved} AND resolution_due_at IS NOT NULL) \
             AS resolved_with_deadline"
        ),
        format!(
            "COUNT(*) FILTER (WHERE status IN {resolved} AND resolved_at <= resolution_due_at) \
             AS resolved_in_time"
        ),
        "COUNT(rating) AS rated".to_string(),
        "COUNT(*) FILTER (WHERE rating >= 4) AS satisfied".to_string(),
        format!(
            "{} AS mean_claim_secs",
            mean("claim_business_secs", "claimed_at IS NOT NULL")
        ),
        format!(
            "{} AS mean_resolve_secs",
            mean("resolve_business_secs", &format!("status IN {resolved}"))
        ),
    ];
    for clock in Clock::ALL {
        cols.push(format!(
            "COUNT(*) FILTER (WHERE {}) AS {}_breached",
            clock.breached("base", now),
            clock.as_str()
        ));
    }
    cols.join(",\n  ")
}

/// The statement: `base` (the period's tickets with their group), `agg`
/// (one row per group), then the p90s joined on.
fn statement(req: &SummaryRequest, dialect: Dialect) -> sea_orm::Statement {
    let mut p = Params::default();
    let base = base_cte(req, dialect, &mut p);
    let now = p.bind(req.now);
    let fraction = p.bind(P90);
    let grouped = req.group_by != GroupBy::None;
    let (key_cols, group_clause) = if grouped {
        ("g_key, g_label", "GROUP BY g_key, g_label")
    } else {
        // No GROUP BY: one total row even when nothing was filed.
        ("NULL AS g_key, NULL AS g_label", "")
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
    let sql = format!(
        "WITH {base},\n agg AS (SELECT {key_cols},\n  {aggs}{agg_p90}\n FROM base {group_clause}){ctes}\n\
         SELECT agg.*{select_p90} FROM agg{joins}",
        aggs = aggregates(dialect, &now),
        agg_p90 = p90.in_aggregate(),
        ctes = p90.ctes(),
        select_p90 = p90.in_select(),
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

pub async fn summary(
    db: &impl ConnectionTrait,
    req: &SummaryRequest,
) -> Result<Vec<SummaryRow>, StoreError> {
    let dialect = Dialect::of(db.get_database_backend());
    let rows = db.query_all_raw(statement(req, dialect)).await?;
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
