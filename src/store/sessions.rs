//! Sign-in sessions and their rotating refresh tokens.
//!
//! A session is one sign-in (a "token family"): every refresh token issued
//! by rotation belongs to it, and every access token names it. Revoking the
//! session ends them all at once.

use chrono::{DateTime, Utc};
use entity::{refresh_token, session, user};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    sea_query::{Expr, Query},
};
use uuid::Uuid;

use super::{StoreError, users::User, write_tx};

pub const REVOKED_BY_LOGOUT: &str = "logout";
pub const REVOKED_BY_REUSE: &str = "refresh_token_reused";
pub const REVOKED_BY_ADMIN: &str = "user_changed";

/// Starts a session with its first refresh token (stored only as a hash).
pub async fn start(
    db: &DatabaseConnection,
    user_id: Uuid,
    token_hash: String,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<Uuid, StoreError> {
    let tx = write_tx(db).await?;
    let session_id = Uuid::now_v7();
    session::ActiveModel {
        id: Set(session_id),
        user_id: Set(user_id),
        created_at: Set(now),
        expires_at: Set(expires_at),
        revoked_at: Set(None),
        revoked_reason: Set(None),
    }
    .insert(&tx)
    .await?;
    insert_token(&tx, session_id, token_hash, now, expires_at).await?;
    tx.commit().await?;
    Ok(session_id)
}

async fn insert_token(
    db: &impl ConnectionTrait,
    session_id: Uuid,
    token_hash: String,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<(), StoreError> {
    refresh_token::ActiveModel {
        id: Set(Uuid::now_v7()),
        session_id: Set(session_id),
        token_hash: Set(token_hash),
        created_at: Set(now),
        expires_at: Set(expires_at),
        used_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(())
}

#[derive(Debug)]
pub enum Rotation {
    /// The token was live: it is spent now and `new_hash` replaces it.
    Rotated { user_id: Uuid, session_id: Uuid },
    /// The token had been spent before: someone replayed it, so the whole
    /// session was revoked.
    Reused,
    /// Unknown, expired, or its session is over.
    Invalid,
}

/// Spends a refresh token and issues its successor, in one transaction.
/// The spend is a conditional update, so of two concurrent refreshes with
/// the same token exactly one rotates and the other counts as reuse.
pub async fn rotate(
    db: &DatabaseConnection,
    old_hash: &str,
    new_hash: String,
    now: DateTime<Utc>,
) -> Result<Rotation, StoreError> {
    let tx = write_tx(db).await?;
    let Some(token) = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(old_hash))
        .one(&tx)
        .await?
    else {
        return Ok(Rotation::Invalid);
    };
    let Some(session) = session::Entity::find_by_id(token.session_id)
        .one(&tx)
        .await?
    else {
        return Ok(Rotation::Invalid);
    };
    if session.revoked_at.is_some() || session.expires_at <= now || token.expires_at <= now {
        return Ok(Rotation::Invalid);
    }
    let spent = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::UsedAt, Expr::value(now))
        .filter(refresh_token::Column::Id.eq(token.id))
        .filter(refresh_token::Column::UsedAt.is_null())
        .exec(&tx)
        .await?;
    if spent.rows_affected == 1 {
        insert_token(&tx, session.id, new_hash, now, session.expires_at).await?;
        tx.commit().await?;
        return Ok(Rotation::Rotated {
            user_id: session.user_id,
            session_id: session.id,
        });
    }
    revoke_in(&tx, session.id, REVOKED_BY_REUSE, now).await?;
    tx.commit().await?;
    Ok(Rotation::Reused)
}

pub async fn revoke(
    db: &DatabaseConnection,
    session_id: Uuid,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    revoke_in(db, session_id, reason, now).await
}

async fn revoke_in(
    db: &impl ConnectionTrait,
    session_id: Uuid,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, Expr::value(now))
        .col_expr(session::Column::RevokedReason, Expr::value(reason))
        .filter(session::Column::Id.eq(session_id))
        .filter(session::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Ends every live session of a user (deactivation, password reset).
pub async fn revoke_all_for_user(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, Expr::value(now))
        .col_expr(session::Column::RevokedReason, Expr::value(reason))
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// The user behind an access token, if its session is live and the user
/// still active: checked on every request, so logout and deactivation take
/// effect at once rather than when the token expires.
pub async fn authenticate(
    db: &DatabaseConnection,
    session_id: Uuid,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Option<User>, StoreError> {
    // One round trip on every authenticated request: the user, if the
    // session is live.
    let live_session = Query::select()
        .expr(Expr::val(1))
        .from(session::Entity)
        .and_where(session::Column::Id.eq(session_id))
        .and_where(session::Column::UserId.eq(user_id))
        .and_where(session::Column::RevokedAt.is_null())
        .and_where(session::Column::ExpiresAt.gt(now))
        .to_owned();
    user::Entity::find_by_id(user_id)
        .filter(Expr::exists(live_session))
        .one(db)
        .await?
        .map(User::try_from)
        .transpose()
        .map(|u| u.filter(|u| u.active))
}

/// Ends every session of a user but one (after a password change).
pub async fn revoke_all_except(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    keep: Uuid,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, Expr::value(now))
        .col_expr(
            session::Column::RevokedReason,
            Expr::value("password_changed"),
        )
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::Id.ne(keep))
        .filter(session::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}
