use sea_orm::{DbErr, RuntimeErr, SqlErr, sqlx};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique constraint refused the write: the thing already exists.
    #[error("duplicate value: {0}")]
    Duplicate(String),
    /// A foreign key refused the write: a referenced row is missing or a
    /// referencing row still exists.
    #[error("reference violated: {0}")]
    Reference(String),
    /// The database URL is wrong or names what does not exist; the text
    /// is a whole sentence naming the setting and the fix.
    #[error("{0}")]
    Config(String),
    /// The database does not answer; the text names the host and port.
    #[error("{0}")]
    Unreachable(String),
    /// A row holds a value the domain does not accept (a bug or a hand edit).
    #[error("corrupt row: {0}")]
    Corrupt(String),
    #[error(transparent)]
    Db(DbErr),
}

impl From<DbErr> for StoreError {
    fn from(err: DbErr) -> Self {
        match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(m)) => StoreError::Duplicate(m),
            Some(SqlErr::ForeignKeyConstraintViolation(m)) => StoreError::Reference(m),
            _ => StoreError::Db(err),
        }
    }
}

impl StoreError {
    /// The database could not be reached or is not taking work right now
    /// (down, restarting, the connection cut, the pool exhausted, SQLite
    /// still locked after its busy timeout): worth retrying, not a bug.
    pub fn is_unavailable(&self) -> bool {
        match self {
            StoreError::Db(err) => db_unavailable(err),
            _ => false,
        }
    }
}

fn db_unavailable(err: &DbErr) -> bool {
    match err {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => true,
        DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) => {
            sqlx_unavailable(e)
        }
        _ => false,
    }
}

fn sqlx_unavailable(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::Protocol(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => db.code().is_some_and(|code| {
            // PostgreSQL: connection exceptions (08…), shutting down or
            // starting up (57P01–57P03), too many connections (53300).
            // SQLite: busy and locked (5, 6 and their extended codes).
            code.starts_with("08")
                || matches!(code.as_ref(), "57P01" | "57P02" | "57P03" | "53300")
                || matches!(code.as_ref(), "5" | "6" | "261" | "262" | "517")
        }),
        _ => false,
    }
}
