//! Departments: readable by every signed-in role, written by admins.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use entity::department;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

use crate::{
    domain::{codes::DepartmentCode, role::Role},
    http::{
        AppState,
        caller::Caller,
        error::ApiError,
        json::{Json, not_blank, present},
        pagination::{List, page_request},
    },
    store::{
        self,
        organisations::{DepartmentChanges, NewDepartment},
    },
};

#[derive(Serialize)]
pub struct DepartmentView {
    id: Uuid,
    code: String,
    name: String,
    active: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<department::Model> for DepartmentView {
    fn from(m: department::Model) -> Self {
        DepartmentView {
            id: m.id,
            code: m.code,
            name: m.name,
            active: m.active,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    active: Option<bool>,
    limit: Option<u64>,
    cursor: Option<String>,
}

pub async fn list(
    state: web::Data<AppState>,
    _caller: Caller,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let request = page_request(q.limit, q.cursor.as_deref())?;
    let page = store::organisations::list_departments(&state.db, q.active, request).await?;
    Ok(HttpResponse::Ok().json(List::from_page(
        page,
        |m| m.id.to_string(),
        DepartmentView::from,
    )))
}

pub async fn show(
    state: web::Data<AppState>,
    _caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let m = store::organisations::get_department(&state.db, *id)
        .await?
        .ok_or_else(|| ApiError::not_found("department"))?;
    Ok(HttpResponse::Ok().json(DepartmentView::from(m)))
}

#[derive(Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct CreateDepartment {
    code: String,
    #[validate(length(min = 1, max = 100), custom(function = not_blank))]
    name: String,
}

pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<CreateDepartment>,
) -> Result<HttpResponse, ApiError> {
    caller.require(&[Role::Admin])?;
    let body = body.into_inner();
    let code = DepartmentCode::parse(body.code.trim()).map_err(|e| ApiError::field("code", e))?;
    let m = store::organisations::insert_department(
        &state.db,
        NewDepartment {
            code,
            name: body.name.trim().to_string(),
        },
        state.clock.now(),
    )
    .await?;
    Ok(crate::http::created(
        format!("/api/v1/departments/{}", m.id),
        DepartmentView::from(m),
    ))
}

#[derive(Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct UpdateDepartment {
    #[validate(length(min = 1, max = 100), custom(function = not_blank))]
    #[serde(default, deserialize_with = "present")]
    name: Option<String>,
    #[serde(default, deserialize_with = "present")]
    active: Option<bool>,
}

/// The code is the department's stable identity in reports and is not changed.
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: Json<UpdateDepartment>,
) -> Result<HttpResponse, ApiError> {
    caller.require(&[Role::Admin])?;
    let body = body.into_inner();
    let m = store::organisations::update_department(
        &state.db,
        *id,
        DepartmentChanges {
            name: body.name.map(|n| n.trim().to_string()),
            active: body.active,
        },
        state.clock.now(),
    )
    .await?
    .ok_or_else(|| ApiError::not_found("department"))?;
    Ok(HttpResponse::Ok().json(DepartmentView::from(m)))
}
