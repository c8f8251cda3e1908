//! The backlog: open tickets now, per department and status, by age in
//! working days of each ticket's own calendar (see [`super::age`]).

use chrono::{DateTime, Utc};
use entity::calendar;
use sea_orm::{ConnectionTrait, EntityTrait, QueryResult, QuerySelect};
use serde::Serialize;
use uuid::Uuid;

use super::{
    age,
    sql::{Dialect, Params},
};
use crate::{
    domain::{calendar::Calendar, ticket::TicketStatus},
    store::{StoreError, calendars::load_calendar},
};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BacklogRequest {
    pub department_id: Option<Uuid>,
    /// The caller's own department, for staff: applied on top.
    pub scope_department_id: Option<Uuid>,
    pub now: DateTime<Utc>,
}

/// Open tickets of one department in one status. Field order is the CSV
/// column order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BacklogRow {
    /// `null`: not routed to a department (waiting for a dispatcher).
    pub department_id: Option<Uuid>,
    pub department: Option<String>,
    pub status: String,
    /// Less than one working day old.
    pub age_under_1: i64,
    /// At least one and less than three.
    pub age_1_to_3: i64,
    /// At least three and less than seven.
    pub age_3_to_7: i64,
    /// Seven working days or more.
    pub age_7_plus: i64,
    pub total: i64,
}

impl BacklogRow {
    pub const COLUMNS: &'static [&'static str] = &[
        "department_id",
        "department",
        "status",
        "age_under_1",
        "age_1_to_3",
        "age_3_to_7",
        "age_7_plus",
        "total",
    ];
}

/// `CASE` giving the bucket (0–3) of `t.created_at` for these thresholds.
fn bucket(thresholds: [Option<DateTime<Utc>>; 3], p: &mut Params) -> String {
    let whens: Vec<String> = thresholds
        .into_iter()
        .enumerate()
        .rev()
        .filter_map(|(i, at)| {
            at.map(|at| format!("WHEN t.created_at < {} THEN {}", p.bind(at), i + 1))
        })
        .collect();
    if whens.is_empty() {
        return "0".to_string();
    }
    format!("CASE {} ELSE 0 END", whens.join(" "))
}

/// Every calendar, by id.
async fn calendars(db: &impl ConnectionTrait) -> Result<Vec<(Uuid, Calendar)>, StoreError> {
    let ids: Vec<Uuid> = calendar::Entity::find()
        .select_only()
        .column(calendar::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(cal) = load_calendar(db, id).await? {
            out.push((id, cal));
        }
    }
    Ok(out)
}

/// The age bucket per ticket: each of `calendars` with its thresholds at
/// `now`; tickets without a known calendar count every day, as the
/// workflow does when it times them.
fn age_case(calendars: &[(Uuid, Calendar)], now: DateTime<Utc>, p: &mut Params) -> String {
    let mut whens = Vec::new();
    for (id, cal) in calendars {
        let on = p.bind(*id);
        let case = bucket(age::thresholds(cal, now), p);
        whens.push(format!("WHEN t.calendar_id = {on} THEN {case}"));
    }
    let fallback = bucket(age::thresholds(&Calendar::always_open(), now), p);
    if whens.is_empty() {
        return fallback;
    }
    format!("CASE {} ELSE {fallback} END", whens.join(" "))
}

fn read_row(row: &QueryResult) -> Result<BacklogRow, StoreError> {
    let c = |col: &str| row.try_get::<i64>("", col);
    Ok(BacklogRow {
        department_id: row.try_get("", "department_id")?,
        department: row.try_get("", "department")?,
        status: row.try_get("", "status")?,
        age_under_1: c("age_under_1")?,
        age_1_to_3: c("age_1_to_3")?,
        age_3_to_7: c("age_3_to_7")?,
        age_7_plus: c("age_7_plus")?,
        total: c("total")?,
    })
}

