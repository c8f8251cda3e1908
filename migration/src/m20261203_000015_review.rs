//! Dissatisfaction reviewed, duplicates merged, urges with a deadline
//! (issue 14, items 4–6): the ticket's new columns (the ticket it was
//! merged into, how often it was redone, when the answer to its pending
//! urge is due) and the wider closed sets of ticket status and event kind.
//!
//! The full allowed lists are written out below (never taken from the
//! code), replacing the CHECK constraints (PostgreSQL) and triggers
//! (SQLite) of `m20261202_000008_check_enums` under the same names.

use sea_orm_migration::{prelude::*, schema::*, sea_orm::DbBackend};

use crate::util::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tickets {
    Table,
    MergedIntoId,
    RedoCount,
    UrgeDueAt,
}

/// Every ticket status, with `under_review` and `merged`.
pub const STATUSES: &[&str] = &[
    "submitted",
    "dispatched",
    "in_progress",
    "awaiting_enterprise",
    "escalated",
    "resolved",
    "closed",
    "rejected",
    "cancelled",
    "under_review",
    "merged",
];

/// Every event kind, with `close`, `redo`, `merge` and `urge_reply` (after
/// the kinds `m20261203_000014_realities` added).
pub const EVENT_KINDS: &[&str] = &[
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
    "close",
    "redo",
    "merge",
    "urge_reply",
];

/// The statuses as `m20261202_000008_check_enums` had them, and the kinds
/// as `m20261203_000014_realities` left them, for `down`.
const OLD_STATUSES: &[&str] = &[
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

fn old_event_kinds() -> Vec<&'static str> {
    EVENT_KINDS[..EVENT_KINDS.len() - 4].to_vec()
}

/// (constraint name, table, column) of each widened check.
const CHECKS: &[(&str, &str, &str, bool)] = &[
    // The last member says whether the column holds statuses (else kinds).
    ("ck_tickets_status", "tickets", "status", true),
    ("ck_ticket_events_kind", "ticket_events", "kind", false),
    (
        "ck_ticket_events_from_status",
        "ticket_events",
        "from_status",
        true,
    ),
    (
        "ck_ticket_events_to_status",
        "ticket_events",
        "to_status",
        true,
    ),
];

fn in_list(values: &[&str]) -> String {
    values
        .iter()
        .map(|v| format!("'{v}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Drops each check and makes it anew over `statuses` / `kinds`.
fn replace_checks(backend: DbBackend, statuses: &[&str], kinds: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for (name, table, column, is_status) in CHECKS {
        let list = in_list(if *is_status { statuses } else { kinds });
        match backend {
            DbBackend::Sqlite => {
                for (suffix, event) in [("ins", "INSERT"), ("upd", &*format!("UPDATE OF {column}"))]
                {
                    // One call for both, so they run on one connection.
                    out.push(format!(
                        "DROP TRIGGER IF EXISTS {name}_{suffix}; \
                         CREATE TRIGGER {name}_{suffix} BEFORE {event} ON {table} \
                         FOR EACH ROW WHEN NEW.{column} NOT IN ({list}) \
                         BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: {name}'); END"
                    ));
                }
            }
            _ => {
                out.push(format!(
                    "ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {name}"
                ));
                out.push(format!(
                    "ALTER TABLE {table} ADD CONSTRAINT {name} CHECK ({column} IN ({list}))"
                ));
            }
        }
    }
    out
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            uuid_null(Tickets::MergedIntoId),
            integer(Tickets::RedoCount).default(0).take(),
            timestamp_with_time_zone_null(Tickets::UrgeDueAt),
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
        // The unanswered-urges list pages by reply deadline.
        manager
            .create_index(index(
                "ix_tickets_urge_due",
                Tickets::Table,
                vec![Tickets::UrgeDueAt.into_iden()],
            ))
            .await?;
        let db = manager.get_connection();
        for sql in replace_checks(manager.get_database_backend(), STATUSES, EVENT_KINDS) {
            db.execute_unprepared(&sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let kinds = old_event_kinds();
        for sql in replace_checks(manager.get_database_backend(), OLD_STATUSES, &kinds) {
            db.execute_unprepared(&sql).await?;
        }
        manager
            .drop_index(
                Index::drop()
                    .name("ix_tickets_urge_due")
                    .table(Tickets::Table)
                    .to_owned(),
            )
            .await?;
        for column in [
            Tickets::MergedIntoId,
            Tickets::RedoCount,
            Tickets::UrgeDueAt,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_old_lists_are_the_new_ones_less_the_additions() {
        assert_eq!(&STATUSES[..OLD_STATUSES.len()], OLD_STATUSES);
        // `down` goes back to the kinds the migration before this one allowed.
        assert_eq!(
            old_event_kinds(),
            crate::m20261203_000014_realities::EVENT_KINDS
        );
    }
}
