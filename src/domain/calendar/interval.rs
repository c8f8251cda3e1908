use std::fmt;

use serde::{Deserialize, Serialize};

use super::error::CalendarError;
use super::time_of_day::{self, DAY_SECS, TimeOfDay};

/// One stretch of office time within a local day, `[start, end)` in seconds after
/// local midnight, with `start < end <= 86400` (an end of `24:00` reaches midnight).
///
/// Serialized as `["09:00", "12:00"]`; `"HH:MM:SS"` is accepted and produced when
/// a boundary is not on a whole minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "(String, String)", into = "(String, String)")]
pub struct OfficeInterval {
    start: u32,
    end: u32,
}

impl OfficeInterval {
    /// 00:00–24:00.
    pub const WHOLE_DAY: OfficeInterval = OfficeInterval {
        start: 0,
        end: DAY_SECS,
    };

    pub fn new(start: u32, end: u32) -> Result<Self, CalendarError> {
        if end > DAY_SECS {
            return Err(CalendarError::IntervalOutsideDay { start, end });
        }
        if start >= end {
            return Err(CalendarError::EmptyInterval { start, end });
        }
        Ok(OfficeInterval { start, end })
    }

    /// `OfficeInterval::parse("09:00", "12:00")`.
    pub fn parse(start: &str, end: &str) -> Result<Self, CalendarError> {
        Self::new(time_of_day::parse(start)?, time_of_day::parse(end)?)
    }

    /// Seconds after local midnight.
    pub fn start(&self) -> u32 {
        self.start
    }

    /// Seconds after local midnight; `86400` means the following midnight.
    pub fn end(&self) -> u32 {
        self.end
    }

    pub fn duration_secs(&self) -> u32 {
        self.end - self.start
    }
}

impl fmt::Display for OfficeInterval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", TimeOfDay(self.start), TimeOfDay(self.end))
    }
}

impl TryFrom<(String, String)> for OfficeInterval {
    type Error = CalendarError;

    fn try_from((start, end): (String, String)) -> Result<Self, Self::Error> {
        Self::parse(&start, &end)
    }
}

impl From<OfficeInterval> for (String, String) {
    fn from(interval: OfficeInterval) -> Self {
        (
            TimeOfDay(interval.start).to_string(),
            TimeOfDay(interval.end).to_string(),
        )
    }
}
