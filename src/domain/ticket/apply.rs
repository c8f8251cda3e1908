//! What happens to a ticket. With [`super::permissions`] (who may do what,
//! in which status) this file answers "who may do X to a ticket in status
//! Y, and what happens?".
//!
//! [`Ticket::apply`] takes a [`Command`] and the context it runs in (who
//! acts and how they stand to the ticket, the ticket's calendar and SLA
//! policy, the workflow's rules, the time) and answers the changed ticket
//! and its timeline events, or why not. It is pure — the workflow loads
//! the context first and persists the answer — so every rule of a change
//! to a ticket row is here and unit- and property-tested. It checks, in
//! the order a client can act on: the caller's role ([`check_role`], 403);
//! the status ([`status_allows`]: for an action, whether
//! [`Action::target`] leads anywhere from it, 409); the caller's relation
//! to the ticket ([`check_relation`], 403); then the command's own rules
//! (the return and reopen windows, the extension limit). The command's arm
//! in `apply` then says what changes on the ticket and which events the
//! timeline gets.

use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};
use uuid::Uuid;

use super::{
    action::{Action, Refusal, check},
    event::EventKind,
    fields::{ContactChannel, Rating, UrgeDays},
    model::Ticket,
    permissions::{
        Operation, Relation, check_relation, check_role, on_behalf, reopen_window_closes,
        return_window_closes, status_allows,
    },
    sla::{ClockDeadline, Warning, resume},
    status::TicketStatus,
    texts::{CommentBody, Feedback, Message, Reason, Resolution},
};
use crate::domain::{
    calendar::{Calendar, SlaTarget},
    role::Role,
};

/// The workflow's knobs, from the settings.
#[derive(Debug, Clone, Copy)]
pub struct Rules {
    /// How long after resolution the enterprise may still reopen.
    pub reopen_window: Duration,
    /// How long after dispatch a department may return a mis-routed
    /// ticket, in the ticket's office time; later it must escalate.
    pub return_window: SlaTarget,
    /// Extensions granted at most per ticket.
    pub max_extensions: i32,
    /// Working days (in the ticket's calendar) a ticket may wait on the
    /// enterprise's answer; then the SLA job resumes its clock
    /// ([`Command::ExpireInfoRequest`]).
    pub info_request_days: u32,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            reopen_window: Duration::days(7),
            return_window: SlaTarget::WorkingDays(2),
            max_extensions: 1,
            info_request_days: 5,
        }
    }
}

/// Who issues a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    /// A signed-in user, and how they stand to the ticket.
    User {
        id: Uuid,
        role: Role,
        relation: Relation,
    },
    /// The service itself (the SLA job).
    Service,
}

/// Everything a command needs besides the ticket, loaded beforehand.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub by: By,
    pub now: DateTime<Utc>,
    pub rules: &'a Rules,
    /// The ticket's calendar, when it has one (its deadlines count in it).
    pub calendar: Option<&'a Calendar>,
    /// The resolution target and warning of the ticket's SLA policy for
    /// its priority, when it has a policy: a reopening restarts that clock.
    pub resolution_clock: Option<(SlaTarget, Warning)>,
}

/// Where a dispatch sends a ticket, as the domain takes it: a department,
/// and the service item (its id and category) when one was named, which
/// settles the ticket's category.
#[derive(Debug, Clone, PartialEq)]
pub struct Destination {
    pub department_id: Uuid,
    pub service_item: Option<(Uuid, String)>,
}

/// Everything that changes a ticket. `To` is how a dispatch names where
/// the ticket goes: a request names a department or a service item (the
/// workflow's `DispatchTo`), which the workflow resolves into a
/// [`Destination`] (see [`Command::split_target`]) before [`Ticket::apply`]
/// takes it.
#[derive(Debug, Clone, PartialEq)]
pub enum Command<To = Destination> {
    Dispatch(To),
    Claim,
    Return {
        reason: Reason,
    },
    Reject {
        reason: Reason,
    },
    Cancel {
        reason: Option<Reason>,
    },
    RequestInfo {
        message: Message,
    },
    /// The enterprise's answer; `channel` when the service side records
    /// it on the enterprise's behalf ([`super::permissions::on_behalf`]).
    Reply {
        message: Message,
        channel: Option<ContactChannel>,
    },
    Escalate {
        reason: Reason,
    },
    Resolve {
        resolution: Resolution,
    },
    /// The enterprise's rating; `channel` when the service side records
    /// it on the enterprise's behalf (the follow-up call, 电话回访).
    Confirm {
        rating: Rating,
        feedback: Option<Feedback>,
        channel: Option<ContactChannel>,
    },
    Reopen {
        reason: Reason,
    },
    /// A supervisor urges (督办); the department answers within
    /// `reply_within` working days of the ticket's calendar.
    Urge {
        reason: Reason,
        reply_within: UrgeDays,
    },
    /// The dispatcher closes a ticket under review, with a note.
    Close {
        note: Reason,
    },
    /// The dispatcher orders a ticket under review redone (重办) by
    /// `department_id`, or its own department when `None` (the workflow
    /// checks the department is active), with a new resolution clock.
    Redo {
        department_id: Option<Uuid>,
        reason: Reason,
    },
    /// The dispatcher merges this duplicate into another ticket.
    Merge {
        into: MergeInto,
        reason: Option<Reason>,
    },
    /// The department answers the pending urge, publicly or internally.
    UrgeReply {
        message: Message,
        internal: bool,
    },
    /// The service urges a ticket whose resolution clock showed its red
    /// card (when the settings say so).
    AutoUrge {
        reply_within: UrgeDays,
    },
    /// A dispatcher grants a request for `extra` time: the resolution
    /// deadline (and its warning) move out by that much office time.
    GrantExtension {
        extension_id: Uuid,
        extra: SlaTarget,
    },
    /// The service closes a resolved ticket nobody confirmed.
    AutoClose {
        unconfirmed_days: i64,
    },
    /// A comment the workflow stored as `comment_id`: public, or a note
    /// only the service side reads. A staff member's first public comment
    /// is the ticket's first response; any other comment leaves the
    /// ticket's row as it was.
    Comment {
        comment_id: Uuid,
        body: CommentBody,
        internal: bool,
    },
    /// A dispatcher takes a claimed ticket back to its department's queue.
    PullBack {
        reason: Reason,
    },
    /// A department lead hands the ticket to a colleague (the workflow has
    /// checked they are active staff of the ticket's department).
    Assign {
        assignee_id: Uuid,
    },
    /// The service hands a ticket back to work when the enterprise did
    /// not answer its information request by `info_due_at`.
    ExpireInfoRequest,
    /// The service returns a ticket to its department's queue because its
    /// assignee left (the workflow records who made them leave).
    Release {
        reason: ReleaseReason,
    },
}