fn status_rank(status: &str) -> usize {
    TicketStatus::ALL
        .iter()
        .position(|s| s.as_str() == status)
        .unwrap_or(usize::MAX)
}

/// The backlog's statement, with the ages counted in `calendars`.
fn statement(
    req: &BacklogRequest,
    calendars: &[(Uuid, Calendar)],
    dialect: Dialect,
) -> sea_orm::Statement {
    let mut p = Params::default();
    let age = age_case(calendars, req.now, &mut p);
    let mut filters = format!("t.status IN {}", p.open_statuses());
    for department in [req.department_id, req.scope_department_id]
        .into_iter()
        .flatten()
    {
        filters.push_str(&format!(" AND t.department_id = {}", p.bind(department)));
    }
    let sql = format!(
        "SELECT b.department_id, d.name AS department, b.status, \
         COUNT(*) FILTER (WHERE b.age = 0) AS age_under_1, \
         COUNT(*) FILTER (WHERE b.age = 1) AS age_1_to_3, \
         COUNT(*) FILTER (WHERE b.age = 2) AS age_3_to_7, \
         COUNT(*) FILTER (WHERE b.age = 3) AS age_7_plus, \
         COUNT(*) AS total \
         FROM (SELECT t.department_id, t.status, {age} AS age FROM tickets t WHERE {filters}) b \
         LEFT JOIN departments d ON d.id = b.department_id \
         GROUP BY b.department_id, d.name, b.status"
    );
    p.statement(dialect, sql)
}

pub async fn backlog(
    db: &impl ConnectionTrait,
    req: &BacklogRequest,
) -> Result<Vec<BacklogRow>, StoreError> {
    let dialect = Dialect::of(db.get_database_backend());
    let calendars = calendars(db).await?;
    let rows = db
        .query_all_raw(statement(req, &calendars, dialect))
        .await?;
    let mut out = rows.iter().map(read_row).collect::<Result<Vec<_>, _>>()?;
    // Collations differ between the back ends: order here. Departments by
    // name, the unrouted last; statuses in workflow order.
    out.sort_by(|a, b| {
        (a.department_id.is_none(), &a.department, a.department_id)
            .cmp(&(b.department_id.is_none(), &b.department, b.department_id))
            .then_with(|| status_rank(&a.status).cmp(&status_rank(&b.status)))
    });
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::sql::shown;

    #[test]
    fn buckets_test_the_oldest_bound_first() {
        let at = |h: i64| Some(DateTime::<Utc>::from_timestamp(h * 3600, 0).unwrap());
        let mut p = Params::default();
        assert_eq!(
            bucket([at(3), at(2), at(1)], &mut p),
            "CASE WHEN t.created_at < $1 THEN 3 WHEN t.created_at < $2 THEN 2 \
             WHEN t.created_at < $3 THEN 1 ELSE 0 END"
        );
        assert_eq!(bucket([None; 3], &mut p), "0");
    }

    /// The backlog's statement on both back ends, with its values: with
    /// no calendar, and with one (plus a department and the caller's).
    #[test]
    fn backlog_statements() {
        let now = DateTime::parse_from_rfc3339("2026-07-08T15:00:00+08:00")
            .unwrap()
            .with_timezone(&Utc);
        let department = Uuid::from_u128(2);
        let calendar = (Uuid::from_u128(8), Calendar::always_open());
        let cases = [
            (
                "plain",
                BacklogRequest {
                    now,
                    ..BacklogRequest::default()
                },
                vec![],
            ),
            (
                "calendar_department",
                BacklogRequest {
                    department_id: Some(department),
                    scope_department_id: Some(department),
                    now,
                },
                vec![calendar],
            ),
        ];
        for dialect in [Dialect::Sqlite, Dialect::Postgres] {
            for (case, req, calendars) in &cases {
                let sql = shown(&statement(req, calendars, dialect));
                let name = format!("backlog_{dialect:?}_{case}").to_lowercase();
                insta::assert_snapshot!(name, sql);
            }
        }
    }
}
