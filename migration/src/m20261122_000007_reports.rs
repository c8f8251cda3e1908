//! What the reports need from the schema.
//!
//! Indexes: the return events (a ticket counts as returned when one
//! exists; the summary collects them with an index-only scan instead of
//! reading the whole timeline), and a department's tickets of a period
//! (staff see only their department's figures). The overdue list walks the
//! existing `(created_at, id)` index.
//!
//! On PostgreSQL, the aggregate `report_values(double precision)`: it
//! collects a group's values into an array, appending in place
//! (`array_append` on the aggregate's own expanded array) and combining the
//! parallel workers' arrays with `array_cat`. The built-in `array_agg` has
//! no combine function before PostgreSQL 16, which would keep the whole
//! summary out of parallel aggregation; the p90 is then taken with
//! `percentile_cont` over each group's array (see `reports::percentile`).
//! SQLite computes its p90 with window functions and needs nothing here.

use sea_orm_migration::{prelude::*, sea_orm::DbBackend};

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

/// Named in the service as `reports::percentile::COLLECT`.
const CREATE_COLLECT: &str = "CREATE AGGREGATE report_values(double precision) (\
    SFUNC = array_append, STYPE = double precision[], \
    COMBINEFUNC = array_cat, INITCOND = '{}', PARALLEL = SAFE)";
const DROP_COLLECT: &str = "DROP AGGREGATE IF EXISTS report_values(double precision)";
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
            .await?;
        if manager.get_database_backend() == DbBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared(CREATE_COLLECT)
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DbBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared(DROP_COLLECT)
                .await?;
        }
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
