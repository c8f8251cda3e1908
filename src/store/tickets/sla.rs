//! What filing needs to set deadlines, and what a ticket view needs to
//! read its clocks: a policy's targets and calendars as domain values.

use std::collections::HashMap;

use entity::sla_policy;
use sea_orm::{ConnectionTrait, EntityTrait};
use uuid::Uuid;

use super::Ticket;
use crate::store::calendars::load_calendar;
use crate::{
    domain::{
        calendar::{BusinessDuration, Calendar},
        sla_policy::{ClockTargets, Target, WarnRatio, target_from_pair},
        ticket::{
            Priority,
            sla::{ClockDeadline, Warning},
        },
    },
    store::StoreError,
};

fn corrupt(what: &str, id: Uuid, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what} {id}: {e}"))
}

/// The targets a policy sets for a ticket of `priority`.
pub fn targets(policy: &sla_policy::Model, priority: Priority) -> Result<ClockTargets, StoreError> {
    let p = policy;
    let pairs = match priority {
        Priority::Normal => [
            (p.response_secs, p.response_days),
            (p.first_response_secs, p.first_response_days),
            (p.resolution_secs, p.resolution_days),
        ],
        Priority::Urgent => [
            (p.urgent_response_secs, p.urgent_response_days),
            (p.urgent_first_response_secs, p.urgent_first_response_days),
            (p.urgent_resolution_secs, p.urgent_resolution_days),
        ],
    };
    let read =
        |(secs, days)| target_from_pair(secs, days).map_err(|e| corrupt("SLA policy", p.id, e));
    let required =
        |pair| read(pair)?.ok_or_else(|| corrupt("SLA policy", p.id, "a target is missing"));
    let [response, first_response, resolution] = pairs;
    Ok(ClockTargets {
        response: required(response)?,
        first_response: read(first_response)?,
        resolution: required(resolution)?,
    })
}

/// The resolution target alone: a reopened ticket restarts that clock.
pub fn resolution_target(
    policy: &sla_policy::Model,
    priority: Priority,
) -> Result<Target, StoreError> {
    Ok(targets(policy, priority)?.resolution)
}

/// When the policy's clocks show their yellow card.
pub fn warning(policy: &sla_policy::Model) -> Result<Warning, StoreError> {
    let ratio =
        WarnRatio::new(policy.warn_ratio).map_err(|e| corrupt("SLA policy", policy.id, e))?;
    let lead = policy
        .warn_lead_secs
        .map(BusinessDuration::from_secs)
        .transpose()
        .map_err(|e| corrupt("SLA policy", policy.id, e))?;
    Ok(Warning { ratio, lead })
}

fn pair(
    due: Option<chrono::DateTime<chrono::Utc>>,
    warn: Option<chrono::DateTime<chrono::Utc>>,
) -> Option<ClockDeadline> {
    due.map(|due| ClockDeadline {
        due,
        warn: warn.unwrap_or(due),
    })
}

pub fn response_deadline(t: &Ticket) -> Option<ClockDeadline> {
    pair(t.response_due_at, t.response_warn_at)
}

pub fn first_response_deadline(t: &Ticket) -> Option<ClockDeadline> {
    pair(t.first_response_due_at, t.first_response_warn_at)
}

pub fn resolution_deadline(t: &Ticket) -> Option<ClockDeadline> {
    t.resolution_deadline()
}

/// Writes the resolution clock's deadline onto the ticket.
pub fn set_resolution_deadline(t: &mut Ticket, d: ClockDeadline) {
    t.set_resolution_deadline(d);
}

pub async fn policy(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<sla_policy::Model>, StoreError> {
    Ok(sla_policy::Entity::find_by_id(id).one(db).await?)
}

/// The calendar a ticket's deadlines are counted in, if it has one.
pub async fn calendar_of(
    db: &impl ConnectionTrait,
    t: &Ticket,
) -> Result<Option<Calendar>, StoreError> {
    match t.calendar_id {
        Some(id) => load_calendar(db, id).await,
        None => Ok(None),
    }
}

/// The calendars of several tickets, each loaded once.
pub async fn calendars(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, Calendar>, StoreError> {
    let mut out = HashMap::new();
    for id in ids {
        if out.contains_key(&id) {
            continue;
        }
        if let Some(cal) = load_calendar(db, id).await? {
            out.insert(id, cal);
        }
    }
    Ok(out)
}
