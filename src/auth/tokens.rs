//! Access tokens (short-lived JWTs) and refresh tokens (random, stored hashed).

use std::time::Duration;

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

const ISSUER: &str = "huying";
const AUDIENCE: &str = "huying-api";

/// What an access token says: who, in which sign-in session, until when.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccessClaims {
    pub sub: Uuid,
    pub sid: Uuid,
    pub role: String,
    pub iss: String,
    pub aud: String,
    pub iat: i64,
    pub exp: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("the token is not valid: {0}")]
    Invalid(String),
    #[error("the token has expired")]
    Expired,
    #[error("could not sign a token: {0}")]
    Sign(String),
    #[error("could not make a random token: {0}")]
    Random(String),
}

/// Signing and checking of access tokens: HS256 only (pinned, so a token
/// claiming another algorithm is refused), with issuer and audience checked.
#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    pub access_ttl: Duration,
}

impl TokenKeys {
    pub fn new(secret: &[u8], access_ttl: Duration) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        // Expiry is checked against the injected clock in `verify`, so that
        // tests can move time on; jsonwebtoken would read the system clock.
        validation.validate_exp = false;
        TokenKeys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            access_ttl,
        }
    }

    pub fn issue(
        &self,
        user_id: Uuid,
        session_id: Uuid,
        role: &str,
        now: DateTime<Utc>,
    ) -> Result<String, TokenError> {
        let claims = AccessClaims {
            sub: user_id,
            sid: session_id,
            role: role.to_string(),
            iss: ISSUER.to_string(),
            aud: AUDIENCE.to_string(),
            iat: now.timestamp(),
            exp: now.timestamp() + self.access_ttl.as_secs() as i64,
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| TokenError::Sign(e.to_string()))
    }

    pub fn verify(&self, token: &str, now: DateTime<Utc>) -> Result<AccessClaims, TokenError> {
        let data = jsonwebtoken::decode::<AccessClaims>(token, &self.decoding, &self.validation)
            .map_err(|e| TokenError::Invalid(e.to_string()))?;
        if data.claims.exp <= now.timestamp() {
            return Err(TokenError::Expired);
        }
        Ok(data.claims)
    }
}

/// A new refresh token: 256 random bits, and the hash under which it is stored.
pub fn new_refresh_token() -> Result<(String, String), TokenError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| TokenError::Random(e.to_string()))?;
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let hash = refresh_token_hash(&token);
    Ok((token, hash))
}

/// Refresh tokens are stored as SHA-256 hashes: they carry 256 bits of
/// entropy, so a fast hash suffices and a stolen table yields no tokens.
pub fn refresh_token_hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> TokenKeys {
        TokenKeys::new(
            b"0123456789abcdef0123456789abcdef",
            Duration::from_secs(900),
        )
    }

    #[test]
    fn a_token_verifies_until_it_expires() {
        let now = Utc::now();
        let (user, session) = (Uuid::now_v7(), Uuid::now_v7());
        let token = keys().issue(user, session, "admin", now).unwrap();
        let claims = keys().verify(&token, now).unwrap();
        assert_eq!((claims.sub, claims.sid), (user, session));
        let later = now + chrono::Duration::seconds(901);
        assert!(matches!(
            keys().verify(&token, later),
            Err(TokenError::Expired)
        ));
    }

    #[test]
    fn other_keys_and_tampering_are_refused() {
        let now = Utc::now();
        let token = keys()
            .issue(Uuid::now_v7(), Uuid::now_v7(), "staff", now)
            .unwrap();
        let other = TokenKeys::new(
            b"another secret, another issuer!!",
            Duration::from_secs(900),
        );
        assert!(matches!(
            other.verify(&token, now),
            Err(TokenError::Invalid(_))
        ));
        let mut parts: Vec<String> = token.split('.').map(String::from).collect();
        parts[1] = URL_SAFE_NO_PAD.encode(
            format!(r#"{{"sub":"{}","sid":"{}","role":"admin","iss":"huying","aud":"huying-api","iat":0,"exp":9999999999}}"#,
                Uuid::now_v7(), Uuid::now_v7()),
        );
        assert!(keys().verify(&parts.join("."), now).is_err());
    }

    #[test]
    fn refresh_tokens_are_random_and_hashed() {
        let (a, hash_a) = new_refresh_token().unwrap();
        let (b, _) = new_refresh_token().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(refresh_token_hash(&a), hash_a);
        assert_eq!(hash_a.len(), 64);
    }
}
