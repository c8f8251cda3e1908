//! The ticket as the domain knows it: every closed set a real enum, read
//! from and written to its row in one place (`store::tickets::mapping`).

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{
    fields::{Channel, Priority},
    status::TicketStatus,
};

#[derive(Clone, Debug, PartialEq)]
pub struct Ticket {
    pub id: Uuid,
    pub number: String,
    pub enterprise_id: Uuid,
    pub filer_id: Uuid,
    pub channel: Channel,
    pub category: String,
    pub service_item_id: Option<Uuid>,
    pub department_id: Option<Uuid>,
    pub assignee_id: Option<Uuid>,
    pub title: String,
    pub description: String,
    pub priority: Priority,
    pub status: TicketStatus,
    pub sla_policy_id: Option<Uuid>,
    pub response_due_at: Option<DateTime<Utc>>,
    pub first_response_due_at: Option<DateTime<Utc>>,
    pub resolution_due_at: Option<DateTime<Utc>>,
    pub dispatched_at: Option<DateTime<Utc>>,
    pub claimed_at: Option<DateTime<Utc>>,
    pub first_responded_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub paused_at: Option<DateTime<Utc>>,
    pub paused_business_secs: i64,
    pub rating: Option<i16>,
    pub feedback: Option<String>,
    pub reopen_count: i32,
    pub urge_count: i32,
    pub last_urged_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
    pub resolution: Option<String>,
    /// The calendar the deadlines are counted in, fixed at filing.
    pub calendar_id: Option<Uuid>,
    /// When each clock shows its yellow card; moves with its deadline.
    pub response_warn_at: Option<DateTime<Utc>>,
    pub first_response_warn_at: Option<DateTime<Utc>>,
    pub resolution_warn_at: Option<DateTime<Utc>>,
    /// Extensions granted so far.
    pub extension_count: i32,
    /// Office seconds from filing to the first claim.
    pub claim_business_secs: Option<i64>,
    /// Office seconds from filing to the latest resolution.
    pub resolve_business_secs: Option<i64>,
    /// When the open information request expires: the SLA job then
    /// resumes the clock and hands the ticket back (set exactly while it
    /// awaits the enterprise).
    pub info_due_at: Option<DateTime<Utc>>,
}
