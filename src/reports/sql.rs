//! The SQL fragments that differ between SQLite and PostgreSQL, and the
//! bound values of a report query.
//!
//! Placeholders are `$1`, `$2`, … on both back ends (sqlx binds SQLite's
//! `$NNN` parameters by number), so one text serves both where the SQL is
//! the same. SQLite stores instants as RFC 3339 text in UTC with the same
//! layout for every row, so comparing two of them as text orders them as
//! instants; its date functions read that text directly.

use sea_orm::{DbBackend, Statement, Value};

use super::period::REPORT_UTC_OFFSET_SECS;
use crate::domain::ticket::TicketStatus;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    pub fn of(backend: DbBackend) -> Dialect {
        match backend {
            DbBackend::Postgres => Dialect::Postgres,
            _ => Dialect::Sqlite,
        }
    }

    pub fn backend(self) -> DbBackend {
        match self {
            Dialect::Sqlite => DbBackend::Sqlite,
            Dialect::Postgres => DbBackend::Postgres,
        }
    }

    /// The 8-byte IEEE-754 type: both back ends then divide alike.
    pub fn float(self) -> &'static str {
        match self {
            Dialect::Sqlite => "REAL",
            Dialect::Postgres => "DOUBLE PRECISION",
        }
    }

    /// Per ticket: the Beijing-time week (starting Monday) of `instant`, as
    /// a value to group by; [`Dialect::period_text`] spells it.
    pub fn week_key(self, instant: &str) -> String {
        let hours = REPORT_UTC_OFFSET_SECS / 3600;
        match self {
            // Shift to local time, step back six days, then forward to the
            // next Monday: the Monday on or before the local date.
            Dialect::Sqlite => {
                format!("date({instant}, '+{hours} hours', '-6 days', 'weekday 1')")
            }
            Dialect::Postgres => {
                format!("date_trunc('week', {instant} AT TIME ZONE INTERVAL '+{hours:02}:00')")
            }
        }
    }

    /// Per ticket: the Beijing-time month of `instant`, as a value to group by.
    pub fn month_key(self, instant: &str) -> String {
        let hours = REPORT_UTC_OFFSET_SECS / 3600;
        match self {
            Dialect::Sqlite => format!("strftime('%Y-%m-01', {instant}, '+{hours} hours')"),
            Dialect::Postgres => {
                format!("date_trunc('month', {instant} AT TIME ZONE INTERVAL '+{hours:02}:00')")
            }
        }
    }

    /// Per group: a week or month key as its first day, `YYYY-MM-DD`.
    /// PostgreSQL formats once per group rather than once per ticket.
    pub fn period_text(self, key: &str) -> String {
        match self {
            Dialect::Sqlite => key.to_string(),
            Dialect::Postgres => format!("to_char({key}, 'YYYY-MM-DD')"),
        }
    }

    /// Equality that holds between two NULLs (a group whose key is NULL).
    pub fn same(self, a: &str, b: &str) -> String {
        match self {
            Dialect::Sqlite => format!("{a} IS {b}"),
            Dialect::Postgres => format!("{a} IS NOT DISTINCT FROM {b}"),
        }
    }
}

/// The values bound to a statement, in placeholder order.
#[derive(Debug, Default)]
pub struct Params {
    values: Vec<Value>,
}

impl Params {
    /// Binds `value` and returns its placeholder.
    pub fn bind(&mut self, value: impl Into<Value>) -> String {
        self.values.push(value.into());
        format!("${}", self.values.len())
    }

    pub fn statement(self, dialect: Dialect, sql: String) -> Statement {
        Statement::from_sql_and_values(dialect.backend(), sql, self.values)
    }
}

impl Params {
    /// Binds each of `statuses` (the typed enum's stored text) and returns
    /// their placeholders as a list, `($3, $4)`, for `status IN …`.
    pub fn statuses(&mut self, statuses: impl IntoIterator<Item = TicketStatus>) -> String {
        let placeholders: Vec<String> = statuses
            .into_iter()
            .map(|s| self.bind(s.as_str()))
            .collect();
        format!("({})", placeholders.join(", "))
    }

    /// Resolved or closed: the answer stands.
    pub fn resolved_statuses(&mut self) -> String {
        self.statuses([TicketStatus::Resolved, TicketStatus::Closed])
    }

    /// Filed and not yet resolved or ended: the backlog.
    pub fn open_statuses(&mut self) -> String {
        self.statuses(TicketStatus::ALL.into_iter().filter(|s| s.is_open()))
    }

    /// Closed, rejected or cancelled: no action leads out.
    pub fn final_statuses(&mut self) -> String {
        self.statuses(TicketStatus::ALL.into_iter().filter(|s| s.is_final()))
    }
}

/// A statement as a reader checks it: its text, then each bound value in
/// placeholder order as the back end's SQL literal. The report snapshots
/// (`snapshots/` next to each report) hold this, so a diff shows the
/// statement that will run and what it runs with.
#[cfg(test)]
pub fn shown(statement: &Statement) -> String {
    use sea_orm::sea_query::{PostgresQueryBuilder, QueryBuilder, SqliteQueryBuilder};
    let values = statement.values.as_ref().map_or(&[][..], |v| &v.0[..]);
    let literal = |v: &Value| match statement.db_backend {
        DbBackend::Postgres => PostgresQueryBuilder.value_to_string(v),
        _ => SqliteQueryBuilder.value_to_string(v),
    };
    let mut out = statement.sql.clone();
    out.push('\n');
    for (i, v) in values.iter().enumerate() {
        out.push_str(&format!("\n-- ${} = {}", i + 1, literal(v)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_lists_are_bound() {
        let mut p = Params::default();
        assert_eq!(p.bind(1i64), "$1");
        assert_eq!(p.resolved_statuses(), "($2, $3)");
        assert_eq!(p.open_statuses(), "($4, $5, $6, $7, $8)");
        assert_eq!(p.final_statuses(), "($9, $10, $11)");
        let bound: Vec<String> = p.values[1..]
            .iter()
            .map(|v| match v {
                Value::String(Some(s)) => s.to_string(),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(
            bound,
            [
                "resolved",
                "closed",
                "submitted",
                "dispatched",
                "in_progress",
                "awaiting_enterprise",
                "escalated",
                "closed",
                "rejected",
                "cancelled"
            ]
        );
    }

    #[test]
    fn placeholders_count_from_one() {
        let mut p = Params::default();
        assert_eq!(p.bind(1i64), "$1");
        assert_eq!(p.bind("x"), "$2");
    }
}
