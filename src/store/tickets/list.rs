//! The ticket list: filters, role scope and keyset pagination in either of
//! two orders. A page is "the rows after this key", never an offset, so
//! tickets filed while a client pages never make it skip or repeat one.

use chrono::{DateTime, Utc};
use entity::ticket::{self, Column as C};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, Order, QueryFilter, QueryOrder,
    QuerySelect,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

use super::{
    Ticket,
    mapping::{open_statuses, statuses},
};
use crate::{
    domain::ticket::{Scope, TicketStatus},
    store::{StoreError, page::Page, text::contains},
};

#[derive(Debug, Clone)]
pub struct TicketFilter {
    pub scope: Scope,
    pub statuses: Vec<TicketStatus>,
    pub category: Option<String>,
    pub department_id: Option<Uuid>,
    pub enterprise_id: Option<Uuid>,
    pub assignee_id: Option<Uuid>,
    pub urged: Option<bool>,
    /// Open tickets with a running clock past its deadline at this instant.
    pub breached_at: Option<(bool, DateTime<Utc>)>,
    pub created_from: Option<DateTime<Utc>>,
    pub created_to: Option<DateTime<Utc>>,
    pub q: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    /// Newest first.
    Created,
    /// Earliest resolution deadline first; tickets without one last.
    Deadline,
}

/// Where the previous page ended, in the page's own order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum After {
    Created(DateTime<Utc>, Uuid),
    Deadline(Option<DateTime<Utc>>, Uuid),
}

fn scope_condition(scope: Scope) -> Condition {
    match scope {
        Scope::Enterprise(id) => Condition::all().add(C::EnterpriseId.eq(id)),
        Scope::Department(id) => Condition::all().add(C::DepartmentId.eq(id)),
        Scope::All => Condition::all(),
    }
}

/// Open and overdue on a running clock, read from timestamps (the SLA job
/// need not have run). Every comparison is guarded against a missing
/// deadline, so the negation (`breached=false`) is exactly the rest. The
/// overdue report lists the same tickets.
pub fn breached(now: DateTime<Utc>) -> Condition {
    let open = open_statuses();
    let overdue = |met: C, due: C| {
        Condition::all()
            .add(met.is_null())
            .add(due.is_not_null())
            .add(due.lt(now))
    };
    Condition::all().add(C::Status.is_in(open)).add(
        Condition::any()
            .add(overdue(C::ClaimedAt, C::ResponseDueAt))
            .add(overdue(C::FirstRespondedAt, C::FirstResponseDueAt))
            .add(overdue(C::PausedAt, C::ResolutionDueAt))
            .add(
                Condition::all()
                    .add(C::PausedAt.is_not_null())
                    .add(C::ResolutionDueAt.is_not_null())
                    .add(Expr::col(C::ResolutionDueAt).lt(Expr::col(C::PausedAt))),
            ),
    )
}

fn filter_condition(f: &TicketFilter) -> Condition {
    let mut cond = scope_condition(f.scope);
    if !f.statuses.is_empty() {
        cond = cond.add(C::Status.is_in(statuses(f.statuses.iter().copied())));
    }
    if let Some(v) = &f.category {
        cond = cond.add(C::Category.eq(v.as_str()));
    }
    if let Some(v) = f.department_id {
        cond = cond.add(C::DepartmentId.eq(v));
    }
    if let Some(v) = f.enterprise_id {
        cond = cond.add(C::EnterpriseId.eq(v));
    }
    if let Some(v) = f.assignee_id {
        cond = cond.add(C::AssigneeId.eq(v));
    }
    match f.urged {
        Some(true) => cond = cond.add(C::UrgeCount.gt(0)),
        Some(false) => cond = cond.add(C::UrgeCount.eq(0)),
        None => {}
    }
    if let Some((wanted, now)) = f.breached_at {
        let b = breached(now);
        cond = cond.add(if wanted { b } else { b.not() });
    }
    if let Some(v) = f.created_from {
        cond = cond.add(C::CreatedAt.gte(v));
    }
    if let Some(v) = f.created_to {
        cond = cond.add(C::CreatedAt.lt(v));
    }
    if let Some(q) = &f.q {
        cond = cond.add(
            Condition::any()
                .add(contains(C::Title, q))
                .add(contains(C::Description, q)),
        );
    }
    cond
}

