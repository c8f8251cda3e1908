//! The outbox: in-app notifications per user, webhook endpoints and their
//! deliveries. Both outbox tables are written in the transaction of the
//! ticket change, so a rolled-back change leaves nothing and a committed
//! one is never lost, whatever happens to the process afterwards.

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
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    UserId,
    TicketId,
    EventId,
    Kind,
    TicketNumber,
    ReadAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum WebhookEndpoints {
    Table,
    Id,
    Url,
    Description,
    Secret,
    EventKinds,
    Active,
    FailureStreak,
    DisabledReason,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum WebhookDeliveries {
    Table,
    Id,
    EndpointId,
    TicketId,
    EventId,
    Kind,
    Payload,
    Status,
    Attempts,
    NextAttemptAt,
    LastError,
    LastStatusCode,
    DeliveredAt,
    CreatedAt,
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
                    .table(Notifications::Table)
                    .col(pk_uuid(Notifications::Id))
                    .col(uuid(Notifications::UserId))
                    .col(uuid(Notifications::TicketId))
                    .col(uuid(Notifications::EventId))
                    .col(string_len(Notifications::Kind, 32))
                    .col(string_len(Notifications::TicketNumber, 32))
                    .col(timestamp_with_time_zone_null(Notifications::ReadAt))
                    .col(ts(Notifications::CreatedAt))
                    .foreign_key(&mut fk(
                        Notifications::Table,
                        Notifications::UserId,
                        Users::Table,
                        Users::Id,
                    ))
                    .foreign_key(&mut fk(
                        Notifications::Table,
                        Notifications::TicketId,
                        Tickets::Table,
                        Tickets::Id,
                    ))
                    .take(),
            )
            .await?;
        // A user's list, newest or oldest first, and the unread count.
        manager
            .create_index(index(
                "ix_notifications_user_id",
                Notifications::Table,
                vec![
                    Notifications::UserId.into_iden(),
                    Notifications::Id.into_iden(),
                ],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(WebhookEndpoints::Table)
                    .col(pk_uuid(WebhookEndpoints::Id))
                    .col(string_len(WebhookEndpoints::Url, 2048))
                    .col(string_len(WebhookEndpoints::Description, 200))
                    .col(string_len(WebhookEndpoints::Secret, 128))
                    .col(json_binary(WebhookEndpoints::EventKinds))
                    .col(boolean(WebhookEndpoints::Active))
                    .col(integer(WebhookEndpoints::FailureStreak).default(0).take())
                    .col(text_null(WebhookEndpoints::DisabledReason))
                    .col(ts(WebhookEndpoints::CreatedAt))
                    .col(ts(WebhookEndpoints::UpdatedAt))
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(WebhookDeliveries::Table)
                    .col(pk_uuid(WebhookDeliveries::Id))
                    .col(uuid(WebhookDeliveries::EndpointId))
                    .col(uuid(WebhookDeliveries::TicketId))
                    .col(uuid(WebhookDeliveries::EventId))
                    .col(string_len(WebhookDeliveries::Kind, 32))
                    .col(json_binary(WebhookDeliveries::Payload))
                    .col(string_len(WebhookDeliveries::Status, 16))
                    .col(integer(WebhookDeliveries::Attempts).default(0).take())
                    .col(ts(WebhookDeliveries::NextAttemptAt))
                    .col(text_null(WebhookDeliveries::LastError))
                    .col(integer_null(WebhookDeliveries::LastStatusCode))
                    .col(timestamp_with_time_zone_null(
                        WebhookDeliveries::DeliveredAt,
                    ))
                    .col(ts(WebhookDeliveries::CreatedAt))
                    .foreign_key(&mut fk(
                        WebhookDeliveries::Table,
                        WebhookDeliveries::EndpointId,
                        WebhookEndpoints::Table,
                        WebhookEndpoints::Id,
                    ))
                    .foreign_key(&mut fk(
                        WebhookDeliveries::Table,
                        WebhookDeliveries::TicketId,
                        Tickets::Table,
                        Tickets::Id,
                    ))
                    .take(),
            )
            .await?;
        // The worker's scan: what is due; and the per-ticket order check.
        manager
            .create_index(index(
                "ix_webhook_deliveries_due",
                WebhookDeliveries::Table,
                vec![
                    WebhookDeliveries::Status.into_iden(),
                    WebhookDeliveries::NextAttemptAt.into_iden(),
                ],
            ))
            .await?;
        manager
            .create_index(index(
                "ix_webhook_deliveries_order",
                WebhookDeliveries::Table,
                vec![
                    WebhookDeliveries::EndpointId.into_iden(),
                    WebhookDeliveries::TicketId.into_iden(),
                    WebhookDeliveries::Id.into_iden(),
                ],
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            WebhookDeliveries::Table.into_iden(),
            WebhookEndpoints::Table.into_iden(),
            Notifications::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).take())
                .await?;
        }
        Ok(())
    }
}
