//! The public summary, for the jurisdiction's public page: per category
//! and in total, how many problems were collected and resolved, and how
//! satisfied enterprises were. Aggregates only — nothing here can name an
//! enterprise, a department or a person.

use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;
use serde::Serialize;

use super::{
    Period,
    group::GroupBy,
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

    fn from_summary(row: SummaryRow) -> PublicRow {
        PublicRow {
            category: row.key,
            name: row.label,
            collected: row.filed - row.cancelled - row.rejected,
            resolved: row.resolved,
            resolution_rate: row.resolution_rate,
            rated: row.rated,
            satisfaction_rate: row.satisfaction_rate,
        }
    }
}

pub struct PublicSummary {
    pub categories: Vec<PublicRow>,
    pub total: PublicRow,
}

pub async fn public_summary(
    db: &impl ConnectionTrait,
    period: Period,
    now: DateTime<Utc>,
) -> Result<PublicSummary, StoreError> {
    let request = |group_by| SummaryRequest {
        period,
        group_by,
        filter: Filter::default(),
        now,
        percentiles: false,
    };
    let categories = summary(db, &request(GroupBy::Category)).await?;
    let total = summary(db, &request(GroupBy::None))
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| StoreError::Corrupt("the total summary returned no row".into()))?;
    Ok(PublicSummary {
        categories: categories
            .into_iter()
            .map(PublicRow::from_summary)
            .collect(),
        total: PublicRow::from_summary(total),
    })
}
