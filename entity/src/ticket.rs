//! The `tickets` table.

use sea_orm::entity::prelude::*;

use crate::enums::{Channel, Priority, TicketStatus};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "tickets")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub number: String,
    pub enterprise_id: Uuid,
    pub filer_id: Uuid,
    pub channel: Channel,
    pub category: String,
    pub service_item_id: Option<Uuid>,
    pub department_id: Option<Uuid>,
    pub assignee_id: Option<Uuid>,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub priority: Priority,
    pub status: TicketStatus,
    pub sla_policy_id: Option<Uuid>,
    pub response_due_at: Option<DateTimeUtc>,
    pub first_response_due_at: Option<DateTimeUtc>,
    pub resolution_due_at: Option<DateTimeUtc>,
    pub dispatched_at: Option<DateTimeUtc>,
    pub claimed_at: Option<DateTimeUtc>,
    pub first_responded_at: Option<DateTimeUtc>,
    pub resolved_at: Option<DateTimeUtc>,
    pub closed_at: Option<DateTimeUtc>,
    pub paused_at: Option<DateTimeUtc>,
    pub paused_business_secs: i64,
    pub rating: Option<i16>,
    #[sea_orm(column_type = "Text", nullable)]
    pub feedback: Option<String>,
    pub reopen_count: i32,
    pub urge_count: i32,
    pub last_urged_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
    #[sea_orm(column_type = "Text", nullable)]
    pub resolution: Option<String>,
    /// The calendar the deadlines are counted in, fixed at filing.
    pub calendar_id: Option<Uuid>,
    /// When each clock shows its yellow card; moves with its deadline.
    pub response_warn_at: Option<DateTimeUtc>,
    pub first_response_warn_at: Option<DateTimeUtc>,
    pub resolution_warn_at: Option<DateTimeUtc>,
    /// Extensions granted so far.
    pub extension_count: i32,
    /// Office seconds from filing to the first claim.
    pub claim_business_secs: Option<i64>,
    /// Office seconds from filing to the latest resolution.
    pub resolve_business_secs: Option<i64>,
    /// When the open information request expires (set while awaiting the
    /// enterprise).
    pub info_due_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
