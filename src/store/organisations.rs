//! Departments, industry chains and enterprises.

use chrono::{DateTime, Utc};
use entity::{department, enterprise, industry_chain};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
    QueryFilter,
};
use uuid::Uuid;

use super::{
    StoreError,
    page::{self, Page, PageRequest},
};
use crate::domain::{codes::DepartmentCode, credit_code::CreditCode};

// ---- departments ----

pub struct NewDepartment {
    pub code: DepartmentCode,
    pub name: String,
}

#[derive(Default)]
pub struct DepartmentChanges {
    pub name: Option<String>,
    pub active: Option<bool>,
}

pub async fn insert_department(
    db: &impl ConnectionTrait,
    new: NewDepartment,
    now: DateTime<Utc>,
) -> Result<department::Model, StoreError> {
    Ok(department::ActiveModel {
        id: Set(Uuid::now_v7()),
        code: Set(new.code.into_inner()),
        name: Set(new.name),
        active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await?)
}

pub async fn update_department(
    db: &impl ConnectionTrait,
    id: Uuid,
    changes: DepartmentChanges,
    now: DateTime<Utc>,
) -> Result<Option<department::Model>, StoreError> {
    let Some(current) = department::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let mut model: department::ActiveModel = current.into();
    if let Some(v) = changes.name {
        model.name = Set(v);
    }
    if let Some(v) = changes.active {
        model.active = Set(v);
    }
    model.updated_at = Set(now);
    Ok(Some(model.update(db).await?))
}

pub async fn get_department(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<department::Model>, StoreError> {
    Ok(department::Entity::find_by_id(id).one(db).await?)
}

pub async fn find_department_by_code(
    db: &impl ConnectionTrait,
    code: &str,
) -> Result<Option<department::Model>, StoreError> {
    Ok(department::Entity::find()
        .filter(department::Column::Code.eq(code))
        .one(db)
        .await?)
}

pub async fn list_departments(
    db: &impl ConnectionTrait,
    active: Option<bool>,
    request: PageRequest<Uuid>,
) -> Result<Page<department::Model>, StoreError> {
    let mut select = department::Entity::find();
    if let Some(active) = active {
        select = select.filter(department::Column::Active.eq(active));
    }
    Ok(page::fetch(db, select, department::Column::Id, request).await?)
}

// ---- industry chains ----

pub struct NewChain {
    pub name: String,
    pub description: String,
    pub lead_enterprise_id: Option<Uuid>,
}

#[derive(Default)]
pub struct ChainChanges {
    pub name: Option<String>,
    pub description: Option<String>,
    pub lead_enterprise_id: Option<Option<Uuid>>,
}

pub async fn insert_chain(
    db: &impl ConnectionTrait,
    new: NewChain,
    now: DateTime<Utc>,
) -> Result<industry_chain::Model, StoreError> {
    Ok(industry_chain::ActiveModel {
        id: Set(Uuid::now_v7()),
        name: Set(new.name),
        description: Set(new.description),
        lead_enterprise_id: Set(new.lead_enterprise_id),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await?)
}

pub async fn update_chain(
    db: &impl ConnectionTrait,
    id: Uuid,
    changes: ChainChanges,
    now: DateTime<Utc>,
) -> Result<Option<industry_chain::Model>, StoreError> {
    let Some(current) = industry_chain::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let mut model: industry_chain::ActiveModel = current.into();
    if let Some(v) = changes.name {
        model.name = Set(v);
    }
    if let Some(v) = changes.description {
        model.description = Set(v);
    }
    if let Some(v) = changes.lead_enterprise_id {
        model.lead_enterprise_id = Set(v);
    }
    model.updated_at = Set(now);
    Ok(Some(model.update(db).await?))
}

pub async fn get_chain(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<industry_chain::Model>, StoreError> {
    Ok(industry_chain::Entity::find_by_id(id).one(db).await?)
}

pub async fn find_chain_by_name(
    db: &impl ConnectionTrait,
    name: &str,
) -> Result<Option<industry_chain::Model>, StoreError> {
    Ok(industry_chain::Entity::find()
        .filter(industry_chain::Column::Name.eq(name))
        .one(db)
        .await?)
}

pub async fn list_chains(
    db: &impl ConnectionTrait,
    request: PageRequest<Uuid>,
) -> Result<Page<industry_chain::Model>, StoreError> {
    Ok(page::fetch(
        db,
        industry_chain::Entity::find(),
        industry_chain::Column::Id,
        request,
    )
    .await?)
}

// ---- enterprises ----

pub struct NewEnterprise {
    pub name: String,
    pub credit_code: CreditCode,
    pub chain_id: Option<Uuid>,
    pub address: String,
    pub contact_name: String,
    pub contact_phone: String,
}

#[derive(Default)]
pub struct EnterpriseChanges {
    pub name: Option<String>,
    pub chain_id: Option<Option<Uuid>>,
    pub address: Option<String>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub active: Option<bool>,
}

#[derive(Default)]
pub struct EnterpriseFilter {
    pub chain_id: Option<Uuid>,
    pub only: Option<Uuid>,
    pub q: Option<String>,
}

pub async fn insert_enterprise(
    db: &impl ConnectionTrait,
    new: NewEnterprise,
    now: DateTime<Utc>,
) -> Result<enterprise::Model, StoreError> {
    Ok(enterprise::ActiveModel {
        id: Set(Uuid::now_v7()),
        name: Set(new.name),
        credit_code: Set(new.credit_code.as_str().to_string()),
        chain_id: Set(new.chain_id),
        address: Set(new.address),
        contact_name: Set(new.contact_name),
        contact_phone: Set(new.contact_phone),
        active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await?)
}

/// Moving an enterprise out of a chain also ends its role as that chain's
/// lead enterprise (a lead belongs to its chain).
pub async fn update_enterprise(
    db: &impl ConnectionTrait,
    id: Uuid,
    changes: EnterpriseChanges,
    now: DateTime<Utc>,
) -> Result<Option<enterprise::Model>, StoreError> {
    let Some(current) = enterprise::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    if let Some(new_chain) = changes.chain_id
        && new_chain != current.chain_id
    {
        industry_chain::Entity::update_many()
            .col_expr(
                industry_chain::Column::LeadEnterpriseId,
                sea_orm::sea_query::Expr::value(Option::<Uuid>::None),
            )
            .col_expr(
                industry_chain::Column::UpdatedAt,
                sea_orm::sea_query::Expr::value(now),
            )
            .filter(industry_chain::Column::LeadEnterpriseId.eq(id))
            .exec(db)
            .await?;
    }
    let mut model: enterprise::ActiveModel = current.into();
    if let Some(v) = changes.name {
        model.name = Set(v);
    }
    if let Some(v) = changes.chain_id {
        model.chain_id = Set(v);
    }
    if let Some(v) = changes.address {
        model.address = Set(v);
    }
    if let Some(v) = changes.contact_name {
        model.contact_name = Set(v);
    }
    if let Some(v) = changes.contact_phone {
        model.contact_phone = Set(v);
    }
    if let Some(v) = changes.active {
        model.active = Set(v);
    }
    model.updated_at = Set(now);
    Ok(Some(model.update(db).await?))
}

pub async fn get_enterprise(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<enterprise::Model>, StoreError> {
    Ok(enterprise::Entity::find_by_id(id).one(db).await?)
}

pub async fn find_enterprise_by_credit_code(
    db: &impl ConnectionTrait,
    code: &CreditCode,
) -> Result<Option<enterprise::Model>, StoreError> {
    Ok(enterprise::Entity::find()
        .filter(enterprise::Column::CreditCode.eq(code.as_str()))
        .one(db)
        .await?)
}

pub async fn list_enterprises(
    db: &impl ConnectionTrait,
    filter: EnterpriseFilter,
    request: PageRequest<Uuid>,
) -> Result<Page<enterprise::Model>, StoreError> {
    let mut select = enterprise::Entity::find();
    if let Some(id) = filter.chain_id {
        select = select.filter(enterprise::Column::ChainId.eq(id));
    }
    if let Some(id) = filter.only {
        select = select.filter(enterprise::Column::Id.eq(id));
    }
    if let Some(q) = filter.q {
        select = select.filter(
            Condition::any()
                .add(super::text::contains(enterprise::Column::Name, &q))
                .add(super::text::contains(enterprise::Column::CreditCode, &q)),
        );
    }
    Ok(page::fetch(db, select, enterprise::Column::Id, request).await?)
}
