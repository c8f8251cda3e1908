//! Office-time arithmetic on instants.
//!
//! Instants are handled in whole seconds: sub-second parts of the inputs are
//! truncated (except that `add`/`sub` by zero return the input unchanged). All
//! office boundaries fall on whole seconds, so this only affects instants inside
//! the boundary seconds themselves.
//!
//! Results that would lie outside chrono's range saturate to
//! `DateTime::<Utc>::MIN_UTC` / `MAX_UTC` instead of panicking.
//!
//! Cost: one local→UTC conversion per interval boundary of each day visited,
//! plus, for whole weeks skipped, one exception lookup and (outside fixed-offset
//! zones) one UTC-offset lookup per skipped day.

use chrono::{DateTime, NaiveDate, Utc};

use super::duration::BusinessDuration;
use super::office_calendar::Calendar;
use super::skip::shift_days;

pub(super) fn instant(ts: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(ts, 0).unwrap_or(if ts < 0 {
        DateTime::<Utc>::MIN_UTC
    } else {
        DateTime::<Utc>::MAX_UTC
    })
}

impl Calendar {
    /// The office spans of local `date` as UTC `[start, end)` seconds, in order.
    /// Spans that vanish in a DST gap are left out.
    pub(super) fn day_spans(
        &self,
        date: NaiveDate,
    ) -> impl DoubleEndedIterator<Item = (i64, i64)> + '_ {
        let zone = self.zone;
        self.hours_on(date).iter().filter_map(move |interval| {
            let start = zone.resolve(date, interval.start())?;
            let end = zone.resolve(date, interval.end())?;
            (start < end).then_some((start, end))
        })
    }

    /// Spans of the local date of `ts` and of the days either side.
    pub(super) fn spans_around(&self, ts: i64) -> impl Iterator<Item = (i64, i64)> + '_ {
        let date = self.zone.local_date_clamped(ts);
        [date.pred_opt(), Some(date), date.succ_opt()]
            .into_iter()
            .flatten()
            .flat_map(move |day| self.day_spans(day))
    }

    /// Whether `t` lies in an office interval (`[start, end)`: an interval's end
    /// is not office time).
    pub fn is_office_time(&self, t: DateTime<Utc>) -> bool {
        let ts = t.timestamp();
        self.spans_around(ts)
            .any(|(start, end)| start <= ts && ts < end)
    }

    /// The instant at which `d` of office time has elapsed since `start`.
    ///
    /// `add(t, 0) == t`. For `d > 0` the result is inside an office interval or
    /// exactly on an interval's end: using up precisely the rest of an interval
    /// ends on its close, not at the next opening. A start outside office hours
    /// counts from the next opening.
    pub fn add(&self, start: DateTime<Utc>, d: BusinessDuration) -> DateTime<Utc> {
        if d.is_zero() {
            return start;
        }
        let from = start.timestamp();
        let mut left = d.as_secs();
        // Office time never runs faster than wall time.
        if left > DateTime::<Utc>::MAX_UTC.timestamp().saturating_sub(from) {
            return DateTime::<Utc>::MAX_UTC;
        }
        let week = self.weekly.week_secs();
        let mut date = self.zone.local_date_clamped(from);
        date = date.pred_opt().unwrap_or(date);
        loop {
            if left > week
                && let Some(weeks) = self.block_forward(date, (left - 1) / week, from, None)
            {
                left -= weeks * week;
                let Some(next) = shift_days(date, 7 * weeks) else {
                    return DateTime::<Utc>::MAX_UTC;
                };
                date = next;
            }
            for (span_start, end) in self.day_spans(date) {
                let begin = span_start.max(from);
                if end <= begin {
                    continue;
                }
                if left <= end - begin {
                    return instant(begin + left);
                }
                left -= end - begin;
            }
            let Some(next) = date.succ_opt() else {
                return DateTime::<Utc>::MAX_UTC;
            };
            date = next;
        }
    }

    /// The latest instant `s` with `between(s, end) == d`: counting `d` of office
    /// time backwards from `end`.
    ///
    /// `sub(t, 0) == t`. For `d > 0` the result is inside an office interval or
    /// exactly on an interval's start (never in the closed time before it). For
    /// every `end`, `between(sub(end, d), end) == d`; when `end` is in office time
    /// or on an interval's end, also `add(sub(end, d), d) == end`.
    pub fn sub(&self, end: DateTime<Utc>, d: BusinessDuration) -> DateTime<Utc> {
        if d.is_zero() {
            return end;
        }
        let to = end.timestamp();
        let mut left = d.as_secs();
        if left > to.saturating_sub(DateTime::<Utc>::MIN_UTC.timestamp()) {
            return DateTime::<Utc>::MIN_UTC;
        }
        let week = self.weekly.week_secs();
        let mut date = self.zone.local_date_clamped(to);
        date = date.succ_opt().unwrap_or(date);
        loop {
            if left > week
                && let Some(weeks) = self.block_backward(date, (left - 1) / week, to)
            {
                left -= weeks * week;
                let Some(next) = shift_days(date, -7 * weeks) else {
                    return DateTime::<Utc>::MIN_UTC;
                };
                date = next;
            }
            for (start, span_end) in self.day_spans(date).rev() {
                let finish = span_end.min(to);
                if finish <= start {
                    continue;
                }
                if left <= finish - start {
                    return instant(finish - left);
                }
                left -= finish - start;
            }
            let Some(next) = date.pred_opt() else {
                return DateTime::<Utc>::MIN_UTC;
            };
            date = next;
        }
    }

    /// Office time in `[a, b)`; zero when `b <= a`.
    pub fn between(&self, a: DateTime<Utc>, b: DateTime<Utc>) -> BusinessDuration {
        let (from, to) = (a.timestamp(), b.timestamp());
        if to <= from {
            return BusinessDuration::ZERO;
        }
        let week = self.weekly.week_secs();
        let mut total: i64 = 0;
        let first = self.zone.local_date_clamped(from);
        let last = self.zone.local_date_clamped(to);
        let mut date = first.pred_opt().unwrap_or(first);
        let last = last.succ_opt().unwrap_or(last);
        while date <= last {
            if let Some(weeks) = self.block_forward(date, i64::MAX, from, Some(to)) {
                total += weeks * week;
                match shift_days(date, 7 * weeks) {
                    Some(next) => date = next,
                    None => break,
                }
                continue;
            }
            for (start, end) in self.day_spans(date) {
                let (start, end) = (start.max(from), end.min(to));
                if start < end {
                    total += end - start;
                }
            }
            match date.succ_opt() {
                Some(next) => date = next,
                None => break,
            }
        }
        BusinessDuration::from_secs(total).unwrap_or(BusinessDuration::ZERO)
    }
}
