//! The `ticket_events` table.

use sea_orm::entity::prelude::*;

use crate::enums::{EventKind, TicketStatus};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "ticket_events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub ticket_id: Uuid,
    pub actor_id: Option<Uuid>,
    pub actor_role: Option<String>,
    pub kind: EventKind,
    pub from_status: Option<TicketStatus>,
    pub to_status: Option<TicketStatus>,
    #[sea_orm(column_type = "JsonBinary")]
    pub payload: Json,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
