//! The closed sets of text the ticket tables hold, as sea-orm active enums:
//! a value outside the set fails to load instead of travelling on as a
//! string. The stored text is the same as before (CHECK constraints from
//! migration `m20261202_000008_check_enums` hold the database to it); the
//! service crate maps each enum once onto its domain twin.

use sea_orm::entity::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
pub enum TicketStatus {
    #[sea_orm(string_value = "submitted")]
    Submitted,
    #[sea_orm(string_value = "dispatched")]
    Dispatched,
    #[sea_orm(string_value = "in_progress")]
    InProgress,
    #[sea_orm(string_value = "awaiting_enterprise")]
    AwaitingEnterprise,
    #[sea_orm(string_value = "escalated")]
    Escalated,
    #[sea_orm(string_value = "resolved")]
    Resolved,
    #[sea_orm(string_value = "closed")]
    Closed,
    #[sea_orm(string_value = "rejected")]
    Rejected,
    #[sea_orm(string_value = "cancelled")]
    Cancelled,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum Priority {
    #[sea_orm(string_value = "normal")]
    Normal,
    #[sea_orm(string_value = "urgent")]
    Urgent,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum Channel {
    #[sea_orm(string_value = "app")]
    App,
    #[sea_orm(string_value = "hotline")]
    Hotline,
    #[sea_orm(string_value = "visit")]
    Visit,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum ExtensionStatus {
    #[sea_orm(string_value = "requested")]
    Requested,
    #[sea_orm(string_value = "granted")]
    Granted,
    #[sea_orm(string_value = "denied")]
    Denied,
    /// The ticket was resolved or ended before anyone decided.
    #[sea_orm(string_value = "lapsed")]
    Lapsed,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
pub enum EventKind {
    #[sea_orm(string_value = "filed")]
    Filed,
    #[sea_orm(string_value = "dispatch")]
    Dispatch,
    #[sea_orm(string_value = "claim")]
    Claim,
    #[sea_orm(string_value = "return")]
    Return,
    #[sea_orm(string_value = "reject")]
    Reject,
    #[sea_orm(string_value = "cancel")]
    Cancel,
    #[sea_orm(string_value = "request_info")]
    RequestInfo,
    #[sea_orm(string_value = "reply")]
    Reply,
    #[sea_orm(string_value = "escalate")]
    Escalate,
    #[sea_orm(string_value = "resolve")]
    Resolve,
    #[sea_orm(string_value = "confirm")]
    Confirm,
    #[sea_orm(string_value = "reopen")]
    Reopen,
    #[sea_orm(string_value = "urge")]
    Urge,
    #[sea_orm(string_value = "comment")]
    Comment,
    #[sea_orm(string_value = "internal_note")]
    InternalNote,
    #[sea_orm(string_value = "sla_paused")]
    SlaPaused,
    #[sea_orm(string_value = "sla_resumed")]
    SlaResumed,
    #[sea_orm(string_value = "sla_warning")]
    SlaWarning,
    #[sea_orm(string_value = "sla_breached")]
    SlaBreached,
    #[sea_orm(string_value = "auto_close")]
    AutoClose,
    #[sea_orm(string_value = "extension_requested")]
    ExtensionRequested,
    #[sea_orm(string_value = "extension_granted")]
    ExtensionGranted,
    #[sea_orm(string_value = "extension_denied")]
    ExtensionDenied,
    #[sea_orm(string_value = "pull_back")]
    PullBack,
    #[sea_orm(string_value = "assign")]
    Assign,
    #[sea_orm(string_value = "released")]
    Released,
    #[sea_orm(string_value = "info_request_expired")]
    InfoRequestExpired,
}
