use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate, Weekday};
use chrono_tz::Tz;

use super::error::CalendarError;
use super::holiday_list::HolidayList;
use super::interval::OfficeInterval;
use super::weekly::WeeklyHours;
use super::zone::Zone;

/// Office time of one organisation: weekly hours in a local time zone, dates off
/// (holidays) and weekend dates worked (make-up days, 调休).
///
/// The arithmetic lives in sibling files (`arithmetic.rs`, `working_days.rs`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    pub(super) zone: Zone,
    pub(super) weekly: WeeklyHours,
    holidays: BTreeSet<NaiveDate>,
    make_up_days: BTreeMap<NaiveDate, Weekday>,
    /// Holidays and make-up days whose office hours differ from an ordinary day
    /// of the same weekday (a holiday on a closed Saturday is not one). Whole weeks
    /// free of these can be skipped in one step.
    exceptions: BTreeSet<NaiveDate>,
}

impl Calendar {
    /// `make_up_days` maps each make-up date to the weekday whose hours it works.
    ///
    /// Rejects a date that is both a holiday and a make-up day, and a make-up day
    /// that follows a weekday without office hours.
    pub fn new(
        tz: Tz,
        weekly: WeeklyHours,
        holidays: BTreeSet<NaiveDate>,
        make_up_days: BTreeMap<NaiveDate, Weekday>,
    ) -> Result<Self, CalendarError> {
        let mut exceptions = BTreeSet::new();
        for (&date, &weekday) in &make_up_days {
            if holidays.contains(&date) {
                return Err(CalendarError::HolidayIsMakeUpDay(date));
            }
            if weekly.day(weekday).is_empty() {
                return Err(CalendarError::MakeUpDayWithoutHours { date, weekday });
            }
            if weekly.day(weekday) != weekly.day(date.weekday()) {
                exceptions.insert(date);
            }
        }
        exceptions.extend(
            holidays
                .iter()
                .filter(|date| !weekly.day(date.weekday()).is_empty()),
        );
        Ok(Calendar {
            zone: Zone::new(tz),
            weekly,
            holidays,
            make_up_days,
            exceptions,
        })
    }

    /// The `24x7` calendar: UTC, every day 00:00–24:00, no holidays.
    pub fn always_open() -> Self {
        Calendar {
            zone: Zone::new(Tz::UTC),
            weekly: WeeklyHours::always_open(),
            holidays: BTreeSet::new(),
            make_up_days: BTreeMap::new(),
            exceptions: BTreeSet::new(),
        }
    }

    /// Chinese government office hours: Asia/Shanghai, Monday to Friday
    /// 09:00–12:00 and 13:30–17:30.
    pub fn china_government_office_hours(
        holidays: BTreeSet<NaiveDate>,
        make_up_days: BTreeMap<NaiveDate, Weekday>,
    ) -> Result<Self, CalendarError> {
        let weekly = WeeklyHours::mon_to_fri(&[
            OfficeInterval::new(9 * 3600, 12 * 3600)?,
            OfficeInterval::new(13 * 3600 + 1800, 17 * 3600 + 1800)?,
        ])?;
        Self::new(Tz::Asia__Shanghai, weekly, holidays, make_up_days)
    }

    /// `weekly` hours in the list's time zone with its holidays; make-up days work
    /// [`HolidayList::DEFAULT_MAKE_UP_HOURS`]' hours.
    pub fn from_holiday_list(
        weekly: WeeklyHours,
        list: &HolidayList,
    ) -> Result<Self, CalendarError> {
        Self::new(
            list.time_zone,
            weekly,
            list.holidays.clone(),
            list.make_up_days(),
        )
    }

    pub fn time_zone(&self) -> Tz {
        self.zone.tz()
    }

    pub fn weekly(&self) -> &WeeklyHours {
        &self.weekly
    }

    pub fn holidays(&self) -> &BTreeSet<NaiveDate> {
        &self.holidays
    }

    pub fn make_up_days(&self) -> &BTreeMap<NaiveDate, Weekday> {
        &self.make_up_days
    }

    /// Local office intervals of `date`, after holidays and make-up days.
    pub fn hours_on(&self, date: NaiveDate) -> &[OfficeInterval] {
        if let Some(&weekday) = self.make_up_days.get(&date) {
            self.weekly.day(weekday)
        } else if self.holidays.contains(&date) {
            &[]
        } else {
            self.weekly.day(date.weekday())
        }
    }

    /// A make-up day, or a non-holiday whose weekday has office hours.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        !self.hours_on(date).is_empty()
    }

    /// First exception date on or after `date`.
    pub(super) fn next_exception(&self, date: NaiveDate) -> Option<NaiveDate> {
        self.exceptions.range(date..).next().copied()
    }

    /// Last exception date on or before `date`.
    pub(super) fn prev_exception(&self, date: NaiveDate) -> Option<NaiveDate> {
        self.exceptions.range(..=date).next_back().copied()
    }
}