/// Why a ticket lost its assignee.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReleaseReason {
    /// The account was deactivated.
    AssigneeDeactivated,
    /// The account no longer belongs to the ticket's department.
    AssigneeMoved,
}

impl ReleaseReason {
    pub fn as_str(self) -> &'static str {
        match self {
            ReleaseReason::AssigneeDeactivated => "assignee_deactivated",
            ReleaseReason::AssigneeMoved => "assignee_moved",
        }
    }
}

impl<To> Command<To> {
    /// The workflow action, for the commands users issue.
    pub fn action(&self) -> Option<Action> {
        Some(match self {
            Command::Dispatch(_) => Action::Dispatch,
            Command::Claim => Action::Claim,
            Command::Return { .. } => Action::Return,
            Command::Reject { .. } => Action::Reject,
            Command::Cancel { .. } => Action::Cancel,
            Command::RequestInfo { .. } => Action::RequestInfo,
            Command::Reply { .. } => Action::Reply,
            Command::Escalate { .. } => Action::Escalate,
            Command::Resolve { .. } => Action::Resolve,
            Command::Confirm { .. } => Action::Confirm,
            Command::Reopen { .. } => Action::Reopen,
            Command::Urge { .. } => Action::Urge,
            Command::PullBack { .. } => Action::PullBack,
            Command::Assign { .. } => Action::Assign,
            Command::Close { .. } => Action::Close,
            Command::Redo { .. } => Action::Redo,
            Command::Merge { .. } => Action::Merge,
            Command::UrgeReply { .. } => Action::UrgeReply,
            Command::GrantExtension { .. }
            | Command::AutoClose { .. }
            | Command::AutoUrge { .. }
            | Command::Comment { .. }
            | Command::ExpireInfoRequest
            | Command::Release { .. } => return None,
        })
    }

    /// A channel is given exactly when `role` acts on the enterprise's
    /// behalf (a reply or confirmation by the service side).
    fn check_channel(&self, role: Role) -> Result<(), Refusal> {
        let (action, channel) = match self {
            Command::Reply { channel, .. } => (Action::Reply, channel),
            Command::Confirm { channel, .. } => (Action::Confirm, channel),
            _ => return Ok(()),
        };
        match (on_behalf(role, action), channel) {
            (true, None) => Err(Refusal::ChannelRequired(action.as_str())),
            (false, Some(_)) => Err(Refusal::ChannelNotAllowed),
            _ => Ok(()),
        }
    }

    /// Splits off a dispatch's target: `Ok(to)` for a dispatch, otherwise
    /// the command itself, which names no target and so fits any `T`. The
    /// workflow resolves the target (it reads the catalogue) and builds
    /// `Command::Dispatch(destination)`.
    pub fn split_target<T>(self) -> Result<To, Command<T>> {
        Err(match self {
            Command::Dispatch(to) => return Ok(to),
            Command::Claim => Command::Claim,
            Command::Return { reason } => Command::Return { reason },
            Command::Reject { reason } => Command::Reject { reason },
            Command::Cancel { reason } => Command::Cancel { reason },
            Command::RequestInfo { message } => Command::RequestInfo { message },
            Command::Reply { message, channel } => Command::Reply { message, channel },
            Command::Escalate { reason } => Command::Escalate { reason },
            Command::Resolve { resolution } => Command::Resolve { resolution },
            Command::Confirm {
                rating,
                feedback,
                channel,
            } => Command::Confirm {
                rating,
                feedback,
                channel,
            },
            Command::Reopen { reason } => Command::Reopen { reason },
            Command::Urge {
                reason,
                reply_within,
            } => Command::Urge {
                reason,
                reply_within,
            },
            Command::Close { note } => Command::Close { note },
            Command::Redo {
                department_id,
                reason,
            } => Command::Redo {
                department_id,
                reason,
            },
            Command::Merge { into, reason } => Command::Merge { into, reason },
            Command::UrgeReply { message, internal } => Command::UrgeReply { message, internal },
            Command::AutoUrge { reply_within } => Command::AutoUrge { reply_within },
            Command::GrantExtension {
                extension_id,
                extra,
            } => Command::GrantExtension {
                extension_id,
                extra,
            },
            Command::AutoClose { unconfirmed_days } => Command::AutoClose { unconfirmed_days },
            Command::Comment {
                comment_id,
                body,
                internal,
            } => Command::Comment {
                comment_id,
                body,
                internal,
            },
            Command::PullBack { reason } => Command::PullBack { reason },
            Command::Assign { assignee_id } => Command::Assign { assignee_id },
            Command::ExpireInfoRequest => Command::ExpireInfoRequest,
            Command::Release { reason } => Command::Release { reason },
        })
    }
}

/// The ticket a merge goes into: as a request names it, then as the
/// workflow found it (only a found one can take a duplicate).
#[derive(Debug, Clone, PartialEq)]
pub enum MergeInto {
    Named(Uuid),
    Found(MergeTarget),
}

/// What a merge needs to know of the ticket it merges into.
#[derive(Debug, Clone, PartialEq)]
pub struct MergeTarget {
    pub id: Uuid,
    pub number: String,
    pub enterprise_id: Uuid,
    pub status: TicketStatus,
}

/// A rating at or below this is dissatisfaction (不满意): the confirmation
/// sends the ticket to the dispatcher desk for review instead of closing it.
pub const DISSATISFIED_AT_MOST: u8 = 2;

/// Whether a department holds the ticket, so that an urge on it awaits the
/// department's answer.
pub fn urge_can_wait(status: TicketStatus, department_id: Option<Uuid>) -> bool {
    department_id.is_some()
        && matches!(
            status,
            TicketStatus::Dispatched
                | TicketStatus::InProgress
                | TicketStatus::AwaitingEnterprise
                | TicketStatus::Escalated
        )
}

/// One entry for the ticket's timeline; the workflow adds who and when.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub kind: EventKind,
    pub from: Option<TicketStatus>,
    pub to: Option<TicketStatus>,
    pub payload: Value,
}

impl Event {
    fn note(kind: EventKind, payload: Value) -> Event {
        Event {
            kind,
            from: None,
            to: None,
            payload,
        }
    }
}

/// The office time from `from` to `to` in `calendar`, wall time without one.
fn office_secs(calendar: Option<&Calendar>, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    match calendar {
        Some(c) => c.between(from, to).as_secs(),
        None => Calendar::always_open().between(from, to).as_secs(),
    }
}

impl Ticket {
    /// The resolution clock's deadline, when the ticket has one.
    pub fn resolution_deadline(&self) -> Option<ClockDeadline> {
        self.resolution_due_at.map(|due| ClockDeadline {
            due,
            warn: self.resolution_warn_at.unwrap_or(due),
        })
    }

