//! The `users` table.

use chrono::{DateTime, Utc};
use entity::user;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QuerySelect,
};
use uuid::Uuid;

use super::{
    StoreError,
    page::{self, Page, PageRequest},
};
use crate::domain::{
    codes::Login,
    role::{Membership, Role},
};

#[derive(Debug, Clone)]
pub struct User {
    pub id: Uuid,
    pub login: String,
    pub display_name: String,
    pub membership: Membership,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Leads their department (staff only): assigns its tickets.
    pub is_lead: bool,
}

impl TryFrom<user::Model> for User {
    type Error = StoreError;
    fn try_from(m: user::Model) -> Result<Self, StoreError> {
        let role: Role = m
            .role
            .parse()
            .map_err(|e| StoreError::Corrupt(format!("user {}: {e}", m.id)))?;
        let membership = Membership::new(role, m.department_id, m.enterprise_id)
            .map_err(|e| StoreError::Corrupt(format!("user {}: {e}", m.id)))?;
        Ok(User {
            id: m.id,
            login: m.login,
            display_name: m.display_name,
            membership,
            active: m.active,
            created_at: m.created_at,
            updated_at: m.updated_at,
            is_lead: m.is_lead,
        })
    }
}

pub struct NewUser {
    pub login: Login,
    pub display_name: String,
    pub password_hash: String,
    pub membership: Membership,
    pub is_lead: bool,
}

#[derive(Default)]
pub struct UserChanges {
    pub display_name: Option<String>,
    pub password_hash: Option<String>,
    pub membership: Option<Membership>,
    pub active: Option<bool>,
    pub is_lead: Option<bool>,
}

#[derive(Default)]
pub struct UserFilter {
    pub role: Option<Role>,
    pub department_id: Option<Uuid>,
    pub enterprise_id: Option<Uuid>,
}

/// The user and their password hash, for signing in.
pub async fn find_credentials(
    db: &impl ConnectionTrait,
    login: &str,
) -> Result<Option<(User, String)>, StoreError> {
    let found = user::Entity::find()
        .filter(user::Column::Login.eq(login))
        .one(db)
        .await?;
    found
        .map(|m| {
            let hash = m.password_hash.clone();
            User::try_from(m).map(|u| (u, hash))
        })
        .transpose()
}

pub async fn get(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<User>, StoreError> {
    user::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(User::try_from)
        .transpose()
}

pub async fn list(
    db: &impl ConnectionTrait,
    filter: UserFilter,
    request: PageRequest<Uuid>,
) -> Result<Page<User>, StoreError> {
    let mut select = user::Entity::find();
    if let Some(role) = filter.role {
        select = select.filter(user::Column::Role.eq(role.as_str()));
    }
    if let Some(id) = filter.department_id {
        select = select.filter(user::Column::DepartmentId.eq(id));
    }
    if let Some(id) = filter.enterprise_id {
        select = select.filter(user::Column::EnterpriseId.eq(id));
    }
    let page = page::fetch(db, select, user::Column::Id, request).await?;
    let items = page
        .items
        .into_iter()
        .map(User::try_from)
        .collect::<Result<_, _>>()?;
    Ok(Page {
        items,
        has_more: page.has_more,
    })
}

pub async fn insert(
    db: &impl ConnectionTrait,
    new: NewUser,
    now: DateTime<Utc>,
) -> Result<User, StoreError> {
    let model = user::ActiveModel {
        id: Set(Uuid::now_v7()),
        login: Set(new.login.into_inner()),
        display_name: Set(new.display_name),
        password_hash: Set(new.password_hash),
        role: Set(new.membership.role().as_str().to_string()),
        department_id: Set(new.membership.department_id()),
        enterprise_id: Set(new.membership.enterprise_id()),
        active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        is_lead: Set(new.is_lead),
    }
    .insert(db)
    .await?;
    User::try_from(model)
}

pub async fn update(
    db: &impl ConnectionTrait,
    id: Uuid,
    changes: UserChanges,
    now: DateTime<Utc>,
) -> Result<Option<User>, StoreError> {
    let Some(current) = user::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let mut model: user::ActiveModel = current.into();
    if let Some(name) = changes.display_name {
        model.display_name = Set(name);
    }
    if let Some(hash) = changes.password_hash {
        model.password_hash = Set(hash);
    }
    if let Some(membership) = changes.membership {
        model.role = Set(membership.role().as_str().to_string());
        model.department_id = Set(membership.department_id());
        model.enterprise_id = Set(membership.enterprise_id());
    }
    if let Some(active) = changes.active {
        model.active = Set(active);
    }
    if let Some(lead) = changes.is_lead {
        model.is_lead = Set(lead);
    }
    model.updated_at = Set(now);
    User::try_from(model.update(db).await?).map(Some)
}

/// The name a person is shown by: their display name, or their login when
/// the display name was left blank (the reports' `group_by=assignee`
/// label says the same in SQL).
pub fn shown_name(display_name: &str, login: &str) -> String {
    match display_name.trim() {
        "" => login.to_string(),
        name => name.to_string(),
    }
}

/// The shown names ([`shown_name`]) of the users `ids`, in one query;
/// ids of no user are left out.
pub async fn shown_names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<std::collections::HashMap<Uuid, String>, StoreError> {
    let ids: std::collections::BTreeSet<Uuid> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let rows: Vec<(Uuid, String, String)> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::Login)
        .column(user::Column::DisplayName)
        .filter(user::Column::Id.is_in(ids))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, login, display)| (id, shown_name(&display, &login)))
        .collect())
}
