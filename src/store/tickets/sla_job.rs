//! The SLA job's queries: tickets whose card is due and not yet shown, the
//! card itself (inserted once: the key refuses a second, whichever
//! instance tries), and resolved tickets nobody confirmed.

use chrono::{DateTime, Utc};
use entity::{
    enums as db, sla_alert,
    ticket::{self, Column as C},
};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait, OnConflict, Query},
};
use uuid::Uuid;

use super::{Ticket, mapping};
use crate::{
    domain::ticket::{
        TicketStatus,
        sla::{Card, SlaClock},
    },
    store::StoreError,
};

/// The statuses in which `clock` runs, and its "met" column.
fn running(clock: SlaClock) -> (Vec<db::TicketStatus>, C) {
    use TicketStatus::*;
    let (statuses, met): (&[TicketStatus], C) = match clock {
        SlaClock::Response => (&[Submitted, Dispatched], C::ClaimedAt),
        SlaClock::FirstResponse => (
            &[
                Submitted,
                Dispatched,
                InProgress,
                AwaitingEnterprise,
                Escalated,
            ],
            C::FirstRespondedAt,
        ),
        // Not while awaiting the enterprise: that clock is paused.
        SlaClock::Resolution => (
            &[Submitted, Dispatched, InProgress, Escalated],
            C::ResolvedAt,
        ),
    };
    (mapping::statuses(statuses.iter().copied()), met)
}

fn instant_column(clock: SlaClock, card: Card) -> C {
    match (clock, card) {
        (SlaClock::Response, Card::Warning) => C::ResponseWarnAt,
        (SlaClock::Response, Card::Breached) => C::ResponseDueAt,
        (SlaClock::FirstResponse, Card::Warning) => C::FirstResponseWarnAt,
        (SlaClock::FirstResponse, Card::Breached) => C::FirstResponseDueAt,
        (SlaClock::Resolution, Card::Warning) => C::ResolutionWarnAt,
        (SlaClock::Resolution, Card::Breached) => C::ResolutionDueAt,
    }
}

/// A resolution clock starts a new round whenever its deadline is set
/// anew — at each reopening and each granted extension — so a ticket that
/// misses its extended deadline is shown a red card again. Both counters
/// only grow, so their sum numbers the rounds.
pub fn round(clock: SlaClock, t: &Ticket) -> i32 {
    match clock {
        SlaClock::Resolution => t.reopen_count + t.extension_count,
        _ => 0,
    }
}

/// Tickets whose `card` on `clock` is due at `now` and has not been shown
/// for the current round, oldest instant first.
pub async fn cards_due(
    db: &impl ConnectionTrait,
    clock: SlaClock,
    card: Card,
    now: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<Ticket>, StoreError> {
    let (statuses, met) = running(clock);
    let at = instant_column(clock, card);
    let round_expr = match clock {
        SlaClock::Resolution => Expr::col((ticket::Entity, C::ReopenCount))
            .add(Expr::col((ticket::Entity, C::ExtensionCount))),
        _ => Expr::val(0),
    };
    let shown = Query::select()
        .expr(Expr::val(1))
        .from(sla_alert::Entity)
        .and_where(
            Expr::col((sla_alert::Entity, sla_alert::Column::TicketId))
                .equals((ticket::Entity, C::Id)),
        )
        .and_where(Expr::col((sla_alert::Entity, sla_alert::Column::Clock)).eq(clock.as_str()))
        .and_where(Expr::col((sla_alert::Entity, sla_alert::Column::Kind)).eq(card.as_str()))
        .and_where(Expr::col((sla_alert::Entity, sla_alert::Column::Round)).eq(round_expr))
        .to_owned();
    Ok(ticket::Entity::find()
        .filter(
            Condition::all()
                .add(C::Status.is_in(statuses))
                .add(met.is_null())
                .add(at.is_not_null())
                .add(at.lte(now))
                .add(Expr::exists(shown).not()),
        )
        .order_by_asc(at)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(Ticket::from)
        .collect())
}

/// Records that `card` was shown; `false` when it already was.
pub async fn record_card(
    db: &impl ConnectionTrait,
    ticket_id: Uuid,
    clock: SlaClock,
    card: Card,
    round: i32,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let mut insert = Query::insert();
    insert
        .into_table(sla_alert::Entity)
        .columns([
            sla_alert::Column::TicketId,
            sla_alert::Column::Clock,
            sla_alert::Column::Kind,
            sla_alert::Column::Round,
            sla_alert::Column::CreatedAt,
        ])
        .values_panic([
            ticket_id.into(),
            clock.as_str().into(),
            card.as_str().into(),
            round.into(),
            now.into(),
        ])
        .on_conflict(
            OnConflict::columns([
                sla_alert::Column::TicketId,
                sla_alert::Column::Clock,
                sla_alert::Column::Kind,
                sla_alert::Column::Round,
            ])
            .do_nothing()
            .to_owned(),
        );
    Ok(db.execute(&insert).await?.rows_affected() == 1)
}

/// Tickets whose information request expired by `now`: still awaiting
/// the enterprise past their `info_due_at`, oldest first.
pub async fn info_requests_expired(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<Ticket>, StoreError> {
    Ok(ticket::Entity::find()
        .filter(C::Status.eq(TicketStatus::AwaitingEnterprise.as_str()))
        .filter(C::InfoDueAt.lte(now))
        .order_by_asc(C::InfoDueAt)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(Ticket::from)
        .collect())
}

/// Resolved tickets whose resolution is older than `cutoff`.
pub async fn unconfirmed_since(
    db: &impl ConnectionTrait,
    cutoff: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<Ticket>, StoreError> {
    Ok(ticket::Entity::find()
        .filter(C::Status.eq(db::TicketStatus::from(TicketStatus::Resolved)))
        .filter(C::ResolvedAt.lte(cutoff))
        .order_by_asc(C::ResolvedAt)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(Ticket::from)
        .collect())
}
