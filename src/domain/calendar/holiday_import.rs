//! Laying a year's official holiday list over a calendar: the administrator's
//! yearly chore (the State Council publishes next year's arrangement each
//! November). Importing a list replaces what the calendar said about that
//! year and keeps every other year, so importing the same list twice changes
//! nothing the second time.

use chrono::{Datelike, NaiveDate, Weekday};
use chrono_tz::Tz;
use thiserror::Error;

use super::error::CalendarError;
use super::holiday_list::HolidayList;
use super::office_calendar::Calendar;

/// Why a holiday list cannot be laid over a calendar.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum HolidayImportError {
    /// Dates mean different days in different zones: a list for another zone
    /// is almost certainly the wrong file.
    #[error("the holiday list is for time zone {list}, but the calendar counts in {calendar}")]
    TimeZoneMismatch { calendar: Tz, list: Tz },

    /// Catches a `year` typo before it wipes out the wrong year.
    #[error(
        "{date} is not in {year}, nor in the December before or the January after it: is the list's year right?"
    )]
    DateOutsideYear { date: NaiveDate, year: i32 },

    /// The calendar with the list laid over it is invalid, e.g. its make-up days
    /// follow a weekday without office hours.
    #[error(transparent)]
    Calendar(#[from] CalendarError),
}

impl HolidayList {
    /// Whether importing this list replaces what a calendar says about `date`:
    /// every date of `year`, and the listed dates outside it (a New Year break
    /// that starts in December).
    pub fn replaces(&self, date: NaiveDate) -> bool {
        date.year() == self.year
            || self.holidays.contains(&date)
            || self.make_up_workdays.contains(&date)
    }

    /// A listed date may fall in `year` or in the month either side of it.
    fn check_dates(&self) -> Result<(), HolidayImportError> {
        let year = i64::from(self.year);
        let near = |date: &NaiveDate| {
            let y = i64::from(date.year());
            y == year
                || (y + 1 == year && date.month() == 12)
                || (y == year + 1 && date.month() == 1)
        };
        match self
            .holidays
            .iter()
            .chain(&self.make_up_workdays)
            .find(|date| !near(date))
        {
            Some(&date) => Err(HolidayImportError::DateOutsideYear {
                date,
                year: self.year,
            }),
            None => Ok(()),
        }
    }
}

impl Calendar {
    /// This calendar with `list` laid over it: the dates the list
    /// [replaces](HolidayList::replaces) lose their old holidays and make-up
    /// days and take the list's, whose make-up days work `make_up_hours`' hours.
    /// Weekly hours, zone and the days of other years stay as they are.
    ///
    /// Rejects a list in another time zone, a listed date far from the list's
    /// year, and a result [`Calendar::new`] rejects.
    pub fn with_holiday_list(
        &self,
        list: &HolidayList,
        make_up_hours: Weekday,
    ) -> Result<Calendar, HolidayImportError> {
        if list.time_zone != self.time_zone() {
            return Err(HolidayImportError::TimeZoneMismatch {
                calendar: self.time_zone(),
                list: list.time_zone,
            });
        }
        list.check_dates()?;
        let kept = |date: &NaiveDate| !list.replaces(*date);
        let holidays = self
            .holidays()
            .iter()
            .copied()
            .filter(kept)
            .chain(list.holidays.iter().copied())
            .collect();
        let make_up_days = self
            .make_up_days()
            .iter()
            .map(|(&date, &weekday)| (date, weekday))
            .filter(|(date, _)| kept(date))
            .chain(list.make_up_days_with_hours_of(make_up_hours))
            .collect();
        Ok(Calendar::new(
            self.time_zone(),
            self.weekly().clone(),
            holidays,
            make_up_days,
        )?)
    }
}
