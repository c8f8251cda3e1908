//! One row of the summary, as JSON and as CSV.

use serde::Serialize;

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
    /// Tickets whose resolution clock was paused (waiting on the
    /// enterprise), with finished pauses.
    pub paused: i64,
    /// Office seconds paused in all, over those tickets.
    pub paused_secs: i64,
    /// Office seconds paused per paused ticket.
    pub mean_paused_secs: Option<f64>,
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
        "paused",
        "paused_secs",
        "mean_paused_secs",
    ];
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
            paused: 0,
            paused_secs: 0,
            mean_paused_secs: None,
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
