//! The signed-in caller, taken from `Authorization: Bearer <access token>`.

use actix_web::{FromRequest, HttpMessage, HttpRequest, dev::Payload, http::header, web};
use futures_util::future::LocalBoxFuture;
use uuid::Uuid;

use super::{AppState, error::ApiError};
use crate::{
    domain::role::{Membership, Role},
    store::{self, users::User},
};

/// A caller whose token verified, whose session is live and whose account
/// is active — all checked on every request.
#[derive(Debug, Clone)]
pub struct Caller {
    pub user: User,
    pub session_id: Uuid,
}

impl Caller {
    pub fn role(&self) -> Role {
        self.user.membership.role()
    }

    pub fn membership(&self) -> Membership {
        self.user.membership
    }

    /// 403 unless the caller has one of `roles`.
    pub fn require(&self, roles: &[Role]) -> Result<(), ApiError> {
        if roles.contains(&self.role()) {
            Ok(())
        } else {
            Err(ApiError::forbidden())
        }
    }
}

fn bearer(req: &HttpRequest) -> Result<String, ApiError> {
    let value = req
        .headers()
        .get(header::AUTHORIZATION)
        .ok_or(ApiError::Unauthenticated)?
        .to_str()
        .map_err(|_| ApiError::invalid_token())?;
    let (scheme, token) = value.split_once(' ').ok_or_else(ApiError::invalid_token)?;
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(ApiError::invalid_token());
    }
    Ok(token.trim().to_string())
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = bearer(req);
        let request = req.clone();
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::Internal(anyhow::anyhow!("no app state")))?;
            let token = token?;
            let now = state.clock.now();
            let claims = state.keys.verify(&token, now)?;
            let user = store::sessions::authenticate(&state.db, claims.sid, claims.sub, now)
                .await?
                .ok_or_else(ApiError::invalid_token)?;
            tracing::Span::current().record("user_id", tracing::field::display(user.id));
            request
                .extensions_mut()
                .insert(super::access_log::UserId(user.id));
            Ok(Caller {
                user,
                session_id: claims.sid,
            })
        })
    }
}
