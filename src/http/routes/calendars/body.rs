//! The body of `POST /calendars` and `PUT /calendars/{id}`: a calendar's
//! whole definition, parsed into a domain [`Calendar`], so that every rule
//! the domain keeps answers 422 naming the field at fault.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::{
    domain::calendar::{Calendar, CalendarError, HolidayList, WeekdayCode, WeeklyHours},
    http::{
        error::{ApiError, FieldErrors},
        json::not_blank,
    },
    store::calendars::CalendarDefinition,
};

/// Enough for decades of holidays, and few enough rows for one statement.
const MAX_DAYS: u64 = 2000;

#[derive(Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct CalendarBody {
    #[validate(length(min = 1, max = 100), custom(function = not_blank))]
    name: String,
    #[serde(default = "shanghai")]
    time_zone: String,
    /// The domain type itself: a bad `HH:MM`, an overlap or an empty week
    /// fails while the body is read, as a 422 on `weekly_hours…`.
    weekly_hours: WeeklyHours,
    #[serde(default)]
    #[validate(length(max = MAX_DAYS), nested)]
    holidays: Vec<HolidayBody>,
    #[serde(default)]
    #[validate(length(max = MAX_DAYS), nested)]
    make_up_days: Vec<MakeUpDayBody>,
}

// Serialize: `validator` puts a too-long list into its error.
#[derive(Deserialize, Serialize, Validate)]
#[serde(
    deny_unknown_fields,
    expecting = r#"a holiday {"date": "YYYY-MM-DD", "note"?: "…"}"#
)]
struct HolidayBody {
    date: NaiveDate,
    #[serde(default)]
    #[validate(length(max = 100))]
    note: String,
}

#[derive(Deserialize, Serialize, Validate)]
#[serde(
    deny_unknown_fields,
    expecting = r#"a make-up day {"date": "YYYY-MM-DD", "uses_weekday"?: "mon", "note"?: "…"}"#
)]
struct MakeUpDayBody {
    date: NaiveDate,
    #[serde(default = "default_make_up_hours")]
    uses_weekday: WeekdayCode,
    #[serde(default)]
    #[validate(length(max = 100))]
    note: String,
}

fn shanghai() -> String {
    Tz::Asia__Shanghai.name().to_string()
}

fn default_make_up_hours() -> WeekdayCode {
    HolidayList::DEFAULT_MAKE_UP_HOURS.into()
}

impl CalendarBody {
    pub fn into_definition(self) -> Result<CalendarDefinition, ApiError> {
        let mut errors = FieldErrors::new();
        let tz: Option<Tz> = self.time_zone.parse().ok();
        if tz.is_none() {
            let err = CalendarError::UnknownTimeZone(self.time_zone.clone());
            errors.insert("time_zone".into(), err.to_string());
        }
        let mut notes = BTreeMap::new();
        let mut holidays = BTreeSet::new();
        for (i, day) in self.holidays.into_iter().enumerate() {
            if !holidays.insert(day.date) {
                errors.insert(format!("holidays[{i}].date"), twice(day.date));
            }
            notes.insert(day.date, day.note.trim().to_string());
        }
        let make_up_dates: Vec<NaiveDate> = self.make_up_days.iter().map(|d| d.date).collect();
        let mut make_ups = BTreeMap::new();
        for (i, day) in self.make_up_days.into_iter().enumerate() {
            if make_ups.insert(day.date, day.uses_weekday.into()).is_some() {
                errors.insert(format!("make_up_days[{i}].date"), twice(day.date));
            }
            notes.insert(day.date, day.note.trim().to_string());
        }
        let Some(tz) = tz.filter(|_| errors.is_empty()) else {
            return Err(ApiError::Validation(errors));
        };
        let calendar = Calendar::new(tz, self.weekly_hours, holidays, make_ups)
            .map_err(|e| ApiError::field(field_of(&e, &make_up_dates), e))?;
        Ok(CalendarDefinition {
            name: self.name.trim().to_string(),
            calendar,
            notes,
        })
    }
}

fn twice(date: NaiveDate) -> String {
    format!("{date} is listed twice")
}

/// The body field a domain error is about.
fn field_of(err: &CalendarError, make_up_dates: &[NaiveDate]) -> String {
    let make_up =
        |date: &NaiveDate, member: &str| match make_up_dates.iter().position(|d| d == date) {
            Some(i) => format!("make_up_days[{i}].{member}"),
            None => "make_up_days".to_string(),
        };
    match err {
        CalendarError::HolidayIsMakeUpDay(date) => make_up(date, "date"),
        CalendarError::MakeUpDayWithoutHours { date, .. } => make_up(date, "uses_weekday"),
        CalendarError::UnknownTimeZone(_) => "time_zone".to_string(),
        CalendarError::InvalidTimeOfDay(_)
        | CalendarError::EmptyInterval { .. }
        | CalendarError::IntervalOutsideDay { .. }
        | CalendarError::OverlappingIntervals { .. }
        | CalendarError::NoOfficeHours => "weekly_hours".to_string(),
        CalendarError::NegativeDuration(_) => "body".to_string(),
    }
}
