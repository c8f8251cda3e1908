//! The kinds of entry on a ticket's timeline, and what of each an
//! enterprise contact may read.

use std::{fmt, str::FromStr};

use super::action::Action;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EventKind {
    Filed,
    /// One of the workflow's actions.
    Action(Action),
    Comment,
    /// A comment for the service side only.
    InternalNote,
    /// The resolution clock stopped (waiting for the enterprise) or ran on.
    SlaPaused,
    SlaResumed,
    /// The yellow card: a clock reached its warning instant.
    SlaWarning,
    /// The red card: a clock passed its deadline.
    SlaBreached,
    /// A resolved ticket nobody confirmed was closed by the service.
    AutoClose,
    ExtensionRequested,
    ExtensionGranted,
    ExtensionDenied,
    /// The assignee left (deactivated, or moved out of the department):
    /// the ticket went back to the department's queue.
    Released,
    /// The enterprise did not answer an information request in time: the
    /// SLA job resumed the clock and handed the ticket back to its assignee.
    InfoRequestExpired,
}

/// How much of an event an enterprise contact sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EnterpriseView {
    /// All of it.
    Full,
    /// That it happened and how the status moved, not the payload: a
    /// return or an escalation explains a status change, but the reasons
    /// departments give each other are theirs.
    StatusOnly,
    /// Nothing: internal notes and supervision.
    Hidden,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Filed => "filed",
            EventKind::Action(a) => a.as_str(),
            EventKind::Comment => "comment",
            EventKind::InternalNote => "internal_note",
            EventKind::SlaPaused => "sla_paused",
            EventKind::SlaResumed => "sla_resumed",
            EventKind::SlaWarning => "sla_warning",
            EventKind::SlaBreached => "sla_breached",
            EventKind::AutoClose => "auto_close",
            EventKind::ExtensionRequested => "extension_requested",
            EventKind::ExtensionGranted => "extension_granted",
            EventKind::ExtensionDenied => "extension_denied",
            EventKind::Released => "released",
            EventKind::InfoRequestExpired => "info_request_expired",
        }
    }

    pub fn enterprise_view(self) -> EnterpriseView {
        match self {
            EventKind::InternalNote
            | EventKind::Action(Action::Urge)
            | EventKind::SlaWarning
            | EventKind::SlaBreached
            | EventKind::ExtensionRequested
            | EventKind::ExtensionDenied => EnterpriseView::Hidden,
            EventKind::Action(Action::Return | Action::Escalate | Action::PullBack)
            | EventKind::Released => EnterpriseView::StatusOnly,
            _ => EnterpriseView::Full,
        }
    }

    const ALL_FIXED: [EventKind; 13] = [
        EventKind::Filed,
        EventKind::Comment,
        EventKind::InternalNote,
        EventKind::SlaPaused,
        EventKind::SlaResumed,
        EventKind::SlaWarning,
        EventKind::SlaBreached,
        EventKind::AutoClose,
        EventKind::ExtensionRequested,
        EventKind::ExtensionGranted,
        EventKind::ExtensionDenied,
        EventKind::Released,
        EventKind::InfoRequestExpired,
    ];

    pub fn all() -> impl Iterator<Item = EventKind> {
        Self::ALL_FIXED
            .into_iter()
            .chain(Action::ALL.into_iter().map(EventKind::Action))
    }

    /// The kinds an enterprise contact never sees, for list queries.
    pub fn hidden_from_enterprises() -> impl Iterator<Item = &'static str> {
        Self::all()
            .filter(|k| k.enterprise_view() == EnterpriseView::Hidden)
            .map(EventKind::as_str)
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EventKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EventKind::all()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| s.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_and_internal_ones_are_hidden() {
        for a in Action::ALL {
            let k = EventKind::Action(a);
            assert_eq!(k.as_str().parse::<EventKind>(), Ok(k));
        }
        assert_eq!(
            EventKind::InternalNote.enterprise_view(),
            EnterpriseView::Hidden
        );
        assert_eq!(EventKind::Comment.enterprise_view(), EnterpriseView::Full);
        for k in EventKind::all() {
            assert_eq!(k.as_str().parse::<EventKind>(), Ok(k));
        }
        let hidden: Vec<_> = EventKind::hidden_from_enterprises().collect();
        assert_eq!(
            hidden,
            [
                "internal_note",
                "sla_warning",
                "sla_breached",
                "extension_requested",
                "extension_denied",
                "urge"
            ]
        );
    }
}
