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

/// A report list's cursor: `<instant>|<id>` of the page's last item,
/// base64url, opaque to clients.
fn encode_instant_cursor(at: chrono::DateTime<chrono::Utc>, id: uuid::Uuid) -> String {
    use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
    URL_SAFE_NO_PAD.encode(format!("{}|{}", at.to_rfc3339(), id))
}

/// Reads back [`encode_instant_cursor`]'s text; anything else is a 400.
fn decode_instant_cursor(
    cursor: &str,
) -> Result<(chrono::DateTime<chrono::Utc>, uuid::Uuid), ApiError> {
    use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
    let invalid = || ApiError::InvalidQuery("cursor is not one this server issued".into());
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    let (at, id) = text.split_once('|').ok_or_else(invalid)?;
    let at = chrono::DateTime::parse_from_rfc3339(at)
        .map_err(|_| invalid())?
        .with_timezone(&chrono::Utc);
    Ok((at, uuid::Uuid::parse_str(id).map_err(|_| invalid())?))
}
