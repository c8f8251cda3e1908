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

/// A unique key a client can run into: the field it is about and what a
/// duplicate means to them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UniqueKey {
    /// The constraint's name on PostgreSQL.
    pub postgres: &'static str,
    /// The columns SQLite names when it refuses (`table.column, …`).
    pub sqlite: &'static str,
    pub field: &'static str,
    pub detail: &'static str,
}

/// The one table from a refused unique key to what the client hears.
pub const UNIQUE_KEYS: [UniqueKey; 8] = [
    UniqueKey {
        postgres: "departments_code_key",
        sqlite: "departments.code",
        field: "code",
        detail: "a department with this code already exists",
    },
    UniqueKey {
        postgres: "industry_chains_name_key",
        sqlite: "industry_chains.name",
        field: "name",
        detail: "an industry chain with this name already exists",
    },
    UniqueKey {
        postgres: "enterprises_credit_code_key",
        sqlite: "enterprises.credit_code",
        field: "credit_code",
        detail: "an enterprise with this unified social credit code is already registered",
    },
    UniqueKey {
        postgres: "users_login_key",
        sqlite: "users.login",
        field: "login",
        detail: "this login is taken",
    },
    UniqueKey {
        postgres: "calendars_name_key",
        sqlite: "calendars.name",
        field: "name",
        detail: "a calendar with this name already exists",
    },
    UniqueKey {
        postgres: "sla_policies_name_key",
        sqlite: "sla_policies.name",
        field: "name",
        detail: "an SLA policy with this name already exists",
    },
    UniqueKey {
        postgres: "ux_service_items_department_name",
        sqlite: "service_items.department_id, service_items.name",
        field: "name",
        detail: "this department already has a service item with this name",
    },
    UniqueKey {
        postgres: "categories_pkey",
        sqlite: "categories.code",
        field: "code",
        detail: "a category with this code already exists",
    },
];

impl StoreError {
    /// The unique key a `Duplicate` ran into, when it is one clients meet.
    pub fn unique_key(&self) -> Option<&'static UniqueKey> {
        let StoreError::Duplicate(message) = self else {
            return None;
        };
        UNIQUE_KEYS.iter().find(|k| {
            message.contains(&format!("\"{}\"", k.postgres))
                || message
                    .split("UNIQUE constraint failed: ")
                    .nth(1)
                    .is_some_and(|cols| cols.trim() == k.sqlite)
        })
    }
}
