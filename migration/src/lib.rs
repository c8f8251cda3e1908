//! Database migrations for huying, shared by SQLite and PostgreSQL.
//!
//! Each migration file keeps its own `DeriveIden` enums, so a migration that
//! has shipped never changes when the entities move on.

pub use sea_orm_migration::prelude::*;

mod m20261121_000001_organisations;
mod m20261121_000002_catalogue;
mod m20261121_000003_tickets;
mod m20261121_000004_login_failures;
mod m20261122_000005_workflow;
mod m20261122_000006_sla;
mod m20261122_000007_reports;
mod m20261202_000008_check_enums;
mod m20261202_000009_throttle_counters;
mod m20261202_000012_keyset_indexes;
mod m20261202_000013_notifications;
mod m20261203_000014_realities;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261121_000001_organisations::Migration),
            Box::new(m20261121_000002_catalogue::Migration),
            Box::new(m20261121_000003_tickets::Migration),
            Box::new(m20261121_000004_login_failures::Migration),
            Box::new(m20261122_000005_workflow::Migration),
            Box::new(m20261122_000006_sla::Migration),
            Box::new(m20261122_000007_reports::Migration),
            Box::new(m20261202_000008_check_enums::Migration),
            Box::new(m20261202_000009_throttle_counters::Migration),
            Box::new(m20261202_000012_keyset_indexes::Migration),
            Box::new(m20261202_000013_notifications::Migration),
            Box::new(m20261203_000014_realities::Migration),
        ]
    }
}

/// Helpers shared by the migration files: they only build statements.
pub(crate) mod util {
    use sea_orm_migration::prelude::*;

    /// A foreign key from `table.column` to `target.id`.
    pub fn fk(
        table: impl IntoIden + 'static,
        column: impl IntoIden + 'static,
        target: impl IntoIden + 'static,
        target_column: impl IntoIden + 'static,
    ) -> ForeignKeyCreateStatement {
        ForeignKey::create()
            .from(table, column)
            .to(target, target_column)
            .on_delete(ForeignKeyAction::Restrict)
            .on_update(ForeignKeyAction::Restrict)
            .take()
    }

    pub fn index(
        name: &str,
        table: impl IntoIden + 'static,
        columns: Vec<DynIden>,
    ) -> IndexCreateStatement {
        let mut stmt = Index::create()
            .name(name)
            .table(table)
            .if_not_exists()
            .take();
        for c in columns {
            stmt.col(c);
        }
        stmt
    }
}
