//! The closed sets of text the ticket tables hold, enforced by the
//! database: ticket status, priority and channel, extension status, and
//! event kind and statuses. The values are spelled out here, not taken
//! from the entity crate, so this migration never changes when the code
//! moves on (a new value is a new migration).
//!
//! PostgreSQL gets named CHECK constraints. SQLite cannot add a constraint
//! to an existing table (`ALTER TABLE … ADD CONSTRAINT` does not exist),
//! and rebuilding the tables would mean copying them with their indexes
//! and foreign keys; instead each column gets a pair of triggers (before
//! insert, before update of the column) that abort with the constraint's
//! name — the same guarantee for every write, with the tables untouched.
//! NULL passes both ways, as in a CHECK.

use sea_orm_migration::{prelude::*, sea_orm::DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

const STATUSES: &[&str] = &[
    "submitted",
    "dispatched",
    "in_progress",
    "awaiting_enterprise",
    "escalated",
    "resolved",
    "closed",
    "rejected",
    "cancelled",
];

const EVENT_KINDS: &[&str] = &[
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

/// (constraint name, table, column, allowed values).
const CHECKS: &[(&str, &str, &str, &[&str])] = &[
    ("ck_tickets_status", "tickets", "status", STATUSES),
    (
        "ck_tickets_priority",
        "tickets",
        "priority",
        &["normal", "urgent"],
    ),
    (
        "ck_tickets_channel",
        "tickets",
        "channel",
        &["app", "hotline", "visit"],
    ),
    (
        "ck_ticket_extensions_status",
        "ticket_extensions",
        "status",
        &["requested", "granted", "denied", "lapsed"],
    ),
    (
        "ck_ticket_events_kind",
        "ticket_events",
        "kind",
        EVENT_KINDS,
    ),
    (
        "ck_ticket_events_from_status",
        "ticket_events",
        "from_status",
        STATUSES,
    ),
    (
        "ck_ticket_events_to_status",
        "ticket_events",
        "to_status",
        STATUSES,
    ),
];

fn in_list(values: &[&str]) -> String {
    values
        .iter()
        .map(|v| format!("'{v}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn up_statements(backend: DbBackend) -> Vec<String> {
    let mut out = Vec::new();
    for (name, table, column, values) in CHECKS {
        let list = in_list(values);
        match backend {
            DbBackend::Sqlite => {
                for (suffix, event) in [("ins", "INSERT"), ("upd", &*format!("UPDATE OF {column}"))]
                {
                    out.push(format!(
                        "CREATE TRIGGER {name}_{suffix} BEFORE {event} ON {table} \
                         FOR EACH ROW WHEN NEW.{column} NOT IN ({list}) \
                         BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: {name}'); END"
                    ));
                }
            }
            _ => out.push(format!(
                "ALTER TABLE {table} ADD CONSTRAINT {name} CHECK ({column} IN ({list}))"
            )),
        }
    }
    out
}

fn down_statements(backend: DbBackend) -> Vec<String> {
    let mut out = Vec::new();
    for (name, table, _, _) in CHECKS {
        match backend {
            DbBackend::Sqlite => {
                for suffix in ["ins", "upd"] {
                    out.push(format!("DROP TRIGGER IF EXISTS {name}_{suffix}"));
                }
            }
            _ => out.push(format!(
                "ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {name}"
            )),
        }
    }
    out
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for sql in up_statements(manager.get_database_backend()) {
            db.execute_unprepared(&sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for sql in down_statements(manager.get_database_backend()) {
            db.execute_unprepared(&sql).await?;
        }
        Ok(())
    }
}