    pub fn set_resolution_deadline(&mut self, d: ClockDeadline) {
        self.resolution_due_at = Some(d.due);
        self.resolution_warn_at = Some(d.warn);
    }

    /// Applies `command` in `ctx`: the changed ticket (its version one up,
    /// `updated_at` now, unless nothing changed) and the events to append — the command's own
    /// first — or the refusal. Checks the caller's role (403), the status
    /// (409), the caller's relation to the ticket (403), then the
    /// command's own rules.
    pub fn apply(&self, command: Command, ctx: &Context) -> Result<(Ticket, Vec<Event>), Refusal> {
        let now = ctx.now;
        let from = self.status;
        let (kind, to) = match (command.action(), ctx.by) {
            (None, By::User { role, relation, .. })
                if matches!(command, Command::Comment { .. }) =>
            {
                let internal = matches!(command, Command::Comment { internal: true, .. });
                let (op, kind) = match internal {
                    true => (Operation::InternalNote, EventKind::InternalNote),
                    false => (Operation::Comment, EventKind::Comment),
                };
                check_role(role, op)?;
                if !status_allows(op, from) {
                    return Err(Refusal::Status {
                        action: "comment on",
                        current: from,
                    });
                }
                check_relation(role, op, relation)?;
                (kind, from)
            }
            (None, By::User { role, relation, .. })
                if matches!(command, Command::GrantExtension { .. }) =>
            {
                let op = Operation::DecideExtension;
                check_role(role, op)?;
                if !status_allows(op, from) {
                    return Err(Refusal::Status {
                        action: "extend",
                        current: from,
                    });
                }
                check_relation(role, op, relation)?;
                if self.extension_count >= ctx.rules.max_extensions {
                    return Err(Refusal::ExtensionLimit {
                        max: ctx.rules.max_extensions,
                    });
                }
                (EventKind::ExtensionGranted, from)
            }
            (Some(action), By::User { role, relation, .. }) => {
                let op = Operation::Act(action);
                check_role(role, op)?;
                let to = check(action, role, from)?;
                check_relation(role, op, relation)?;
                command.check_channel(role)?;
                (EventKind::Action(action), to)
            }
            (Some(action), By::Service) => return Err(Refusal::Role(action.as_str())),
            (None, By::User { .. }) => return Err(Refusal::Role("auto_close")),
            (None, By::Service) if matches!(command, Command::Comment { .. }) => {
                return Err(Refusal::Role("comment"));
            }
            (None, By::Service) if matches!(command, Command::GrantExtension { .. }) => {
                return Err(Refusal::Role("decide_extension"));
            }
            (None, By::Service) if matches!(command, Command::AutoUrge { .. }) => {
                let to = Action::Urge.target(from).ok_or(Refusal::Status {
                    action: "urge",
                    current: from,
                })?;
                (EventKind::Action(Action::Urge), to)
            }
            (None, By::Service) => {
                let (action, kind, needs, to) = match command {
                    Command::ExpireInfoRequest => (
                        "expire_info_request",
                        EventKind::InfoRequestExpired,
                        &[TicketStatus::AwaitingEnterprise][..],
                        TicketStatus::InProgress,
                    ),
                    Command::Release { .. } => (
                        "release",
                        EventKind::Released,
                        &[TicketStatus::InProgress, TicketStatus::AwaitingEnterprise][..],
                        TicketStatus::Dispatched,
                    ),
                    _ => (
                        "auto_close",
                        EventKind::AutoClose,
                        &[TicketStatus::Resolved][..],
                        TicketStatus::Closed,
                    ),
                };
                if !needs.contains(&from) {
                    return Err(Refusal::Status {
                        action,
                        current: from,
                    });
                }
                (kind, to)
            }
        };
        let (user_id, role) = match ctx.by {
            By::User { id, role, .. } => (Some(id), Some(role)),
            By::Service => (None, None),
        };
        let mut t = self.clone();
        t.status = to;
        let mut extra = Vec::new();
        let payload = match command {
            Command::Dispatch(Destination {
                department_id,
                service_item,
            }) => {
                let from_department = t.department_id;
                let item_id = service_item.as_ref().map(|(id, _)| *id);
                if let Some((id, category)) = service_item {
                    t.service_item_id = Some(id);
                    t.category = category;
                }
                t.department_id = Some(department_id);
                t.assignee_id = None;
                t.dispatched_at = Some(now);
                json!({
                    "department_id": department_id,
                    "service_item_id": item_id,
                    "from_department_id": from_department,
                })
            }
            Command::Claim => {
                t.assignee_id = user_id;
                if t.claimed_at.is_none() {
                    t.claimed_at = Some(now);
                    t.claim_business_secs = Some(office_secs(ctx.calendar, t.created_at, now));
                }
                json!({ "assignee_id": user_id })
            }
            Command::Return { reason } => {
                let dispatched_at = t.dispatched_at.unwrap_or(t.created_at);
                let closes = match ctx.calendar {
                    Some(c) => return_window_closes(c, dispatched_at, &ctx.rules.return_window),
                    None => return_window_closes(
                        &Calendar::always_open(),
                        dispatched_at,
                        &ctx.rules.return_window,
                    ),
                };
                if now > closes {
                    return Err(Refusal::ReturnWindowClosed { closes });
                }
                let from_department = t.department_id.take();
                t.assignee_id = None;
                json!({ "reason": reason, "department_id": from_department })
            }
            Command::Reject { reason } | Command::Escalate { reason } => {
                json!({ "reason": reason })
            }
            Command::Urge {
                reason,
                reply_within,
            } => {
                urge(&mut t, ctx, reply_within);
                json!({
                    "reason": reason,
                    "reply_within_days": reply_within.get(),
                    "reply_due_at": t.urge_due_at,
                })
            }
            Command::AutoUrge { reply_within } => {
                urge(&mut t, ctx, reply_within);
                json!({
                    "automatic": true,
                    "reason": "resolution_breached",
                    "reply_within_days": reply_within.get(),
                    "reply_due_at": t.urge_due_at,
                })
            }
            Command::UrgeReply { message, internal } => {
                // A colleague answers only while nobody has claimed it
                // (checked first: being the assignee comes before the
                // action's own rules).
                if let By::User { relation, .. } = ctx.by
                    && relation != Relation::Assignee
                    && t.assignee_id.is_some()
                {
                    return Err(Refusal::NotAssignee("urge_reply"));
                }
                let Some(due) = t.urge_due_at.take() else {
                    return Err(Refusal::NoPendingUrge);
                };
                if !internal {
                    t.first_responded_at.get_or_insert(now);
                }
                json!({
                    "message": message,
                    "internal": internal,
                    "reply_due_at": due,
                    "late": now > due,
                })
            }
            Command::Close { note } => {
                t.closed_at = Some(now);
                json!({ "note": note, "rating": t.rating })
            }
            Command::Redo {
                department_id,
                reason,
            } => {
                let from_department = t.department_id;
                let Some(department_id) = department_id.or(from_department) else {
                    return Err(Refusal::NoDepartment);
                };
                t.department_id = Some(department_id);
                t.assignee_id = None;
                t.dispatched_at = Some(now);
                t.resolved_at = None;
                t.resolution = None;
                t.redo_count += 1;
                // 重办: a new resolution clock from the order.
                if let Some((target, warning)) = &ctx.resolution_clock
                    && let Some(calendar) = ctx.calendar
                {
                    t.set_resolution_deadline(ClockDeadline::new(calendar, now, target, *warning));
                }
                json!({
                    "reason": reason,
                    "department_id": department_id,
                    "from_department_id": from_department,
                    "redo_count": t.redo_count,
                    "resolution_due_at": t.resolution_due_at,
                })
            }
            Command::Merge { into, reason } => {
                let into = match into {
                    MergeInto::Found(target) => target,
                    MergeInto::Named(id) if id == t.id => return Err(Refusal::MergeIntoItself),
                    MergeInto::Named(_) => return Err(Refusal::MergeTargetUnknown),
                };
                if into.id == t.id {
                    return Err(Refusal::MergeIntoItself);
                }
                if into.status.is_final() {
                    return Err(Refusal::MergeTargetFinal {
                        status: into.status,
                    });
                }
                if into.enterprise_id != t.enterprise_id {
                    return Err(Refusal::MergeAcrossEnterprises);
                }
                t.merged_into_id = Some(into.id);
                // A merged ticket waits for nobody: its clock stops for good.
                t.paused_at = None;
                json!({
                    "into_ticket_id": into.id,
                    "into_number": into.number,
                    "reason": reason,
                })
            }
            Command::Cancel { reason } => json!({ "reason": reason }),
            Command::RequestInfo { message } => {
                t.first_responded_at.get_or_insert(now);
                t.paused_at = Some(now);
                let limit = SlaTarget::WorkingDays(ctx.rules.info_request_days);
                t.info_due_at = Some(match ctx.calendar {
                    Some(c) => c.deadline(now, &limit),
                    None => Calendar::always_open().deadline(now, &limit),
                });
                extra.push(Event::note(
                    EventKind::SlaPaused,
                    json!({ "clock": "resolution" }),
                ));
                json!({ "message": message })
            }
            Command::Reply { message, channel } => {
                end_pause(&mut t, ctx, &mut extra);
                json!({ "message": message, "channel": channel })
            }
            Command::ExpireInfoRequest => {
                let due = t.info_due_at;
                end_pause(&mut t, ctx, &mut extra);
                json!({ "info_due_at": due })
            }
            Command::PullBack { reason } => {
                let from_assignee = t.assignee_id.take();
                end_pause(&mut t, ctx, &mut extra);
                json!({ "reason": reason, "assignee_id": from_assignee })
            }
            Command::Release { reason } => {
                let from_assignee = t.assignee_id.take();
                end_pause(&mut t, ctx, &mut extra);
                json!({ "reason": reason.as_str(), "assignee_id": from_assignee })
            }
            Command::Assign { assignee_id } => {
                if t.assignee_id == Some(assignee_id) {
                    return Err(Refusal::AlreadyAssigned);
                }
                let from_assignee = t.assignee_id.replace(assignee_id);
                // From the queue, an assignment is a claim on the
                // colleague's behalf: the response clock is met.
                if t.claimed_at.is_none() {
                    t.claimed_at = Some(now);
                    t.claim_business_secs = Some(office_secs(ctx.calendar, t.created_at, now));
                }
                json!({ "assignee_id": assignee_id, "from_assignee_id": from_assignee })
            }
            Command::Resolve { resolution } => {
                t.first_responded_at.get_or_insert(now);
                t.resolved_at = Some(now);
                t.resolve_business_secs = Some(office_secs(ctx.calendar, t.created_at, now));
                t.resolution = Some(resolution.as_str().to_string());
                json!({ "resolution": resolution })
            }
            Command::Confirm {
                rating,
                feedback,
                channel,
            } => {
                t.rating = Some(i16::from(rating.get()));
                t.feedback = feedback.as_ref().map(|f| f.as_str().to_string());
                let dissatisfied = rating.get() <= DISSATISFIED_AT_MOST;
                if dissatisfied {
                    t.status = TicketStatus::UnderReview;
                } else {
                    t.closed_at = Some(now);
                }
                json!({
                    "rating": rating.get(),
                    "feedback": feedback,
                    "channel": channel,
                    "under_review": dissatisfied,
                })
            }
            Command::Reopen { reason } => {
                let resolved_at = t.resolved_at.unwrap_or(t.updated_at);
                if now > reopen_window_closes(resolved_at, ctx.rules.reopen_window) {
                    return Err(Refusal::ReopenWindowClosed {
                        days: ctx.rules.reopen_window.num_days(),
                    });
                }
                t.reopen_count += 1;
                t.resolved_at = None;
                t.resolution = None;
                // 重办: the resolution clock starts again from the reopening.
                if let Some((target, warning)) = &ctx.resolution_clock
                    && let Some(calendar) = ctx.calendar
                {
                    t.set_resolution_deadline(ClockDeadline::new(calendar, now, target, *warning));
                }
                json!({ "reason": reason, "reopen_count": t.reopen_count })
            }
            Command::GrantExtension {
                extension_id,
                extra,
            } => {
                if let Some(deadline) = t.resolution_deadline() {
                    let fallback;
                    let calendar = match ctx.calendar {
                        Some(c) => c,
                        None => {
                            fallback = Calendar::always_open();
                            &fallback
                        }
                    };
                    let due = calendar.deadline(deadline.due, &extra);
                    t.set_resolution_deadline(deadline.moved_to(calendar, due));
                }
                t.extension_count += 1;
                json!({
                    "extension_id": extension_id,
                    "resolution_due_at": t.resolution_due_at,
                })
            }
            Command::AutoClose { unconfirmed_days } => {
                t.closed_at = Some(now);
                json!({ "unconfirmed_days": unconfirmed_days })
            }
            Command::Comment {
                comment_id,
                body,
                internal,
            } => {
                // 首次响应: the first public word from the department.
                if !internal && role == Some(Role::Staff) {
                    t.first_responded_at.get_or_insert(now);
                }
                json!({ "comment_id": comment_id, "body": body })
            }
        };
        if !urge_can_wait(t.status, t.department_id) {
            t.urge_due_at = None;
        }
        let to = t.status;
        // A comment that leaves the row as it was (any but the first
        // response) keeps its version, so no client's `If-Match` goes stale
        // over it; every other command is a change of its own.
        let comment = matches!(kind, EventKind::Comment | EventKind::InternalNote);
        if t != *self || !comment {
            t.version = self.version + 1;
            t.updated_at = now;
        }
        // A grant or a comment records no status change.
        let moved = !matches!(
            kind,
            EventKind::ExtensionGranted | EventKind::Comment | EventKind::InternalNote
        );
        let mut events = vec![Event {
            kind,
            from: moved.then_some(from),
            to: moved.then_some(to),
            payload,
        }];
        events.append(&mut extra);
        Ok((t, events))
    }
}

