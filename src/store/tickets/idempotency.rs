//! `Idempotency-Key` on filing: the first answer is kept for 24 hours and
//! given again to every retry with the same key and the same body.

use chrono::{DateTime, Duration, Utc};
use entity::idempotency_key;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};
use uuid::Uuid;

use crate::store::StoreError;

pub use entity::idempotency_key::Model as StoredAnswer;

/// How long a key is remembered.
pub const KEY_TTL: Duration = Duration::hours(24);

/// The live entry for `(user, key)`; an expired one is removed and `None`.
pub async fn find(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    key: &str,
    now: DateTime<Utc>,
) -> Result<Option<StoredAnswer>, StoreError> {
    let found = idempotency_key::Entity::find_by_id((user_id, key.to_string()))
        .one(db)
        .await?;
    match found {
        Some(entry) if entry.expires_at > now => Ok(Some(entry)),
        Some(_) => {
            idempotency_key::Entity::delete_by_id((user_id, key.to_string()))
                .exec(db)
                .await?;
            Ok(None)
        }
        None => Ok(None),
    }
}

/// Claims `(user, key)` for a request before it runs. When two requests
/// with one key race, the second insert waits for the first transaction
/// and then fails with [`StoreError::Duplicate`]: it must replay.
pub async fn reserve(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    key: &str,
    request_hash: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    idempotency_key::ActiveModel {
        user_id: Set(user_id),
        key: Set(key.to_string()),
        request_hash: Set(request_hash.to_string()),
        status: Set(0),
        response: Set(String::new()),
        created_at: Set(now),
        expires_at: Set(now + KEY_TTL),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Records the answer given under a reserved key.
pub async fn complete(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    key: &str,
    status: u16,
    response: String,
) -> Result<(), StoreError> {
    idempotency_key::ActiveModel {
        user_id: Set(user_id),
        key: Set(key.to_string()),
        status: Set(i16::try_from(status).unwrap_or(i16::MAX)),
        response: Set(response),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}

/// Drops every expired key: called now and then so the table stays small.
pub async fn purge_expired(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> Result<u64, StoreError> {
    Ok(idempotency_key::Entity::delete_many()
        .filter(idempotency_key::Column::ExpiresAt.lte(now))
        .exec(db)
        .await?
        .rows_affected)
}
