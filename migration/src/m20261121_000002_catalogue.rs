//! The service catalogue: calendars, SLA policies, categories (the call
//! list's kinds) and service items (the departments' service lists).

use sea_orm_migration::{prelude::*, schema::*};

use crate::util::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Departments {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Calendars {
    Table,
    Id,
    Name,
    TimeZone,
    WeeklyHours,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CalendarDays {
    Table,
    CalendarId,
    Day,
    Kind,
    UsesWeekday,
    Note,
}

#[derive(DeriveIden)]
enum SlaPolicies {
    Table,
    Id,
    Name,
    CalendarId,
    WarnRatio,
    WarnLeadSecs,
    ResponseSecs,
    ResponseDays,
    FirstResponseSecs,
    FirstResponseDays,
    ResolutionSecs,
    ResolutionDays,
    UrgentResponseSecs,
    UrgentResponseDays,
    UrgentFirstResponseSecs,
    UrgentFirstResponseDays,
    UrgentResolutionSecs,
    UrgentResolutionDays,
    Active,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Categories {
    Table,
    Code,
    Name,
    Description,
    DefaultDepartmentId,
    DefaultSlaPolicyId,
    SortOrder,
    Active,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ServiceItems {
    Table,
    Id,
    DepartmentId,
    Category,
    Name,
    Description,
    SlaPolicyId,
    AutoDispatch,
    Active,
    CreatedAt,
    UpdatedAt,
}

fn ts(col: impl IntoIden) -> ColumnDef {
    timestamp_with_time_zone(col)
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Calendars::Table)
                    .col(pk_uuid(Calendars::Id))
                    .col(string_len_uniq(Calendars::Name, 100))
                    .col(string_len(Calendars::TimeZone, 64))
                    .col(text(Calendars::WeeklyHours))
                    .col(ts(Calendars::CreatedAt))
                    .col(ts(Calendars::UpdatedAt))
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CalendarDays::Table)
                    .col(uuid(CalendarDays::CalendarId))
                    .col(date(CalendarDays::Day))
                    .col(string_len(CalendarDays::Kind, 16))
                    .col(string_len_null(CalendarDays::UsesWeekday, 3))
                    .col(string_len(CalendarDays::Note, 100).default(""))
                    .primary_key(
                        Index::create()
                            .col(CalendarDays::CalendarId)
                            .col(CalendarDays::Day),
                    )
                    .foreign_key(
                        &mut fk(
                            CalendarDays::Table,
                            CalendarDays::CalendarId,
                            Calendars::Table,
                            Calendars::Id,
                        )
                        .on_delete(ForeignKeyAction::Cascade)
                        .take(),
                    )
                    .take(),
            )
            .await?;

        let mut policies = Table::create()
            .table(SlaPolicies::Table)
            .col(pk_uuid(SlaPolicies::Id))
            .col(string_len_uniq(SlaPolicies::Name, 100))
            .col(uuid(SlaPolicies::CalendarId))
            .col(double(SlaPolicies::WarnRatio))
            .col(big_integer_null(SlaPolicies::WarnLeadSecs))
            .col(boolean(SlaPolicies::Active).default(true))
            .col(ts(SlaPolicies::CreatedAt))
            .col(ts(SlaPolicies::UpdatedAt))
            .foreign_key(&mut fk(
                SlaPolicies::Table,
                SlaPolicies::CalendarId,
                Calendars::Table,
                Calendars::Id,
            ))
            .take();
        // Each clock's target is business seconds or working days (one of the pair).
        for col in [
            SlaPolicies::ResponseSecs,
            SlaPolicies::ResponseDays,
            SlaPolicies::FirstResponseSecs,
            SlaPolicies::FirstResponseDays,
            SlaPolicies::ResolutionSecs,
            SlaPolicies::ResolutionDays,
            SlaPolicies::UrgentResponseSecs,
            SlaPolicies::UrgentResponseDays,
            SlaPolicies::UrgentFirstResponseSecs,
            SlaPolicies::UrgentFirstResponseDays,
            SlaPolicies::UrgentResolutionSecs,
            SlaPolicies::UrgentResolutionDays,
        ] {
            policies.col(big_integer_null(col));
        }
        manager.create_table(policies).await?;

        manager
            .create_table(
                Table::create()
                    .table(Categories::Table)
                    .col(string_len(Categories::Code, 32).primary_key())
                    .col(string_len(Categories::Name, 100))
                    .col(text(Categories::Description).default(""))
                    .col(uuid(Categories::DefaultDepartmentId))
                    .col(uuid_null(Categories::DefaultSlaPolicyId))
                    .col(integer(Categories::SortOrder).default(0))
                    .col(boolean(Categories::Active).default(true))
                    .col(ts(Categories::CreatedAt))
                    .col(ts(Categories::UpdatedAt))
                    .foreign_key(&mut fk(
                        Categories::Table,
                        Categories::DefaultDepartmentId,
                        Departments::Table,
                        Departments::Id,
                    ))
                    .foreign_key(&mut fk(
                        Categories::Table,
                        Categories::DefaultSlaPolicyId,
                        SlaPolicies::Table,
                        SlaPolicies::Id,
                    ))
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ServiceItems::Table)
                    .col(pk_uuid(ServiceItems::Id))
                    .col(uuid(ServiceItems::DepartmentId))
                    .col(string_len(ServiceItems::Category, 32))
                    .col(string_len(ServiceItems::Name, 200))
                    .col(text(ServiceItems::Description).default(""))
                    .col(uuid_null(ServiceItems::SlaPolicyId))
                    .col(boolean(ServiceItems::AutoDispatch).default(false))
                    .col(boolean(ServiceItems::Active).default(true))
                    .col(ts(ServiceItems::CreatedAt))
                    .col(ts(ServiceItems::UpdatedAt))
                    .foreign_key(&mut fk(
                        ServiceItems::Table,
                        ServiceItems::DepartmentId,
                        Departments::Table,
                        Departments::Id,
                    ))
                    .foreign_key(&mut fk(
                        ServiceItems::Table,
                        ServiceItems::Category,
                        Categories::Table,
                        Categories::Code,
                    ))
                    .foreign_key(&mut fk(
                        ServiceItems::Table,
                        ServiceItems::SlaPolicyId,
                        SlaPolicies::Table,
                        SlaPolicies::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "ux_service_items_department_name",
                    ServiceItems::Table,
                    vec![
                        ServiceItems::DepartmentId.into_iden(),
                        ServiceItems::Name.into_iden(),
                    ],
                )
                .unique()
                .take(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_service_items_category",
                ServiceItems::Table,
                vec![ServiceItems::Category.into_iden()],
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ServiceItems::Table.into_iden(),
            Categories::Table.into_iden(),
            SlaPolicies::Table.into_iden(),
            CalendarDays::Table.into_iden(),
            Calendars::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).take())
                .await?;
        }
        Ok(())
    }
}
