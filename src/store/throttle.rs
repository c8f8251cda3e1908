//! Failed sign-ins per login, for throttling.

use chrono::{DateTime, Utc};
use entity::login_failure;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::StoreError;

/// The failures of `login` since `since`, oldest first (at most `limit`).
pub async fn failures_since(
    db: &impl ConnectionTrait,
    login: &str,
    since: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<DateTime<Utc>>, StoreError> {
    Ok(login_failure::Entity::find()
        .filter(login_failure::Column::Login.eq(login))
        .filter(login_failure::Column::CreatedAt.gt(since))
        .order_by_asc(login_failure::Column::CreatedAt)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(|f| f.created_at)
        .collect())
}

/// Records a failure and forgets those older than `forget_before`, so the
/// table holds one window's worth of rows.
pub async fn record_failure(
    db: &impl ConnectionTrait,
    login: &str,
    now: DateTime<Utc>,
    forget_before: DateTime<Utc>,
) -> Result<(), StoreError> {
    login_failure::Entity::delete_many()
        .filter(login_failure::Column::CreatedAt.lt(forget_before))
        .exec(db)
        .await?;
    login_failure::ActiveModel {
        id: Set(Uuid::now_v7()),
        login: Set(login.to_string()),
        created_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(())
}

pub async fn clear(db: &impl ConnectionTrait, login: &str) -> Result<(), StoreError> {
    login_failure::Entity::delete_many()
        .filter(login_failure::Column::Login.eq(login))
        .exec(db)
        .await?;
    Ok(())
}
