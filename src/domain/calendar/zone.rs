//! Local wall time ↔ UTC seconds for one time zone, on whole seconds (`i64`
//! Unix timestamps). Nothing here panics: conversions that leave chrono's range
//! give `None`.

use chrono::{DateTime, MappedLocalTime, NaiveDate, NaiveTime, Offset, TimeDelta, TimeZone};
use chrono_tz::{GapInfo, Tz};

pub(super) const DAY: i64 = 86_400;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Zone {
    tz: Tz,
    /// The IANA `Etc/*` zones and their aliases never change offset.
    fixed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Direction {
    Forward,
    Backward,
}

impl Zone {
    pub(super) fn new(tz: Tz) -> Self {
        let name = tz.name();
        let fixed = name.starts_with("Etc/")
            || matches!(
                name,
                "UTC"
                    | "UCT"
                    | "GMT"
                    | "GMT0"
                    | "GMT+0"
                    | "GMT-0"
                    | "Greenwich"
                    | "Universal"
                    | "Zulu"
            );
        Zone { tz, fixed }
    }

    pub(super) fn tz(&self) -> Tz {
        self.tz
    }

    /// Seconds east of UTC in force at instant `ts`.
    fn offset_at(&self, ts: i64) -> Option<i32> {
        let utc = DateTime::from_timestamp(ts, 0)?.naive_utc();
        Some(
            self.tz
                .offset_from_utc_datetime(&utc)
                .fix()
                .local_minus_utc(),
        )
    }

    /// The local calendar date at instant `ts`.
    pub(super) fn local_date(&self, ts: i64) -> Option<NaiveDate> {
        let local = ts.checked_add(i64::from(self.offset_at(ts)?))?;
        DateTime::from_timestamp(local, 0).map(|t| t.date_naive())
    }

    /// Like [`Self::local_date`], clamped to chrono's first/last date at the ends of time.
    pub(super) fn local_date_clamped(&self, ts: i64) -> NaiveDate {
        self.local_date(ts).unwrap_or(if ts < 0 {
            NaiveDate::MIN
        } else {
            NaiveDate::MAX
        })
    }

    /// The instant of local `date` + `secs` (0..=86400, 86400 = next midnight).
    ///
    /// In a DST gap (local time skipped) this is the first instant after the gap;
    /// in a fold (local time repeated) it is the earlier of the two instants. Both
    /// rules keep the mapping non-decreasing in local time, so sorted local
    /// intervals stay sorted and disjoint in UTC (an interval inside a gap shrinks
    /// to nothing).
    pub(super) fn resolve(&self, date: NaiveDate, secs: u32) -> Option<i64> {
        let local = date
            .and_time(NaiveTime::MIN)
            .checked_add_signed(TimeDelta::seconds(i64::from(secs)))?;
        match self.tz.from_local_datetime(&local) {
            MappedLocalTime::Single(t) => Some(t.timestamp()),
            MappedLocalTime::Ambiguous(a, b) => Some(a.timestamp().min(b.timestamp())),
            MappedLocalTime::None => GapInfo::new(&local, &self.tz)?.end.map(|t| t.timestamp()),
        }
    }

    /// The instant of local midnight of `date`, only when it is neither in a gap nor a fold.
    pub(super) fn unambiguous_midnight(&self, date: NaiveDate) -> Option<i64> {
        match self.tz.from_local_datetime(&date.and_time(NaiveTime::MIN)) {
            MappedLocalTime::Single(t) => Some(t.timestamp()),
            _ => None,
        }
    }

    /// The largest `n <= max_days` such that the UTC offset is the same at
    /// `from ± i·86400` for every `0 <= i <= n`; then every local time in those `n`
    /// days maps to UTC with that one offset.
    ///
    /// Trade-off: chrono-tz does not expose its transition table, so this samples
    /// once per day and assumes no zone changes its offset and back within 24 hours
    /// (in the tz database shipped with chrono-tz 0.10 the shortest such excursion is
    /// about 7 days). Cost: one offset lookup per day, none for fixed zones.
    pub(super) fn uniform_days(&self, from: i64, max_days: i64, direction: Direction) -> i64 {
        if self.fixed {
            return max_days;
        }
        let Some(base) = self.offset_at(from) else {
            return 0;
        };
        let step = match direction {
            Direction::Forward => DAY,
            Direction::Backward => -DAY,
        };
        let mut ts = from;
        for day in 1..=max_days {
            let next = ts
                .checked_add(step)
                .filter(|&t| self.offset_at(t) == Some(base));
            match next {
                Some(t) => ts = t,
                None => return day - 1,
            }
        }
        max_days
    }
}
