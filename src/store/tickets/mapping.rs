//! The one place ticket rows become domain values and back: each active
//! enum of the entity crate onto its domain twin, and the `tickets` row
//! onto [`Ticket`]. The two enum sets are kept equal by the exhaustive
//! matches below.

use entity::{enums as db, ticket};

use crate::domain::ticket::{
    Action, Channel, EventKind, ExtensionStatus, Priority, Ticket, TicketStatus,
};

/// Both directions of a one-to-one mapping between a row enum and its
/// domain twin.
macro_rules! twin {
    ($db:ident <=> $domain:ident { $($variant:ident),* $(,)? }) => {
        impl From<db::$db> for $domain {
            fn from(v: db::$db) -> Self {
                match v { $(db::$db::$variant => $domain::$variant),* }
            }
        }

        impl From<$domain> for db::$db {
            fn from(v: $domain) -> Self {
                match v { $($domain::$variant => db::$db::$variant),* }
            }
        }
    };
}

twin!(TicketStatus <=> TicketStatus {
    Submitted,
    Dispatched,
    InProgress,
    AwaitingEnterprise,
    Escalated,
    Resolved,
    Closed,
    Rejected,
    Cancelled,
});
twin!(Priority <=> Priority { Normal, Urgent });

/// The row values of `statuses`, for a typed `status IN (…)` filter.
pub fn statuses(statuses: impl IntoIterator<Item = TicketStatus>) -> Vec<db::TicketStatus> {
    statuses.into_iter().map(db::TicketStatus::from).collect()
}

/// The row values of the open statuses (filed, not yet resolved or ended).
pub fn open_statuses() -> Vec<db::TicketStatus> {
    statuses(TicketStatus::ALL.into_iter().filter(|s| s.is_open()))
}
twin!(Channel <=> Channel { App, Hotline, Visit });
twin!(ExtensionStatus <=> ExtensionStatus { Requested, Granted, Denied, Lapsed });

impl From<db::EventKind> for EventKind {
    fn from(k: db::EventKind) -> Self {
        use db::EventKind as K;
        match k {
            K::Filed => EventKind::Filed,
            K::Dispatch => EventKind::Action(Action::Dispatch),
            K::Claim => EventKind::Action(Action::Claim),
            K::Return => EventKind::Action(Action::Return),
            K::Reject => EventKind::Action(Action::Reject),
            K::Cancel => EventKind::Action(Action::Cancel),
            K::RequestInfo => EventKind::Action(Action::RequestInfo),
            K::Reply => EventKind::Action(Action::Reply),
            K::Escalate => EventKind::Action(Action::Escalate),
            K::Resolve => EventKind::Action(Action::Resolve),
            K::Confirm => EventKind::Action(Action::Confirm),
            K::Reopen => EventKind::Action(Action::Reopen),
            K::Urge => EventKind::Action(Action::Urge),
            K::Comment => EventKind::Comment,
            K::InternalNote => EventKind::InternalNote,
            K::SlaPaused => EventKind::SlaPaused,
            K::SlaResumed => EventKind::SlaResumed,
            K::SlaWarning => EventKind::SlaWarning,
            K::SlaBreached => EventKind::SlaBreached,
            K::AutoClose => EventKind::AutoClose,
            K::ExtensionRequested => EventKind::ExtensionRequested,
            K::ExtensionGranted => EventKind::ExtensionGranted,
            K::ExtensionDenied => EventKind::ExtensionDenied,
            K::PullBack => EventKind::Action(Action::PullBack),
            K::Assign => EventKind::Action(Action::Assign),
            K::Released => EventKind::Released,
            K::InfoRequestExpired => EventKind::InfoRequestExpired,
        }
    }
}

impl From<EventKind> for db::EventKind {
    fn from(k: EventKind) -> Self {
        use db::EventKind as K;
        match k {
            EventKind::Filed => K::Filed,
            EventKind::Action(a) => match a {
                Action::Dispatch => K::Dispatch,
                Action::Claim => K::Claim,
                Action::Return => K::Return,
                Action::Reject => K::Reject,
                Action::Cancel => K::Cancel,
                Action::RequestInfo => K::RequestInfo,
                Action::Reply => K::Reply,
                Action::Escalate => K::Escalate,
                Action::Resolve => K::Resolve,
                Action::Confirm => K::Confirm,
                Action::Reopen => K::Reopen,
                Action::Urge => K::Urge,
                Action::PullBack => K::PullBack,
                Action::Assign => K::Assign,
            },
            EventKind::Comment => K::Comment,
            EventKind::InternalNote => K::InternalNote,
            EventKind::SlaPaused => K::SlaPaused,
            EventKind::SlaResumed => K::SlaResumed,
            EventKind::SlaWarning => K::SlaWarning,
            EventKind::SlaBreached => K::SlaBreached,
            EventKind::AutoClose => K::AutoClose,
            EventKind::ExtensionRequested => K::ExtensionRequested,
            EventKind::ExtensionGranted => K::ExtensionGranted,
            EventKind::ExtensionDenied => K::ExtensionDenied,
            EventKind::Released => K::Released,
            EventKind::InfoRequestExpired => K::InfoRequestExpired,
        }
    }
}