/// `(a, b) < (x, y)` as one row-value comparison: PostgreSQL starts the
/// index scan at the key (an index on the scope's columns, then
/// `created_at, id`) instead of filtering the rows before it, so a page
/// deep in the list costs what the first does. SQLite has row values too.
fn row_cmp(cols: [C; 2], lesser: bool, values: [Expr; 2]) -> Condition {
    let [a, b] = cols;
    let row = Expr::tuple([Expr::col(a), Expr::col(b)]);
    let key = Expr::tuple(values);
    Condition::all().add(if lesser { row.lt(key) } else { row.gt(key) })
}

fn after_condition(after: After) -> Condition {
    match after {
        After::Created(at, id) => row_cmp(
            [C::CreatedAt, C::Id],
            true,
            [Expr::value(at), Expr::value(id)],
        ),
        After::Deadline(Some(due), id) => Condition::any()
            .add(row_cmp(
                [C::ResolutionDueAt, C::Id],
                false,
                [Expr::value(due), Expr::value(id)],
            ))
            .add(C::ResolutionDueAt.is_null()),
        After::Deadline(None, id) => Condition::all()
            .add(C::ResolutionDueAt.is_null())
            .add(C::Id.gt(id)),
    }
}

pub async fn list(
    db: &impl ConnectionTrait,
    filter: &TicketFilter,
    sort: Sort,
    after: Option<After>,
    limit: u64,
) -> Result<Page<Ticket>, StoreError> {
    let mut cond = filter_condition(filter);
    if let Some(after) = after {
        cond = cond.add(after_condition(after));
    }
    let mut select = ticket::Entity::find().filter(cond);
    select = match sort {
        Sort::Created => select
            .order_by(C::CreatedAt, Order::Desc)
            .order_by(C::Id, Order::Desc),
        Sort::Deadline => select
            .order_by(Expr::col(C::ResolutionDueAt).is_null(), Order::Asc)
            .order_by(C::ResolutionDueAt, Order::Asc)
            .order_by(C::Id, Order::Asc),
    };
    let mut items = select.limit(limit + 1).all(db).await?;
    let has_more = items.len() as u64 > limit;
    items.truncate(limit as usize);
    Ok(Page {
        items: items.into_iter().map(Ticket::from).collect(),
        has_more,
    })
}

/// The key of `t` in `sort` order, for the next page's cursor.
pub fn key_of(t: &Ticket, sort: Sort) -> After {
    match sort {
        Sort::Created => After::Created(t.created_at, t.id),
        Sort::Deadline => After::Deadline(t.resolution_due_at, t.id),
    }
}

#[cfg(test)]
mod tests {
    use sea_orm::{DbBackend, QueryTrait};

    use super::*;

    /// The WHERE clause of a department's page after `after`, as sent to
    /// PostgreSQL.
    fn where_clause(after: After) -> String {
        let filter = TicketFilter {
            scope: Scope::Department(Uuid::nil()),
            statuses: Vec::new(),
            category: None,
            department_id: None,
            enterprise_id: None,
            assignee_id: None,
            urged: None,
            breached_at: None,
            created_from: None,
            created_to: None,
            q: None,
        };
        let cond = filter_condition(&filter).add(after_condition(after));
        let sql = ticket::Entity::find()
            .filter(cond)
            .build(DbBackend::Postgres)
            .to_string();
        sql.split_once(" WHERE ")
            .map(|(_, w)| w.to_string())
            .unwrap_or_default()
    }

    /// The newest-first cursor is one row-value comparison after the
    /// scope's equality: PostgreSQL then starts the backward scan of
    /// `ix_tickets_department_created_id` at the cursor (its EXPLAIN shows
    /// both in `Index Cond`), so a deep page reads what the first does.
    /// Spelt `a < x OR (a = x AND b < y)` it would be a filter instead.
    #[test]
    fn the_newest_first_cursor_is_one_row_value_comparison() {
        let at = DateTime::<Utc>::UNIX_EPOCH;
        let sql = where_clause(After::Created(at, Uuid::nil()));
        assert!(
            sql.starts_with(r#""tickets"."department_id" = '00000000-0000-0000-0000-000000000000' AND ("created_at", "id") < ('"#),
            "{sql}"
        );
        assert!(!sql.contains(" OR "), "{sql}");
    }
}
