//! Whether a ticket's SLA clock is breached, as a SQL condition read from
//! its timestamps — the same rule the ticket's own `sla` view applies
//! (`domain::ticket::sla::clock_view`), so a report's breach count is the
//! number of tickets whose JSON shows `breached: true`, and it is right
//! even when the SLA job runs late.
//!
//! A clock with no deadline is never breached. Otherwise it is breached when
//! - it was met (claimed, first answered, resolved) after its deadline;
//! - else, the ticket ended (closed, rejected, cancelled) after it;
//! - else, it is still running past it at `now` — a paused resolution clock
//!   counts as standing at the instant it paused.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// Filing to the first claim (签收).
    Response,
    /// Filing to the first answer to the enterprise.
    FirstResponse,
    /// Filing (or reopening) to resolution.
    Resolution,
}

impl Clock {
    pub const ALL: [Clock; 3] = [Clock::Response, Clock::FirstResponse, Clock::Resolution];

    pub fn as_str(self) -> &'static str {
        match self {
            Clock::Response => "response",
            Clock::FirstResponse => "first_response",
            Clock::Resolution => "resolution",
        }
    }

    /// (met, due) columns.
    fn columns(self) -> (&'static str, &'static str) {
        match self {
            Clock::Response => ("claimed_at", "response_due_at"),
            Clock::FirstResponse => ("first_responded_at", "first_response_due_at"),
            Clock::Resolution => ("resolved_at", "resolution_due_at"),
        }
    }

    /// The condition over a ticket row named `t` (any relation exposing the
    /// ticket's columns), with `now` the placeholder of the instant and
    /// `finals` the placeholder list of the final statuses
    /// ([`super::sql::Params::final_statuses`]).
    pub fn breached(self, t: &str, now: &str, finals: &str) -> String {
        let (met, due) = self.columns();
        let running = match self {
            Clock::Resolution => format!("COALESCE({t}.paused_at, {now})"),
            _ => now.to_string(),
        };
        format!(
            "({t}.{due} IS NOT NULL AND CASE \
             WHEN {t}.{met} IS NOT NULL THEN {t}.{met} > {t}.{due} \
             WHEN {t}.status IN {finals} THEN COALESCE({t}.closed_at, {t}.updated_at) > {t}.{due} \
             ELSE {running} > {t}.{due} END)"
        )
    }
}
