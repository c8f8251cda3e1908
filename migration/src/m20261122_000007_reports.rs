//! Indexes the reports read through: the return events (a ticket counts as
//! returned when one exists; the summary collects them with an index-only
//! scan instead of reading the whole timeline), a department's tickets of
//! a period (staff see only their department's rows). The overdue list
//! walks the existing `(created_at, id)` index in its own order.

use sea_orm_migration::prelude::*;

use crate::util::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tickets {
    Table,
    DepartmentId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum TicketEvents {
    Table,
    Kind,
    TicketId,
}

const EVENTS_KIND_TICKET: &str = "ix_ticket_events_kind_ticket";
const TICKETS_DEPARTMENT_CREATED: &str = "ix_tickets_department_created";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(index(
                EVENTS_KIND_TICKET,
                TicketEvents::Table,
                vec![
                    TicketEvents::Kind.into_iden(),
                    TicketEvents::TicketId.into_iden(),
                ],
            ))
            .await?;
        manager
            .create_index(index(
                TICKETS_DEPARTMENT_CREATED,
                Tickets::Table,
                vec![
                    Tickets::DepartmentId.into_iden(),
                    Tickets::CreatedAt.into_iden(),
                ],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name(EVENTS_KIND_TICKET)
                    .table(TicketEvents::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name(TICKETS_DEPARTMENT_CREATED)
                    .table(Tickets::Table)
                    .to_owned(),
            )
            .await
    }
}
