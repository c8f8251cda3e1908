//! Users (admin only): accounts and their role and unit.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

use crate::{
    domain::role::Role,
    http::{
        AppState,
        caller::Caller,
        created,
        error::{ApiError, FieldErrors},
        json::{Json, double_option, present},
        pagination::{List, page_request},
    },
    store::{
        self,
        users::{User, UserFilter},
    },
    workflow::accounts::{self, AccountChanges, AccountError, NewAccount},
};

#[derive(Serialize)]
pub struct UserView {
    id: Uuid,
    login: String,
    display_name: String,
    role: Role,
    department_id: Option<Uuid>,
    enterprise_id: Option<Uuid>,
    active: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    is_lead: bool,
}

impl From<User> for UserView {
    fn from(u: User) -> Self {
        UserView {
            id: u.id,
            login: u.login,
            display_name: u.display_name,
            role: u.membership.role(),
            department_id: u.membership.department_id(),
            enterprise_id: u.membership.enterprise_id(),
            active: u.active,
            created_at: u.created_at,
            updated_at: u.updated_at,
            is_lead: u.is_lead,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    role: Option<Role>,
    department_id: Option<Uuid>,
    enterprise_id: Option<Uuid>,
    limit: Option<u64>,
    cursor: Option<String>,
}

pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require(&[Role::Admin])?;
    let q = query.into_inner();
    let request = page_request(q.limit, q.cursor.as_deref())?;
    let filter = UserFilter {
        role: q.role,
        department_id: q.department_id,
        enterprise_id: q.enterprise_id,
    };
    let page = store::users::list(&state.db, filter, request).await?;
    Ok(HttpResponse::Ok().json(List::from_page(page, |u| u.id.to_string(), UserView::from)))
}

pub async fn show(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require(&[Role::Admin])?;
    let user = store::users::get(&state.db, *id)
        .await?
        .ok_or_else(|| ApiError::not_found("user"))?;
    Ok(HttpResponse::Ok().json(UserView::from(user)))
}

#[derive(Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct CreateUser {
    login: String,
    #[serde(default)]
    #[validate(length(max = 100))]
    display_name: String,
    #[validate(length(min = 8, max = 128))]
    password: String,
    role: Role,
    department_id: Option<Uuid>,
    enterprise_id: Option<Uuid>,
    #[serde(default)]
    is_lead: bool,
}

/// The answer to an account use case's error.
fn account_error(e: AccountError) -> ApiError {
    match e {
        AccountError::Invalid(fields) => ApiError::Validation(
            fields
                .into_iter()
                .map(|(f, m)| (f.to_string(), m))
                .collect::<FieldErrors>(),
        ),
        AccountError::Taken => ApiError::conflict("already_exists", "this login is taken"),
        AccountError::NotFound => ApiError::not_found("user"),
        AccountError::SelfLockout => ApiError::conflict(
            "self_lockout",
            "you cannot deactivate or demote your own account",
        ),
        AccountError::Password(e) => e.into(),
        AccountError::Store(e) => e.into(),
    }
}

pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<CreateUser>,
) -> Result<HttpResponse, ApiError> {
    caller.require(&[Role::Admin])?;
    let body = body.into_inner();
    let user = accounts::create(
        &state.db,
        &state.passwords,
        NewAccount {
            login: body.login,
            display_name: body.display_name,
            password: SecretString::from(body.password),
            role: body.role,
            department_id: body.department_id,
            enterprise_id: body.enterprise_id,
            is_lead: body.is_lead,
        },
        state.clock.now(),
    )
    .await
    .map_err(account_error)?;
    Ok(created(
        format!("/api/v1/users/{}", user.id),
        UserView::from(user),
    ))
}

#[derive(Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct UpdateUser {
    #[validate(length(max = 100))]
    #[serde(default, deserialize_with = "present")]
    display_name: Option<String>,
    #[validate(length(min = 8, max = 128))]
    #[serde(default, deserialize_with = "present")]
    password: Option<String>,
    #[serde(default, deserialize_with = "present")]
    role: Option<Role>,
    #[serde(default, deserialize_with = "double_option")]
    department_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "double_option")]
    enterprise_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "present")]
    active: Option<bool>,
    #[serde(default, deserialize_with = "present")]
    is_lead: Option<bool>,
}

/// The rules are the use case's ([`accounts::update`]): one transaction
/// reads and writes the account.
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: Json<UpdateUser>,
) -> Result<HttpResponse, ApiError> {
    caller.require(&[Role::Admin])?;
    let body = body.into_inner();
    let user = accounts::update(
        &state.db,
        &state.passwords,
        &state.workflow,
        caller.user.id,
        id.into_inner(),
        AccountChanges {
            display_name: body.display_name,
            password: body.password.map(SecretString::from),
            role: body.role,
            department_id: body.department_id,
            enterprise_id: body.enterprise_id,
            active: body.active,
            is_lead: body.is_lead,
        },
        state.clock.now(),
    )
    .await
    .map_err(account_error)?;
    Ok(HttpResponse::Ok().json(UserView::from(user)))
}
