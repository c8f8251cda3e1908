//! Overdue: open tickets with an SLA clock past its deadline now, oldest
//! filing first, in keyset pages. "Breached" is the ticket list's
//! `breached=true` (`store::tickets::list::breached`), so both agree.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{department, enterprise, ticket};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, Order, QueryFilter, QueryOrder,
    QuerySelect, Select,
};
use serde::Serialize;
use uuid::Uuid;

use crate::{
    domain::ticket::sla::{ClockDeadline, clock_view},
    store::{
        StoreError,
        page::Page,
        tickets::{Ticket, list::breached, sla},
        users,
    },
};

#[derive(Debug, Clone)]
pub struct OverdueRequest {
    pub department_id: Option<Uuid>,
    /// The caller's own department, for staff: applied on top.
    pub scope_department_id: Option<Uuid>,
    pub category: Option<String>,
    pub now: DateTime<Utc>,
    /// The (filing instant, id) the previous page ended with.
    pub after: Option<(DateTime<Utc>, Uuid)>,
    pub limit: u64,
}

/// One overdue ticket. Field order is the CSV column order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OverdueItem {
    pub id: Uuid,
    pub number: String,
    pub title: String,
    pub status: String,
    pub priority: String,
    pub category: String,
    pub department_id: Option<Uuid>,
    pub department: Option<String>,
    pub enterprise_id: Uuid,
    pub enterprise: Option<String>,
    pub assignee_id: Option<Uuid>,
    /// The assignee's shown name (`store::users::shown_name`).
    pub assignee_name: Option<String>,
    pub created_at: DateTime<Utc>,
    pub response_due_at: Option<DateTime<Utc>>,
    pub response_breached: bool,
    pub first_response_due_at: Option<DateTime<Utc>>,
    pub first_response_breached: bool,
    pub resolution_due_at: Option<DateTime<Utc>>,
    pub resolution_breached: bool,
    pub urge_count: i32,
}

impl OverdueItem {
    pub const COLUMNS: &'static [&'static str] = &[
        "id",
        "number",
        "title",
        "status",
        "priority",
        "category",
        "department_id",
        "department",
        "enterprise_id",
        "enterprise",
        "assignee_id",
        "assignee_name",
        "created_at",
        "response_due_at",
        "response_breached",
        "first_response_due_at",
        "first_response_breached",
        "resolution_due_at",
        "resolution_breached",
        "urge_count",
    ];
}

/// The names an overdue item shows beside the ids it carries.
struct Names {
    departments: HashMap<Uuid, String>,
    enterprises: HashMap<Uuid, String>,
    people: HashMap<Uuid, String>,
}

fn item(t: Ticket, names: &Names, now: DateTime<Utc>) -> OverdueItem {
    // Open tickets have not ended; the calendar only matters for the
    // remaining time, which this list does not show.
    let is_breached = |d: Option<ClockDeadline>, met, paused| {
        clock_view(None, d, met, paused, None, now).breached
    };
    OverdueItem {
        response_breached: is_breached(sla::response_deadline(&t), t.claimed_at, None),
        first_response_breached: is_breached(
            sla::first_response_deadline(&t),
            t.first_responded_at,
            None,
        ),
        resolution_breached: is_breached(sla::resolution_deadline(&t), t.resolved_at, t.paused_at),
        department: t
            .department_id
            .and_then(|id| names.departments.get(&id).cloned()),
        enterprise: names.enterprises.get(&t.enterprise_id).cloned(),
        assignee_name: t.assignee_id.and_then(|id| names.people.get(&id).cloned()),
        id: t.id,
        number: t.number,
        title: t.title,
        status: t.status.as_str().to_string(),
        priority: t.priority.as_str().to_string(),
        category: t.category,
        department_id: t.department_id,
        enterprise_id: t.enterprise_id,
        assignee_id: t.assignee_id,
        created_at: t.created_at,
        response_due_at: t.response_due_at,
        first_response_due_at: t.first_response_due_at,
        resolution_due_at: t.resolution_due_at,
        urge_count: t.urge_count,
    }
}

