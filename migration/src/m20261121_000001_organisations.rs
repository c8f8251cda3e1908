//! Departments, industry chains, enterprises, users and their sessions.

use sea_orm_migration::{prelude::*, schema::*};

use crate::util::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Departments {
    Table,
    Id,
    Code,
    Name,
    Active,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum IndustryChains {
    Table,
    Id,
    Name,
    Description,
    LeadEnterpriseId,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Enterprises {
    Table,
    Id,
    Name,
    CreditCode,
    ChainId,
    Address,
    ContactName,
    ContactPhone,
    Active,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Login,
    DisplayName,
    PasswordHash,
    Role,
    DepartmentId,
    EnterpriseId,
    Active,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    UserId,
    CreatedAt,
    ExpiresAt,
    RevokedAt,
    RevokedReason,
}

#[derive(DeriveIden)]
enum RefreshTokens {
    Table,
    Id,
    SessionId,
    TokenHash,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

fn ts(col: impl IntoIden) -> ColumnDef {
    timestamp_with_time_zone(col)
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let sqlite = manager.get_database_backend() == sea_orm::DbBackend::Sqlite;

        manager
            .create_table(
                Table::create()
                    .table(Departments::Table)
                    .col(pk_uuid(Departments::Id))
                    .col(string_len_uniq(Departments::Code, 32))
                    .col(string_len(Departments::Name, 100))
                    .col(boolean(Departments::Active).default(true))
                    .col(ts(Departments::CreatedAt))
                    .col(ts(Departments::UpdatedAt))
                    .take(),
            )
            .await?;

        // Chains and enterprises point at each other (a chain's lead
        // enterprise belongs to the chain). SQLite accepts a forward reference
        // at CREATE time but cannot add a constraint later; PostgreSQL needs
        // the target to exist, so there the key is added after both tables.
        let mut chains = Table::create()
            .table(IndustryChains::Table)
            .col(pk_uuid(IndustryChains::Id))
            .col(string_len_uniq(IndustryChains::Name, 100))
            .col(text(IndustryChains::Description).default(""))
            .col(uuid_null(IndustryChains::LeadEnterpriseId))
            .col(ts(IndustryChains::CreatedAt))
            .col(ts(IndustryChains::UpdatedAt))
            .take();
        let lead_fk = fk(
            IndustryChains::Table,
            IndustryChains::LeadEnterpriseId,
            Enterprises::Table,
            Enterprises::Id,
        )
        .name("fk_industry_chains_lead_enterprise")
        .take();
        if sqlite {
            chains.foreign_key(&mut lead_fk.clone());
        }
        manager.create_table(chains).await?;

        manager
            .create_table(
                Table::create()
                    .table(Enterprises::Table)
                    .col(pk_uuid(Enterprises::Id))
                    .col(string_len(Enterprises::Name, 200))
                    .col(char_len_uniq(Enterprises::CreditCode, 18))
                    .col(uuid_null(Enterprises::ChainId))
                    .col(string_len(Enterprises::Address, 300).default(""))
                    .col(string_len(Enterprises::ContactName, 100).default(""))
                    .col(string_len(Enterprises::ContactPhone, 40).default(""))
                    .col(boolean(Enterprises::Active).default(true))
                    .col(ts(Enterprises::CreatedAt))
                    .col(ts(Enterprises::UpdatedAt))
                    .foreign_key(&mut fk(
                        Enterprises::Table,
                        Enterprises::ChainId,
                        IndustryChains::Table,
                        IndustryChains::Id,
                    ))
                    .take(),
            )
            .await?;
        if !sqlite {
            manager.create_foreign_key(lead_fk).await?;
        }
        manager
            .create_index(index(
                "ix_enterprises_chain",
                Enterprises::Table,
                vec![Enterprises::ChainId.into_iden()],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(pk_uuid(Users::Id))
                    .col(string_len_uniq(Users::Login, 64))
                    .col(string_len(Users::DisplayName, 100).default(""))
                    .col(text(Users::PasswordHash))
                    .col(string_len(Users::Role, 16))
                    .col(uuid_null(Users::DepartmentId))
                    .col(uuid_null(Users::EnterpriseId))
                    .col(boolean(Users::Active).default(true))
                    .col(ts(Users::CreatedAt))
                    .col(ts(Users::UpdatedAt))
                    .foreign_key(&mut fk(
                        Users::Table,
                        Users::DepartmentId,
                        Departments::Table,
                        Departments::Id,
                    ))
                    .foreign_key(&mut fk(
                        Users::Table,
                        Users::EnterpriseId,
                        Enterprises::Table,
                        Enterprises::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_users_department",
                Users::Table,
                vec![Users::DepartmentId.into_iden()],
            ))
            .await?;
        manager
            .create_index(index(
                "ix_users_enterprise",
                Users::Table,
                vec![Users::EnterpriseId.into_iden()],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .col(pk_uuid(Sessions::Id))
                    .col(uuid(Sessions::UserId))
                    .col(ts(Sessions::CreatedAt))
                    .col(ts(Sessions::ExpiresAt))
                    .col(timestamp_with_time_zone_null(Sessions::RevokedAt))
                    .col(string_len_null(Sessions::RevokedReason, 32))
                    .foreign_key(&mut fk(
                        Sessions::Table,
                        Sessions::UserId,
                        Users::Table,
                        Users::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_sessions_user",
                Sessions::Table,
                vec![Sessions::UserId.into_iden()],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(RefreshTokens::Table)
                    .col(pk_uuid(RefreshTokens::Id))
                    .col(uuid(RefreshTokens::SessionId))
                    .col(char_len_uniq(RefreshTokens::TokenHash, 64))
                    .col(ts(RefreshTokens::CreatedAt))
                    .col(ts(RefreshTokens::ExpiresAt))
                    .col(timestamp_with_time_zone_null(RefreshTokens::UsedAt))
                    .foreign_key(&mut fk(
                        RefreshTokens::Table,
                        RefreshTokens::SessionId,
                        Sessions::Table,
                        Sessions::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_refresh_tokens_session",
                RefreshTokens::Table,
                vec![RefreshTokens::SessionId.into_iden()],
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            RefreshTokens::Table.into_iden(),
            Sessions::Table.into_iden(),
            Users::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).take())
                .await?;
        }
        if manager.get_database_backend() != sea_orm::DbBackend::Sqlite {
            manager
                .drop_foreign_key(
                    ForeignKey::drop()
                        .name("fk_industry_chains_lead_enterprise")
                        .table(IndustryChains::Table)
                        .to_owned(),
                )
                .await?;
        }
        for table in [
            Enterprises::Table.into_iden(),
            IndustryChains::Table.into_iden(),
            Departments::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).take())
                .await?;
        }
        Ok(())
    }
}
