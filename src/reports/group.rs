//! What a summary groups by, and the SQL that names each group.

use std::{fmt, str::FromStr};

use super::sql::Dialect;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    /// One row for everything.
    None,
    /// The department the ticket is routed to now (none while unrouted).
    Department,
    Category,
    ServiceItem,
    /// The industry chain the enterprise belongs to now.
    Chain,
    Enterprise,
    /// The Beijing-time week (Monday to Sunday) the ticket was filed in.
    Week,
    /// The Beijing-time month the ticket was filed in.
    Month,
    /// The staff member who holds the ticket now (none while unclaimed).
    Assignee,
}

/// How a group's key reads back from the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    None,
    Uuid,
    Text,
}

/// The SQL naming a group, over the ticket relation `t`: the key and the
/// joins it needs (per ticket), and where its label is found (per group,
/// joined after aggregating so the per-ticket work stays narrow).
pub struct GroupSql {
    pub key: String,
    pub key_joins: &'static str,
    /// The key as answered, over the aggregated `agg.g_key`.
    pub key_out: String,
    /// `(table, column, name)`: the label is the expression `name` over
    /// the row `g` of `table` whose `column` equals the key.
    pub label: Option<(&'static str, &'static str, &'static str)>,
}

impl GroupBy {
    pub const ALL: [GroupBy; 9] = [
        GroupBy::None,
        GroupBy::Department,
        GroupBy::Category,
        GroupBy::ServiceItem,
        GroupBy::Chain,
        GroupBy::Enterprise,
        GroupBy::Week,
        GroupBy::Month,
        GroupBy::Assignee,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            GroupBy::None => "none",
            GroupBy::Department => "department",
            GroupBy::Category => "category",
            GroupBy::ServiceItem => "service_item",
            GroupBy::Chain => "chain",
            GroupBy::Enterprise => "enterprise",
            GroupBy::Week => "week",
            GroupBy::Month => "month",
            GroupBy::Assignee => "assignee",
        }
    }

    pub fn key_kind(self) -> KeyKind {
        match self {
            GroupBy::None => KeyKind::None,
            GroupBy::Department
            | GroupBy::ServiceItem
            | GroupBy::Chain
            | GroupBy::Enterprise
            | GroupBy::Assignee => KeyKind::Uuid,
            GroupBy::Category | GroupBy::Week | GroupBy::Month => KeyKind::Text,
        }
    }

    /// Periods sort by their key (time order); the others by label.
    pub fn is_period(self) -> bool {
        matches!(self, GroupBy::Week | GroupBy::Month)
    }

    pub fn sql(self, dialect: Dialect) -> GroupSql {
        let raw = || "agg.g_key".to_string();
        let named = |key: &str, table, column| GroupSql {
            key: key.to_string(),
            key_joins: "",
            key_out: raw(),
            label: Some((table, column, "g.name")),
        };
        let period = |key: String| GroupSql {
            key,
            key_joins: "",
            key_out: dialect.period_text("agg.g_key"),
            label: None,
        };
        match self {
            GroupBy::None => GroupSql {
                key: "NULL".to_string(),
                key_joins: "",
                key_out: raw(),
                label: None,
            },
            GroupBy::Department => named("t.department_id", "departments", "id"),
            GroupBy::Category => named("t.category", "categories", "code"),
            GroupBy::ServiceItem => named("t.service_item_id", "service_items", "id"),
            GroupBy::Enterprise => named("t.enterprise_id", "enterprises", "id"),
            GroupBy::Chain => GroupSql {
                key: "e.chain_id".to_string(),
                key_joins: "LEFT JOIN enterprises e ON e.id = t.enterprise_id",
                key_out: raw(),
                label: Some(("industry_chains", "id", "g.name")),
            },
            GroupBy::Week => period(dialect.week_key("t.created_at")),
            GroupBy::Month => period(dialect.month_key("t.created_at")),
            // A person is named by their display name, or by their login
            // when they have none (it may be left blank).
            GroupBy::Assignee => GroupSql {
                label: Some((
                    "users",
                    "id",
                    "COALESCE(NULLIF(g.display_name, ''), g.login)",
                )),
                ..named("t.assignee_id", "users", "id")
            },
        }
    }
}

impl serde::Serialize for GroupBy {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl fmt::Display for GroupBy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "group_by: {0:?} is not one of none, department, category, service_item, chain, enterprise, week, month, assignee"
)]
pub struct UnknownGroup(pub String);

impl FromStr for GroupBy {
    type Err = UnknownGroup;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        GroupBy::ALL
            .into_iter()
            .find(|g| g.as_str() == s)
            .ok_or_else(|| UnknownGroup(s.to_string()))
    }
}

/// The label of a period key (`YYYY-MM-DD`, the period's first day): ISO
/// week `2026-W27`, or month `2026-07`. Made here, not in SQL, because the
/// ISO week-year is not formatted alike by the two back ends.
pub fn period_label(group: GroupBy, key: &str) -> Option<String> {
    use chrono::Datelike;
    let date = chrono::NaiveDate::parse_from_str(key, "%Y-%m-%d").ok()?;
    match group {
        GroupBy::Week => {
            let week = date.iso_week();
            Some(format!("{}-W{:02}", week.year(), week.week()))
        }
        GroupBy::Month => Some(format!("{}-{:02}", date.year(), date.month())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_group_parses_back() {
        for g in GroupBy::ALL {
            assert_eq!(g.as_str().parse::<GroupBy>(), Ok(g));
        }
        assert!("Department".parse::<GroupBy>().is_err());
    }

    #[test]
    fn period_labels() {
        assert_eq!(
            period_label(GroupBy::Week, "2026-06-29").as_deref(),
            Some("2026-W27")
        );
        // Monday 28 December 2020 starts week 53 of 2020.
        assert_eq!(
            period_label(GroupBy::Week, "2020-12-28").as_deref(),
            Some("2020-W53")
        );
        assert_eq!(
            period_label(GroupBy::Month, "2026-07-01").as_deref(),
            Some("2026-07")
        );
        assert_eq!(period_label(GroupBy::Department, "2026-07-01"), None);
    }
}
