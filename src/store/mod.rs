//! Storage: the connection, migrations and the queries over `entity`.
//! Nothing above this module writes SQL.

pub mod calendars;
pub mod catalogue;
pub mod error;
pub mod gauges;
pub mod ids;
pub mod notifications;
pub mod organisations;
pub mod page;
pub mod sessions;
mod startup_check;
pub mod text;
pub mod throttle;
pub mod tickets;
pub mod users;
pub mod webhooks;

use std::{str::FromStr, time::Duration};

use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    SqliteTransactionMode, Statement, TransactionOptions, TransactionTrait,
    sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous},
};

pub use error::StoreError;

/// Opens the pool. A SQLite file is created on first use and runs in WAL
/// mode with a busy timeout, so readers never block the single writer.
/// `synchronous = FULL` syncs the log at every commit: in WAL mode `NORMAL`
/// may lose the last commits on a power cut, and an acknowledged ticket
/// must never be lost.
pub async fn connect(url: &str, max_connections: u32) -> Result<DatabaseConnection, StoreError> {
    connect_with(url, max_connections, DEFAULT_ACQUIRE_TIMEOUT).await
}

/// How long a request waits for a connection (the pool keeps retrying to
/// connect meanwhile) before it answers 503.
pub const DEFAULT_ACQUIRE_TIMEOUT: Duration = Duration::from_secs(10);

/// [`connect`] with the time a request may wait for a connection.
pub async fn connect_with(
    url: &str,
    max_connections: u32,
    acquire_timeout: Duration,
) -> Result<DatabaseConnection, StoreError> {
    let mut options = ConnectOptions::new(url.to_string());
    options
        .max_connections(max_connections)
        .min_connections(1)
        .connect_timeout(acquire_timeout)
        .acquire_timeout(acquire_timeout)
        .sqlx_logging(false);
    // The URL, the SQLite folder, PostgreSQL's answer: each told in one line.
    startup_check::check(url).await?;
    if url.starts_with("sqlite:") {
        // Validate the URL here, where the error can be reported.
        SqliteConnectOptions::from_str(url).map_err(|e| StoreError::Config(e.to_string()))?;
        options.map_sqlx_sqlite_opts(|o| {
            o.create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .busy_timeout(Duration::from_secs(15))
                .foreign_keys(true)
        });
    }
    Ok(Database::connect(options).await?)
}

/// Brings the schema up to date. Several instances may start at once
/// against one PostgreSQL: the migrations then run under an advisory lock,
/// inside one transaction, so exactly one instance applies them.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), StoreError> {
    if db.get_database_backend() == DbBackend::Postgres {
        let tx = db.begin().await?;
        tx.execute_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock(4863215327001)",
        ))
        .await?;
        Migrator::up(&tx, None).await?;
        tx.commit().await?;
    } else {
        Migrator::up(db, None).await?;
    }
    Ok(())
}

/// Starts a transaction that will write. On SQLite it takes the write lock
/// at `BEGIN` (IMMEDIATE), so two writers queue on the busy timeout instead
/// of one failing when it upgrades a read lock; PostgreSQL ignores the mode.
pub async fn write_tx(db: &DatabaseConnection) -> Result<DatabaseTransaction, StoreError> {
    Ok(db
        .begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await?)
}

pub async fn ping(db: &DatabaseConnection) -> Result<(), StoreError> {
    Ok(db.ping().await?)
}
