use chrono::{NaiveDate, Weekday};
use thiserror::Error;

use super::interval::OfficeInterval;

/// Every way a calendar input (configuration, holiday file, duration) can be invalid.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CalendarError {
    #[error("business duration must not be negative, got {0} seconds")]
    NegativeDuration(i64),

    #[error("invalid time of day {0:?}: expected \"HH:MM\" or \"HH:MM:SS\" from 00:00 to 24:00")]
    InvalidTimeOfDay(String),

    #[error("office interval must start before it ends, got {start}s..{end}s after midnight")]
    EmptyInterval { start: u32, end: u32 },

    #[error("office interval {start}s..{end}s lies outside the day (00:00 to 24:00 = 86400s)")]
    IntervalOutsideDay { start: u32, end: u32 },

    #[error("office intervals {first} and {second} on {weekday} overlap")]
    OverlappingIntervals {
        weekday: Weekday,
        first: OfficeInterval,
        second: OfficeInterval,
    },

    #[error("weekly office hours are empty: at least one office interval per week is required")]
    NoOfficeHours,

    #[error("{0} is listed both as a holiday and as a make-up working day")]
    HolidayIsMakeUpDay(NaiveDate),

    #[error("make-up working day {date} uses the hours of {weekday}, which has no office hours")]
    MakeUpDayWithoutHours { date: NaiveDate, weekday: Weekday },

    #[error("unknown time zone {0:?}: expected an IANA name such as \"Asia/Shanghai\"")]
    UnknownTimeZone(String),
}
