//! Unanswered urges (督办): tickets whose department owes an answer to an
//! urge, the earliest reply deadline first, in keyset pages. An urge is
//! unanswered from the moment it is made until the department answers it
//! (`urge_reply`) or the ticket leaves the department's hands; it is
//! `overdue` once its reply deadline has passed.

use chrono::{DateTime, Utc};
use entity::ticket;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, Order, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::Serialize;
use uuid::Uuid;

use super::overdue::department_names;
use crate::store::{StoreError, page::Page};

#[derive(Debug, Clone)]
pub struct UrgesRequest {
    pub department_id: Option<Uuid>,
    /// The caller's own department, for staff: applied on top.
    pub scope_department_id: Option<Uuid>,
    /// Only those past their reply deadline.
    pub overdue_only: bool,
    pub now: DateTime<Utc>,
    /// The (reply deadline, id) the previous page ended with.
    pub after: Option<(DateTime<Utc>, Uuid)>,
    pub limit: u64,
}

/// One unanswered urge. Field order is the CSV column order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UrgeItem {
    pub id: Uuid,
    pub number: String,
    pub title: String,
    pub status: String,
    pub department_id: Option<Uuid>,
    pub department: Option<String>,
    pub assignee_id: Option<Uuid>,
    pub urge_count: i32,
    pub last_urged_at: Option<DateTime<Utc>>,
    pub reply_due_at: DateTime<Utc>,
    pub overdue: bool,
}

impl UrgeItem {
    pub const COLUMNS: &'static [&'static str] = &[
        "id",
        "number",
        "title",
        "status",
        "department_id",
        "department",
        "assignee_id",
        "urge_count",
        "last_urged_at",
        "reply_due_at",
        "overdue",
    ];
}

pub async fn urges(
    db: &impl ConnectionTrait,
    req: &UrgesRequest,
) -> Result<Page<UrgeItem>, StoreError> {
    use ticket::Column as C;
    let mut cond = Condition::all().add(C::UrgeDueAt.is_not_null());
    if req.overdue_only {
        cond = cond.add(C::UrgeDueAt.lt(req.now));
    }
    for department in [req.department_id, req.scope_department_id]
        .into_iter()
        .flatten()
    {
        cond = cond.add(C::DepartmentId.eq(department));
    }
    if let Some((at, id)) = req.after {
        cond = cond.add(
            Condition::any()
                .add(C::UrgeDueAt.gt(at))
                .add(Condition::all().add(C::UrgeDueAt.eq(at)).add(C::Id.gt(id))),
        );
    }
    let mut tickets = ticket::Entity::find()
        .filter(cond)
        .order_by(C::UrgeDueAt, Order::Asc)
        .order_by(C::Id, Order::Asc)
        .limit(req.limit + 1)
        .all(db)
        .await?;
    let has_more = tickets.len() as u64 > req.limit;
    tickets.truncate(req.limit as usize);
    let departments = department_names(db, tickets.iter().filter_map(|t| t.department_id)).await?;
    let items = tickets
        .into_iter()
        .filter_map(|t| {
            let due = t.urge_due_at?;
            Some(UrgeItem {
                department: t.department_id.and_then(|id| departments.get(&id).cloned()),
                id: t.id,
                number: t.number,
                title: t.title,
                status: crate::domain::ticket::TicketStatus::from(t.status)
                    .as_str()
                    .to_string(),
                department_id: t.department_id,
                assignee_id: t.assignee_id,
                urge_count: t.urge_count,
                last_urged_at: t.last_urged_at,
                reply_due_at: due,
                overdue: due < req.now,
            })
        })
        .collect();
    Ok(Page { items, has_more })
}