async fn department_names(
    db: &impl ConnectionTrait,
    ids: impl Iterator<Item = Uuid>,
) -> Result<HashMap<Uuid, String>, StoreError> {
    let rows: Vec<(Uuid, String)> = department::Entity::find()
        .select_only()
        .columns([department::Column::Id, department::Column::Name])
        .filter(department::Column::Id.is_in(ids))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

async fn enterprise_names(
    db: &impl ConnectionTrait,
    ids: impl Iterator<Item = Uuid>,
) -> Result<HashMap<Uuid, String>, StoreError> {
    let rows: Vec<(Uuid, String)> = enterprise::Entity::find()
        .select_only()
        .columns([enterprise::Column::Id, enterprise::Column::Name])
        .filter(enterprise::Column::Id.is_in(ids))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

/// The page's query: one more row than the page holds, to tell whether
/// another page follows.
fn query(req: &OverdueRequest) -> Select<ticket::Entity> {
    use ticket::Column as C;
    let mut cond = Condition::all().add(breached(req.now));
    for department in [req.department_id, req.scope_department_id]
        .into_iter()
        .flatten()
    {
        cond = cond.add(C::DepartmentId.eq(department));
    }
    if let Some(category) = &req.category {
        cond = cond.add(C::Category.eq(category.as_str()));
    }
    if let Some((at, id)) = req.after {
        cond = cond.add(
            Condition::any()
                .add(C::CreatedAt.gt(at))
                .add(Condition::all().add(C::CreatedAt.eq(at)).add(C::Id.gt(id))),
        );
    }
    ticket::Entity::find()
        .filter(cond)
        .order_by(C::CreatedAt, Order::Asc)
        .order_by(C::Id, Order::Asc)
        .limit(req.limit + 1)
}

pub async fn overdue(
    db: &impl ConnectionTrait,
    req: &OverdueRequest,
) -> Result<Page<OverdueItem>, StoreError> {
    let mut tickets = query(req).all(db).await?;
    let has_more = tickets.len() as u64 > req.limit;
    tickets.truncate(req.limit as usize);
    let names = Names {
        departments: department_names(db, tickets.iter().filter_map(|t| t.department_id)).await?,
        enterprises: enterprise_names(db, tickets.iter().map(|t| t.enterprise_id)).await?,
        people: users::shown_names(db, tickets.iter().filter_map(|t| t.assignee_id)).await?,
    };
    Ok(Page {
        items: tickets
            .into_iter()
            .map(|t| item(t.into(), &names, req.now))
            .collect(),
        has_more,
    })
}

#[cfg(test)]
mod tests {
    use sea_orm::{DbBackend, QueryTrait};

    use super::*;
    use crate::reports::sql::shown;

    /// The overdue list's query on both back ends, with its values: the
    /// first page, and a later one of a department and category.
    #[test]
    fn overdue_statements() {
        let now = DateTime::parse_from_rfc3339("2026-07-08T15:00:00+08:00")
            .unwrap()
            .with_timezone(&Utc);
        let first = OverdueRequest {
            department_id: None,
            scope_department_id: None,
            category: None,
            now,
            after: None,
            limit: 50,
        };
        let later = OverdueRequest {
            department_id: Some(Uuid::from_u128(2)),
            scope_department_id: Some(Uuid::from_u128(2)),
            category: Some("hiring".into()),
            after: Some((now - chrono::Duration::days(3), Uuid::from_u128(99))),
            ..first.clone()
        };
        for backend in [DbBackend::Sqlite, DbBackend::Postgres] {
            for (case, req) in [("first", &first), ("later", &later)] {
                let sql = shown(&query(req).build(backend));
                let name = format!("overdue_{backend:?}_{case}").to_lowercase();
                insta::assert_snapshot!(name, sql);
            }
        }
    }
}
