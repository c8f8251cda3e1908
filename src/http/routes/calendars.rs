//! Calendars: the office hours, holidays and make-up working days SLA
//! targets are counted in. Read by the service side, written by admins.
//!
//! Changing a calendar affects deadlines computed afterwards only; deadlines
//! already stored on tickets are kept.

mod body;
mod deadline;
mod holiday_list;

use actix_web::{HttpResponse, web};
use chrono::{DateTime, NaiveDate, Utc};
use entity::{calendar, calendar_day};
use sea_orm::ConnectionTrait;
use serde::Serialize;
use uuid::Uuid;

pub use self::deadline::deadline;
use self::{
    body::CalendarBody,
    holiday_list::{HolidayListBody, ImportQuery, import_error},
};
use crate::{
    domain::calendar::HolidayList,
    domain::role::Role,
    http::{
        AppState,
        caller::Caller,
        error::ApiError,
        json::Json,
        pagination::{List, PageQuery, page_request},
    },
    store::{self, calendars::ImportError},
    workflow::calendars::{self, CalendarChangeError, CalendarRef, Stored},
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

pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require(READERS)?;
    let request = page_request(query.limit, query.cursor.as_deref())?;
    let page = store::calendars::list_calendars(&state.db, request).await?;
    Ok(HttpResponse::Ok().json(List::from_page(
        page,
        |m| m.id.to_string(),
        CalendarSummary::from,
    )))
}

/// The calendar with its days, as every route answers it.
async fn view(db: &impl ConnectionTrait, id: Uuid) -> Result<CalendarView, ApiError> {
    let found = store::calendars::get_calendar(db, id)
        .await?
        .ok_or_else(|| ApiError::not_found("calendar"))?;
    Ok(view_of(found))
}

fn view_of((cal, days): Stored) -> CalendarView {
    let (holidays, make_up_days): (Vec<_>, Vec<_>) =
        days.into_iter().partition(|d| d.kind == "holiday");
    CalendarView {
        summary: CalendarSummary::from(cal),
        holidays: holidays.into_iter().map(DayView::from).collect(),
        make_up_days: make_up_days.into_iter().map(DayView::from).collect(),
    }
}

/// The answer to a calendar change's error; `list` is the holiday list
/// being imported, if any.
fn change_error(e: CalendarChangeError, list: Option<&HolidayList>) -> ApiError {
    match (e, list) {
        (CalendarChangeError::NotFound, _) => ApiError::not_found("calendar"),
        (CalendarChangeError::Rejected(r), Some(list)) => {
            import_error(ImportError::Rejected(r), list)
        }
        (CalendarChangeError::Rejected(r), None) => ApiError::field("body", r),
        (CalendarChangeError::Store(e), _) => e.into(),
    }
}

pub async fn show(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require(READERS)?;
    Ok(HttpResponse::Ok().json(view(&state.db, *id).await?))
}

pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<CalendarBody>,
) -> Result<HttpResponse, ApiError> {
    caller.require(&[Role::Admin])?;
    let definition = body.into_inner().into_definition()?;
    let stored = calendars::create(&state.db, definition, state.clock.now())
        .await
        .map_err(|e| change_error(e, None))?;
    Ok(crate::http::created(
        format!("/api/v1/calendars/{}", stored.0.id),
        view_of(stored),
    ))
}

/// Replaces the whole definition, days included, in one transaction.
pub async fn replace(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: Json<CalendarBody>,
) -> Result<HttpResponse, ApiError> {
    caller.require(&[Role::Admin])?;
    let definition = body.into_inner().into_definition()?;
    let stored = calendars::replace(&state.db, *id, definition, state.clock.now())
        .await
        .map_err(|e| change_error(e, None))?;
    Ok(HttpResponse::Ok().json(view_of(stored)))
}

/// Imports a year's holiday list: that year's days are replaced, other years
/// kept. Answers the updated calendar.
pub async fn import_holiday_list(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    query: web::Query<ImportQuery>,
    body: Json<HolidayListBody>,
) -> Result<HttpResponse, ApiError> {
    caller.require(&[Role::Admin])?;
    let list = body.into_inner().into_list()?;
    let (stored, _) = calendars::import_holiday_list(
        &state.db,
        CalendarRef::Id(*id),
        &list,
        query.make_up_hours(),
        state.clock.now(),
    )
    .await
    .map_err(|e| change_error(e, Some(&list)))?;
    Ok(HttpResponse::Ok().json(view_of(stored)))
}
