//! Bulk dispatch: up to a hundred tickets to one department, all or none.

use sea_orm::DatabaseConnection;

use super::{
    Acting, Now, WorkflowConfig, WorkflowError,
    actions::{Command, DispatchTo, apply, dispatch_target},
};
use crate::{
    domain::ids::TicketId,
    store::{self, tickets::Ticket},
};

/// Each refused ticket and why; when any is refused nothing is written.
pub type Refusals = Vec<(TicketId, WorkflowError)>;

#[derive(Debug, thiserror::Error)]
pub enum BulkError {
    #[error("{} of the tickets cannot be dispatched; none was", .0.len())]
    Refused(Refusals),
    #[error(transparent)]
    Workflow(#[from] WorkflowError),
}

impl From<sea_orm::DbErr> for BulkError {
    fn from(e: sea_orm::DbErr) -> Self {
        BulkError::Workflow(e.into())
    }
}

pub async fn dispatch(
    db: &DatabaseConnection,
    config: &WorkflowConfig,
    who: &Acting,
    ids: &[TicketId],
    to: DispatchTo,
    now: Now,
) -> Result<Vec<Ticket>, BulkError> {
    let tx = store::write_tx(db).await.map_err(WorkflowError::from)?;
    // A wrong target is the request's fault, not each ticket's.
    dispatch_target(&tx, to).await?;
    let mut done = Vec::with_capacity(ids.len());
    let mut refused = Vec::new();
    for &id in ids {
        match apply(&tx, config, who, id, Command::Dispatch(to), None, now).await {
            Ok(t) => done.push(t),
            Err(WorkflowError::Store(e)) => return Err(WorkflowError::Store(e).into()),
            Err(e) => refused.push((id, e)),
        }
    }
    if !refused.is_empty() {
        tx.rollback().await?;
        return Err(BulkError::Refused(refused));
    }
    tx.commit().await?;
    Ok(done)
}
