use sea_orm::{DbErr, SqlErr};

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
