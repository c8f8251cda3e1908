//! The SLA engine's tables: when each clock warns (the yellow card's
//! instant, kept beside its deadline), the cards already shown (one per
//! clock per round, enforced by the key so several instances cannot both
//! record one), extension requests, and the office time each ticket took
//! to be claimed and resolved (counted once in the ticket's calendar, so
//! reports can average it in SQL).

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
enum Tickets {
    Table,
    Id,
    Status,
    ResponseWarnAt,
    FirstResponseWarnAt,
    ResolutionWarnAt,
    ExtensionCount,
    ResolvedAt,
    ClaimBusinessSecs,
    ResolveBusinessSecs,
}

#[derive(DeriveIden)]
enum SlaAlerts {
    Table,
    TicketId,
    Clock,
    Kind,
    Round,
    CreatedAt,
}

#[derive(DeriveIden)]
enum TicketExtensions {
    Table,
    Id,
    TicketId,
    RequestedBy,
    Reason,
    ExtraSecs,
    ExtraWorkingDays,
    Status,
    DecidedBy,
    DecisionNote,
    DecidedAt,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            timestamp_with_time_zone_null(Tickets::ResponseWarnAt),
            timestamp_with_time_zone_null(Tickets::FirstResponseWarnAt),
            timestamp_with_time_zone_null(Tickets::ResolutionWarnAt),
            integer(Tickets::ExtensionCount).default(0).take(),
            big_integer_null(Tickets::ClaimBusinessSecs),
            big_integer_null(Tickets::ResolveBusinessSecs),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Tickets::Table)
                        .add_column(column)
                        .take(),
                )
                .await?;
        }
        // The SLA job's scans: open tickets by status and instant.
        for (name, col) in [
            ("ix_tickets_status_response_warn", Tickets::ResponseWarnAt),
            (
                "ix_tickets_status_first_response_warn",
                Tickets::FirstResponseWarnAt,
            ),
            (
                "ix_tickets_status_resolution_warn",
                Tickets::ResolutionWarnAt,
            ),
            ("ix_tickets_status_resolved", Tickets::ResolvedAt),
        ] {
            manager
                .create_index(index(
                    name,
                    Tickets::Table,
                    vec![Tickets::Status.into_iden(), col.into_iden()],
                ))
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(SlaAlerts::Table)
                    .col(uuid(SlaAlerts::TicketId))
                    .col(string_len(SlaAlerts::Clock, 16))
                    .col(string_len(SlaAlerts::Kind, 16))
                    .col(integer(SlaAlerts::Round))
                    .col(timestamp_with_time_zone(SlaAlerts::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(SlaAlerts::TicketId)
                            .col(SlaAlerts::Clock)
                            .col(SlaAlerts::Kind)
                            .col(SlaAlerts::Round),
                    )
                    .foreign_key(&mut fk(
                        SlaAlerts::Table,
                        SlaAlerts::TicketId,
                        Tickets::Table,
                        Tickets::Id,
                    ))
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(TicketExtensions::Table)
                    .col(pk_uuid(TicketExtensions::Id))
                    .col(uuid(TicketExtensions::TicketId))
                    .col(uuid(TicketExtensions::RequestedBy))
                    .col(text(TicketExtensions::Reason))
                    .col(big_integer_null(TicketExtensions::ExtraSecs))
                    .col(integer_null(TicketExtensions::ExtraWorkingDays))
                    .col(string_len(TicketExtensions::Status, 16))
                    .col(uuid_null(TicketExtensions::DecidedBy))
                    .col(text_null(TicketExtensions::DecisionNote))
                    .col(timestamp_with_time_zone_null(TicketExtensions::DecidedAt))
                    .col(timestamp_with_time_zone(TicketExtensions::CreatedAt))
                    .foreign_key(&mut fk(
                        TicketExtensions::Table,
                        TicketExtensions::TicketId,
                        Tickets::Table,
                        Tickets::Id,
                    ))
                    .foreign_key(&mut fk(
                        TicketExtensions::Table,
                        TicketExtensions::RequestedBy,
                        Users::Table,
                        Users::Id,
                    ))
                    .foreign_key(&mut fk(
                        TicketExtensions::Table,
                        TicketExtensions::DecidedBy,
                        Users::Table,
                        Users::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_ticket_extensions_ticket",
                TicketExtensions::Table,
                vec![
                    TicketExtensions::TicketId.into_iden(),
                    TicketExtensions::Id.into_iden(),
                ],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            TicketExtensions::Table.into_iden(),
            SlaAlerts::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).take())
                .await?;
        }
        for name in [
            "ix_tickets_status_response_warn",
            "ix_tickets_status_first_response_warn",
            "ix_tickets_status_resolution_warn",
            "ix_tickets_status_resolved",
        ] {
            manager
                .drop_index(Index::drop().name(name).table(Tickets::Table).to_owned())
                .await?;
        }
        for column in [
            Tickets::ResolveBusinessSecs,
            Tickets::ClaimBusinessSecs,
            Tickets::ExtensionCount,
            Tickets::ResolutionWarnAt,
            Tickets::FirstResponseWarnAt,
            Tickets::ResponseWarnAt,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Tickets::Table)
                        .drop_column(column)
                        .take(),
                )
                .await?;
        }
        Ok(())
    }
}
