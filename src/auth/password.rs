//! argon2id password hashing, off the async executor and bounded in memory.

use std::sync::Arc;

use argon2::{Algorithm, Argon2, Params, PasswordHasher, PasswordVerifier, Version};
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::Semaphore;

#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    #[error("password hashing failed: {0}")]
    Hash(String),
    #[error("the hashing task did not finish: {0}")]
    Task(String),
}

/// Hashes and verifies passwords with OWASP's argon2id parameters
/// (19 MiB, 2 passes, 1 lane). Each hash holds 19 MiB for ~30 ms, so a
/// semaphore bounds how many run at once, and they run on the blocking pool
/// so they never stall request handling.
#[derive(Clone)]
pub struct Passwords {
    permits: Arc<Semaphore>,
    /// Verified against when the login is unknown, so that a wrong login
    /// costs the same time as a wrong password.
    dummy_hash: Arc<str>,
}

fn hasher() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::DEFAULT)
}

fn hash_now(password: &str) -> Result<String, PasswordError> {
    hasher()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| PasswordError::Hash(e.to_string()))
}

impl Passwords {
    pub fn new(max_concurrent: usize) -> Result<Self, PasswordError> {
        Ok(Passwords {
            permits: Arc::new(Semaphore::new(max_concurrent.max(1))),
            dummy_hash: hash_now("not a real password: timing equaliser")?.into(),
        })
    }

    pub async fn hash(&self, password: SecretString) -> Result<String, PasswordError> {
        self.run(move || hash_now(password.expose_secret())).await?
    }

    /// True when `password` matches `stored`. With no stored hash (unknown
    /// login) the dummy hash is checked instead and the answer is false.
    pub async fn verify(
        &self,
        password: SecretString,
        stored: Option<String>,
    ) -> Result<bool, PasswordError> {
        let known = stored.is_some();
        let hash = stored.unwrap_or_else(|| self.dummy_hash.to_string());
        let matches = self
            .run(move || {
                hasher()
                    .verify_password(password.expose_secret().as_bytes(), hash.as_str())
                    .is_ok()
            })
            .await?;
        Ok(known && matches)
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, PasswordError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|e| PasswordError::Task(e.to_string()))?;
        let span = tracing::Span::current();
        tokio::task::spawn_blocking(move || span.in_scope(work))
            .await
            .map_err(|e| PasswordError::Task(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_wrong_passwords_fail() {
        let passwords = Passwords::new(2).unwrap();
        let hash = passwords
            .hash(SecretString::from("correct horse"))
            .await
            .unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(
            passwords
                .verify(SecretString::from("correct horse"), Some(hash.clone()))
                .await
                .unwrap()
        );
        assert!(
            !passwords
                .verify(SecretString::from("wrong horse"), Some(hash))
                .await
                .unwrap()
        );
        assert!(
            !passwords
                .verify(
                    SecretString::from("not a real password: timing equaliser"),
                    None
                )
                .await
                .unwrap()
        );
    }
}
