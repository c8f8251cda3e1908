//! The service catalogue: categories, service items, SLA policies (calendars
//! have their own file, `calendars.rs`).

use chrono::{DateTime, Utc};
use entity::{category, service_item, sla_policy};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};
use uuid::Uuid;

use super::{
    StoreError,
    page::{self, Page, PageRequest},
};
use crate::domain::{
    codes::CategoryCode,
    sla_policy::{ClockTargets, WarnRatio, target_pair as pair},
};

// ---- categories ----

pub struct NewCategory {
    pub code: CategoryCode,
    pub name: String,
    pub description: String,
    pub default_department_id: Uuid,
    pub default_sla_policy_id: Option<Uuid>,
    pub sort_order: i32,
}

#[derive(Default)]
pub struct CategoryChanges {
    pub name: Option<String>,
    pub description: Option<String>,
    pub default_department_id: Option<Uuid>,
    pub default_sla_policy_id: Option<Option<Uuid>>,
    pub sort_order: Option<i32>,
    pub active: Option<bool>,
}

pub async fn insert_category(
    db: &impl ConnectionTrait,
    new: NewCategory,
    now: DateTime<Utc>,
) -> Result<category::Model, StoreError> {
    Ok(category::ActiveModel {
        code: Set(new.code.into_inner()),
        name: Set(new.name),
        description: Set(new.description),
        default_department_id: Set(new.default_department_id),
        default_sla_policy_id: Set(new.default_sla_policy_id),
        sort_order: Set(new.sort_order),
        active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await?)
}

pub async fn update_category(
    db: &impl ConnectionTrait,
    code: &str,
    changes: CategoryChanges,
    now: DateTime<Utc>,
) -> Result<Option<category::Model>, StoreError> {
    let Some(current) = category::Entity::find_by_id(code).one(db).await? else {
        return Ok(None);
    };
    let mut model: category::ActiveModel = current.into();
    if let Some(v) = changes.name {
        model.name = Set(v);
    }
    if let Some(v) = changes.description {
        model.description = Set(v);
    }
    if let Some(v) = changes.default_department_id {
        model.default_department_id = Set(v);
    }
    if let Some(v) = changes.default_sla_policy_id {
        model.default_sla_policy_id = Set(v);
    }
    if let Some(v) = changes.sort_order {
        model.sort_order = Set(v);
    }
    if let Some(v) = changes.active {
        model.active = Set(v);
    }
    model.updated_at = Set(now);
    Ok(Some(model.update(db).await?))
}

pub async fn get_category(
    db: &impl ConnectionTrait,
    code: &str,
) -> Result<Option<category::Model>, StoreError> {
    Ok(category::Entity::find_by_id(code).one(db).await?)
}

/// All categories in display order: the call list is short (about ten
/// kinds), so it is one page.
pub async fn list_categories(
    db: &impl ConnectionTrait,
    active: Option<bool>,
) -> Result<Vec<category::Model>, StoreError> {
    let mut select = category::Entity::find()
        .order_by_asc(category::Column::SortOrder)
        .order_by_asc(category::Column::Code);
    if let Some(active) = active {
        select = select.filter(category::Column::Active.eq(active));
    }
    Ok(select.all(db).await?)
}

// ---- service items ----

pub struct NewServiceItem {
    pub department_id: Uuid,
    pub category: String,
    pub name: String,
    pub description: String,
    pub sla_policy_id: Option<Uuid>,
    pub auto_dispatch: bool,
}

#[derive(Default)]
pub struct ServiceItemChanges {
    pub department_id: Option<Uuid>,
    pub category: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub sla_policy_id: Option<Option<Uuid>>,
    pub auto_dispatch: Option<bool>,
    pub active: Option<bool>,
}

#[derive(Default)]
pub struct ServiceItemFilter {
    pub category: Option<String>,
    pub department_id: Option<Uuid>,
    pub active: Option<bool>,
}

pub async fn insert_service_item(
    db: &impl ConnectionTrait,
    new: NewServiceItem,
    now: DateTime<Utc>,
) -> Result<service_item::Model, StoreError> {
    Ok(service_item::ActiveModel {
        id: Set(Uuid::now_v7()),
        department_id: Set(new.department_id),
        category: Set(new.category),
        name: Set(new.name),
        description: Set(new.description),
        sla_policy_id: Set(new.sla_policy_id),
        auto_dispatch: Set(new.auto_dispatch),
        active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await?)
}

pub async fn update_service_item(
    db: &impl ConnectionTrait,
    id: Uuid,
    changes: ServiceItemChanges,
    now: DateTime<Utc>,
) -> Result<Option<service_item::Model>, StoreError> {
    let Some(current) = service_item::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let mut model: service_item::ActiveModel = current.into();
    if let Some(v) = changes.department_id {
        model.department_id = Set(v);
    }
    if let Some(v) = changes.category {
        model.category = Set(v);
    }
    if let Some(v) = changes.name {
        model.name = Set(v);
    }
    if let Some(v) = changes.description {
        model.description = Set(v);
    }
    if let Some(v) = changes.sla_policy_id {
        model.sla_policy_id = Set(v);
    }
    if let Some(v) = changes.auto_dispatch {
        model.auto_dispatch = Set(v);
    }
    if let Some(v) = changes.active {
        model.active = Set(v);
    }
    model.updated_at = Set(now);
    Ok(Some(model.update(db).await?))
}

pub async fn get_service_item(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<service_item::Model>, StoreError> {
    Ok(service_item::Entity::find_by_id(id).one(db).await?)
}

pub async fn find_service_item(
    db: &impl ConnectionTrait,
    department_id: Uuid,
    name: &str,
) -> Result<Option<service_item::Model>, StoreError> {
    Ok(service_item::Entity::find()
        .filter(service_item::Column::DepartmentId.eq(department_id))
        .filter(service_item::Column::Name.eq(name))
        .one(db)
        .await?)
}

pub async fn list_service_items(
    db: &impl ConnectionTrait,
    filter: ServiceItemFilter,
    request: PageRequest<Uuid>,
) -> Result<Page<service_item::Model>, StoreError> {
    let mut select = service_item::Entity::find();
    if let Some(v) = filter.category {
        select = select.filter(service_item::Column::Category.eq(v));
    }
    if let Some(v) = filter.department_id {
        select = select.filter(service_item::Column::DepartmentId.eq(v));
    }
    if let Some(v) = filter.active {
        select = select.filter(service_item::Column::Active.eq(v));
    }
    Ok(page::fetch(db, select, service_item::Column::Id, request).await?)
}

// ---- SLA policies ----

pub struct PolicySpec {
    pub name: String,
    pub calendar_id: Uuid,
    pub warn_ratio: WarnRatio,
    pub warn_lead_secs: Option<i64>,
    pub normal: ClockTargets,
    pub urgent: ClockTargets,
    pub active: bool,
}

fn apply_spec(model: &mut sla_policy::ActiveModel, spec: PolicySpec) {
    model.name = Set(spec.name);
    model.calendar_id = Set(spec.calendar_id);
    model.warn_ratio = Set(spec.warn_ratio.get());
    model.warn_lead_secs = Set(spec.warn_lead_secs);
    model.active = Set(spec.active);
    let (s, d) = pair(Some(spec.normal.response));
    model.response_secs = Set(s);
    model.response_days = Set(d);
    let (s, d) = pair(spec.normal.first_response);
    model.first_response_secs = Set(s);
    model.first_response_days = Set(d);
    let (s, d) = pair(Some(spec.normal.resolution));
    model.resolution_secs = Set(s);
    model.resolution_days = Set(d);
    let (s, d) = pair(Some(spec.urgent.response));
    model.urgent_response_secs = Set(s);
    model.urgent_response_days = Set(d);
    let (s, d) = pair(spec.urgent.first_response);
    model.urgent_first_response_secs = Set(s);
    model.urgent_first_response_days = Set(d);
    let (s, d) = pair(Some(spec.urgent.resolution));
    model.urgent_resolution_secs = Set(s);
    model.urgent_resolution_days = Set(d);
}

pub async fn insert_policy(
    db: &impl ConnectionTrait,
    spec: PolicySpec,
    now: DateTime<Utc>,
) -> Result<sla_policy::Model, StoreError> {
    let mut model = sla_policy::ActiveModel {
        id: Set(Uuid::now_v7()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    apply_spec(&mut model, spec);
    Ok(model.insert(db).await?)
}

/// Replaces a policy's definition. Deadlines already stored on tickets keep
/// the values computed when they were set.
pub async fn replace_policy(
    db: &impl ConnectionTrait,
    id: Uuid,
    spec: PolicySpec,
    now: DateTime<Utc>,
) -> Result<Option<sla_policy::Model>, StoreError> {
    let Some(current) = sla_policy::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let mut model: sla_policy::ActiveModel = current.into();
    apply_spec(&mut model, spec);
    model.updated_at = Set(now);
    Ok(Some(model.update(db).await?))
}

pub async fn get_policy(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<sla_policy::Model>, StoreError> {
    Ok(sla_policy::Entity::find_by_id(id).one(db).await?)
}

pub async fn find_policy_by_name(
    db: &impl ConnectionTrait,
    name: &str,
) -> Result<Option<sla_policy::Model>, StoreError> {
    Ok(sla_policy::Entity::find()
        .filter(sla_policy::Column::Name.eq(name))
        .one(db)
        .await?)
}

pub async fn list_policies(
    db: &impl ConnectionTrait,
    request: PageRequest<Uuid>,
) -> Result<Page<sla_policy::Model>, StoreError> {
    Ok(page::fetch(
        db,
        sla_policy::Entity::find(),
        sla_policy::Column::Id,
        request,
    )
    .await?)
}
