//! Tickets, their append-only event trail and their comments.

use sea_orm_migration::{prelude::*, schema::*};

use crate::util::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}
#[derive(DeriveIden)]
enum Enterprises {
    Table,
    Id,
}
#[derive(DeriveIden)]
enum Departments {
    Table,
    Id,
}
#[derive(DeriveIden)]
enum Categories {
    Table,
    Code,
}
#[derive(DeriveIden)]
enum ServiceItems {
    Table,
    Id,
}
#[derive(DeriveIden)]
enum SlaPolicies {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Tickets {
    Table,
    Id,
    Number,
    EnterpriseId,
    FilerId,
    Channel,
    Category,
    ServiceItemId,
    DepartmentId,
    AssigneeId,
    Title,
    Description,
    Priority,
    Status,
    SlaPolicyId,
    ResponseDueAt,
    FirstResponseDueAt,
    ResolutionDueAt,
    DispatchedAt,
    ClaimedAt,
    FirstRespondedAt,
    ResolvedAt,
    ClosedAt,
    PausedAt,
    PausedBusinessSecs,
    Rating,
    Feedback,
    ReopenCount,
    UrgeCount,
    LastUrgedAt,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum TicketEvents {
    Table,
    Id,
    TicketId,
    ActorId,
    ActorRole,
    Kind,
    FromStatus,
    ToStatus,
    Payload,
    CreatedAt,
}

#[derive(DeriveIden)]
enum TicketComments {
    Table,
    Id,
    TicketId,
    AuthorId,
    Body,
    Internal,
    CreatedAt,
}

fn ts(col: impl IntoIden) -> ColumnDef {
    timestamp_with_time_zone(col)
}
fn ts_null(col: impl IntoIden) -> ColumnDef {
    timestamp_with_time_zone_null(col)
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Tickets::Table)
                    .col(pk_uuid(Tickets::Id))
                    .col(string_len_uniq(Tickets::Number, 16))
                    .col(uuid(Tickets::EnterpriseId))
                    .col(uuid(Tickets::FilerId))
                    .col(string_len(Tickets::Channel, 16))
                    .col(string_len(Tickets::Category, 32))
                    .col(uuid_null(Tickets::ServiceItemId))
                    .col(uuid_null(Tickets::DepartmentId))
                    .col(uuid_null(Tickets::AssigneeId))
                    .col(string_len(Tickets::Title, 200))
                    .col(text(Tickets::Description))
                    .col(string_len(Tickets::Priority, 16))
                    .col(string_len(Tickets::Status, 32))
                    .col(uuid_null(Tickets::SlaPolicyId))
                    .col(ts_null(Tickets::ResponseDueAt))
                    .col(ts_null(Tickets::FirstResponseDueAt))
                    .col(ts_null(Tickets::ResolutionDueAt))
                    .col(ts_null(Tickets::DispatchedAt))
                    .col(ts_null(Tickets::ClaimedAt))
                    .col(ts_null(Tickets::FirstRespondedAt))
                    .col(ts_null(Tickets::ResolvedAt))
                    .col(ts_null(Tickets::ClosedAt))
                    .col(ts_null(Tickets::PausedAt))
                    .col(big_integer(Tickets::PausedBusinessSecs).default(0))
                    .col(small_integer_null(Tickets::Rating))
                    .col(text_null(Tickets::Feedback))
                    .col(integer(Tickets::ReopenCount).default(0))
                    .col(integer(Tickets::UrgeCount).default(0))
                    .col(ts_null(Tickets::LastUrgedAt))
                    .col(ts(Tickets::CreatedAt))
                    .col(ts(Tickets::UpdatedAt))
                    .col(integer(Tickets::Version).default(1))
                    .foreign_key(&mut fk(
                        Tickets::Table,
                        Tickets::EnterpriseId,
                        Enterprises::Table,
                        Enterprises::Id,
                    ))
                    .foreign_key(&mut fk(
                        Tickets::Table,
                        Tickets::FilerId,
                        Users::Table,
                        Users::Id,
                    ))
                    .foreign_key(&mut fk(
                        Tickets::Table,
                        Tickets::Category,
                        Categories::Table,
                        Categories::Code,
                    ))
                    .foreign_key(&mut fk(
                        Tickets::Table,
                        Tickets::ServiceItemId,
                        ServiceItems::Table,
                        ServiceItems::Id,
                    ))
                    .foreign_key(&mut fk(
                        Tickets::Table,
                        Tickets::DepartmentId,
                        Departments::Table,
                        Departments::Id,
                    ))
                    .foreign_key(&mut fk(
                        Tickets::Table,
                        Tickets::AssigneeId,
                        Users::Table,
                        Users::Id,
                    ))
                    .foreign_key(&mut fk(
                        Tickets::Table,
                        Tickets::SlaPolicyId,
                        SlaPolicies::Table,
                        SlaPolicies::Id,
                    ))
                    .take(),
            )
            .await?;
        // The list filters and the report GROUP BYs read through these.
        let ticket_indexes: [(&str, Vec<DynIden>); 6] = [
            (
                "ix_tickets_status_created",
                vec![Tickets::Status.into_iden(), Tickets::CreatedAt.into_iden()],
            ),
            (
                "ix_tickets_department_status",
                vec![
                    Tickets::DepartmentId.into_iden(),
                    Tickets::Status.into_iden(),
                ],
            ),
            (
                "ix_tickets_enterprise_created",
                vec![
                    Tickets::EnterpriseId.into_iden(),
                    Tickets::CreatedAt.into_iden(),
                ],
            ),
            (
                "ix_tickets_assignee_status",
                vec![Tickets::AssigneeId.into_iden(), Tickets::Status.into_iden()],
            ),
            (
                "ix_tickets_category_created",
                vec![
                    Tickets::Category.into_iden(),
                    Tickets::CreatedAt.into_iden(),
                ],
            ),
            (
                "ix_tickets_resolution_due",
                vec![Tickets::ResolutionDueAt.into_iden()],
            ),
        ];
        for (name, cols) in ticket_indexes {
            manager
                .create_index(index(name, Tickets::Table, cols))
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(TicketEvents::Table)
                    .col(pk_uuid(TicketEvents::Id))
                    .col(uuid(TicketEvents::TicketId))
                    .col(uuid_null(TicketEvents::ActorId))
                    .col(string_len_null(TicketEvents::ActorRole, 16))
                    .col(string_len(TicketEvents::Kind, 32))
                    .col(string_len_null(TicketEvents::FromStatus, 32))
                    .col(string_len_null(TicketEvents::ToStatus, 32))
                    .col(json_binary(TicketEvents::Payload))
                    .col(ts(TicketEvents::CreatedAt))
                    .foreign_key(&mut fk(
                        TicketEvents::Table,
                        TicketEvents::TicketId,
                        Tickets::Table,
                        Tickets::Id,
                    ))
                    .foreign_key(&mut fk(
                        TicketEvents::Table,
                        TicketEvents::ActorId,
                        Users::Table,
                        Users::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_ticket_events_ticket",
                TicketEvents::Table,
                vec![
                    TicketEvents::TicketId.into_iden(),
                    TicketEvents::Id.into_iden(),
                ],
            ))
            .await?;
        manager
            .create_index(index(
                "ix_ticket_events_kind_created",
                TicketEvents::Table,
                vec![
                    TicketEvents::Kind.into_iden(),
                    TicketEvents::CreatedAt.into_iden(),
                ],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(TicketComments::Table)
                    .col(pk_uuid(TicketComments::Id))
                    .col(uuid(TicketComments::TicketId))
                    .col(uuid(TicketComments::AuthorId))
                    .col(text(TicketComments::Body))
                    .col(boolean(TicketComments::Internal).default(false))
                    .col(ts(TicketComments::CreatedAt))
                    .foreign_key(&mut fk(
                        TicketComments::Table,
                        TicketComments::TicketId,
                        Tickets::Table,
                        Tickets::Id,
                    ))
                    .foreign_key(&mut fk(
                        TicketComments::Table,
                        TicketComments::AuthorId,
                        Users::Table,
                        Users::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_ticket_comments_ticket",
                TicketComments::Table,
                vec![
                    TicketComments::TicketId.into_iden(),
                    TicketComments::Id.into_iden(),
                ],
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            TicketComments::Table.into_iden(),
            TicketEvents::Table.into_iden(),
            Tickets::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).take())
                .await?;
        }
        Ok(())
    }
}
