//! An SLA policy's targets: for each clock, business seconds or working days.

use serde::{Deserialize, Serialize};

/// The longest target accepted: a year of business seconds or of working days.
const MAX_SECS: i64 = 366 * 24 * 3600;
const MAX_DAYS: i64 = 366;

use super::calendar::BusinessDuration;
pub use super::calendar::SlaTarget as Target;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    #[error("give either a number of business seconds or of working days, not both")]
    Both,
    #[error("a target is required")]
    Missing,
    #[error("business seconds must be between 1 and {MAX_SECS}")]
    SecsRange,
    #[error("working days must be between 1 and {MAX_DAYS}")]
    DaysRange,
}

/// Reads the `(secs, days)` pair used on the wire and in the table.
pub fn target_from_pair(
    secs: Option<i64>,
    days: Option<i64>,
) -> Result<Option<Target>, TargetError> {
    match (secs, days) {
        (Some(_), Some(_)) => Err(TargetError::Both),
        (Some(s), None) if (1..=MAX_SECS).contains(&s) => BusinessDuration::from_secs(s)
            .map(|d| Some(Target::Business(d)))
            .map_err(|_| TargetError::SecsRange),
        (Some(_), None) => Err(TargetError::SecsRange),
        (None, Some(d)) if (1..=MAX_DAYS).contains(&d) => u32::try_from(d)
            .map(|d| Some(Target::WorkingDays(d)))
            .map_err(|_| TargetError::DaysRange),
        (None, Some(_)) => Err(TargetError::DaysRange),
        (None, None) => Ok(None),
    }
}

pub fn required_target(secs: Option<i64>, days: Option<i64>) -> Result<Target, TargetError> {
    target_from_pair(secs, days)?.ok_or(TargetError::Missing)
}

/// The `(secs, days)` pair of a target, for the wire and the table.
pub fn target_pair(target: Option<Target>) -> (Option<i64>, Option<i64>) {
    match target {
        Some(Target::Business(d)) => (Some(d.as_secs()), None),
        Some(Target::WorkingDays(n)) => (None, Some(i64::from(n))),
        None => (None, None),
    }
}

/// The three clocks' targets for one priority.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClockTargets {
    /// Sign-for (签收): filing until a department claims the ticket.
    pub response: Target,
    /// Filing until staff first answer the enterprise; no clock if `None`.
    pub first_response: Option<Target>,
    pub resolution: Target,
}

/// `warn_ratio` of a target must leave room both for the warning and after it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct WarnRatio(f64);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be greater than 0 and less than 1")]
pub struct WarnRatioError;

impl WarnRatio {
    pub fn new(value: f64) -> Result<Self, WarnRatioError> {
        if value.is_finite() && value > 0.0 && value < 1.0 {
            Ok(Self(value))
        } else {
            Err(WarnRatioError)
        }
    }

    pub fn get(self) -> f64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_target_is_one_of_the_pair() {
        let hour = Target::Business(BusinessDuration::from_secs(3600).unwrap());
        assert_eq!(target_from_pair(Some(3600), None), Ok(Some(hour)));
        assert_eq!(target_pair(Some(hour)), (Some(3600), None));
        assert_eq!(
            target_from_pair(None, Some(5)),
            Ok(Some(Target::WorkingDays(5)))
        );
        assert_eq!(target_pair(Some(Target::WorkingDays(5))), (None, Some(5)));
        assert_eq!(target_from_pair(None, None), Ok(None));
        assert_eq!(
            target_from_pair(Some(3600), Some(5)),
            Err(TargetError::Both)
        );
        assert_eq!(target_from_pair(Some(0), None), Err(TargetError::SecsRange));
        assert_eq!(target_from_pair(None, Some(0)), Err(TargetError::DaysRange));
        assert_eq!(
            target_from_pair(None, Some(367)),
            Err(TargetError::DaysRange)
        );
        assert_eq!(required_target(None, None), Err(TargetError::Missing));
    }

    #[test]
    fn warn_ratio_is_strictly_inside_zero_and_one() {
        assert!(WarnRatio::new(0.8).is_ok());
        for bad in [0.0, 1.0, -0.1, 1.5, f64::NAN, f64::INFINITY] {
            assert_eq!(WarnRatio::new(bad), Err(WarnRatioError), "{bad}");
        }
    }
}
