//! `calendar_days` rows ↔ the holidays and make-up days of a domain
//! [`Calendar`], and the `calendars` row ↔ its zone and weekly hours.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use chrono_tz::Tz;
use entity::{calendar, calendar_day};
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use uuid::Uuid;

use crate::{
    domain::calendar::{Calendar, WeekdayCode, WeeklyHours},
    store::StoreError,
};

const HOLIDAY: &str = "holiday";
const WORKDAY: &str = "workday";

/// What one date of a calendar is, without its note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum DayKind {
    Holiday,
    /// A make-up working day with the office hours of this weekday.
    MakeUp(WeekdayCode),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Day {
    pub date: NaiveDate,
    pub kind: DayKind,
}

/// Every holiday and make-up day of `calendar`, in date order.
pub(super) fn days_of(calendar: &Calendar) -> Vec<Day> {
    let holidays = calendar.holidays().iter().map(|&date| Day {
        date,
        kind: DayKind::Holiday,
    });
    let make_ups = calendar.make_up_days().iter().map(|(&date, &weekday)| Day {
        date,
        kind: DayKind::MakeUp(weekday.into()),
    });
    let mut days: Vec<Day> = holidays.chain(make_ups).collect();
    days.sort();
    days
}

fn corrupt(calendar_id: Uuid, what: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("calendar {calendar_id}: {what}"))
}

impl Day {
    pub(super) fn from_row(row: &calendar_day::Model) -> Result<Day, StoreError> {
        let kind = match (row.kind.as_str(), row.uses_weekday.as_deref()) {
            (HOLIDAY, None) => DayKind::Holiday,
            (WORKDAY, Some(code)) => DayKind::MakeUp(
                code.parse()
                    .map_err(|e| corrupt(row.calendar_id, format!("day {}: {e}", row.day)))?,
            ),
            (kind, weekday) => {
                return Err(corrupt(
                    row.calendar_id,
                    format!(
                        "day {} has kind {kind:?} and uses_weekday {weekday:?}",
                        row.day
                    ),
                ));
            }
        };
        Ok(Day {
            date: row.day,
            kind,
        })
    }

    fn into_row(self, calendar_id: Uuid, note: String) -> calendar_day::ActiveModel {
        let (kind, uses_weekday) = match self.kind {
            DayKind::Holiday => (HOLIDAY, None),
            DayKind::MakeUp(weekday) => (WORKDAY, Some(weekday.as_str().to_string())),
        };
        calendar_day::ActiveModel {
            calendar_id: Set(calendar_id),
            day: Set(self.date),
            kind: Set(kind.to_string()),
            uses_weekday: Set(uses_weekday),
            note: Set(note),
        }
    }
}

/// Rows per INSERT: five parameters each stays far below SQLite's limit.
const CHUNK: usize = 500;

pub(super) async fn insert_days(
    db: &impl ConnectionTrait,
    calendar_id: Uuid,
    days: impl IntoIterator<Item = (Day, String)>,
) -> Result<(), StoreError> {
    let rows: Vec<calendar_day::ActiveModel> = days
        .into_iter()
        .map(|(day, note)| day.into_row(calendar_id, note))
        .collect();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(CHUNK).collect();
        calendar_day::Entity::insert_many(chunk).exec(db).await?;
    }
    Ok(())
}

pub(super) fn weekly_hours_json(calendar: &Calendar) -> Result<String, StoreError> {
    serde_json::to_string(calendar.weekly())
        .map_err(|e| StoreError::Corrupt(format!("weekly hours do not serialize: {e}")))
}

/// Rebuilds the domain calendar; anything it refuses is a corrupt row.
pub(super) fn to_domain(
    row: &calendar::Model,
    days: &[calendar_day::Model],
) -> Result<Calendar, StoreError> {
    let tz: Tz = row
        .time_zone
        .parse()
        .map_err(|_| corrupt(row.id, format!("unknown time zone {:?}", row.time_zone)))?;
    let weekly: WeeklyHours = serde_json::from_str(&row.weekly_hours)
        .map_err(|e| corrupt(row.id, format!("weekly hours: {e}")))?;
    let mut holidays = BTreeSet::new();
    let mut make_ups = BTreeMap::new();
    for row in days {
        match Day::from_row(row)?.kind {
            DayKind::Holiday => {
                holidays.insert(row.day);
            }
            DayKind::MakeUp(weekday) => {
                make_ups.insert(row.day, weekday.into());
            }
        }
    }
    Calendar::new(tz, weekly, holidays, make_ups).map_err(|e| corrupt(row.id, e))
}
