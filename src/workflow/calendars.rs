//! Calendar changes, each one transaction that also reads the result back
//! (so the answer is the state that was committed). The API and the CLI's
//! `import-holidays` share them.

use chrono::Weekday;
use entity::{calendar, calendar_day};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use uuid::Uuid;

use super::Now;
use crate::{
    domain::calendar::{HolidayImportError, HolidayList},
    store::{
        self, StoreError,
        calendars::{CalendarDefinition, HolidayImport, ImportError},
    },
};

/// A calendar with its days, as committed.
pub type Stored = (calendar::Model, Vec<calendar_day::Model>);

#[derive(Debug, thiserror::Error)]
pub enum CalendarChangeError {
    #[error("no such calendar")]
    NotFound,
    /// The holiday list does not fit the calendar.
    #[error(transparent)]
    Rejected(#[from] HolidayImportError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sea_orm::DbErr> for CalendarChangeError {
    fn from(e: sea_orm::DbErr) -> Self {
        CalendarChangeError::Store(e.into())
    }
}

impl From<ImportError> for CalendarChangeError {
    fn from(e: ImportError) -> Self {
        match e {
            ImportError::Rejected(r) => CalendarChangeError::Rejected(r),
            ImportError::Store(s) => CalendarChangeError::Store(s),
        }
    }
}

async fn stored(db: &impl ConnectionTrait, id: Uuid) -> Result<Stored, CalendarChangeError> {
    store::calendars::get_calendar(db, id)
        .await?
        .ok_or(CalendarChangeError::NotFound)
}

pub async fn create(
    db: &DatabaseConnection,
    definition: CalendarDefinition,
    now: Now,
) -> Result<Stored, CalendarChangeError> {
    let tx = store::write_tx(db).await?;
    let m = store::calendars::insert_calendar(&tx, definition, now).await?;
    let created = stored(&tx, m.id).await?;
    tx.commit().await?;
    Ok(created)
}

/// Replaces the whole definition, days included.
pub async fn replace(
    db: &DatabaseConnection,
    id: Uuid,
    definition: CalendarDefinition,
    now: Now,
) -> Result<Stored, CalendarChangeError> {
    let tx = store::write_tx(db).await?;
    store::calendars::replace_calendar(&tx, id, definition, now)
        .await?
        .ok_or(CalendarChangeError::NotFound)?;
    let replaced = stored(&tx, id).await?;
    tx.commit().await?;
    Ok(replaced)
}

/// Which calendar a holiday list goes to.
#[derive(Debug, Clone, Copy)]
pub enum CalendarRef<'a> {
    Id(Uuid),
    Name(&'a str),
}

/// Imports a year's holiday list: that year's days are replaced, other
/// years kept. Answers the calendar as committed and what changed.
pub async fn import_holiday_list(
    db: &DatabaseConnection,
    which: CalendarRef<'_>,
    list: &HolidayList,
    make_up_hours: Weekday,
    now: Now,
) -> Result<(Stored, HolidayImport), CalendarChangeError> {
    let tx = store::write_tx(db).await?;
    let id = match which {
        CalendarRef::Id(id) => id,
        CalendarRef::Name(name) => {
            store::calendars::find_calendar_by_name(&tx, name)
                .await?
                .ok_or(CalendarChangeError::NotFound)?
                .id
        }
    };
    let summary = store::calendars::import_holiday_list(&tx, id, list, make_up_hours, now)
        .await?
        .ok_or(CalendarChangeError::NotFound)?;
    let updated = stored(&tx, id).await?;
    tx.commit().await?;
    Ok((updated, summary))
}
