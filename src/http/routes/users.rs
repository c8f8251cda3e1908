//! Users (admin only): accounts and their role and unit.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

use crate::{
    domain::{
        codes::Login,
        role::{Membership, MembershipError, Role},
    },
    http::{
        AppState,
        caller::Caller,
        error::{ApiError, FieldErrors},
        json::{Json, double_option, not_blank, present},
        pagination::{List, page_request},
    },
    store::{
        self, StoreError,
        sessions::REVOKED_BY_ADMIN,
        users::{NewUser, User, UserChanges, UserFilter},
    },
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
}

fn membership_field(err: &MembershipError) -> &'static str {
    match err {
        MembershipError::EnterpriseMissing | MembershipError::EnterpriseNotAllowed => {
            "enterprise_id"
        }
        MembershipError::DepartmentMissing | MembershipError::DepartmentNotAllowed => {
            "department_id"
        }
    }
}

/// Checks that the unit a membership names exists.
async fn check_unit(state: &AppState, membership: Membership) -> Result<(), ApiError> {
    if let Some(id) = membership.department_id()
        && store::organisations::get_department(&state.db, id)
            .await?
            .is_none()
    {
        return Err(ApiError::field("department_id", "no such department"));
    }
    if let Some(id) = membership.enterprise_id()
        && store::organisations::get_enterprise(&state.db, id)
            .await?
            .is_none()
    {
        return Err(ApiError::field("enterprise_id", "no such enterprise"));
    }
    Ok(())
}

fn duplicate_login(err: StoreError) -> ApiError {
    match err {
        StoreError::Duplicate(_) => ApiError::conflict("already_exists", "this login is taken"),
        other => other.into(),
    }
}

pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<CreateUser>,
) -> Result<HttpResponse, ApiError> {
    caller.require(&[Role::Admin])?;
    let body = body.into_inner();
    let mut errors = FieldErrors::new();
    let login = Login::parse(&body.login)
        .map_err(|e| errors.insert("login".into(), e.to_string()))
        .ok();
    let membership = Membership::new(body.role, body.department_id, body.enterprise_id)
        .map_err(|e| errors.insert(membership_field(&e).into(), e.to_string()))
        .ok();
    let (Some(login), Some(membership)) = (login, membership) else {
        return Err(ApiError::Validation(errors));
    };
    check_unit(&state, membership).await?;
    let password_hash = state
        .passwords
        .hash(SecretString::from(body.password))
        .await?;
    let user = store::users::insert(
        &state.db,
        NewUser {
            login,
            display_name: body.display_name.trim().to_string(),
            password_hash,
            membership,
        },
        state.clock.now(),
    )
    .await
    .map_err(duplicate_login)?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/users/{}", user.id)))
        .json(UserView::from(user)))
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
}

/// Changing the password, role, unit or active flag ends the user's
/// sessions, so the change takes effect at once. Admins cannot lock
/// themselves out (deactivate or demote their own account).
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: Json<UpdateUser>,
) -> Result<HttpResponse, ApiError> {
    caller.require(&[Role::Admin])?;
    let id = id.into_inner();
    let body = body.into_inner();
    let current = store::users::get(&state.db, id)
        .await?
        .ok_or_else(|| ApiError::not_found("user"))?;
    if let Some(name) = &body.display_name {
        not_blank(name).map_err(|_| ApiError::field("display_name", "must not be blank"))?;
    }
    let membership_touched =
        body.role.is_some() || body.department_id.is_some() || body.enterprise_id.is_some();
    let membership = if membership_touched {
        let m = Membership::new(
            body.role.unwrap_or(current.membership.role()),
            body.department_id
                .unwrap_or(current.membership.department_id()),
            body.enterprise_id
                .unwrap_or(current.membership.enterprise_id()),
        )
        .map_err(|e| ApiError::field(membership_field(&e), e))?;
        check_unit(&state, m).await?;
        Some(m)
    } else {
        None
    };
    if id == caller.user.id
        && (body.active == Some(false) || membership.is_some_and(|m| m.role() != Role::Admin))
    {
        return Err(ApiError::conflict(
            "self_lockout",
            "you cannot deactivate or demote your own account",
        ));
    }
    let password_hash = match body.password {
        Some(p) => Some(state.passwords.hash(SecretString::from(p)).await?),
        None => None,
    };
    let ends_sessions = password_hash.is_some()
        || membership.is_some_and(|m| m != current.membership)
        || body.active == Some(false);
    let now = state.clock.now();
    let tx = store::write_tx(&state.db).await?;
    let user = store::users::update(
        &tx,
        id,
        UserChanges {
            display_name: body.display_name.map(|n| n.trim().to_string()),
            password_hash,
            membership,
            active: body.active,
        },
        now,
    )
    .await?
    .ok_or_else(|| ApiError::not_found("user"))?;
    if ends_sessions {
        store::sessions::revoke_all_for_user(&tx, id, REVOKED_BY_ADMIN, now).await?;
    }
    tx.commit().await.map_err(StoreError::from)?;
    Ok(HttpResponse::Ok().json(UserView::from(user)))
}
