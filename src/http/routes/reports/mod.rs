//! Reports: the summary, the backlog, the overdue list and the public
//! summary. The figures come from `crate::reports`; here are who may read
//! what, the query strings and the two answer formats.

pub mod backlog;
pub mod format;
pub mod overdue;
pub mod public;
pub mod summary;
pub mod urges;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::{
    domain::role::Membership,
    http::{caller::Caller, error::ApiError},
    reports::{
        Period,
        period::{PeriodError, REPORT_TIME_ZONE},
    },
};

/// Supervisors, dispatchers and administrators read everything; staff only
/// their own department's tickets (the answer is `Some(department)`, a
/// filter forced on top of any other); enterprise contacts nothing.
pub fn scope(caller: &Caller) -> Result<Option<Uuid>, ApiError> {
    match caller.membership() {
        Membership::Enterprise { .. } => Err(ApiError::Forbidden(
            "enterprise contacts may not read reports".into(),
        )),
        Membership::Staff { department_id } => Ok(Some(department_id)),
        Membership::Dispatcher | Membership::Supervisor | Membership::Admin => Ok(None),
    }
}

pub fn period(
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<Period, ApiError> {
    Period::new(from, to, now).map_err(|e: PeriodError| ApiError::InvalidQuery(e.to_string()))
}

/// What every period report says about how it counted.
pub const BASIS: &str =
    "tickets filed in [from, to); statuses, ratings and SLA clocks as at generated_at";

/// The zone weeks and months (and the default `from`) are cut in.
pub const TIME_ZONE: &str = REPORT_TIME_ZONE;

/// A blank text filter is no filter.
pub fn text_filter(value: Option<String>) -> Option<String> {
    value
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}
