//! Failed sign-ins, counted per login to throttle password guessing. Kept
//! in the database so every instance behind the load balancer sees them.

use sea_orm_migration::{prelude::*, schema::*};

use crate::util::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

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
                    .table(LoginFailures::Table)
                    .col(pk_uuid(LoginFailures::Id))
                    .col(string_len(LoginFailures::Login, 64))
                    .col(timestamp_with_time_zone(LoginFailures::CreatedAt))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_login_failures_login_created",
                LoginFailures::Table,
                vec![
                    LoginFailures::Login.into_iden(),
                    LoginFailures::CreatedAt.into_iden(),
                ],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(LoginFailures::Table).take())
            .await
    }
}
