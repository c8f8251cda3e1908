//! Skipping whole weeks in one step.
//!
//! A run of `k` weeks can be accounted as `k × week_secs` office seconds (or
//! `k × working_weekdays` working days) when no exception date falls inside it
//! and, for seconds, the UTC offset does not change across it (see
//! [`super::zone::Zone::uniform_days`]).

use chrono::{Days, NaiveDate};

use super::office_calendar::Calendar;
use super::zone::{DAY, Direction};

pub(super) const WEEK: i64 = 7 * DAY;

/// `date` moved by `days` (negative = backwards); `None` outside chrono's range.
pub(super) fn shift_days(date: NaiveDate, days: i64) -> Option<NaiveDate> {
    let magnitude = Days::new(days.unsigned_abs());
    if days >= 0 {
        date.checked_add_days(magnitude)
    } else {
        date.checked_sub_days(magnitude)
    }
}

impl Calendar {
    /// Number (> 0) of whole exception-free, single-offset weeks starting at local
    /// midnight of `first`, at most `max_weeks`, that begin at or after
    /// `not_before` and, if given, end at or before `not_after`.
    pub(super) fn block_forward(
        &self,
        first: NaiveDate,
        max_weeks: i64,
        not_before: i64,
        not_after: Option<i64>,
    ) -> Option<i64> {
        let free_weeks = self
            .next_exception(first)
            .map_or(i64::MAX, |exception| (exception - first).num_days() / 7);
        let mut weeks = max_weeks.min(free_weeks);
        if weeks <= 0 {
            return None;
        }
        let start = self.zone.unambiguous_midnight(first)?;
        if start < not_before {
            return None;
        }
        if let Some(limit) = not_after {
            weeks = weeks.min(limit.saturating_sub(start) / WEEK);
        }
        weeks = self.uniform_weeks(start, weeks, Direction::Forward);
        (weeks > 0).then_some(weeks)
    }

    /// Number (> 0) of whole exception-free, single-offset weeks ending with local
    /// date `last` (inclusive), at most `max_weeks`, that end at or before `not_after`.
    pub(super) fn block_backward(
        &self,
        last: NaiveDate,
        max_weeks: i64,
        not_after: i64,
    ) -> Option<i64> {
        let free_weeks = self
            .prev_exception(last)
            .map_or(i64::MAX, |exception| (last - exception).num_days() / 7);
        let weeks = max_weeks.min(free_weeks);
        if weeks <= 0 {
            return None;
        }
        let end = self.zone.unambiguous_midnight(last.succ_opt()?)?;
        if end > not_after {
            return None;
        }
        let weeks = self.uniform_weeks(end, weeks, Direction::Backward);
        if weeks <= 0 {
            return None;
        }
        // The first day's early hours must not also exist before the block (a
        // fold), or they would resolve to that earlier instant.
        let start = end.checked_sub(weeks.checked_mul(WEEK)?)?;
        let first = shift_days(last, 1i64.saturating_sub(weeks.saturating_mul(7)))?;
        (self.zone.unambiguous_midnight(first) == Some(start)).then_some(weeks)
    }

    fn uniform_weeks(&self, from: i64, weeks: i64, direction: Direction) -> i64 {
        self.zone
            .uniform_days(from, weeks.saturating_mul(7), direction)
            / 7
    }
}
