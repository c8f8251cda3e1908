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
    #[error("invalid database configuration: {0}")]
    Config(String),
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
