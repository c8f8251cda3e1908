//! Categories, the kinds of the call list (hiring, financing, …), each with
//! the department that serves it by default.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use entity::category;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

use super::{
    promise::{Promises, WithPromise},
    refs,
};
use crate::{
    domain::{codes::CategoryCode, role::Role},
    http::{
        AppState,
        caller::Caller,
        error::ApiError,
        json::{Json, double_option, not_blank, present},
        pagination::List,
    },
    store::{
        self,
        catalogue::{CategoryChanges, NewCategory},
    },
};

#[derive(Serialize)]
pub struct CategoryView {
    code: String,
    name: String,
    description: String,
    default_department_id: Uuid,
    default_sla_policy_id: Option<Uuid>,
    sort_order: i32,
    active: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<category::Model> for CategoryView {
    fn from(m: category::Model) -> Self {
        CategoryView {
            code: m.code,
            name: m.name,
            description: m.description,
            default_department_id: m.default_department_id,
            default_sla_policy_id: m.default_sla_policy_id,
            sort_order: m.sort_order,
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
}

/// The whole call list in display order, in one page (it is a short list).
/// Enterprise contacts see active categories only.
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let active = match caller.role() {
        Role::Enterprise => Some(true),
        _ => query.active,
    };
    let items = store::catalogue::list_categories(&state.db, active).await?;
    let mut promises = Promises::default();
    let mut views = Vec::with_capacity(items.len());
    for m in items {
        let sla = promises.for_category(&state.db, &m).await?;
        views.push(WithPromise {
            view: CategoryView::from(m),
            sla,
        });
    }
    Ok(HttpResponse::Ok().json(List {
        items: views,
        next_cursor: None,
    }))
}

/// Enterprise contacts see active categories only, as in the list.
pub async fn show(
    state: web::Data<AppState>,
    caller: Caller,
    code: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let m = store::catalogue::get_category(&state.db, &code)
        .await?
        .filter(|m| m.active || caller.role() != Role::Enterprise)
        .ok_or_else(|| ApiError::not_found("category"))?;
    let sla = Promises::default().for_category(&state.db, &m).await?;
    Ok(HttpResponse::Ok().json(WithPromise {
        view: CategoryView::from(m),
        sla,
    }))
}

#[derive(Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct CreateCategory {
    code: String,
    #[validate(length(min = 1, max = 100), custom(function = not_blank))]
    name: String,
    #[serde(default)]
    #[validate(length(max = 2000))]
    description: String,
    default_department_id: Uuid,
    default_sla_policy_id: Option<Uuid>,
    #[serde(default)]
    #[validate(range(min = -10000, max = 10000))]
    sort_order: i32,
}

pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<CreateCategory>,
) -> Result<HttpResponse, ApiError> {
    caller.require(&[Role::Admin])?;
    let body = body.into_inner();
    let code = CategoryCode::parse(body.code.trim()).map_err(|e| ApiError::field("code", e))?;
    refs::department(&state, "default_department_id", body.default_department_id).await?;
    refs::policy(&state, "default_sla_policy_id", body.default_sla_policy_id).await?;
    let m = store::catalogue::insert_category(
        &state.db,
        NewCategory {
            code,
            name: body.name.trim().to_string(),
            description: body.description.trim().to_string(),
            default_department_id: body.default_department_id,
            default_sla_policy_id: body.default_sla_policy_id,
            sort_order: body.sort_order,
        },
        state.clock.now(),
    )
    .await?;
    Ok(crate::http::created(
        format!("/api/v1/categories/{}", m.code),
        CategoryView::from(m),
    ))
}

#[derive(Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct UpdateCategory {
    #[validate(length(min = 1, max = 100), custom(function = not_blank))]
    #[serde(default, deserialize_with = "present")]
    name: Option<String>,
    #[validate(length(max = 2000))]
    #[serde(default, deserialize_with = "present")]
    description: Option<String>,
    #[serde(default, deserialize_with = "present")]
    default_department_id: Option<Uuid>,
    #[serde(default, deserialize_with = "double_option")]
    default_sla_policy_id: Option<Option<Uuid>>,
    #[validate(range(min = -10000, max = 10000))]
    #[serde(default, deserialize_with = "present")]
    sort_order: Option<i32>,
    #[serde(default, deserialize_with = "present")]
    active: Option<bool>,
}

/// The code is what tickets and reports refer to and is not changed.
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    code: web::Path<String>,
    body: Json<UpdateCategory>,
) -> Result<HttpResponse, ApiError> {
    caller.require(&[Role::Admin])?;
    let body = body.into_inner();
    if let Some(id) = body.default_department_id {
        refs::department(&state, "default_department_id", id).await?;
    }
    refs::policy(
        &state,
        "default_sla_policy_id",
        body.default_sla_policy_id.flatten(),
    )
    .await?;
    let m = store::catalogue::update_category(
        &state.db,
        &code,
        CategoryChanges {
            name: body.name.map(|v| v.trim().to_string()),
            description: body.description.map(|v| v.trim().to_string()),
            default_department_id: body.default_department_id,
            default_sla_policy_id: body.default_sla_policy_id,
            sort_order: body.sort_order,
            active: body.active,
        },
        state.clock.now(),
    )
    .await?
    .ok_or_else(|| ApiError::not_found("category"))?;
    Ok(HttpResponse::Ok().json(CategoryView::from(m)))
}
