//! What the ticket workflow needs beyond the first ticket tables: the
//! resolution text, the calendar a ticket's deadlines are counted in, the
//! per-year ticket number counter and the idempotency keys of filing.

use sea_orm_migration::{prelude::*, schema::*};

use crate::util::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tickets {
    Table,
    Id,
    Resolution,
    CalendarId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum TicketCounters {
    Table,
    Year,
    Last,
}

#[derive(DeriveIden)]
enum IdempotencyKeys {
    Table,
    UserId,
    Key,
    RequestHash,
    Status,
    Response,
    CreatedAt,
    ExpiresAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite takes one column per ALTER TABLE.
        for column in [
            text_null(Tickets::Resolution),
            uuid_null(Tickets::CalendarId),
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
        // The default list order: newest first, ties broken by id.
        manager
            .create_index(index(
                "ix_tickets_created_id",
                Tickets::Table,
                vec![Tickets::CreatedAt.into_iden(), Tickets::Id.into_iden()],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(TicketCounters::Table)
                    .col(integer(TicketCounters::Year).primary_key())
                    .col(big_integer(TicketCounters::Last))
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(IdempotencyKeys::Table)
                    .col(uuid(IdempotencyKeys::UserId))
                    .col(string_len(IdempotencyKeys::Key, 255))
                    .col(string_len(IdempotencyKeys::RequestHash, 64))
                    .col(small_integer(IdempotencyKeys::Status))
                    .col(text(IdempotencyKeys::Response))
                    .col(timestamp_with_time_zone(IdempotencyKeys::CreatedAt))
                    .col(timestamp_with_time_zone(IdempotencyKeys::ExpiresAt))
                    .primary_key(
                        Index::create()
                            .col(IdempotencyKeys::UserId)
                            .col(IdempotencyKeys::Key),
                    )
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_idempotency_keys_expires",
                IdempotencyKeys::Table,
                vec![IdempotencyKeys::ExpiresAt.into_iden()],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            IdempotencyKeys::Table.into_iden(),
            TicketCounters::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).take())
                .await?;
        }
        for column in [Tickets::CalendarId, Tickets::Resolution] {
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
