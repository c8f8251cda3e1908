//! Desk realities (issue 14, items 1–3): when a ticket's information
//! request expires (`tickets.info_due_at`), which staff lead their
//! department (`users.is_lead`), and the timeline's new kinds —
//! `pull_back`, `assign`, `released`, `info_request_expired` — allowed by
//! the event kind's constraint (the CHECK on PostgreSQL, the trigger pair
//! on SQLite, as `m20261202_000008_check_enums` made them).

use sea_orm_migration::{prelude::*, schema::*, sea_orm::DbBackend};

use crate::util::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tickets {
    Table,
    Status,
    InfoDueAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    IsLead,
}

const CONSTRAINT: &str = "ck_ticket_events_kind";

/// Every event kind the timeline may hold after this migration.
pub(crate) const EVENT_KINDS: &[&str] = &[
    "filed",
    "dispatch",
    "claim",
    "return",
    "reject",
    "cancel",
    "request_info",
    "reply",
    "escalate",
    "resolve",
    "confirm",
    "reopen",
    "urge",
    "comment",
    "internal_note",
    "sla_paused",
    "sla_resumed",
    "sla_warning",
    "sla_breached",
    "auto_close",
    "extension_requested",
    "extension_granted",
    "extension_denied",
    "pull_back",
    "assign",
    "released",
    "info_request_expired",
];

/// The list `m20261202_000008_check_enums` allowed, restored by `down`.
const PREVIOUS_EVENT_KINDS: &[&str] = &[
    "filed",
    "dispatch",
    "claim",
    "return",
    "reject",
    "cancel",
    "request_info",
    "reply",
    "escalate",
    "resolve",
    "confirm",
    "reopen",
    "urge",
    "comment",
    "internal_note",
    "sla_paused",
    "sla_resumed",
    "sla_warning",
    "sla_breached",
    "auto_close",
    "extension_requested",
    "extension_granted",
    "extension_denied",
];

/// The statements that replace the event kind's constraint with one
/// allowing `kinds`.
fn kind_constraint(backend: DbBackend, kinds: &[&str]) -> Vec<String> {
    let list = kinds
        .iter()
        .map(|v| format!("'{v}'"))
        .collect::<Vec<_>>()
        .join(", ");
    match backend {
        DbBackend::Sqlite => {
            let mut out = Vec::new();
            for (suffix, event) in [("ins", "INSERT"), ("upd", "UPDATE OF kind")] {
                out.push(format!("DROP TRIGGER IF EXISTS {CONSTRAINT}_{suffix}"));
                out.push(format!(
                    "CREATE TRIGGER {CONSTRAINT}_{suffix} BEFORE {event} ON ticket_events \
                     FOR EACH ROW WHEN NEW.kind NOT IN ({list}) \
                     BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: {CONSTRAINT}'); END"
                ));
            }
            out
        }
        _ => vec![
            format!("ALTER TABLE ticket_events DROP CONSTRAINT IF EXISTS {CONSTRAINT}"),
            format!(
                "ALTER TABLE ticket_events ADD CONSTRAINT {CONSTRAINT} CHECK (kind IN ({list}))"
            ),
        ],
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// In one transaction on SQLite too: a trigger is dropped and made
    /// again under its name, and outside a transaction each statement may
    /// run on another pooled connection, which can still read the schema
    /// from before the drop ("trigger … already exists").
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Tickets::Table)
                    .add_column(timestamp_with_time_zone_null(Tickets::InfoDueAt))
                    .take(),
            )
            .await?;
        // The SLA job's scan for expired information requests.
        manager
            .create_index(index(
                "ix_tickets_status_info_due",
                Tickets::Table,
                vec![Tickets::Status.into_iden(), Tickets::InfoDueAt.into_iden()],
            ))
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(boolean(Users::IsLead).default(false).take())
                    .take(),
            )
            .await?;
        let db = manager.get_connection();
        for sql in kind_constraint(manager.get_database_backend(), EVENT_KINDS) {
            db.execute_unprepared(&sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for sql in kind_constraint(manager.get_database_backend(), PREVIOUS_EVENT_KINDS) {
            db.execute_unprepared(&sql).await?;
        }
        manager
            .drop_index(
                Index::drop()
                    .name("ix_tickets_status_info_due")
                    .table(Tickets::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Tickets::Table)
                    .drop_column(Tickets::InfoDueAt)
                    .take(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .drop_column(Users::IsLead)
                    .take(),
            )
            .await?;
        Ok(())
    }
}
