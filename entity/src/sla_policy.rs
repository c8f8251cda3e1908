//! The `sla_policies` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "sla_policies")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub name: String,
    pub calendar_id: Uuid,
    #[sea_orm(column_type = "Double")]
    pub warn_ratio: f64,
    pub warn_lead_secs: Option<i64>,
    pub active: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    // Each clock: business seconds or working days, exactly one of the pair.
    pub response_secs: Option<i64>,
    pub response_days: Option<i64>,
    pub first_response_secs: Option<i64>,
    pub first_response_days: Option<i64>,
    pub resolution_secs: Option<i64>,
    pub resolution_days: Option<i64>,
    pub urgent_response_secs: Option<i64>,
    pub urgent_response_days: Option<i64>,
    pub urgent_first_response_secs: Option<i64>,
    pub urgent_first_response_days: Option<i64>,
    pub urgent_resolution_secs: Option<i64>,
    pub urgent_resolution_days: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
