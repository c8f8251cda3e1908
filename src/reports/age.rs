//! A ticket's age in working days, reduced to instants a query can compare
//! `created_at` with.
//!
//! The age of a ticket filed on local date F, read on local date T (both in
//! its calendar's zone), is the number of working days d with F < d ≤ T: as
//! in the legal rule for periods, the filing day itself does not count, and
//! a ticket filed yesterday (a working day ago) is one working day old.
//! Holidays are skipped, make-up days count.
//!
//! Age ≥ N exactly when F is before the N-th most recent working day on or
//! before T; so "at least N working days old" is "filed before local
//! midnight of that day" — one instant per calendar and per N, worked out
//! here, leaving the database a plain comparison per ticket.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, TimeZone, Utc};

use crate::domain::calendar::Calendar;

/// The buckets' lower bounds in working days: `< 1`, `1–3`, `3–7`, `≥ 7`.
pub const BOUNDS: [u32; 3] = [1, 3, 7];

/// How far back to look for working days: a calendar with fewer than seven
/// in ten years has no ticket old enough for the upper buckets.
const LOOKBACK_DAYS: u32 = 3660;

/// For each of [`BOUNDS`], the instant before which a ticket must have been
/// filed to be at least that many working days old at `now`; `None` when no
/// such day was found.
pub fn thresholds(calendar: &Calendar, now: DateTime<Utc>) -> [Option<DateTime<Utc>>; 3] {
    let tz = calendar.time_zone();
    let mut date = now.with_timezone(&tz).date_naive();
    let mut out = [None; 3];
    let mut seen = 0u32;
    for _ in 0..LOOKBACK_DAYS {
        if calendar.is_working_day(date) {
            seen += 1;
            for (slot, bound) in out.iter_mut().zip(BOUNDS) {
                if bound == seen {
                    *slot = start_of_day(&tz, date);
                }
            }
            if seen >= BOUNDS[2] {
                break;
            }
        }
        let Some(previous) = date.pred_opt() else {
            break;
        };
        date = previous;
    }
    out
}

/// The first instant of a local date. Where a daylight-saving gap swallows
/// midnight, the day starts when the gap ends (found in half-hour steps).
fn start_of_day<Z: TimeZone>(tz: &Z, date: NaiveDate) -> Option<DateTime<Utc>> {
    let midnight = date.and_time(NaiveTime::MIN);
    (0..=8).find_map(|half_hours| {
        tz.from_local_datetime(&(midnight + TimeDelta::minutes(30 * half_hours)))
            .earliest()
            .map(|t| t.with_timezone(&Utc))
    })
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use chrono::Weekday;

    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// Beijing midnight of `d`.
    fn beijing_midnight(d: &str) -> Option<DateTime<Utc>> {
        Some(utc(&format!("{d}T00:00:00+08:00")))
    }

    #[test]
    fn every_day_works_on_the_always_open_calendar() {
        let cal = Calendar::always_open();
        let t = thresholds(&cal, utc("2026-07-08T15:00:00Z"));
        // Filed before today (UTC) is a day old; before 6 July, three.
        assert_eq!(
            t,
            [
                Some(utc("2026-07-08T00:00:00Z")),
                Some(utc("2026-07-06T00:00:00Z")),
                Some(utc("2026-07-02T00:00:00Z")),
            ]
        );
    }

    #[test]
    fn weekends_and_holidays_do_not_count_and_make_up_days_do() {
        // 2026-10-01..08 off (National Day), Sunday 2026-10-11 worked.
        let holidays: BTreeSet<NaiveDate> =
            (1..=8).map(|d| date(&format!("2026-10-{d:02}"))).collect();
        let make_up = BTreeMap::from([(date("2026-10-11"), Weekday::Mon)]);
        let cal = Calendar::china_government_office_hours(holidays, make_up).unwrap();
        // Tuesday 13 October, 10:00 in Beijing. Working days back from it:
        // 13 (Tue), 12 (Mon), 11 (Sun, make-up), 9 (Fri), 30 Sep (Wed),
        // 29 (Tue), 28 (Mon).
        let t = thresholds(&cal, utc("2026-10-13T10:00:00+08:00"));
        assert_eq!(
            t,
            [
                beijing_midnight("2026-10-13"),
                beijing_midnight("2026-10-11"),
                beijing_midnight("2026-09-28"),
            ]
        );
        // Read on a Saturday: the Friday before is the most recent working day.
        let t = thresholds(&cal, utc("2026-10-17T10:00:00+08:00"));
        assert_eq!(t[0], beijing_midnight("2026-10-16"));
    }
}
