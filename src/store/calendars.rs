//! Calendars: the office time SLA deadlines are counted in.
//!
//! A calendar is one `calendars` row (zone, weekly hours as JSON) and one
//! `calendar_days` row per holiday or make-up day. Writes take a domain
//! [`Calendar`], so only valid calendars are stored; [`load_calendar`]
//! rebuilds one and calls anything it refuses a corrupt row. The writes run
//! several statements: callers wrap them in one [`super::write_tx`].

mod days;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, Utc, Weekday};
use entity::{calendar, calendar_day};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait,
    QueryFilter, QueryOrder, Statement, sea_query::Expr,
};
use uuid::Uuid;

use self::days::{Day, DayKind, days_of, insert_days, to_domain, weekly_hours_json};
use super::{
    StoreError,
    page::{self, Page, PageRequest},
};
use crate::domain::calendar::{Calendar, HolidayImportError, HolidayList};

/// The note an imported holiday gets (holiday lists carry no notes).
pub const HOLIDAY_NOTE: &str = "法定节假日";
/// The note an imported make-up working day gets.
pub const MAKE_UP_NOTE: &str = "调休上班";

/// A calendar as an administrator defines it.
pub struct CalendarDefinition {
    pub name: String,
    pub calendar: Calendar,
    /// Notes of holidays and make-up days by date; a day without one gets "".
    pub notes: BTreeMap<NaiveDate, String>,
}

fn rows_with_notes(
    calendar: &Calendar,
    mut notes: BTreeMap<NaiveDate, String>,
) -> impl Iterator<Item = (Day, String)> {
    days_of(calendar).into_iter().map(move |day| {
        let note = notes.remove(&day.date).unwrap_or_default();
        (day, note)
    })
}

