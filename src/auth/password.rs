//! argon2id password hashing, off the async executor and bounded in memory.

use std::sync::{Arc, Mutex, PoisonError};

use argon2::{Algorithm, Argon2, Block, Params, PasswordHash, Version, password_hash::phc};
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
///
/// The 19 MiB are not allocated per hash: a pool keeps one block array per
/// busy permit and every hash borrows one. Allocating them per hash made
/// glibc keep each freed array in the arena of the blocking thread that had
/// used it, so a login storm grew the process by 19 MiB per blocking thread
/// (2 GiB measured) and never gave it back. Now a storm holds at most
/// `max_concurrent` arrays, and all but one are freed when it ends.
#[derive(Clone)]
pub struct Passwords {
    permits: Arc<Semaphore>,
    memory: Arc<MemoryPool>,
    /// Verified against when the login is unknown, so that a wrong login
    /// costs the same time as a wrong password.
    dummy_hash: Arc<str>,
}

/// Argon2 block arrays, one per permit, allocated on first use and reused
/// while hashes keep coming; when the last running hash ends, all but one
/// are freed, so the process shrinks back after a login storm.
struct MemoryPool {
    state: Mutex<PoolState>,
}

struct PoolState {
    free: Vec<Vec<Block>>,
    in_use: usize,
}

impl MemoryPool {
    fn new(permits: usize) -> Self {
        return_large_allocations_to_the_system();
        MemoryPool {
            state: Mutex::new(PoolState {
                free: Vec::with_capacity(permits),
                in_use: 0,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, PoolState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A block array of at least `blocks` blocks. The caller holds a
    /// permit, so the pool never holds more arrays than there are permits.
    fn take(&self, blocks: usize) -> Vec<Block> {
        let found = {
            let mut state = self.lock();
            state.in_use += 1;
            state.free.pop()
        };
        match found {
            Some(memory) if memory.len() >= blocks => memory,
            // An old hash with more memory than today's parameters.
            Some(mut memory) => {
                memory.resize(blocks, Block::new());
                memory
            }
            None => vec![Block::new(); blocks],
        }
    }

    /// Wipes what the hash left (password-derived state) and keeps the
    /// array, or frees the spare ones once nothing is hashing.
    fn give_back(&self, mut memory: Vec<Block>) {
        memory.fill(Block::new());
        let spare = {
            let mut state = self.lock();
            state.in_use = state.in_use.saturating_sub(1);
            state.free.push(memory);
            if state.in_use == 0 {
                state.free.split_off(1)
            } else {
                Vec::new()
            }
        };
        drop(spare);
    }
}

/// glibc serves a large allocation from a thread's heap arena, where it
/// stays when freed, once it has seen one that size freed (its mmap
/// threshold grows with every freed large block). A fixed threshold of
/// 1 MiB keeps large blocks — the argon2 arrays among them — mapped on
/// their own, so freeing them gives the memory back to the system.
fn return_large_allocations_to_the_system() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        static ONCE: std::sync::Once = std::sync::Once::new();
        // SAFETY: mallopt only changes the allocator's tuning; it is called
        // once, and the value is a valid M_MMAP_THRESHOLD (≤ 32 MiB).
        ONCE.call_once(|| unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
        });
    }
}

fn params() -> Params {
    Params::DEFAULT
}

fn hash_error(e: impl std::fmt::Display) -> PasswordError {
    PasswordError::Hash(e.to_string())
}

/// Hashes `password` with a fresh salt into a standard PHC string,
/// `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`.
fn hash_with(password: &[u8], memory: &mut [Block]) -> Result<String, PasswordError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(hash_error)?;
    let params = params();
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    argon
        .hash_password_into_with_memory(password, &salt, &mut out, memory)
        .map_err(hash_error)?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: phc::ParamsString::try_from(&params).map_err(hash_error)?,
        salt: Some(phc::Salt::new(&salt).map_err(hash_error)?),
        hash: Some(phc::Output::new(&out).map_err(hash_error)?),
    };
    Ok(phc.to_string())
}

/// True when `password` hashes to `stored` (any argon2 variant, version and
/// parameters the PHC string names), recomputed in `memory`; the outputs are
/// compared in constant time. A string that is no argon2 hash matches
/// nothing.
fn verify_with(password: &[u8], stored: &PasswordHash, memory: &mut [Block]) -> bool {
    let (Some(salt), Some(expected)) = (&stored.salt, &stored.hash) else {
        return false;
    };
    let Ok(algorithm) = Algorithm::try_from(stored.algorithm.as_str()) else {
        return false;
    };
    let version = match stored.version.map(Version::try_from).transpose() {
        Ok(v) => v.unwrap_or_default(),
        Err(_) => return false,
    };
    let Ok(params) = Params::try_from(stored) else {
        return false;
    };
    let mut out = vec![0u8; expected.len()];
    let computed = Argon2::new(algorithm, version, params)
        .hash_password_into_with_memory(password, salt, &mut out, memory)
        .ok()
        .and_then(|()| phc::Output::new(&out).ok());
    // `Output`'s equality runs in constant time.
    computed.is_some_and(|c| &c == expected)
}

