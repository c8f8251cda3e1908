//! Calendars: the office hours, holidays and make-up working days SLA
//! targets are counted in. Read by the service side.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, NaiveDate, Utc};
use entity::{calendar, calendar_day};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{
    domain::role::Role,
    http::{
        AppState,
        caller::Caller,
        error::ApiError,
        pagination::{List, page_request},
    },
    store,
};

#[derive(Serialize)]
pub struct CalendarSummary {
    id: Uuid,
    name: String,
    time_zone: String,
    weekly_hours: serde_json::Value,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<calendar::Model> for CalendarSummary {
    fn from(m: calendar::Model) -> Self {
        CalendarSummary {
            id: m.id,
            name: m.name,
            time_zone: m.time_zone,
            weekly_hours: serde_json::from_str(&m.weekly_hours).unwrap_or(serde_json::Value::Null),
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

#[derive(Serialize)]
struct DayView {
    date: NaiveDate,
    kind: String,
    uses_weekday: Option<String>,
    note: String,
}

impl From<calendar_day::Model> for DayView {
    fn from(d: calendar_day::Model) -> Self {
        DayView {
            date: d.day,
            kind: d.kind,
            uses_weekday: d.uses_weekday,
            note: d.note,
        }
    }
}

#[derive(Serialize)]
struct CalendarView {
    #[serde(flatten)]
    summary: CalendarSummary,
    holidays: Vec<DayView>,
    make_up_days: Vec<DayView>,
}

const READERS: &[Role] = &[Role::Staff, Role::Dispatcher, Role::Supervisor, Role::Admin];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    limit: Option<u64>,
    cursor: Option<String>,
}

pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require(READERS)?;
    let request = page_request(query.limit, query.cursor.as_deref())?;
    let page = store::catalogue::list_calendars(&state.db, request).await?;
    Ok(HttpResponse::Ok().json(List::from_page(
        page,
        |m| m.id.to_string(),
        CalendarSummary::from,
    )))
}

pub async fn show(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require(READERS)?;
    let (cal, days) = store::catalogue::get_calendar(&state.db, *id)
        .await?
        .ok_or_else(|| ApiError::not_found("calendar"))?;
    let (holidays, make_up_days): (Vec<_>, Vec<_>) =
        days.into_iter().partition(|d| d.kind == "holiday");
    Ok(HttpResponse::Ok().json(CalendarView {
        summary: CalendarSummary::from(cal),
        holidays: holidays.into_iter().map(DayView::from).collect(),
        make_up_days: make_up_days.into_iter().map(DayView::from).collect(),
    }))
}
