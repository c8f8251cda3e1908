use std::collections::{BTreeMap, BTreeSet};

use chrono::{NaiveDate, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::error::CalendarError;

/// One year's official holiday arrangement, as published in files like
/// `{"year":2026,"time_zone":"Asia/Shanghai","source":"…","holidays":["2026-01-01",…],
/// "make_up_workdays":["2026-01-04",…]}`.
///
/// Dates are not required to fall within `year` (a New Year break can start in
/// December of the previous year). Duplicates are ignored. A date listed both as
/// holiday and as make-up day, or an unknown time zone name, is rejected.
///
/// The file does not say which weekday's hours a make-up day follows; by default
/// ([`HolidayList::make_up_days`]) it is [`HolidayList::DEFAULT_MAKE_UP_HOURS`]
/// (Monday), which for Mon–Fri office hours means a normal full day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "HolidayListSpec", into = "HolidayListSpec")]
pub struct HolidayList {
    pub year: i32,
    pub time_zone: Tz,
    pub source: Option<String>,
    pub holidays: BTreeSet<NaiveDate>,
    pub make_up_workdays: BTreeSet<NaiveDate>,
}

impl HolidayList {
    pub const DEFAULT_MAKE_UP_HOURS: Weekday = Weekday::Mon;

    /// Rejects a date listed both as holiday and as make-up day; duplicates are ignored.
    pub fn new(
        year: i32,
        time_zone: Tz,
        source: Option<String>,
        holidays: impl IntoIterator<Item = NaiveDate>,
        make_up_workdays: impl IntoIterator<Item = NaiveDate>,
    ) -> Result<Self, CalendarError> {
        let holidays: BTreeSet<NaiveDate> = holidays.into_iter().collect();
        let make_up_workdays: BTreeSet<NaiveDate> = make_up_workdays.into_iter().collect();
        if let Some(&date) = holidays.intersection(&make_up_workdays).next() {
            return Err(CalendarError::HolidayIsMakeUpDay(date));
        }
        Ok(HolidayList {
            year,
            time_zone,
            source,
            holidays,
            make_up_workdays,
        })
    }

    /// Make-up days working [`Self::DEFAULT_MAKE_UP_HOURS`]' hours, ready for
    /// [`super::Calendar::new`].
    pub fn make_up_days(&self) -> BTreeMap<NaiveDate, Weekday> {
        self.make_up_days_with_hours_of(Self::DEFAULT_MAKE_UP_HOURS)
    }

    pub fn make_up_days_with_hours_of(&self, weekday: Weekday) -> BTreeMap<NaiveDate, Weekday> {
        self.make_up_workdays
            .iter()
            .map(|&date| (date, weekday))
            .collect()
    }
}

/// Wire form of [`HolidayList`].
#[derive(Serialize, Deserialize)]
struct HolidayListSpec {
    year: i32,
    time_zone: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source: Option<String>,
    #[serde(default)]
    holidays: Vec<NaiveDate>,
    #[serde(default)]
    make_up_workdays: Vec<NaiveDate>,
}

impl TryFrom<HolidayListSpec> for HolidayList {
    type Error = CalendarError;

    fn try_from(spec: HolidayListSpec) -> Result<Self, Self::Error> {
        let time_zone: Tz = spec
            .time_zone
            .parse()
            .map_err(|_| CalendarError::UnknownTimeZone(spec.time_zone.clone()))?;
        Self::new(
            spec.year,
            time_zone,
            spec.source,
            spec.holidays,
            spec.make_up_workdays,
        )
    }
}

impl From<HolidayList> for HolidayListSpec {
    fn from(list: HolidayList) -> Self {
        HolidayListSpec {
            year: list.year,
            time_zone: list.time_zone.name().to_owned(),
            source: list.source,
            holidays: list.holidays.into_iter().collect(),
            make_up_workdays: list.make_up_workdays.into_iter().collect(),
        }
    }
}
