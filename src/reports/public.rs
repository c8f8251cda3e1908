//! The public summary, for the jurisdiction's public page: per category
//! and in total, how many problems were collected and resolved, and how
//! satisfied enterprises were. Aggregates only — nothing here can name an
//! enterprise, a department or a person.

use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;
use serde::Serialize;

use super::{
    Period,
    group::GroupBy,
    rate,
    summary::{Filter, SummaryRequest, SummaryRow, summary},
};
use crate::store::StoreError;

/// One category's figures, or the total (`category` and `name` null).
/// Field order is the CSV column order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublicRow {
    pub category: Option<String>,
    pub name: Option<String>,
    /// Filed, less those the enterprise withdrew or the desk rejected.
    pub collected: i64,
    /// Resolved or closed.
    pub resolved: i64,
    /// `resolved ÷ collected`.
    pub resolution_rate: Option<f64>,
    pub rated: i64,
    /// Ratings of 4 or 5 ÷ ratings.
    pub satisfaction_rate: Option<f64>,
}

impl PublicRow {
    pub const COLUMNS: &'static [&'static str] = &[
        "category",
        "name",
        "collected",
        "resolved",
        "resolution_rate",
        "rated",
        "satisfaction_rate",
    ];

    fn from_summary(row: &SummaryRow) -> PublicRow {
        PublicRow::new(row.key.clone(), row.label.clone(), Counts::of(row))
    }

    fn new(category: Option<String>, name: Option<String>, c: Counts) -> PublicRow {
        PublicRow {
            category,
            name,
            collected: c.collected,
            resolved: c.resolved,
            resolution_rate: rate(c.resolved, c.collected),
            rated: c.rated,
            satisfaction_rate: rate(c.satisfied, c.rated),
        }
    }
}

/// What the public figures are made of; counts add up across categories.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Counts {
    collected: i64,
    resolved: i64,
    rated: i64,
    satisfied: i64,
}

impl Counts {
    fn of(row: &SummaryRow) -> Counts {
        Counts {
            collected: row.filed - row.cancelled - row.rejected,
            resolved: row.resolved,
            rated: row.rated,
            satisfied: row.satisfied,
        }
    }

    fn add(self, other: Counts) -> Counts {
        Counts {
            collected: self.collected + other.collected,
            resolved: self.resolved + other.resolved,
            rated: self.rated + other.rated,
            satisfied: self.satisfied + other.satisfied,
        }
    }
}

pub struct PublicSummary {
    pub categories: Vec<PublicRow>,
    pub total: PublicRow,
}

/// The summary the public figures are taken from: per category, over
/// every ticket, without percentiles.
fn request(period: Period, now: DateTime<Utc>) -> SummaryRequest {
    SummaryRequest {
        period,
        group_by: GroupBy::Category,
        filter: Filter::default(),
        now,
        percentiles: false,
    }
}

/// One grouped query: every ticket has exactly one category, so the
/// categories' counts add up to the total (and the total's rates are
/// worked out from those sums, never averaged).
pub async fn public_summary(
    db: &DatabaseConnection,
    period: Period,
    now: DateTime<Utc>,
) -> Result<PublicSummary, StoreError> {
    let rows = summary(db, &request(period, now)).await?;
    let total = rows
        .iter()
        .map(Counts::of)
        .fold(Counts::default(), Counts::add);
    Ok(PublicSummary {
        categories: rows.iter().map(PublicRow::from_summary).collect(),
        total: PublicRow::new(None, None, total),
    })
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::reports::{
        sql::{Dialect, shown},
        summary::sql::statement,
    };

    /// The public summary's statement on both back ends, with its values.
    #[test]
    fn public_summary_statements() {
        let now = Utc
            .with_ymd_and_hms(2026, 6, 30, 12, 0, 0)
            .single()
            .unwrap();
        let period = Period::new(None, None, now).unwrap();
        for dialect in [Dialect::Sqlite, Dialect::Postgres] {
            let sql = shown(&statement(&request(period, now), dialect));
            let name = format!("public_summary_{dialect:?}").to_lowercase();
            insta::assert_snapshot!(name, sql);
        }
    }
}
