//! Keyset pagination: a page is the rows after a key, in key order, plus
//! whether more follow. Stable under concurrent inserts because it never
//! counts rows.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select, Value};

/// At most this many rows per page, whatever the client asks.
pub const MAX_LIMIT: u64 = 200;
pub const DEFAULT_LIMIT: u64 = 50;

#[derive(Debug, Clone)]
pub struct PageRequest<K> {
    pub limit: u64,
    pub after: Option<K>,
}

#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub has_more: bool,
}

impl<T> Page<T> {
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            has_more: self.has_more,
        }
    }
}

/// Fetches one page of `select` ordered by `key` ascending.
pub async fn fetch<E, C, K>(
    db: &impl sea_orm::ConnectionTrait,
    select: Select<E>,
    key: C,
    request: PageRequest<K>,
) -> Result<Page<E::Model>, sea_orm::DbErr>
where
    E: EntityTrait,
    C: ColumnTrait,
    K: Into<Value>,
{
    let mut select = select.order_by_asc(key);
    if let Some(after) = request.after {
        select = select.filter(key.gt(after));
    }
    let limit = request.limit.clamp(1, MAX_LIMIT);
    let mut items = select.limit(limit + 1).all(db).await?;
    let has_more = items.len() as u64 > limit;
    items.truncate(limit as usize);
    Ok(Page { items, has_more })
}
