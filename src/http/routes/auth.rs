//! Sign-in, token refresh with rotation, sign-out.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Duration;
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::{
    auth::tokens::{new_refresh_token, refresh_token_hash},
    http::{AppState, caller::Caller, error::ApiError, json::Json, throttle::client_address},
    store::{
        self,
        sessions::{REVOKED_BY_LOGOUT, Rotation},
        throttle::Verdict,
    },
};

#[derive(Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    #[validate(length(min = 1, max = 64))]
    login: String,
    #[validate(length(min = 1, max = 1024))]
    password: String,
}

/// Any text is taken as a candidate: what is not a live refresh token
/// (an access token, a spent or made-up one) is the same 401.
#[derive(Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    refresh_token: String,
}

/// Longer than any refresh token this server issues (43 characters).
const MAX_REFRESH_TOKEN_LEN: usize = 256;

#[derive(Serialize)]
struct TokenPair {
    access_token: String,
    refresh_token: String,
    token_type: &'static str,
    expires_in: u64,
}

fn token_pair(
    state: &AppState,
    user_id: uuid::Uuid,
    session_id: uuid::Uuid,
    role: &str,
    refresh_token: String,
) -> Result<HttpResponse, ApiError> {
    let access_token = state
        .keys
        .issue(user_id, session_id, role, state.clock.now())?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(TokenPair {
            access_token,
            refresh_token,
            token_type: "Bearer",
            expires_in: state.keys.access_ttl.as_secs(),
        }))
}

/// Wrong login and wrong password answer alike, in the same time: an
/// unknown login is checked against a dummy hash. Each attempt is counted
/// before its password is checked — per login and client address, per
/// address, and per login (see [`crate::http::throttle::ThrottleConfig`]) —
/// in one statement, so parallel guesses on any number of instances check
/// at most the limit; a refused attempt answers 429 with `Retry-After`
/// without checking anything. A successful sign-in is not a failure: its
/// count is given back, and its login and address start afresh.
pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let now = state.clock.now();
    let address = client_address(&req, &state.throttle.trusted_proxies);
    let keys = state.throttle.sign_in(&body.login, &address);
    if let Verdict::Wait { secs } = store::throttle::take(&state.db, &keys.all(), now).await? {
        return Err(ApiError::TooManyRequests {
            retry_after_secs: secs,
        });
    }
    let found = store::users::find_credentials(&state.db, &body.login).await?;
    let (user, hash) = match found {
        Some((user, hash)) => (Some(user), Some(hash)),
        None => (None, None),
    };
    let ok = state
        .passwords
        .verify(SecretString::from(body.password), hash)
        .await?;
    let user = match user {
        Some(user) if ok && user.active => user,
        _ => {
            store::throttle::forget_expired(&state.db, now).await?;
            return Err(ApiError::InvalidCredentials);
        }
    };
    store::throttle::give_back(
        &state.db,
        &[keys.address.key, keys.login.key],
        &keys.pair.key,
    )
    .await?;
    let (refresh_token, refresh_hash) = new_refresh_token()?;
    let expires = now + Duration::from_std(state.refresh_ttl).unwrap_or(Duration::days(30));
    let session_id = store::sessions::start(&state.db, user.id, refresh_hash, now, expires).await?;
    tracing::info!(user_id = %user.id, "signed in");
    token_pair(
        &state,
        user.id,
        session_id,
        user.membership.role().as_str(),
        refresh_token,
    )
}

/// Spends the refresh token and returns a new pair. Presenting a token that
/// was already spent revokes its whole session: one of the two holders is
/// not who they claim.
pub async fn refresh(
    state: web::Data<AppState>,
    body: Json<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let candidate = body.into_inner().refresh_token;
    if candidate.is_empty() || candidate.len() > MAX_REFRESH_TOKEN_LEN {
        return Err(ApiError::InvalidRefreshToken);
    }
    let old_hash = refresh_token_hash(&candidate);
    let (new_token, new_hash) = new_refresh_token()?;
    let now = state.clock.now();
    match store::sessions::rotate(&state.db, &old_hash, new_hash, now).await? {
        Rotation::Rotated {
            user_id,
            session_id,
        } => {
            let user = store::users::get(&state.db, user_id)
                .await?
                .filter(|u| u.active)
                .ok_or(ApiError::InvalidRefreshToken)?;
            token_pair(
                &state,
                user.id,
                session_id,
                user.membership.role().as_str(),
                new_token,
            )
        }
        Rotation::Reused => {
            tracing::warn!("a spent refresh token was presented again; its session is revoked");
            Err(ApiError::InvalidRefreshToken)
        }
        Rotation::Invalid => Err(ApiError::InvalidRefreshToken),
    }
}

/// Ends the caller's session: its refresh token and every access token of
/// it stop working at once.
pub async fn logout(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    store::sessions::revoke(
        &state.db,
        caller.session_id,
        REVOKED_BY_LOGOUT,
        state.clock.now(),
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
