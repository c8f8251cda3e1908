//! The body of `POST /calendars/{id}/holiday-lists`: a year's official
//! holiday arrangement, sent exactly as published, so the yearly chore is
//! `curl --data @cn-public-holidays-2027.json`.

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde::Deserialize;
use validator::Validate;

use crate::{
    domain::calendar::{CalendarError, HolidayImportError, HolidayList, WeekdayCode},
    http::error::{ApiError, FieldErrors},
    store::calendars::ImportError,
};

/// The file format of `data/cn-public-holidays-2026.json`.
#[derive(Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct HolidayListBody {
    #[validate(range(min = 1900, max = 9999))]
    year: i32,
    time_zone: String,
    /// Where the list comes from; informative only, not stored. A string
    /// when present (the spec's type), never `null`.
    #[serde(default, deserialize_with = "crate::http::json::present")]
    source: Option<String>,
    #[serde(default)]
    #[validate(length(max = 366))]
    holidays: Vec<NaiveDate>,
    #[serde(default)]
    #[validate(length(max = 366))]
    make_up_workdays: Vec<NaiveDate>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportQuery {
    /// The weekday whose office hours the make-up days follow (default `mon`).
    make_up_uses_weekday: Option<WeekdayCode>,
}

impl ImportQuery {
    pub fn make_up_hours(&self) -> chrono::Weekday {
        self.make_up_uses_weekday
            .map_or(HolidayList::DEFAULT_MAKE_UP_HOURS, Into::into)
    }
}

impl HolidayListBody {
    pub fn into_list(self) -> Result<HolidayList, ApiError> {
        let tz: Tz = self.time_zone.parse().map_err(|_| {
            ApiError::field("time_zone", CalendarError::UnknownTimeZone(self.time_zone))
        })?;
        HolidayList::new(
            self.year,
            tz,
            self.source,
            self.holidays,
            self.make_up_workdays,
        )
        .map_err(|e| ApiError::field("make_up_workdays", e))
    }
}

/// A refused import is a 422 on the field at fault: the list's zone or dates,
/// or the make-up days when the weekday they follow has no office hours.
pub fn import_error(err: ImportError, list: &HolidayList) -> ApiError {
    let rejected = match err {
        ImportError::Store(e) => return e.into(),
        ImportError::Rejected(e) => e,
    };
    let field = match &rejected {
        HolidayImportError::TimeZoneMismatch { .. } => "time_zone",
        HolidayImportError::DateOutsideYear { date, .. } if list.holidays.contains(date) => {
            "holidays"
        }
        HolidayImportError::DateOutsideYear { .. } => "make_up_workdays",
        HolidayImportError::Calendar(CalendarError::MakeUpDayWithoutHours { .. }) => {
            let hint = "; choose the weekday whose hours they follow with ?make_up_uses_weekday=";
            return ApiError::Validation(FieldErrors::from([(
                "make_up_workdays".to_string(),
                format!("{rejected}{hint}"),
            )]));
        }
        HolidayImportError::Calendar(_) => "body",
    };
    ApiError::field(field, rejected)
}