impl Passwords {
    pub fn new(max_concurrent: usize) -> Result<Self, PasswordError> {
        let permits = max_concurrent.max(1);
        let memory = Arc::new(MemoryPool::new(permits));
        let mut scratch = memory.take(params().block_count());
        let dummy_hash = hash_with(b"not a real password: timing equaliser", &mut scratch)?;
        memory.give_back(scratch);
        Ok(Passwords {
            permits: Arc::new(Semaphore::new(permits)),
            memory,
            dummy_hash: dummy_hash.into(),
        })
    }

    pub async fn hash(&self, password: SecretString) -> Result<String, PasswordError> {
        self.run(params().block_count(), move |memory| {
            hash_with(password.expose_secret().as_bytes(), memory)
        })
        .await?
    }

    /// True when `password` matches `stored`. With no stored hash (unknown
    /// login) the dummy hash is checked instead and the answer is false.
    pub async fn verify(
        &self,
        password: SecretString,
        stored: Option<String>,
    ) -> Result<bool, PasswordError> {
        let known = stored.is_some();
        let text = stored.unwrap_or_else(|| self.dummy_hash.to_string());
        // An unreadable stored hash verifies nothing, as before.
        let Ok(hash) = PasswordHash::new(&text) else {
            return Ok(false);
        };
        let blocks = Params::try_from(&hash)
            .map(|p| p.block_count())
            .unwrap_or_else(|_| params().block_count());
        let matches = self
            .run(blocks, move |memory| {
                verify_with(password.expose_secret().as_bytes(), &hash, memory)
            })
            .await?;
        Ok(known && matches)
    }

    /// Runs `work` on the blocking pool with a permit and a pooled block
    /// array of at least `blocks` blocks.
    async fn run<T: Send + 'static>(
        &self,
        blocks: usize,
        work: impl FnOnce(&mut [Block]) -> T + Send + 'static,
    ) -> Result<T, PasswordError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|e| PasswordError::Task(e.to_string()))?;
        let span = tracing::Span::current();
        let pool = self.memory.clone();
        tokio::task::spawn_blocking(move || {
            span.in_scope(|| {
                let mut memory = pool.take(blocks);
                let out = work(&mut memory);
                pool.give_back(memory);
                out
            })
        })
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

    /// Hashes made by the argon2 crate's own hasher (before the memory
    /// pool), with today's and with other parameters, still verify; hashes
    /// made through the pool are standard PHC strings the crate verifies.
    #[tokio::test]
    async fn pooled_hashes_and_the_crates_hashes_verify_both_ways() {
        use argon2::{PasswordHasher, PasswordVerifier};

        let passwords = Passwords::new(2).unwrap();
        for params in [
            Params::DEFAULT,
            Params::new(8 * 1024, 3, 1, Some(24)).unwrap(),
        ] {
            for algorithm in [Algorithm::Argon2id, Algorithm::Argon2i] {
                let crate_hash = Argon2::new(algorithm, Version::V0x13, params.clone())
                    .hash_password(b"old password")
                    .unwrap()
                    .to_string();
                assert!(
                    passwords
                        .verify(SecretString::from("old password"), Some(crate_hash.clone()))
                        .await
                        .unwrap(),
                    "{crate_hash}"
                );
                assert!(
                    !passwords
                        .verify(SecretString::from("old passwore"), Some(crate_hash))
                        .await
                        .unwrap()
                );
            }
        }
        // More memory than the pool's arrays: the array grows and still works.
        let big = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(32 * 1024, 1, 1, None).unwrap(),
        )
        .hash_password(b"big")
        .unwrap()
        .to_string();
        assert!(
            passwords
                .verify(SecretString::from("big"), Some(big))
                .await
                .unwrap()
        );

        let new_hash = passwords
            .hash(SecretString::from("new password"))
            .await
            .unwrap();
        let parsed = PasswordHash::new(&new_hash).unwrap();
        assert_eq!(parsed.algorithm.as_str(), "argon2id");
        assert_eq!(parsed.salt.as_ref().map(|s| s.len()), Some(16));
        assert!(
            Argon2::default()
                .verify_password(b"new password", &parsed)
                .is_ok()
        );
        assert!(
            Argon2::default()
                .verify_password(b"new passwore", &parsed)
                .is_err()
        );
        // Two hashes of one password differ (fresh salts) and both verify.
        let again = passwords
            .hash(SecretString::from("new password"))
            .await
            .unwrap();
        assert_ne!(again, new_hash);
        for h in [again, new_hash] {
            assert!(
                passwords
                    .verify(SecretString::from("new password"), Some(h))
                    .await
                    .unwrap()
            );
        }
        assert!(
            !passwords
                .verify(SecretString::from("x"), Some("not a hash".into()))
                .await
                .unwrap()
        );
    }
}
