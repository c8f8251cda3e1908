//! The `calendar_days` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "calendar_days")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub calendar_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: Date,
    /// `holiday` (a date off) or `workday` (a make-up working day).
    pub kind: String,
    /// For a make-up day: the weekday whose office hours it uses (`mon`..`sun`).
    pub uses_weekday: Option<String>,
    pub note: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
