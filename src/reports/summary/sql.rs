//! The summary's statement: `base` (the period's tickets with their group
//! key), `agg` (one row per group, hashed — in parallel on PostgreSQL),
//! then the labels and the p90s joined on per group.

use super::SummaryRequest;
use crate::{
    domain::ticket::{Action, EventKind, TicketStatus},
    reports::{
        breach::Clock,
        group::{GroupBy, GroupSql},
        percentile::{self, P90},
        sql::{Dialect, Params},
    },
};

/// The ticket columns the aggregates read, carried through `base`.
const BASE_COLUMNS: &str = "t.status, t.dispatched_at, t.claimed_at, t.first_responded_at, \
    t.resolved_at, t.closed_at, t.updated_at, t.paused_at, t.response_due_at, \
    t.first_response_due_at, t.resolution_due_at, t.rating, t.reopen_count, \
    t.extension_count, t.claim_business_secs, t.resolve_business_secs, \
    t.paused_business_secs";

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
    let returned = p.bind(EventKind::Action(Action::Return).as_str());
    format!(
        "base AS (SELECT {key} AS g_key, {BASE_COLUMNS}, \
         t.id IN (SELECT ticket_id FROM ticket_events WHERE kind = {returned}) AS was_returned \
         FROM tickets t {joins} \
         WHERE {filters})",
        key = group.key,
        joins = group.key_joins,
    )
}

/// The placeholders of the statuses the aggregates test, each bound once.
struct Statuses {
    resolved: String,
    open: String,
    finals: String,
    closed: String,
    cancelled: String,
    rejected: String,
}

impl Statuses {
    fn bind(p: &mut Params) -> Statuses {
        Statuses {
            resolved: p.resolved_statuses(),
            open: p.open_statuses(),
            finals: p.final_statuses(),
            closed: p.bind(TicketStatus::Closed.as_str()),
            cancelled: p.bind(TicketStatus::Cancelled.as_str()),
            rejected: p.bind(TicketStatus::Rejected.as_str()),
        }
    }
}

/// `(expression, name)` of each count, mean and breach count over `base`.
fn aggregates(dialect: Dialect, now: &str, s: &Statuses) -> Vec<(String, String)> {
    let resolved = &s.resolved;
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
        (count_if(&format!("status = {}", s.closed)), "closed"),
        (count_if(&format!("status = {}", s.cancelled)), "cancelled"),
        (count_if(&format!("status = {}", s.rejected)), "rejected"),
        (count_if("was_returned"), "returned"),
        (count_if("extension_count > 0"), "extended"),
        (count_if("reopen_count > 0"), "reopened"),
        (count_if(&format!("status IN {}", s.open)), "open_backlog"),
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
        // Waiting on the enterprise stops the resolution clock; these show
        // how much, so a department cannot hide slowness in pauses.
        (count_if("paused_business_secs > 0"), "paused"),
        (
            "CAST(COALESCE(SUM(paused_business_secs), 0) AS BIGINT)".into(),
            "paused_secs",
        ),
        (
            mean("paused_business_secs", Some("paused_business_secs > 0")),
            "mean_paused_secs",
        ),
    ];
    let breaches: Vec<(String, String)> = Clock::ALL
        .into_iter()
        .map(|clock| {
            (
                count_if(&clock.breached("base", now, &s.finals)),
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

pub(crate) fn statement(req: &SummaryRequest, dialect: Dialect) -> sea_orm::Statement {
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
    let statuses = Statuses::bind(&mut p);
    let resolved = format!("status IN {}", statuses.resolved);
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
    let aggs = aggregates(dialect, &now, &statuses);
    let agg_cols: Vec<String> = aggs
        .iter()
        .map(|(expr, name)| format!("{expr} AS {name}"))
        .collect();
    let out_cols: Vec<String> = aggs.iter().map(|(_, name)| format!("agg.{name}")).collect();
    let (label, label_join) = match group.label {
        Some((table, column, name)) => (
            name,
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

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::reports::{period::Period, sql::shown, summary::Filter};

    /// The summary statement of every grouping on both back ends, as it
    /// runs, with its bound values: a change to the SQL shows up as a diff
    /// of `snapshots/`. The parity test
    /// (tests/api/report_parity.rs) checks that both give the same rows.
    #[test]
    fn summary_statements() {
        let now = Utc
            .with_ymd_and_hms(2026, 6, 30, 12, 0, 0)
            .single()
            .unwrap();
        let period = Period::new(None, None, now).unwrap();
        for dialect in [Dialect::Sqlite, Dialect::Postgres] {
            for group_by in GroupBy::ALL {
                let req = SummaryRequest {
                    period,
                    group_by,
                    filter: Filter {
                        category: Some("hiring".into()),
                        ..Filter::default()
                    },
                    now,
                    percentiles: true,
                };
                let sql = shown(&statement(&req, dialect));
                let name = format!("summary_{dialect:?}_{}", group_by.as_str()).to_lowercase();
                insta::assert_snapshot!(name, sql);
            }
        }
    }
}
