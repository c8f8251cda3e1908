//! Before the pool opens: is the database URL well-formed, does its folder
//! or database exist, does the server answer? Each failure is one sentence
//! naming `DATABASE_URL` (password masked) and the fix, instead of the
//! driver's `pool timed out` after the pool's whole acquire timeout.

use std::{path::Path, str::FromStr, time::Duration};

use sea_orm::sqlx::{
    self, ConnectOptions as _, Connection as _, postgres::PgConnectOptions,
    sqlite::SqliteConnectOptions,
};

use super::StoreError;
use crate::config::mask_url;

/// How long PostgreSQL has to answer at start-up.
const CONNECT_WITHIN: Duration = Duration::from_secs(5);

const URL_FORMS: &str = "sqlite://FILE or postgres://USER:PASSWORD@HOST:PORT/DATABASE";

pub async fn check(url: &str) -> Result<(), StoreError> {
    let shown = mask_url(url);
    if url.starts_with("sqlite:") {
        let options = SqliteConnectOptions::from_str(url).map_err(|e| {
            StoreError::Config(format!(
                "DATABASE_URL={shown} is not a valid SQLite URL ({e}); use {URL_FORMS}"
            ))
        })?;
        check_sqlite_folder(&shown, options.get_filename())
    } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        let options = PgConnectOptions::from_str(url).map_err(|e| {
            StoreError::Config(format!(
                "DATABASE_URL={shown} is not a valid PostgreSQL URL ({e}); use {URL_FORMS}"
            ))
        })?;
        check_postgres(&shown, &options).await
    } else {
        Err(StoreError::Config(format!(
            "DATABASE_URL={shown} is not a database URL; use {URL_FORMS}"
        )))
    }
}

/// SQLite creates the file but not its folder.
fn check_sqlite_folder(shown: &str, file: &Path) -> Result<(), StoreError> {
    let text = file.to_string_lossy();
    if text.is_empty() || text.starts_with(":memory:") {
        return Ok(());
    }
    match file.parent() {
        Some(folder) if !folder.as_os_str().is_empty() && !folder.is_dir() => {
            Err(StoreError::Config(format!(
                "DATABASE_URL={shown}: the folder {} does not exist; create it (mkdir -p {}) or name a file in an existing folder",
                folder.display(),
                folder.display()
            )))
        }
        _ => Ok(()),
    }
}

/// One connection, within [`CONNECT_WITHIN`], closed again at once.
async fn check_postgres(shown: &str, options: &PgConnectOptions) -> Result<(), StoreError> {
    let host = options.get_host();
    let port = options.get_port();
    let user = options.get_username();
    let database = options.get_database().unwrap_or(user);
    let at = format!("PostgreSQL at {host}:{port} (DATABASE_URL={shown})");
    let connection = match tokio::time::timeout(CONNECT_WITHIN, options.connect()).await {
        Ok(Ok(connection)) => connection,
        Err(_) => {
            return Err(StoreError::Unreachable(format!(
                "{at} did not answer within {} s; check the host and port, and that no firewall is in the way",
                CONNECT_WITHIN.as_secs()
            )));
        }
        Ok(Err(sqlx::Error::Database(e))) => {
            let code = e.code().unwrap_or_default();
            return Err(match code.as_ref() {
                // invalid_catalog_name
                "3D000" => StoreError::Config(format!(
                    "{at}: the database \"{database}\" does not exist; create it (createdb -h {host} -p {port} -U {user} {database}) or name another in DATABASE_URL"
                )),
                // invalid_password, invalid_authorization_specification
                "28P01" | "28000" => StoreError::Config(format!(
                    "{at} refused user \"{user}\": {}; fix the user or password in DATABASE_URL",
                    e.message()
                )),
                _ => {
                    StoreError::Unreachable(format!("{at} refused the connection: {}", e.message()))
                }
            });
        }
        Ok(Err(sqlx::Error::Io(e))) => {
            return Err(StoreError::Unreachable(format!(
                "cannot reach {at}: {e}; start PostgreSQL there, or fix the host and port in DATABASE_URL"
            )));
        }
        Ok(Err(sqlx::Error::Tls(e))) => {
            return Err(StoreError::Config(format!(
                "{at}: TLS failed ({e}); fix sslmode in DATABASE_URL"
            )));
        }
        Ok(Err(e)) => {
            return Err(StoreError::Unreachable(format!(
                "cannot connect to {at}: {e}"
            )));
        }
    };
    let _ = connection.close().await;
    Ok(())
}
