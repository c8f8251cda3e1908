//! Office-time calendar arithmetic for SLA deadlines.
//!
//! A [`Calendar`] describes when an office is open: [`WeeklyHours`] in a local
//! time zone, public holidays (dates off) and make-up working days (调休: dates
//! worked with the hours of a given weekday). On top of it [`Calendar::add`],
//! [`Calendar::sub`] and [`Calendar::between`] work in office seconds
//! ([`BusinessDuration`]), [`Calendar::add_working_days`] counts whole working
//! days, and [`Calendar::deadline`] dispatches on an [`SlaTarget`]. Holiday files
//! deserialize into a [`HolidayList`]; [`Calendar::with_holiday_list`] lays one
//! over a calendar, replacing that year's days. Weekdays are written as
//! [`WeekdayCode`]s (`mon`…`sun`).
//!
//! All instants are `DateTime<Utc>`; office hours are local to the calendar's
//! zone. Work proceeds a day at a time and skips whole weeks free of holidays
//! and make-up days in one step.
//!
//! # Edge rules
//!
//! - Office intervals are half-open `[start, end)`. `add` that uses up exactly
//!   the rest of an interval ends on its close, not at the next opening; `sub`
//!   returns the latest instant, which is on an opening rather than in the
//!   closed time before it. `add(t, 0) == sub(t, 0) == t`.
//! - Each local boundary is converted to UTC per date: in a DST gap it moves to
//!   the first instant after the gap, in a fold it takes the earlier instant.
//!   An interval inside a gap is empty that day; office time is real elapsed
//!   time, so a 00:00–03:00 shift lasts 2 h or 4 h on switch nights.
//! - Instants are counted in whole seconds (sub-second parts truncated).
//!   Results beyond chrono's range saturate to `MIN_UTC` / `MAX_UTC`.
//! - Working days: a make-up date, or a non-holiday whose weekday has hours.
//!   The start's own local date never counts.
//!
//! This folder refers only to its own files (`super::`/`self::`), so it can be
//! moved as is.

mod arithmetic;
mod duration;
mod error;
mod holiday_import;
mod holiday_list;
mod interval;
mod office_calendar;
mod skip;
mod time_of_day;
mod weekday_code;
mod weekly;
mod working_days;
mod zone;

#[cfg(test)]
mod tests;

pub use duration::{BusinessDuration, SlaTarget};
pub use error::CalendarError;
pub use holiday_import::HolidayImportError;
pub use holiday_list::HolidayList;
pub use interval::OfficeInterval;
pub use office_calendar::Calendar;
pub use weekday_code::{UnknownWeekday, WeekdayCode};
pub use weekly::WeeklyHours;
