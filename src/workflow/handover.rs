//! People leave (issue 14, item 3): when a staff account is deactivated
//! or moved out of its department, each ticket it works goes back to its
//! department's queue in the transaction of the account change.
//!
//! Which tickets: those `in_progress` and those `awaiting_enterprise`.
//! A ticket waiting on the enterprise is released too, its clock running
//! again: nobody would be left to read the answer, and the colleague who
//! claims it asks again if need be. Escalated tickets are with the
//! dispatchers already, and resolved ones have no work left (if the
//! enterprise reopens one, a dispatcher pulls it back).

use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::{
    domain::{
        ids::TicketId,
        role::Role,
        ticket::{
            By, Command, Context, Rules,
            apply::{ReleaseReason, keeps_extension_requests},
        },
    },
    store::{
        StoreError,
        tickets::{self, events, extensions, handover, sla},
    },
};

/// Releases every ticket `user_id` works, on behalf of admin `by`; how
/// many. Their pending requests for more time lapse with them.
pub async fn release_all(
    db: &impl ConnectionTrait,
    rules: &Rules,
    user_id: Uuid,
    reason: ReleaseReason,
    by: Uuid,
    now: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let mut released = 0;
    for t in handover::worked_by(db, user_id).await? {
        let calendar = sla::calendar_of(db, &t).await?;
        let ctx = Context {
            by: By::Service,
            now,
            rules,
            calendar: calendar.as_ref(),
            resolution_clock: None,
        };
        let Ok((after, changes)) = t.apply(Command::Release { reason }, &ctx) else {
            continue;
        };
        // The account change holds the write transaction; a ticket that
        // changed since it was read (a comment) is read again once.
        let after = if tickets::save_if_version(db, &after, t.version, now).await? {
            Some((after, changes))
        } else {
            match tickets::get(db, TicketId::from(t.id)).await? {
                Some(fresh) if fresh.assignee_id == Some(user_id) => {
                    match fresh.apply(Command::Release { reason }, &ctx) {
                        Ok((after, changes))
                            if tickets::save_if_version(db, &after, fresh.version, now).await? =>
                        {
                            Some((after, changes))
                        }
                        _ => None,
                    }
                }
                _ => None,
            }
        };
        let Some((after, changes)) = after else {
            continue;
        };
        if !keeps_extension_requests(after.status) {
            extensions::lapse_pending(db, after.id, now).await?;
        }
        events::append_all(db, after.id, Some((by, Role::Admin)), changes, now).await?;
        released += 1;
    }
    Ok(released)
}
