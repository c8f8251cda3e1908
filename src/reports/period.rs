//! The period a report counts: tickets filed in `[from, to)`.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, TimeDelta, TimeZone, Utc};

use crate::clock::to_micros;

/// Weeks and months are cut at midnight Beijing time, the jurisdiction's
/// (Asia/Shanghai has kept UTC+08:00 without daylight saving since 1991, so
/// a fixed offset is the same zone and both back ends can apply it alike).
pub const REPORT_UTC_OFFSET_SECS: i32 = 8 * 3600;
pub const REPORT_TIME_ZONE: &str = "Asia/Shanghai";

/// UTC+08:00; checked when compiling.
pub const REPORT_ZONE: FixedOffset = match FixedOffset::east_opt(REPORT_UTC_OFFSET_SECS) {
    Some(zone) => zone,
    None => panic!("the report offset is within a day"),
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error("from must be earlier than to")]
    Empty,
}

impl Period {
    /// `to` defaults to `now`; `from` to midnight Beijing time of 1 January
    /// of the year the period ends in (year to date). Instants are kept to
    /// the microsecond, the precision both databases store.
    pub fn new(
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<Self, PeriodError> {
        let to = to_micros(to.unwrap_or(now));
        let from = to_micros(from.unwrap_or_else(|| start_of_year(to)));
        if from >= to {
            return Err(PeriodError::Empty);
        }
        Ok(Period { from, to })
    }
}

/// Midnight Beijing time of 1 January of the year holding the instant just
/// before `end`.
fn start_of_year(end: DateTime<Utc>) -> DateTime<Utc> {
    let zone = REPORT_ZONE;
    let last = end - TimeDelta::microseconds(1);
    let year = last.with_timezone(&zone).year();
    NaiveDate::from_ymd_opt(year, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .and_then(|d| zone.from_local_datetime(&d).single())
        .map_or(DateTime::<Utc>::MIN_UTC, |d| d.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn defaults_to_the_beijing_year_to_date() {
        let now = at("2026-11-22T10:00:00.123456789Z");
        let p = Period::new(None, None, now).unwrap();
        assert_eq!(p.from, at("2025-12-31T16:00:00Z"));
        assert_eq!(p.to, at("2026-11-22T10:00:00.123456Z"));
        // 1 January 03:00 in Beijing is still 31 December in UTC.
        let p = Period::new(None, Some(at("2025-12-31T19:00:00Z")), now).unwrap();
        assert_eq!(p.from, at("2025-12-31T16:00:00Z"));
        // A period ending exactly at New Year covers the year before.
        let p = Period::new(None, Some(at("2025-12-31T16:00:00Z")), now).unwrap();
        assert_eq!(p.from, at("2024-12-31T16:00:00Z"));
    }

    #[test]
    fn an_empty_period_is_refused() {
        let now = at("2026-11-22T10:00:00Z");
        assert_eq!(
            Period::new(Some(now), Some(now), now),
            Err(PeriodError::Empty)
        );
        assert!(Period::new(Some(now), Some(at("2026-11-22T09:00:00Z")), now).is_err());
    }
}
