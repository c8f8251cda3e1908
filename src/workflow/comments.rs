//! Comments: anyone who sees a ticket may comment on it while it is not
//! final; internal notes are for the service side only. What a comment
//! does to the ticket (a staff member's first public comment is the first
//! response to the enterprise) is [`Ticket::apply`](crate::domain::ticket::Ticket::apply)'s `Command::Comment`.

use super::{Acting, Now, WorkflowConfig, WorkflowError, visible};
use crate::{
    domain::{
        ids::TicketId,
        ticket::{
            By, Command, Context, Operation, may,
            permissions::{role_may, status_allows},
            texts::CommentBody,
        },
    },
    store::{
        self,
        tickets::{
            self,
            comments::{self, Comment},
            events,
        },
    },
};

/// Adds a comment in one transaction: the comment, the ticket's first
/// response when it is one, and the timeline event.
pub async fn add(
    db: &sea_orm::DatabaseConnection,
    config: &WorkflowConfig,
    who: &Acting,
    ticket_id: TicketId,
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
    let mut t = visible(&tx, who, ticket_id).await?;
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
    let comment = comments::insert(
        &tx,
        ticket_id.get(),
        who.user_id,
        body.as_str().to_string(),
        internal,
        now,
    )
    .await?;
    let command = Command::Comment {
        comment_id: comment.id,
        body,
        internal,
    };
    const ATTEMPTS: usize = 3;
    let mut attempt = 1;
    let changes = loop {
        let ctx = Context {
            by: By::User {
                id: who.user_id,
                role: who.role,
                relation: who.relation(&t),
            },
            now,
            rules: config,
            calendar: None,
            resolution_clock: None,
        };
        let (after, changes) = t.apply(command.clone(), &ctx)?;
        if after == t || tickets::save_if_version(&tx, &after, t.version, now).await? {
            break changes;
        }
        // Another writer changed the ticket since it was read: apply the
        // comment to the ticket as it is now (a concurrent first answer
        // keeps its time; a ticket closed meanwhile refuses the comment).
        if attempt == ATTEMPTS {
            return Err(WorkflowError::Refused {
                code: "concurrent_update",
                detail: "the ticket kept changing; try again".into(),
            });
        }
        attempt += 1;
        t = visible(&tx, who, ticket_id).await?;
    };
    events::append_all(&tx, ticket_id.get(), who.actor(), changes, now).await?;
    tx.commit().await?;
    Ok(comment)
}
