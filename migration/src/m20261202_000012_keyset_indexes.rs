//! Keyset pages of a scope's tickets walk one index from the cursor on.
//!
//! A ticket list page is `scope AND (created_at, id) < (cursor) ORDER BY
//! created_at DESC, id DESC LIMIT n`. With the scope's index ending at
//! `created_at`, the `id` half of the cursor was a filter: the deeper the
//! page, the more rows were read and thrown away. These indexes end with
//! `id`, so the row-value comparison starts the index scan exactly at the
//! cursor and page 51 costs what page 1 does. They replace the two-column
//! `(department_id, created_at)` and `(enterprise_id, created_at)` indexes,
//! whose every use they also serve, so filing maintains no more indexes
//! than before.

use sea_orm_migration::prelude::*;

use crate::util::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tickets {
    Table,
    Id,
    DepartmentId,
    EnterpriseId,
    CreatedAt,
}

/// (new index, its leading column, the index it replaces)
const REPLACED: [(&str, Tickets, &str); 2] = [
    (
        "ix_tickets_department_created_id",
        Tickets::DepartmentId,
        "ix_tickets_department_created",
    ),
    (
        "ix_tickets_enterprise_created_id",
        Tickets::EnterpriseId,
        "ix_tickets_enterprise_created",
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, scope, old) in REPLACED {
            manager
                .create_index(index(
                    name,
                    Tickets::Table,
                    vec![
                        scope.into_iden(),
                        Tickets::CreatedAt.into_iden(),
                        Tickets::Id.into_iden(),
                    ],
                ))
                .await?;
            manager
                .drop_index(Index::drop().name(old).table(Tickets::Table).to_owned())
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, scope, old) in REPLACED {
            manager
                .create_index(index(
                    old,
                    Tickets::Table,
                    vec![scope.into_iden(), Tickets::CreatedAt.into_iden()],
                ))
                .await?;
            manager
                .drop_index(Index::drop().name(name).table(Tickets::Table).to_owned())
                .await?;
        }
        Ok(())
    }
}