/// Ends a pause of the resolution clock, if one is open: its deadline
/// moves out by the office time the pause lasted, which is added to the
/// ticket's paused time, and the timeline says so (`sla_resumed`). The
/// information request is over, answered or not.
fn end_pause(t: &mut Ticket, ctx: &Context, extra: &mut Vec<Event>) {
    t.info_due_at = None;
    let Some(paused_at) = t.paused_at.take() else {
        return;
    };
    let mut paused_secs = 0;
    if let Some(deadline) = t.resolution_deadline()
        && let Some(calendar) = ctx.calendar
    {
        let r = resume(calendar, deadline.due, paused_at, ctx.now);
        t.set_resolution_deadline(deadline.moved_to(calendar, r.due_at));
        paused_secs = r.paused.as_secs();
        t.paused_business_secs += paused_secs;
    }
    extra.push(Event::note(
        EventKind::SlaResumed,
        json!({
            "clock": "resolution",
            "paused_secs": paused_secs,
            "resolution_due_at": t.resolution_due_at,
        }),
    ));
}

/// Counts an urge and, when a department holds the ticket, sets the day
/// its answer is due (a new urge replaces an unanswered one's deadline).
fn urge(t: &mut Ticket, ctx: &Context, reply_within: UrgeDays) {
    t.urge_count += 1;
    t.last_urged_at = Some(ctx.now);
    if urge_can_wait(t.status, t.department_id) {
        let target = SlaTarget::WorkingDays(reply_within.get());
        t.urge_due_at = Some(match ctx.calendar {
            Some(c) => c.deadline(ctx.now, &target),
            None => Calendar::always_open().deadline(ctx.now, &target),
        });
    }
}

