//! Throttle counters: one row per key (a login from an address, an
//! address, a login, a user's filings), each a fixed window counted by a
//! single upsert so that concurrent requests on any instance cannot check
//! more than the limit (the `login_failures` rows were read, then
//! written: a check-then-insert race). Times are Unix milliseconds, which
//! compare alike on both back ends. `login_failures` goes.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ThrottleCounters {
    Table,
    Key,
    WindowStart,
    WindowMs,
    Attempts,
    MaxAttempts,
    SlowMs,
    SlotAt,
    SlotId,
}

#[derive(DeriveIden)]
enum LoginFailures {
    Table,
    Id,
    Login,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ThrottleCounters::Table)
                    .col(string_len(ThrottleCounters::Key, 200).primary_key())
                    .col(big_integer(ThrottleCounters::WindowStart))
                    .col(big_integer(ThrottleCounters::WindowMs))
                    .col(big_integer(ThrottleCounters::Attempts))
                    .col(big_integer(ThrottleCounters::MaxAttempts))
                    .col(big_integer(ThrottleCounters::SlowMs))
                    .col(big_integer(ThrottleCounters::SlotAt))
                    .col(string_len(ThrottleCounters::SlotId, 36))
                    .take(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(LoginFailures::Table).take())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(LoginFailures::Table)
                    .col(pk_uuid(LoginFailures::Id))
                    .col(string_len(LoginFailures::Login, 64))
                    .col(timestamp_with_time_zone(LoginFailures::CreatedAt))
                    .take(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(ThrottleCounters::Table).take())
            .await
    }
}
