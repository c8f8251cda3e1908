//! Service items: the lines of the departments' service lists (服务清单).
//! Every signed-in role reads them (the mobile app shows them); admins write.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use entity::service_item;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

use super::{
    promise::{Promises, WithPromise},
    refs,
};
use crate::{
    domain::role::Role,
    http::{
        AppState,
        caller::Caller,
        error::ApiError,
        json::{Json, double_option, not_blank, present},
        pagination::{List, page_request},
    },
    store::{
        self,
        catalogue::{NewServiceItem, ServiceItemChanges, ServiceItemFilter},
    },
};

#[derive(Serialize)]
pub struct ServiceItemView {
    id: Uuid,
    department_id: Uuid,
    category: String,
    name: String,
    description: String,
    sla_policy_id: Option<Uuid>,
    auto_dispatch: bool,
    active: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<service_item::Model> for ServiceItemView {
    fn from(m: service_item::Model) -> Self {
        ServiceItemView {
            id: m.id,
            department_id: m.department_id,
            category: m.category,
            name: m.name,
            description: m.description,
            sla_policy_id: m.sla_policy_id,
            auto_dispatch: m.auto_dispatch,
            active: m.active,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    category: Option<String>,
    department_id: Option<Uuid>,
    active: Option<bool>,
    limit: Option<u64>,
    cursor: Option<String>,
}

/// Enterprise contacts see the active items only.
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let request = page_request(q.limit, q.cursor.as_deref())?;
    let filter = ServiceItemFilter {
        category: q.category,
        department_id: q.department_id,
        active: match caller.role() {
            Role::Enterprise => Some(true),
            _ => q.active,
        },
    };
    let page = store::catalogue::list_service_items(&state.db, filter, request).await?;
    let mut promises = Promises::default();
    let mut slas = Vec::with_capacity(page.items.len());
    for m in &page.items {
        slas.push(promises.for_item(&state.db, m).await?);
    }
    let mut slas = slas.into_iter();
    Ok(HttpResponse::Ok().json(List::from_page(
        page,
        |m| m.id.to_string(),
        |m| WithPromise {
            view: ServiceItemView::from(m),
            sla: slas.next().flatten(),
        },
    )))
}

pub async fn show(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let m = store::catalogue::get_service_item(&state.db, *id)
        .await?
        .filter(|m| m.active || caller.role() != Role::Enterprise)
        .ok_or_else(|| ApiError::not_found("service item"))?;
    let sla = Promises::default().for_item(&state.db, &m).await?;
    Ok(HttpResponse::Ok().json(WithPromise {
        view: ServiceItemView::from(m),
        sla,
    }))
}

#[derive(Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct CreateServiceItem {
    department_id: Uuid,
    category: String,
    #[validate(length(min = 1, max = 200), custom(function = not_blank))]
    name: String,
    #[serde(default)]
    #[validate(length(max = 4000))]
    description: String,
    sla_policy_id: Option<Uuid>,
    #[serde(default)]
    auto_dispatch: bool,
}

pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<CreateServiceItem>,
) -> Result<HttpResponse, ApiError> {
    caller.require(&[Role::Admin])?;
    let body = body.into_inner();
    refs::department(&state, "department_id", body.department_id).await?;
    refs::category(&state, "category", &body.category).await?;
    refs::policy(&state, "sla_policy_id", body.sla_policy_id).await?;
    let m = store::catalogue::insert_service_item(
        &state.db,
        NewServiceItem {
            department_id: body.department_id,
            category: body.category,
            name: body.name.trim().to_string(),
            description: body.description.trim().to_string(),
            sla_policy_id: body.sla_policy_id,
            auto_dispatch: body.auto_dispatch,
        },
        state.clock.now(),
    )
    .await?;
    Ok(crate::http::created(
        format!("/api/v1/service-items/{}", m.id),
        ServiceItemView::from(m),
    ))
}

#[derive(Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct UpdateServiceItem {
    #[serde(default, deserialize_with = "present")]
    department_id: Option<Uuid>,
    #[serde(default, deserialize_with = "present")]
    category: Option<String>,
    #[validate(length(min = 1, max = 200), custom(function = not_blank))]
    #[serde(default, deserialize_with = "present")]
    name: Option<String>,
    #[validate(length(max = 4000))]
    #[serde(default, deserialize_with = "present")]
    description: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    sla_policy_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "present")]
    auto_dispatch: Option<bool>,
    #[serde(default, deserialize_with = "present")]
    active: Option<bool>,
}

pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: Json<UpdateServiceItem>,
) -> Result<HttpResponse, ApiError> {
    caller.require(&[Role::Admin])?;
    let body = body.into_inner();
    if let Some(d) = body.department_id {
        refs::department(&state, "department_id", d).await?;
    }
    if let Some(c) = &body.category {
        refs::category(&state, "category", c).await?;
    }
    refs::policy(&state, "sla_policy_id", body.sla_policy_id.flatten()).await?;
    let m = store::catalogue::update_service_item(
        &state.db,
        *id,
        ServiceItemChanges {
            department_id: body.department_id,
            category: body.category,
            name: body.name.map(|v| v.trim().to_string()),
            description: body.description.map(|v| v.trim().to_string()),
            sla_policy_id: body.sla_policy_id,
            auto_dispatch: body.auto_dispatch,
            active: body.active,
        },
        state.clock.now(),
    )
    .await?
    .ok_or_else(|| ApiError::not_found("service item"))?;
    Ok(HttpResponse::Ok().json(ServiceItemView::from(m)))
}
