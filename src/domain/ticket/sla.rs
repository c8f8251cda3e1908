//! A ticket's SLA clocks: deadlines set at filing, paused while waiting for
//! the enterprise, and their state read from timestamps alone, so what the
//! API shows is right even when the background job runs late.

use chrono::{DateTime, SubsecRound, TimeDelta, Utc};
use serde::Serialize;

use crate::domain::{
    calendar::{BusinessDuration, Calendar, SlaTarget},
    sla_policy::{ClockTargets, WarnRatio},
};

/// When a clock shows its yellow card: at `ratio` of its target, or a fixed
/// amount of office time before its deadline when the policy sets one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Warning {
    pub ratio: WarnRatio,
    pub lead: Option<BusinessDuration>,
}

/// One clock's deadline and the instant it warns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClockDeadline {
    pub due: DateTime<Utc>,
    pub warn: DateTime<Utc>,
}

/// The deadline of `target` counted from `start`: what filing stores and
/// what `GET /calendars/{id}/deadline` answers. Office time is counted in
/// whole seconds, so a start inside a second counts from the next whole
/// one: the deadline is exact to the second and never early.
pub fn due_at(calendar: &Calendar, start: DateTime<Utc>, target: &SlaTarget) -> DateTime<Utc> {
    calendar.deadline(counting_start(start), target)
}

/// `t` rounded up to a whole second.
pub fn counting_start(t: DateTime<Utc>) -> DateTime<Utc> {
    let whole = t.trunc_subsecs(0);
    if whole == t {
        t
    } else {
        whole
            .checked_add_signed(TimeDelta::seconds(1))
            .unwrap_or(whole)
    }
}

impl ClockDeadline {
    pub fn new(
        calendar: &Calendar,
        start: DateTime<Utc>,
        target: &SlaTarget,
        warning: Warning,
    ) -> Self {
        let start = counting_start(start);
        let due = due_at(calendar, start, target);
        let lead = warning.lead.unwrap_or_else(|| {
            let total = calendar.between(start, due).as_secs() as f64;
            let secs = (total * (1.0 - warning.ratio.get())).round() as i64;
            BusinessDuration::from_secs(secs).unwrap_or(BusinessDuration::ZERO)
        });
        ClockDeadline {
            due,
            warn: calendar.sub(due, lead).max(start),
        }
    }

    /// The deadline moved to `due`; the warning keeps its office-time lead.
    pub fn moved_to(self, calendar: &Calendar, due: DateTime<Utc>) -> Self {
        let lead = calendar.between(self.warn, self.due);
        ClockDeadline {
            due,
            warn: calendar.sub(due, lead),
        }
    }
}

/// The three deadlines of a ticket, each counted from the filing instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deadlines {
    /// Sign-for (签收): by when a department must claim the ticket.
    pub response: ClockDeadline,
    /// By when staff must first answer the enterprise, if the policy says.
    pub first_response: Option<ClockDeadline>,
    pub resolution: ClockDeadline,
}

impl Deadlines {
    pub fn from_filing(
        calendar: &Calendar,
        targets: &ClockTargets,
        warning: Warning,
        filed_at: DateTime<Utc>,
    ) -> Self {
        let clock = |t: &SlaTarget| ClockDeadline::new(calendar, filed_at, t, warning);
        Deadlines {
            response: clock(&targets.response),
            first_response: targets.first_response.as_ref().map(clock),
            resolution: clock(&targets.resolution),
        }
    }
}

/// What the clock did while it was stopped: the deadline moves out by the
/// office time that passed during the pause.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Resumed {
    pub due_at: DateTime<Utc>,
    pub paused: BusinessDuration,
}

pub fn resume(
    calendar: &Calendar,
    due_at: DateTime<Utc>,
    paused_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Resumed {
    let paused = calendar.between(paused_at, now);
    Resumed {
        due_at: calendar.add(due_at, paused),
        paused,
    }
}

/// One clock as the API shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ClockView {
    pub due_at: Option<DateTime<Utc>>,
    /// When the yellow card is due.
    pub warn_at: Option<DateTime<Utc>>,
    pub met_at: Option<DateTime<Utc>>,
    /// Past the warning instant and not yet met (the yellow card).
    pub warning: bool,
    /// Past the deadline, or met after it (the red card).
    pub breached: bool,
    /// Office seconds left until the deadline, negative once it has passed;
    /// `null` when the clock has stopped or has no deadline.
    pub remaining_secs: Option<i64>,
    pub paused: bool,
}

/// Reads a clock from its timestamps. A paused clock is frozen at the
/// instant it stopped; so is an unmet clock of a ticket that ended
/// (cancelled or rejected) at the instant it ended.
pub fn clock_view(
    calendar: Option<&Calendar>,
    deadline: Option<ClockDeadline>,
    met_at: Option<DateTime<Utc>>,
    paused_at: Option<DateTime<Utc>>,
    ended_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> ClockView {
    let Some(ClockDeadline { due, warn }) = deadline else {
        return ClockView {
            due_at: None,
            warn_at: None,
            met_at,
            warning: false,
            breached: false,
            remaining_secs: None,
            paused: false,
        };
    };
    let (due_at, warn_at) = (Some(due), Some(warn));
    if let Some(met) = met_at {
        return ClockView {
            due_at,
            warn_at,
            met_at,
            warning: false,
            breached: met > due,
            remaining_secs: None,
            paused: false,
        };
    }
    if let Some(end) = ended_at {
        return ClockView {
            due_at,
            warn_at,
            met_at: None,
            warning: false,
            breached: end > due,
            remaining_secs: None,
            paused: false,
        };
    }
    let at = paused_at.unwrap_or(now);
    ClockView {
        due_at,
        warn_at,
        met_at: None,
        warning: at >= warn && at <= due,
        breached: at > due,
        remaining_secs: calendar.map(|c| signed_between(c, at, due)),
        paused: paused_at.is_some(),
    }
}

/// Office time from `from` to `to`, negative when `to` is earlier.
fn signed_between(calendar: &Calendar, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    if from <= to {
        calendar.between(from, to).as_secs()
    } else {
        -calendar.between(to, from).as_secs()
    }
}

/// The three clocks of a ticket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SlaClock {
    /// Sign-for (签收): stops at the first claim.
    Response,
    /// Stops when staff first answer the enterprise.
    FirstResponse,
    /// Stops at resolution; paused while waiting for the enterprise, and
    /// started again (a new round) when the enterprise reopens.
    Resolution,
}

