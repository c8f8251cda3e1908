//! The `ticket_extensions` table: requests for more time (延期) and the
//! dispatcher's decision on each.

use sea_orm::entity::prelude::*;

use crate::enums::ExtensionStatus;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "ticket_extensions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub ticket_id: Uuid,
    pub requested_by: Uuid,
    #[sea_orm(column_type = "Text")]
    pub reason: String,
    /// The extra time: business seconds or working days, one of the two.
    pub extra_secs: Option<i64>,
    pub extra_working_days: Option<i32>,
    pub status: ExtensionStatus,
    pub decided_by: Option<Uuid>,
    #[sea_orm(column_type = "Text", nullable)]
    pub decision_note: Option<String>,
    pub decided_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
