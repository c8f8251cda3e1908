//! `huying import-holidays --calendar NAME FILE`: the yearly chore from a
//! shell, through the same store function as
//! `POST /api/v1/calendars/{id}/holiday-lists`.

use std::{io::Read, path::Path};

use anyhow::Context;
use chrono::Weekday;
use sea_orm::DatabaseConnection;
use serde::Serialize;
use uuid::Uuid;

use crate::{
    clock::Clock,
    domain::calendar::HolidayList,
    store::calendars::HolidayImport,
    workflow::calendars::{self, CalendarChangeError, CalendarRef},
};

#[derive(Serialize)]
pub struct ImportReport {
    pub calendar_id: Uuid,
    pub calendar: String,
    #[serde(flatten)]
    pub summary: HolidayImport,
}

/// The file's text; `-` is standard input.
pub fn read(path: &Path) -> anyhow::Result<String> {
    let mut text = String::new();
    if path == Path::new("-") {
        std::io::stdin()
            .read_to_string(&mut text)
            .context("reading the holiday list from standard input")?;
    } else {
        text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    }
    Ok(text)
}

/// Imports the holiday list `text` into the calendar named `calendar`, in one
/// transaction.
pub async fn import_holidays(
    db: &DatabaseConnection,
    calendar: &str,
    text: &str,
    make_up_hours: Weekday,
    clock: &dyn Clock,
) -> anyhow::Result<ImportReport> {
    let list: HolidayList = serde_json::from_str(text).context("this is not a holiday list")?;
    // The same use case, in one transaction, as the API's import.
    let ((found, _), summary) = calendars::import_holiday_list(
        db,
        CalendarRef::Name(calendar),
        &list,
        make_up_hours,
        clock.now(),
    )
    .await
    .map_err(|e| match e {
        CalendarChangeError::NotFound => anyhow::anyhow!("no calendar named {calendar:?}"),
        other => other.into(),
    })?;
    Ok(ImportReport {
        calendar_id: found.id,
        calendar: found.name,
        summary,
    })
}
