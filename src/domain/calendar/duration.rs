use std::ops::Add;

use serde::{Deserialize, Serialize};

use super::error::CalendarError;

/// An amount of *office time* in whole seconds, never negative.
///
/// Deliberately unrelated to [`chrono::Duration`] (wall-clock time): there is no
/// conversion between the two, so office seconds cannot be added to an instant by
/// mistake. Use [`super::Calendar::add`] to turn it into an instant.
///
/// Serialized as a plain integer number of seconds; negative numbers are rejected.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(try_from = "i64", into = "i64")]
pub struct BusinessDuration(i64);

impl BusinessDuration {
    pub const ZERO: BusinessDuration = BusinessDuration(0);
    /// The largest representable duration; [`Add`] saturates here.
    pub const MAX: BusinessDuration = BusinessDuration(i64::MAX);

    pub fn from_secs(secs: i64) -> Result<Self, CalendarError> {
        if secs < 0 {
            return Err(CalendarError::NegativeDuration(secs));
        }
        Ok(BusinessDuration(secs))
    }

    pub const fn from_minutes(minutes: u32) -> Self {
        BusinessDuration(minutes as i64 * 60)
    }

    pub const fn from_hours(hours: u32) -> Self {
        BusinessDuration(hours as i64 * 3600)
    }

    pub const fn as_secs(self) -> i64 {
        self.0
    }

    pub const fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// `None` when `other` is larger than `self`.
    pub fn checked_sub(self, other: Self) -> Option<Self> {
        (self.0 >= other.0).then(|| BusinessDuration(self.0 - other.0))
    }

    /// Zero when `other` is larger than `self`.
    pub fn saturating_sub(self, other: Self) -> Self {
        self.checked_sub(other).unwrap_or(Self::ZERO)
    }

    pub fn checked_add(self, other: Self) -> Option<Self> {
        self.0.checked_add(other.0).map(BusinessDuration)
    }
}

/// Saturates at [`BusinessDuration::MAX`] instead of overflowing.
impl Add for BusinessDuration {
    type Output = BusinessDuration;

    fn add(self, other: Self) -> Self {
        BusinessDuration(self.0.saturating_add(other.0))
    }
}

impl TryFrom<i64> for BusinessDuration {
    type Error = CalendarError;

    fn try_from(secs: i64) -> Result<Self, Self::Error> {
        Self::from_secs(secs)
    }
}

impl From<BusinessDuration> for i64 {
    fn from(d: BusinessDuration) -> i64 {
        d.0
    }
}

/// How an SLA deadline is expressed.
///
/// Serialized as `{"business": 28800}` or `{"working_days": 5}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlaTarget {
    /// This much office time after the start.
    Business(BusinessDuration),
    /// Close of office on the n-th working day after the start's local date.
    WorkingDays(u32),
}