/// Whether a request for more time stays open in `status`: only while the
/// assignee still works the ticket.
pub fn keeps_extension_requests(status: TicketStatus) -> bool {
    matches!(
        status,
        TicketStatus::InProgress | TicketStatus::AwaitingEnterprise | TicketStatus::Escalated
    )
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use proptest::prelude::*;

    use super::*;
    use crate::domain::{calendar::BusinessDuration, sla_policy::WarnRatio, ticket::Scope};

    const ENTERPRISE: Uuid = Uuid::from_u128(1);
    const DEPT_A: Uuid = Uuid::from_u128(2);
    const DEPT_B: Uuid = Uuid::from_u128(3);
    const STAFF_A: Uuid = Uuid::from_u128(10);
    const STAFF_A2: Uuid = Uuid::from_u128(11);
    const STAFF_B: Uuid = Uuid::from_u128(12);
    const FILER: Uuid = Uuid::from_u128(13);
    const DISPATCHER: Uuid = Uuid::from_u128(14);
    const SUPERVISOR: Uuid = Uuid::from_u128(15);

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).single().unwrap()
    }

    fn filed() -> Ticket {
        Ticket {
            id: Uuid::from_u128(99),
            number: "2026-000001".into(),
            enterprise_id: ENTERPRISE,
            filer_id: FILER,
            channel: super::super::Channel::App,
            category: "hiring".into(),
            service_item_id: None,
            department_id: None,
            assignee_id: None,
            title: "招工".into(),
            description: "五十名操作工".into(),
            priority: super::super::Priority::Normal,
            status: TicketStatus::Submitted,
            sla_policy_id: Some(Uuid::from_u128(7)),
            response_due_at: Some(t0() + Duration::hours(1)),
            first_response_due_at: None,
            resolution_due_at: Some(t0() + Duration::days(1)),
            dispatched_at: None,
            claimed_at: None,
            first_responded_at: None,
            resolved_at: None,
            closed_at: None,
            paused_at: None,
            paused_business_secs: 0,
            rating: None,
            feedback: None,
            reopen_count: 0,
            urge_count: 0,
            last_urged_at: None,
            created_at: t0(),
            updated_at: t0(),
            version: 1,
            resolution: None,
            calendar_id: Some(Uuid::from_u128(8)),
            response_warn_at: Some(t0() + Duration::minutes(48)),
            first_response_warn_at: None,
            resolution_warn_at: Some(t0() + Duration::hours(19)),
            extension_count: 0,
            claim_business_secs: None,
            resolve_business_secs: None,
            info_due_at: None,
            merged_into_id: None,
            redo_count: 0,
            urge_due_at: None,
        }
    }

    /// The callers of the tests: (user id, role, scope).
    const CALLERS: [(Uuid, Role, Scope); 6] = [
        (FILER, Role::Enterprise, Scope::Enterprise(ENTERPRISE)),
        (STAFF_A, Role::Staff, Scope::Department(DEPT_A)),
        (STAFF_A2, Role::Staff, Scope::Department(DEPT_A)),
        (STAFF_B, Role::Staff, Scope::Department(DEPT_B)),
        (DISPATCHER, Role::Dispatcher, Scope::All),
        (SUPERVISOR, Role::Supervisor, Scope::All),
    ];

    fn by(caller: usize, t: &Ticket) -> By {
        let (id, role, scope) = CALLERS[caller % CALLERS.len()];
        By::User {
            id,
            role,
            relation: Relation::of(scope, id, t.enterprise_id, t.department_id, t.assignee_id),
        }
    }

    /// How many kinds of command [`command`] makes.
    const COMMANDS: usize = 28;

    /// STAFF_A2 acting as a lead of department A, where the ticket is.
    fn lead(t: &Ticket) -> By {
        let relation = Relation::of(
            Scope::Department(DEPT_A),
            STAFF_A2,
            t.enterprise_id,
            t.department_id,
            t.assignee_id,
        );
        By::User {
            id: STAFF_A2,
            role: Role::Staff,
            relation: relation.as_lead(Role::Staff, Operation::Act(Action::Assign)),
        }
    }

    fn command(n: usize) -> Command {
        let text = || Reason::parse("原因").unwrap();
        let message = || Message::parse("请补充材料").unwrap();
        match n % COMMANDS {
            0 => Command::Dispatch(Destination {
                department_id: DEPT_A,
                service_item: None,
            }),
            1 => Command::Dispatch(Destination {
                department_id: DEPT_B,
                service_item: Some((Uuid::from_u128(5), "schooling".into())),
            }),
            2 => Command::Claim,
            3 => Command::Return { reason: text() },
            4 => Command::Reject { reason: text() },
            5 => Command::Cancel { reason: None },
            6 => Command::RequestInfo { message: message() },
            7 => Command::Reply {
                message: message(),
                channel: None,
            },
            8 => Command::Escalate { reason: text() },
            9 => Command::Resolve {
                resolution: Resolution::parse("已解决").unwrap(),
            },
            10 => Command::Confirm {
                rating: Rating::new(4).unwrap(),
                feedback: None,
                channel: None,
            },
            11 => Command::Reopen { reason: text() },
            12 => Command::Urge {
                reason: text(),
                reply_within: UrgeDays::DEFAULT,
            },
            13 => Command::AutoClose {
                unconfirmed_days: 7,
            },
            14 => Command::GrantExtension {
                extension_id: Uuid::from_u128(77),
                extra: SlaTarget::WorkingDays(1),
            },
            15 | 16 => Command::Comment {
                comment_id: Uuid::from_u128(78),
                body: CommentBody::parse("已收到").unwrap(),
                internal: n % COMMANDS == 16,
            },
            17 => Command::PullBack { reason: text() },
            18 => Command::Assign {
                assignee_id: STAFF_A2,
            },
            19 => Command::ExpireInfoRequest,
            20 => Command::Release {
                reason: ReleaseReason::AssigneeDeactivated,
            },
            21 => Command::Confirm {
                rating: Rating::new(1).unwrap(),
                feedback: None,
                channel: None,
            },
            22 => Command::Close { note: text() },
            23 => Command::Redo {
                department_id: Some(DEPT_B),
                reason: text(),
            },
            24 => Command::Merge {
                into: MergeInto::Found(merge_target(ENTERPRISE, TicketStatus::InProgress)),
                reason: None,
            },
            25 => Command::UrgeReply {
                message: message(),
                internal: n.is_multiple_of(2),
            },
            26 => Command::AutoUrge {
                reply_within: UrgeDays::new(2).unwrap(),
            },
            _ => Command::Merge {
                into: MergeInto::Found(merge_target(Uuid::from_u128(4), TicketStatus::Submitted)),
                reason: None,
            },
        }
    }

    fn merge_target(enterprise_id: Uuid, status: TicketStatus) -> MergeTarget {
        MergeTarget {
            id: Uuid::from_u128(98),
            number: "2026-000000".into(),
            enterprise_id,
            status,
        }
    }

    fn warning() -> Warning {
        Warning {
            ratio: WarnRatio::new(0.8).unwrap(),
            lead: None::<BusinessDuration>,
        }
    }

    fn times(t: &Ticket) -> [Option<DateTime<Utc>>; 8] {
        [
            t.dispatched_at,
            t.claimed_at,
            t.first_responded_at,
            t.resolved_at,
            t.closed_at,
            t.paused_at,
            t.last_urged_at,
            Some(t.updated_at),
        ]
    }

    #[test]
    fn the_happy_path_and_its_events() {
        let calendar = Calendar::always_open();
        let rules = Rules::default();
        let mut now = t0();
        let mut t = filed();
        let steps = [
            (4, 0, TicketStatus::Dispatched),
            (1, 2, TicketStatus::InProgress),
            (1, 6, TicketStatus::AwaitingEnterprise),
            (0, 7, TicketStatus::InProgress),
            (1, 9, TicketStatus::Resolved),
            (0, 10, TicketStatus::Closed),
        ];
        for (caller, n, to) in steps {
            now += Duration::hours(1);
            let ctx = Context {
                by: by(caller, &t),
                now,
                rules: &rules,
                calendar: Some(&calendar),
                resolution_clock: None,
            };
            let (after, events) = t.apply(command(n), &ctx).unwrap();
            assert_eq!(after.status, to);
            assert_eq!(events[0].to, Some(to));
            t = after;
        }
        assert_eq!(t.version, 7);
        assert_eq!(t.assignee_id, Some(STAFF_A));
        // The hour waiting for the enterprise moved the deadline by an hour.
        assert_eq!(t.paused_business_secs, 3600);
        assert_eq!(t.resolution_due_at, Some(t0() + Duration::hours(25)));
        assert_eq!(t.claim_business_secs, Some(2 * 3600));
    }

    #[test]
    fn only_a_dispatch_names_a_target() {
        let to = Command::<&str>::Dispatch("shop floor").split_target::<Destination>();
        assert_eq!(to, Ok("shop floor"));
        for n in 2..COMMANDS {
            let c = command(n);
            assert_eq!(c.clone().split_target::<Destination>(), Err(c));
        }
    }

    #[test]
    fn the_first_public_staff_comment_is_the_first_response() {
        let rules = Rules::default();
        let mut t = filed();
        t.status = TicketStatus::InProgress;
        t.department_id = Some(DEPT_A);
        t.assignee_id = Some(STAFF_A);
        let comment = |internal| Command::Comment {
            comment_id: Uuid::from_u128(78),
            body: CommentBody::parse("已收到").unwrap(),
            internal,
        };
        let at = |caller: usize, hours: i64| Context {
            by: by(caller, &t),
            now: t0() + Duration::hours(hours),
            rules: &rules,
            calendar: None,
            resolution_clock: None,
        };
        // The enterprise's comment and a staff note are no response.
        for (caller, internal) in [(0, false), (1, true)] {
            let (after, events) = t.apply(comment(internal), &at(caller, 1)).unwrap();
            assert_eq!(after, t);
            assert_eq!(events[0].payload["comment_id"], json!(Uuid::from_u128(78)));
        }
        let (answered, events) = t.apply(comment(false), &at(2, 2)).unwrap();
        assert_eq!(events[0].kind, EventKind::Comment);
        assert_eq!(answered.first_responded_at, Some(t0() + Duration::hours(2)));
        assert_eq!(answered.version, t.version + 1);
        // The next one keeps the first response's time and the version.
        let (again, _) = answered.apply(comment(false), &at(1, 3)).unwrap();
        assert_eq!(again, answered);
        assert_eq!(
            t.apply(comment(true), &at(0, 1)).unwrap_err(),
            Refusal::Role("internal_note")
        );
        let mut closed = t.clone();
        closed.status = TicketStatus::Closed;
        assert_eq!(
            closed.apply(comment(false), &at(0, 1)).unwrap_err(),
            Refusal::Status {
                action: "comment on",
                current: TicketStatus::Closed
            }
        );
    }

    #[test]
    fn refusals_name_their_reason() {
        let rules = Rules::default();
        let t = filed();
        let ctx = |by| Context {
            by,
            now: t0() + Duration::days(30),
            rules: &rules,
            calendar: None,
            resolution_clock: None,
        };
        assert_eq!(
            t.apply(Command::Claim, &ctx(by(1, &t))).unwrap_err(),
            Refusal::Status {
                action: "claim",
                current: TicketStatus::Submitted
            }
        );
        assert_eq!(
            t.apply(Command::Claim, &ctx(By::Service)).unwrap_err(),
            Refusal::Role("claim")
        );
        let mut dispatched = t.clone();
        dispatched.status = TicketStatus::Dispatched;
        dispatched.department_id = Some(DEPT_A);
        dispatched.dispatched_at = Some(t0());
        assert!(matches!(
            dispatched.apply(command(3), &ctx(by(1, &dispatched))),
            Err(Refusal::ReturnWindowClosed { .. })
        ));
        let mut claimed = dispatched.clone();
        claimed.status = TicketStatus::InProgress;
        claimed.assignee_id = Some(STAFF_A);
        assert_eq!(
            claimed
                .apply(command(9), &ctx(by(2, &claimed)))
                .unwrap_err(),
            Refusal::NotAssignee("resolve")
        );
    }

    #[test]
    fn a_reopening_restarts_the_resolution_clock() {
        let calendar = Calendar::always_open();
        let rules = Rules::default();
        let mut t = filed();
        t.status = TicketStatus::Resolved;
        t.resolved_at = Some(t0() + Duration::hours(2));
        let now = t0() + Duration::days(2);
        let ctx = Context {
            by: by(0, &t),
            now,
            rules: &rules,
            calendar: Some(&calendar),
            resolution_clock: Some((
                SlaTarget::Business(BusinessDuration::from_secs(3600).unwrap()),
                warning(),
            )),
        };
        let (after, _) = t.apply(command(11), &ctx).unwrap();
        assert_eq!(after.resolution_due_at, Some(now + Duration::hours(1)));
        assert_eq!(after.reopen_count, 1);
        assert_eq!(after.resolved_at, None);
        let late = Context {
            now: t0() + Duration::days(10),
            ..ctx
        };
        assert_eq!(
            t.apply(command(11), &late).unwrap_err(),
            Refusal::ReopenWindowClosed { days: 7 }
        );
    }

    fn ctx_at<'a>(
        by: By,
        now: DateTime<Utc>,
        rules: &'a Rules,
        calendar: &'a Calendar,
    ) -> Context<'a> {
        Context {
            by,
            now,
            rules,
            calendar: Some(calendar),
            resolution_clock: Some((
                SlaTarget::Business(BusinessDuration::from_secs(7200).unwrap()),
                warning(),
            )),
        }
    }

    fn resolved_by_a() -> Ticket {
        let mut t = filed();
        t.status = TicketStatus::Resolved;
        t.department_id = Some(DEPT_A);
        t.assignee_id = Some(STAFF_A);
        t.resolved_at = Some(t0() + Duration::hours(2));
        t.resolution = Some("已解决".into());
        t
    }

    #[test]
    fn dissatisfaction_goes_to_review_then_close_or_redo() {
        let calendar = Calendar::always_open();
        let rules = Rules::default();
        let now = t0() + Duration::hours(3);
        let t = resolved_by_a();
        let (review, events) = t
            .apply(command(21), &ctx_at(by(0, &t), now, &rules, &calendar))
            .unwrap();
        assert_eq!(review.status, TicketStatus::UnderReview);
        assert_eq!(events[0].to, Some(TicketStatus::UnderReview));
        assert_eq!(review.closed_at, None);
        assert_eq!(review.rating, Some(1));
        // A satisfied rating still closes.
        let (closed, _) = t
            .apply(command(10), &ctx_at(by(0, &t), now, &rules, &calendar))
            .unwrap();
        assert_eq!(closed.status, TicketStatus::Closed);
        // Only the dispatcher decides; staff and supervisors may not.
        for caller in [1, 5] {
            assert!(matches!(
                review.apply(
                    command(22),
                    &ctx_at(by(caller, &review), now, &rules, &calendar)
                ),
                Err(Refusal::Role(_))
            ));
        }
        let (ended, _) = review
            .apply(command(22), &ctx_at(by(4, &review), now, &rules, &calendar))
            .unwrap();
        assert_eq!(ended.status, TicketStatus::Closed);
        assert_eq!(ended.closed_at, Some(now));
        let later = now + Duration::hours(1);
        let (redone, events) = review
            .apply(
                command(23),
                &ctx_at(by(4, &review), later, &rules, &calendar),
            )
            .unwrap();
        assert_eq!(redone.status, TicketStatus::Dispatched);
        assert_eq!(redone.department_id, Some(DEPT_B));
        assert_eq!(redone.assignee_id, None);
        assert_eq!(redone.redo_count, 1);
        assert_eq!(redone.resolved_at, None);
        assert_eq!(redone.resolution_due_at, Some(later + Duration::hours(2)));
        assert_eq!(events[0].payload["from_department_id"], json!(DEPT_A));
    }

    #[test]
    fn merging_refuses_itself_ended_tickets_and_other_enterprises() {
        let calendar = Calendar::always_open();
        let rules = Rules::default();
        let t = filed();
        let ctx = ctx_at(by(4, &t), t0(), &rules, &calendar);
        let merge = |into| Command::Merge {
            into: MergeInto::Found(into),
            reason: None,
        };
        let mut itself = merge_target(ENTERPRISE, TicketStatus::Submitted);
        itself.id = t.id;
        assert_eq!(
            t.apply(merge(itself), &ctx).unwrap_err(),
            Refusal::MergeIntoItself
        );
        assert_eq!(
            t.apply(merge(merge_target(ENTERPRISE, TicketStatus::Merged)), &ctx)
                .unwrap_err(),
            Refusal::MergeTargetFinal {
                status: TicketStatus::Merged
            }
        );
        assert_eq!(
            t.apply(merge(merge_target(DEPT_A, TicketStatus::Submitted)), &ctx)
                .unwrap_err(),
            Refusal::MergeAcrossEnterprises
        );
        let (merged, events) = t
            .apply(
                merge(merge_target(ENTERPRISE, TicketStatus::Resolved)),
                &ctx,
            )
            .unwrap();
        assert_eq!(merged.status, TicketStatus::Merged);
        assert_eq!(merged.merged_into_id, Some(Uuid::from_u128(98)));
        assert_eq!(events[0].payload["into_number"], "2026-000000");
        assert!(merged.status.is_final());
    }

    #[test]
    fn an_urge_awaits_its_answer_in_working_days() {
        let calendar = Calendar::always_open();
        let rules = Rules::default();
        let mut t = filed();
        t.status = TicketStatus::InProgress;
        t.department_id = Some(DEPT_A);
        t.assignee_id = Some(STAFF_A);
        let now = t0();
        let (urged, _) = t
            .apply(command(12), &ctx_at(by(5, &t), now, &rules, &calendar))
            .unwrap();
        let due = urged.urge_due_at.expect("a reply deadline");
        assert!(due > now && due <= now + Duration::days(2), "{due}");
        assert_eq!(urged.urge_count, 1);
        // A colleague may not answer for the assignee.
        assert_eq!(
            urged
                .apply(command(25), &ctx_at(by(2, &urged), now, &rules, &calendar))
                .unwrap_err(),
            Refusal::NotAssignee("urge_reply")
        );
        let (answered, events) = urged
            .apply(command(25), &ctx_at(by(1, &urged), now, &rules, &calendar))
            .unwrap();
        assert_eq!(answered.urge_due_at, None);
        assert_eq!(answered.status, TicketStatus::InProgress);
        assert_eq!(events[0].kind, EventKind::Action(Action::UrgeReply));
        assert_eq!(
            answered
                .apply(
                    command(25),
                    &ctx_at(by(1, &answered), now, &rules, &calendar)
                )
                .unwrap_err(),
            Refusal::NoPendingUrge
        );
        // The service urges too, but no user may pretend to be it.
        let (auto, events) = t
            .apply(command(26), &ctx_at(By::Service, now, &rules, &calendar))
            .unwrap();
        assert!(auto.urge_due_at.is_some());
        assert_eq!(events[0].payload["automatic"], true);
        assert!(
            t.apply(command(26), &ctx_at(by(5, &t), now, &rules, &calendar))
                .is_err()
        );
        // An urge on the call list carries no deadline: no department holds it.
        let submitted = filed();
        let (noted, _) = submitted
            .apply(
                command(12),
                &ctx_at(by(5, &submitted), now, &rules, &calendar),
            )
            .unwrap();
        assert_eq!(noted.urge_due_at, None);
        // Resolving ends the wait.
        let (resolved, _) = urged
            .apply(command(9), &ctx_at(by(1, &urged), now, &rules, &calendar))
            .unwrap();
        assert_eq!(resolved.urge_due_at, None);
    }

    proptest! {
        /// Any sequence of commands by anyone keeps the invariants: a final
        /// status stays final, each change bumps the version by one, no
        /// clock runs backwards, paused time is never negative and the
        /// pause is open exactly while the ticket awaits the enterprise.
        #[test]
        fn any_command_sequence_keeps_the_invariants(
            steps in proptest::collection::vec((0usize..8, 0usize..COMMANDS, 0i64..(3 * 86_400)), 1..60),
            with_calendar in any::<bool>(),
        ) {
            let calendar = Calendar::always_open();
            let rules = Rules::default();
            let mut t = filed();
            let mut now = t0();
            for (caller, n, advance) in steps {
                now += Duration::seconds(advance);
                let who = match caller {
                    6 => By::Service,
                    // STAFF_A2 as the lead of department A.
                    7 => lead(&t),
                    _ => by(caller, &t),
                };
                let ctx = Context {
                    by: who,
                    now,
                    rules: &rules,
                    calendar: with_calendar.then_some(&calendar),
                    resolution_clock: Some((SlaTarget::WorkingDays(1), warning())),
                };
                let result = t.apply(command(n), &ctx);
                let Ok((after, events)) = result else { continue };
                prop_assert!(!t.status.is_final(), "{:?} left {}", command(n), t.status);
                let first_response = matches!(who, By::User { role: Role::Staff, .. })
                    && matches!(command(n), Command::Comment { internal: false, .. })
                    && t.first_responded_at.is_none();
                if let Command::Comment { .. } = command(n) {
                    // A comment moves no status; the staff's first public
                    // one is the first response, and changes nothing else.
                    prop_assert_eq!((events.len(), events[0].from, events[0].to), (1, None, None));
                    let expected = match first_response {
                        true => Ticket {
                            first_responded_at: Some(now),
                            version: t.version + 1,
                            updated_at: now,
                            ..t.clone()
                        },
                        false => t.clone(),
                    };
                    prop_assert_eq!(&after, &expected);
                    t = after;
                    continue;
                }
                prop_assert_eq!(after.version, t.version + 1);
                prop_assert_eq!(after.updated_at, now);
                if events[0].kind == EventKind::ExtensionGranted {
                    prop_assert_eq!(after.status, t.status);
                    prop_assert!(after.resolution_due_at >= t.resolution_due_at);
                } else {
                    prop_assert_eq!(events[0].from, Some(t.status));
                    prop_assert_eq!(events[0].to, Some(after.status));
                }
                prop_assert!(after.paused_business_secs >= t.paused_business_secs);
                prop_assert!(after.paused_business_secs >= 0);
                prop_assert_eq!(
                    after.paused_at.is_some(),
                    after.status == TicketStatus::AwaitingEnterprise
                );
                prop_assert_eq!(
                    after.info_due_at.is_some(),
                    after.status == TicketStatus::AwaitingEnterprise
                );
                // A new information request's limit lies ahead; one already
                // running may have passed (the SLA job ends it, not this
                // command).
                if let Some(due) = after.info_due_at
                    && t.status != TicketStatus::AwaitingEnterprise
                {
                    prop_assert!(due > now);
                }
                // Someone works every claimed ticket; the queue has nobody.
                match after.status {
                    TicketStatus::InProgress | TicketStatus::AwaitingEnterprise => {
                        prop_assert!(after.assignee_id.is_some());
                    }
                    TicketStatus::Submitted | TicketStatus::Dispatched => {
                        prop_assert!(after.assignee_id.is_none());
                    }
                    _ => {}
                }
                for (before, later) in times(&t).into_iter().zip(times(&after)) {
                    if let Some(at) = later {
                        prop_assert!(at <= now, "a clock reads the future");
                    }
                    if let (Some(b), Some(a)) = (before, later) {
                        prop_assert!(a >= b, "a clock ran backwards");
                    }
                }
                prop_assert_eq!(after.created_at, t.created_at);
                if t.claimed_at.is_some() {
                    prop_assert_eq!(after.claimed_at, t.claimed_at);
                }
                if matches!(command(n), Command::Reply { .. }) {
                    prop_assert!(after.resolution_due_at >= t.resolution_due_at);
                }
                // A pending urge only while a department holds the ticket;
                // a merge names its target exactly when merged; a review
                // follows only a dissatisfied rating; counters only grow.
                if after.urge_due_at.is_some() {
                    prop_assert!(urge_can_wait(after.status, after.department_id));
                }
                prop_assert_eq!(
                    after.merged_into_id.is_some(),
                    after.status == TicketStatus::Merged
                );
                if after.status == TicketStatus::UnderReview {
                    prop_assert!(after.rating.is_some_and(|r| r <= 2));
                    prop_assert!(after.closed_at.is_none());
                }
                prop_assert!(after.redo_count >= t.redo_count);
                prop_assert!(after.urge_count >= t.urge_count);
                if matches!(command(n), Command::UrgeReply { .. }) {
                    prop_assert!(t.urge_due_at.is_some() && after.urge_due_at.is_none());
                }
                t = after;
            }
        }
    }
}
