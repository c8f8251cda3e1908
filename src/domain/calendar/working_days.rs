use chrono::{DateTime, NaiveDate, Utc};

use super::arithmetic::instant;
use super::duration::SlaTarget;
use super::office_calendar::Calendar;
use super::skip::shift_days;

impl Calendar {
    /// Close of office on the `n`-th working day after the local date of `start`.
    ///
    /// The legal rule "the day a period starts is not counted": the start's own
    /// local date never counts, whether or not it is a working day and whatever
    /// the hour. Holidays are skipped, make-up days count. `n == 0` returns `start`.
    pub fn add_working_days(&self, start: DateTime<Utc>, n: u32) -> DateTime<Utc> {
        if n == 0 {
            return start;
        }
        let per_week = i64::from(self.weekly.working_weekdays());
        let mut left = i64::from(n);
        let mut date = self.zone.local_date_clamped(start.timestamp());
        loop {
            if left > per_week
                && let Some(weeks) = self.free_weeks_after(date, (left - 1) / per_week)
            {
                left -= weeks * per_week;
                let Some(next) = shift_days(date, 7 * weeks) else {
                    return DateTime::<Utc>::MAX_UTC;
                };
                date = next;
            }
            let Some(next) = date.succ_opt() else {
                return DateTime::<Utc>::MAX_UTC;
            };
            date = next;
            if self.is_working_day(date) {
                left -= 1;
                if left == 0 {
                    return self.close_of_office(date);
                }
            }
        }
    }

    /// Dispatches to [`Self::add`] or [`Self::add_working_days`].
    pub fn deadline(&self, start: DateTime<Utc>, target: &SlaTarget) -> DateTime<Utc> {
        match *target {
            SlaTarget::Business(d) => self.add(start, d),
            SlaTarget::WorkingDays(n) => self.add_working_days(start, n),
        }
    }

    /// The end of the last office interval of `date`. If every interval of that
    /// day vanished in a DST gap, the instant the last one would have ended.
    pub fn close_of_office(&self, date: NaiveDate) -> DateTime<Utc> {
        let close = self
            .day_spans(date)
            .next_back()
            .map(|(_, end)| end)
            .or_else(|| {
                let last = self.hours_on(date).last()?;
                self.zone.resolve(date, last.end())
            });
        close.map_or(DateTime::<Utc>::MAX_UTC, instant)
    }

    /// Whole weeks (at most `max_weeks`, > 0) right after `date` holding no
    /// exception date; their working days are `weeks × working_weekdays`.
    fn free_weeks_after(&self, date: NaiveDate, max_weeks: i64) -> Option<i64> {
        let first = date.succ_opt()?;
        let free = self
            .next_exception(first)
            .map_or(i64::MAX, |exception| (exception - first).num_days() / 7);
        let weeks = free.min(max_weeks);
        (weeks > 0).then_some(weeks)
    }
}
