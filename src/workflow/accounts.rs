//! User accounts: opening one (the API's `POST /users` and the CLI's
//! `create-user` share this, with the same validation) and changing one
//! (read, check and write in one transaction, so two concurrent changes
//! cannot overwrite each other with stale reads).

use sea_orm::{ConnectionTrait, DatabaseConnection};
use secrecy::{ExposeSecret, SecretString};
use uuid::Uuid;

use super::Now;
use crate::{
    auth::password::{PasswordError, Passwords},
    domain::{
        codes::Login,
        role::{Membership, MembershipError, Role},
        ticket::{Rules, apply::ReleaseReason},
    },
    store::{
        self, StoreError,
        sessions::REVOKED_BY_ADMIN,
        users::{NewUser, User, UserChanges},
    },
};

/// The longest display name.
pub const MAX_DISPLAY_NAME: usize = 100;
/// Password length bounds, in characters.
pub const PASSWORD_CHARS: std::ops::RangeInclusive<usize> = 8..=128;

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// Fields that do not fit, each with why (422).
    #[error("{}", describe(.0))]
    Invalid(Vec<(&'static str, String)>),
    #[error("this login is taken")]
    Taken,
    #[error("no such user")]
    NotFound,
    #[error("you cannot deactivate or demote your own account")]
    SelfLockout,
    #[error(transparent)]
    Password(#[from] PasswordError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn describe(fields: &[(&'static str, String)]) -> String {
    fields
        .iter()
        .map(|(f, m)| format!("{f}: {m}"))
        .collect::<Vec<_>>()
        .join("; ")
}

impl From<sea_orm::DbErr> for AccountError {
    fn from(e: sea_orm::DbErr) -> Self {
        AccountError::Store(e.into())
    }
}

fn invalid(field: &'static str, message: impl ToString) -> AccountError {
    AccountError::Invalid(vec![(field, message.to_string())])
}

/// The field a membership error is about.
pub fn membership_field(err: &MembershipError) -> &'static str {
    match err {
        MembershipError::EnterpriseMissing | MembershipError::EnterpriseNotAllowed => {
            "enterprise_id"
        }
        MembershipError::DepartmentMissing | MembershipError::DepartmentNotAllowed => {
            "department_id"
        }
    }
}

/// A request to open an account, as the API body or the CLI's flags give it.
pub struct NewAccount {
    pub login: String,
    pub display_name: String,
    pub password: SecretString,
    pub role: Role,
    pub department_id: Option<Uuid>,
    pub enterprise_id: Option<Uuid>,
    /// Leads the department (staff only).
    pub is_lead: bool,
}

/// Only staff lead a department.
fn check_lead(role: Role, is_lead: bool) -> Result<(), AccountError> {
    if is_lead && role != Role::Staff {
        Err(invalid("is_lead", "only staff lead a department"))
    } else {
        Ok(())
    }
}

fn check_password(p: &SecretString) -> Result<(), AccountError> {
    if PASSWORD_CHARS.contains(&p.expose_secret().chars().count()) {
        Ok(())
    } else {
        Err(invalid(
            "password",
            format!(
                "must be {} to {} characters long",
                PASSWORD_CHARS.start(),
                PASSWORD_CHARS.end()
            ),
        ))
    }
}

/// The trimmed display name, if it fits.
fn display_name(name: &str) -> Result<String, AccountError> {
    if name.chars().count() > MAX_DISPLAY_NAME {
        return Err(invalid(
            "display_name",
            format!("must be at most {MAX_DISPLAY_NAME} characters"),
        ));
    }
    Ok(name.trim().to_string())
}

/// Checks that the unit a membership names exists.
async fn check_unit(db: &impl ConnectionTrait, membership: Membership) -> Result<(), AccountError> {
    if let Some(id) = membership.department_id()
        && store::organisations::get_department(db, id)
            .await?
            .is_none()
    {
        return Err(invalid("department_id", "no such department"));
    }
    if let Some(id) = membership.enterprise_id()
        && store::organisations::get_enterprise(db, id)
            .await?
            .is_none()
    {
        return Err(invalid("enterprise_id", "no such enterprise"));
    }
    Ok(())
}

/// Opens an account: every field is checked (all field errors at once),
/// the password hashed outside the transaction (it takes a while), then
/// the unit checked and the user inserted in one transaction.
pub async fn create(
    db: &DatabaseConnection,
    passwords: &Passwords,
    new: NewAccount,
    now: Now,
) -> Result<User, AccountError> {
    let mut errors = Vec::new();
    let login = Login::parse(&new.login)
        .map_err(|e| errors.push(("login", e.to_string())))
        .ok();
    let name = match display_name(&new.display_name) {
        Ok(n) => Some(n),
        Err(AccountError::Invalid(mut e)) => {
            errors.append(&mut e);
            None
        }
        Err(other) => return Err(other),
    };
    if let Err(AccountError::Invalid(mut e)) = check_password(&new.password) {
        errors.append(&mut e);
    }
    if let Err(AccountError::Invalid(mut e)) = check_lead(new.role, new.is_lead) {
        errors.append(&mut e);
    }
    let membership = Membership::new(new.role, new.department_id, new.enterprise_id)
        .map_err(|e| errors.push((membership_field(&e), e.to_string())))
        .ok();
    let (Some(login), Some(display_name), Some(membership), true) =
        (login, name, membership, errors.is_empty())
    else {
        return Err(AccountError::Invalid(errors));
    };
    let password_hash = passwords.hash(new.password).await?;
    let tx = store::write_tx(db).await?;
    check_unit(&tx, membership).await?;
    let user = store::users::insert(
        &tx,
        NewUser {
            login,
            display_name,
            password_hash,
            membership,
            is_lead: new.is_lead,
        },
        now,
    )
    .await
    .map_err(|e| match e {
        StoreError::Duplicate(_) => AccountError::Taken,
        other => other.into(),
    })?;
    tx.commit().await?;
    Ok(user)
}

/// A change to an account; `None` leaves a field as it is, and
/// `Some(None)` clears a unit.
#[derive(Default)]
pub struct AccountChanges {
    pub display_name: Option<String>,
    pub password: Option<SecretString>,
    pub role: Option<Role>,
    pub department_id: Option<Option<Uuid>>,
    pub enterprise_id: Option<Option<Uuid>>,
    pub active: Option<bool>,
    pub is_lead: Option<bool>,
}

/// Changes account `id` on behalf of admin `by`. Changing the password,
/// role, unit or active flag ends the user's sessions, so the change takes
/// effect at once; an admin cannot lock themselves out (deactivate or
/// demote their own account). The current account is read inside the
/// transaction that writes it. A staff member deactivated or moved out of
/// their department leaves the tickets they work to its queue, in the
/// same transaction ([`super::handover`]); one who is no longer staff
/// leads no department.
pub async fn update(
    db: &DatabaseConnection,
    passwords: &Passwords,
    rules: &Rules,
    by: Uuid,
    id: Uuid,
    changes: AccountChanges,
    now: Now,
) -> Result<User, AccountError> {
    if let Some(p) = &changes.password {
        check_password(p)?;
    }
    let password_hash = match changes.password {
        Some(p) => Some(passwords.hash(p).await?),
        None => None,
    };
    let tx = store::write_tx(db).await?;
    let current = store::users::get(&tx, id)
        .await?
        .ok_or(AccountError::NotFound)?;
    let display_name = match &changes.display_name {
        Some(name) if name.trim().is_empty() => {
            return Err(invalid("display_name", "must not be blank"));
        }
        Some(name) => Some(display_name(name)?),
        None => None,
    };
    let membership_touched = changes.role.is_some()
        || changes.department_id.is_some()
        || changes.enterprise_id.is_some();
    let membership = if membership_touched {
        let m = Membership::new(
            changes.role.unwrap_or(current.membership.role()),
            changes
                .department_id
                .unwrap_or(current.membership.department_id()),
            changes
                .enterprise_id
                .unwrap_or(current.membership.enterprise_id()),
        )
        .map_err(|e| invalid(membership_field(&e), e))?;
        check_unit(&tx, m).await?;
        Some(m)
    } else {
        None
    };
    if id == by
        && (changes.active == Some(false) || membership.is_some_and(|m| m.role() != Role::Admin))
    {
        return Err(AccountError::SelfLockout);
    }
    let role_after = membership.map_or(current.membership.role(), |m| m.role());
    if changes.is_lead == Some(true) {
        check_lead(role_after, true)?;
    }
    let is_lead = match changes.is_lead {
        _ if role_after != Role::Staff && current.is_lead => Some(false),
        other => other,
    };
    let leaves = current.membership.role() == Role::Staff
        && (changes.active == Some(false)
            || membership.is_some_and(|m| m.department_id() != current.membership.department_id()));
    let ends_sessions = password_hash.is_some()
        || membership.is_some_and(|m| m != current.membership)
        || changes.active == Some(false);
    let user = store::users::update(
        &tx,
        id,
        UserChanges {
            display_name,
            password_hash,
            membership,
            active: changes.active,
            is_lead,
        },
        now,
    )
    .await?
    .ok_or(AccountError::NotFound)?;
    if leaves {
        let reason = if changes.active == Some(false) {
            ReleaseReason::AssigneeDeactivated
        } else {
            ReleaseReason::AssigneeMoved
        };
        super::handover::release_all(&tx, rules, id, reason, by, now).await?;
    }
    if ends_sessions {
        store::sessions::revoke_all_for_user(&tx, id, REVOKED_BY_ADMIN, now).await?;
    }
    tx.commit().await?;
    Ok(user)
}