impl SlaClock {
    pub const ALL: [SlaClock; 3] = [
        SlaClock::Response,
        SlaClock::FirstResponse,
        SlaClock::Resolution,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SlaClock::Response => "response",
            SlaClock::FirstResponse => "first_response",
            SlaClock::Resolution => "resolution",
        }
    }
}

/// The yellow and the red card.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Card {
    Warning,
    Breached,
}

impl Card {
    pub const ALL: [Card; 2] = [Card::Warning, Card::Breached];

    pub fn as_str(self) -> &'static str {
        match self {
            Card::Warning => "warning",
            Card::Breached => "breached",
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::domain::calendar::SlaTarget;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        // 2026-11-23 is a Monday; Beijing is UTC+8.
        Utc.with_ymd_and_hms(2026, 11, 23, h, m, 0).unwrap() - chrono::Duration::hours(8)
    }

    fn office() -> Calendar {
        Calendar::china_government_office_hours(Default::default(), Default::default()).unwrap()
    }

    #[test]
    fn deadlines_count_office_time_from_filing() {
        let hours = |h| SlaTarget::Business(BusinessDuration::from_hours(h));
        let targets = ClockTargets {
            response: hours(2),
            first_response: None,
            resolution: SlaTarget::WorkingDays(1),
        };
        let ratio = WarnRatio::new(0.75).unwrap();
        let warning = Warning { ratio, lead: None };
        let d = Deadlines::from_filing(&office(), &targets, warning, at(11, 0));
        assert_eq!(d.response.due, at(14, 30));
        // Three quarters of two office hours: 11:00 + 1 h 30 across lunch.
        assert_eq!(d.response.warn, at(14, 0));
        assert_eq!(d.first_response, None);
        // The next working day's close: Tuesday 17:30.
        assert_eq!(d.resolution.due, at(17, 30) + chrono::Duration::days(1));
        // A fixed lead of one office hour before the deadline.
        let lead = Some(BusinessDuration::from_hours(1));
        let fixed = Deadlines::from_filing(&office(), &targets, Warning { ratio, lead }, at(11, 0));
        assert_eq!(fixed.response.warn, at(13, 30));
        assert_eq!(
            fixed.resolution.warn,
            at(16, 30) + chrono::Duration::days(1)
        );
        // A deadline moved on keeps its lead.
        let moved = fixed.response.moved_to(&office(), at(16, 0));
        assert_eq!(moved.warn, at(15, 0));
    }

    #[test]
    fn a_pause_moves_the_deadline_by_the_office_time_it_lasted() {
        let cal = office();
        // Paused 10:00–14:00 Monday: 2 h of morning office + 30 min after lunch.
        let r = resume(&cal, at(16, 0), at(10, 0), at(14, 0));
        assert_eq!(r.paused.as_secs(), 2 * 3600 + 1800);
        // 16:00 + 2 h 30: 1 h 30 to Monday close, 1 h into Tuesday.
        assert_eq!(r.due_at, at(10, 0) + chrono::Duration::days(1));
    }

    #[test]
    fn breach_is_read_from_timestamps() {
        let cal = office();
        let due = Some(ClockDeadline {
            due: at(12, 0),
            warn: at(11, 30),
        });
        let early = clock_view(Some(&cal), due, None, None, None, at(11, 0));
        assert!(!early.warning && !early.breached);
        let yellow = clock_view(Some(&cal), due, None, None, None, at(11, 45));
        assert!(yellow.warning && !yellow.breached);
        let running = clock_view(Some(&cal), due, None, None, None, at(11, 0));
        assert!(!running.breached && !running.warning);
        assert_eq!(running.remaining_secs, Some(3600));
        let late = clock_view(Some(&cal), due, None, None, None, at(14, 0));
        assert!(late.breached && !late.warning);
        assert_eq!(late.remaining_secs, Some(-1800));
        let met_late = clock_view(Some(&cal), due, Some(at(13, 45)), None, None, at(16, 0));
        assert!(met_late.breached && met_late.remaining_secs.is_none());
        let paused = clock_view(Some(&cal), due, None, Some(at(11, 30)), None, at(16, 0));
        assert!(paused.paused && !paused.breached);
        assert_eq!(paused.remaining_secs, Some(1800));
        let ended = clock_view(Some(&cal), due, None, None, Some(at(13, 0)), at(16, 0));
        assert!(ended.breached && ended.remaining_secs.is_none() && !ended.paused);
        let none = clock_view(Some(&cal), None, None, None, None, at(16, 0));
        assert!(!none.breached && none.due_at.is_none());
    }
}
