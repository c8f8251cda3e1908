//! Comments: anyone who sees a ticket may comment on it while it is not
//! final; internal notes are for the service side only. A staff member's
//! first public comment is the first response to the enterprise.

use entity::ticket;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    sea_query::{Expr, ExprTrait},
};
use serde_json::json;
use uuid::Uuid;

use super::{Acting, Now, WorkflowError, visible};
use crate::{
    domain::{
        role::Role,
        ticket::{
            EventKind, Operation, may,
            permissions::{role_may, status_allows},
            texts::CommentBody,
        },
    },
    store::{
        self,
        tickets::{
            comments::{self, Comment},
            events::{self, NewEvent},
        },
    },
};

pub async fn add(
    db: &DatabaseConnection,
    who: &Acting,
    ticket_id: Uuid,
    body: CommentBody,
    internal: bool,
    now: Now,
) -> Result<Comment, WorkflowError> {
    let op = if internal {
        Operation::InternalNote
    } else {
        Operation::Comment
    };
    if !role_may(who.role, op) {
        return Err(WorkflowError::Forbidden(
            "enterprise contacts cannot write internal notes".into(),
        ));
    }
    let tx = store::write_tx(db).await?;
    let t = visible(&tx, who, ticket_id).await?;
    if !may(who.role, op, who.relation(&t)) {
        return Err(WorkflowError::NotFound);
    }
    let current = t.status;
    if !status_allows(op, current) {
        return Err(WorkflowError::WrongStatus {
            action: "comment on",
            current,
        });
    }
    let comment = record(&tx, who, ticket_id, body.as_str(), internal, now).await?;
    if who.role == Role::Staff && !internal && t.first_responded_at.is_none() {
        // Conditional on the column, so a concurrent first answer keeps its time.
        ticket::Entity::update_many()
            .col_expr(ticket::Column::FirstRespondedAt, Expr::value(now))
            .col_expr(ticket::Column::UpdatedAt, Expr::value(now))
            .col_expr(
                ticket::Column::Version,
                Expr::col(ticket::Column::Version).add(1),
            )
            .filter(ticket::Column::Id.eq(ticket_id))
            .filter(ticket::Column::FirstRespondedAt.is_null())
            .exec(&tx)
            .await?;
    }
    tx.commit().await?;
    Ok(comment)
}

/// Writes a comment (or internal note) and its timeline event, in the
/// caller's transaction; the checks are the caller's.
pub(super) async fn record(
    db: &impl ConnectionTrait,
    who: &Acting,
    ticket_id: Uuid,
    body: &str,
    internal: bool,
    now: Now,
) -> Result<Comment, WorkflowError> {
    let comment =
        comments::insert(db, ticket_id, who.user_id, body.to_string(), internal, now).await?;
    let kind = if internal {
        EventKind::InternalNote
    } else {
        EventKind::Comment
    };
    events::append(
        db,
        NewEvent {
            ticket_id,
            actor: who.actor(),
            kind,
            from: None,
            to: None,
            payload: json!({ "comment_id": comment.id, "body": body }),
            at: now,
        },
    )
    .await?;
    Ok(comment)
}