impl From<ticket::Model> for Ticket {
    fn from(m: ticket::Model) -> Self {
        Ticket {
            id: m.id,
            number: m.number,
            enterprise_id: m.enterprise_id,
            filer_id: m.filer_id,
            channel: m.channel.into(),
            category: m.category,
            service_item_id: m.service_item_id,
            department_id: m.department_id,
            assignee_id: m.assignee_id,
            title: m.title,
            description: m.description,
            priority: m.priority.into(),
            status: m.status.into(),
            sla_policy_id: m.sla_policy_id,
            response_due_at: m.response_due_at,
            first_response_due_at: m.first_response_due_at,
            resolution_due_at: m.resolution_due_at,
            dispatched_at: m.dispatched_at,
            claimed_at: m.claimed_at,
            first_responded_at: m.first_responded_at,
            resolved_at: m.resolved_at,
            closed_at: m.closed_at,
            paused_at: m.paused_at,
            paused_business_secs: m.paused_business_secs,
            rating: m.rating,
            feedback: m.feedback,
            reopen_count: m.reopen_count,
            urge_count: m.urge_count,
            last_urged_at: m.last_urged_at,
            created_at: m.created_at,
            updated_at: m.updated_at,
            version: m.version,
            resolution: m.resolution,
            calendar_id: m.calendar_id,
            response_warn_at: m.response_warn_at,
            first_response_warn_at: m.first_response_warn_at,
            resolution_warn_at: m.resolution_warn_at,
            extension_count: m.extension_count,
            claim_business_secs: m.claim_business_secs,
            resolve_business_secs: m.resolve_business_secs,
            info_due_at: m.info_due_at,
        }
    }
}

impl From<Ticket> for ticket::Model {
    fn from(t: Ticket) -> Self {
        ticket::Model {
            id: t.id,
            number: t.number,
            enterprise_id: t.enterprise_id,
            filer_id: t.filer_id,
            channel: t.channel.into(),
            category: t.category,
            service_item_id: t.service_item_id,
            department_id: t.department_id,
            assignee_id: t.assignee_id,
            title: t.title,
            description: t.description,
            priority: t.priority.into(),
            status: t.status.into(),
            sla_policy_id: t.sla_policy_id,
            response_due_at: t.response_due_at,
            first_response_due_at: t.first_response_due_at,
            resolution_due_at: t.resolution_due_at,
            dispatched_at: t.dispatched_at,
            claimed_at: t.claimed_at,
            first_responded_at: t.first_responded_at,
            resolved_at: t.resolved_at,
            closed_at: t.closed_at,
            paused_at: t.paused_at,
            paused_business_secs: t.paused_business_secs,
            rating: t.rating,
            feedback: t.feedback,
            reopen_count: t.reopen_count,
            urge_count: t.urge_count,
            last_urged_at: t.last_urged_at,
            created_at: t.created_at,
            updated_at: t.updated_at,
            version: t.version,
            resolution: t.resolution,
            calendar_id: t.calendar_id,
            response_warn_at: t.response_warn_at,
            first_response_warn_at: t.first_response_warn_at,
            resolution_warn_at: t.resolution_warn_at,
            extension_count: t.extension_count,
            claim_business_secs: t.claim_business_secs,
            resolve_business_secs: t.resolve_business_secs,
            info_due_at: t.info_due_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use sea_orm::{ActiveEnum, Iterable};

    use super::*;

    #[test]
    fn stored_text_is_the_domain_text() {
        for s in db::TicketStatus::iter() {
            assert_eq!(s.to_value(), TicketStatus::from(s).as_str());
        }
        for p in db::Priority::iter() {
            assert_eq!(p.to_value(), Priority::from(p).as_str());
        }
        for c in db::Channel::iter() {
            assert_eq!(c.to_value(), Channel::from(c).as_str());
        }
        for e in db::ExtensionStatus::iter() {
            assert_eq!(e.to_value(), ExtensionStatus::from(e).as_str());
        }
        for k in db::EventKind::iter() {
            assert_eq!(k.to_value(), EventKind::from(k).as_str());
        }
        assert_eq!(db::EventKind::iter().count(), EventKind::all().count());
    }
}