pub async fn insert_calendar(
    db: &impl ConnectionTrait,
    definition: CalendarDefinition,
    now: DateTime<Utc>,
) -> Result<calendar::Model, StoreError> {
    let model = calendar::ActiveModel {
        id: Set(Uuid::now_v7()),
        name: Set(definition.name),
        time_zone: Set(definition.calendar.time_zone().name().to_string()),
        weekly_hours: Set(weekly_hours_json(&definition.calendar)?),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await?;
    let rows = rows_with_notes(&definition.calendar, definition.notes);
    insert_days(db, model.id, rows).await?;
    Ok(model)
}

/// Replaces the whole definition: zone, weekly hours and every day. Deadlines
/// already stored on tickets keep the values computed when they were set.
pub async fn replace_calendar(
    db: &impl ConnectionTrait,
    id: Uuid,
    definition: CalendarDefinition,
    now: DateTime<Utc>,
) -> Result<Option<calendar::Model>, StoreError> {
    let Some(current) = calendar::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let mut model: calendar::ActiveModel = current.into();
    model.name = Set(definition.name);
    model.time_zone = Set(definition.calendar.time_zone().name().to_string());
    model.weekly_hours = Set(weekly_hours_json(&definition.calendar)?);
    model.updated_at = Set(now);
    let model = model.update(db).await?;
    calendar_day::Entity::delete_many()
        .filter(calendar_day::Column::CalendarId.eq(id))
        .exec(db)
        .await?;
    let rows = rows_with_notes(&definition.calendar, definition.notes);
    insert_days(db, id, rows).await?;
    Ok(Some(model))
}

/// What importing a holiday list did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HolidayImport {
    pub year: i32,
    /// Holidays and make-up days the list holds.
    pub holidays: usize,
    pub make_up_days: usize,
    /// Days the calendar did not have before (or had as another kind)…
    pub added: usize,
    /// …and days it had in the replaced dates that are gone now: both 0 when
    /// the same list is imported again.
    pub removed: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Rejected(#[from] HolidayImportError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Lays `list` over calendar `id` ([`Calendar::with_holiday_list`]): the days
/// of the list's year (and its listed dates outside that year) are replaced
/// by its holidays and make-up days, which work `make_up_hours`' hours; days of
/// other years are kept. A day that stays what it was keeps its note; new days
/// get [`HOLIDAY_NOTE`] / [`MAKE_UP_NOTE`]. `None` when there is no such calendar.
pub async fn import_holiday_list(
    db: &impl ConnectionTrait,
    id: Uuid,
    list: &HolidayList,
    make_up_hours: Weekday,
    now: DateTime<Utc>,
) -> Result<Option<HolidayImport>, ImportError> {
    // Write first: on PostgreSQL the row lock makes concurrent writers of this
    // calendar take turns, so the days read below are the ones replaced.
    let touched = calendar::Entity::update_many()
        .col_expr(calendar::Column::UpdatedAt, Expr::value(now))
        .filter(calendar::Column::Id.eq(id))
        .exec(db)
        .await
        .map_err(StoreError::from)?;
    if touched.rows_affected == 0 {
        return Ok(None);
    }
    let Some((row, rows)) = get_calendar(db, id).await? else {
        return Ok(None);
    };
    let updated = to_domain(&row, &rows)?.with_holiday_list(list, make_up_hours)?;

    let mut old = BTreeMap::new();
    for row in rows.iter().filter(|r| list.replaces(r.day)) {
        old.insert(Day::from_row(row)?, row.note.clone());
    }
    let new: BTreeSet<Day> = days_of(&updated)
        .into_iter()
        .filter(|d| list.replaces(d.date))
        .collect();
    let summary = HolidayImport {
        year: list.year,
        holidays: list.holidays.len(),
        make_up_days: list.make_up_workdays.len(),
        added: new.iter().filter(|d| !old.contains_key(d)).count(),
        removed: old.keys().filter(|d| !new.contains(d)).count(),
    };

    let stale: Vec<NaiveDate> = old.keys().map(|d| d.date).collect();
    for dates in stale.chunks(500) {
        calendar_day::Entity::delete_many()
            .filter(calendar_day::Column::CalendarId.eq(id))
            .filter(calendar_day::Column::Day.is_in(dates.iter().copied()))
            .exec(db)
            .await
            .map_err(StoreError::from)?;
    }
    let rows = new.into_iter().map(|day| {
        let note = old.get(&day).cloned().unwrap_or_else(|| {
            match day.kind {
                DayKind::Holiday => HOLIDAY_NOTE,
                DayKind::MakeUp(_) => MAKE_UP_NOTE,
            }
            .to_string()
        });
        (day, note)
    });
    insert_days(db, id, rows).await?;
    Ok(Some(summary))
}

pub async fn get_calendar(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<(calendar::Model, Vec<calendar_day::Model>)>, StoreError> {
    let Some(cal) = calendar::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let days = calendar_day::Entity::find()
        .filter(calendar_day::Column::CalendarId.eq(id))
        .order_by_asc(calendar_day::Column::Day)
        .all(db)
        .await?;
    Ok(Some((cal, days)))
}

/// The domain calendar of `id`, ready for deadline arithmetic. A stored value
/// the domain refuses (unknown zone, unreadable hours, a bad day row) is
/// [`StoreError::Corrupt`].
///
/// On PostgreSQL a calendar is read whole once and then kept, checked on
/// every load by one lookup of its row's version (`xmin`): every write of
/// a calendar or its days rewrites the `calendars` row in the same
/// transaction, so an unchanged `xmin` means unchanged days. Filing a
/// ticket and showing one cost one short query for their calendar instead
/// of two, one of them the whole list of days.
pub async fn load_calendar(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<Calendar>, StoreError> {
    if db.get_database_backend() != DbBackend::Postgres {
        return load_whole(db, id).await;
    }
    // `mine`: this transaction wrote the row and may not have written the
    // days yet; such a version is never kept.
    let version = db
        .query_one_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT xmin::text AS v, \
             xmin::text = (pg_current_xact_id_if_assigned()::text::bigint % 4294967296)::text \
             AS mine FROM calendars WHERE id = $1",
            [id.into()],
        ))
        .await?;
    let Some(row) = version else {
        return Ok(None);
    };
    let version: String = row.try_get("", "v")?;
    let mine: Option<bool> = row.try_get("", "mine")?;
    if let Some(hit) = cache::get(id, &version) {
        return Ok(Some(hit));
    }
    let loaded = load_whole(db, id).await?;
    if let (Some(calendar), Some(false) | None) = (&loaded, mine) {
        cache::put(id, version, calendar.clone());
    }
    Ok(loaded)
}

async fn load_whole(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<Calendar>, StoreError> {
    match get_calendar(db, id).await? {
        Some((row, days)) => to_domain(&row, &days).map(Some),
        None => Ok(None),
    }
}

/// The process's loaded calendars by id, with the row version they were
/// read at. Small: a jurisdiction has a handful of calendars.
mod cache {
    use std::{
        collections::HashMap,
        sync::{LazyLock, Mutex, PoisonError},
    };

    use uuid::Uuid;

    use crate::domain::calendar::Calendar;

    const MAX_ENTRIES: usize = 256;

    static LOADED: LazyLock<Mutex<HashMap<Uuid, (String, Calendar)>>> =
        LazyLock::new(Default::default);

    pub(super) fn get(id: Uuid, version: &str) -> Option<Calendar> {
        let loaded = LOADED.lock().unwrap_or_else(PoisonError::into_inner);
        loaded
            .get(&id)
            .filter(|(v, _)| v == version)
            .map(|(_, c)| c.clone())
    }

    pub(super) fn put(id: Uuid, version: String, calendar: Calendar) {
        let mut loaded = LOADED.lock().unwrap_or_else(PoisonError::into_inner);
        if loaded.len() >= MAX_ENTRIES && !loaded.contains_key(&id) {
            loaded.clear();
        }
        loaded.insert(id, (version, calendar));
    }
}

pub async fn find_calendar_by_name(
    db: &impl ConnectionTrait,
    name: &str,
) -> Result<Option<calendar::Model>, StoreError> {
    Ok(calendar::Entity::find()
        .filter(calendar::Column::Name.eq(name))
        .one(db)
        .await?)
}

pub async fn list_calendars(
    db: &impl ConnectionTrait,
    request: PageRequest<Uuid>,
) -> Result<Page<calendar::Model>, StoreError> {
    Ok(page::fetch(db, calendar::Entity::find(), calendar::Column::Id, request).await?)
}
