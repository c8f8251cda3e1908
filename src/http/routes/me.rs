//! The signed-in user's own account.

use actix_web::{HttpResponse, web};
use secrecy::SecretString;
use serde::Deserialize;
use validator::Validate;

use super::users::UserView;
use crate::{
    http::{AppState, caller::Caller, error::ApiError, json::Json},
    store::{self, users::UserChanges},
};

pub async fn show(caller: Caller) -> HttpResponse {
    HttpResponse::Ok().json(UserView::from(caller.user))
}

#[derive(Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct ChangePassword {
    #[validate(length(min = 1, max = 1024))]
    current_password: String,
    #[validate(length(min = 8, max = 128))]
    new_password: String,
}

/// Changes the caller's password after checking the current one; every
/// other session of the user ends.
pub async fn change_password(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<ChangePassword>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let stored = store::users::find_credentials(&state.db, &caller.user.login)
        .await?
        .map(|(_, hash)| hash);
    let ok = state
        .passwords
        .verify(SecretString::from(body.current_password), stored)
        .await?;
    if !ok {
        return Err(ApiError::field(
            "current_password",
            "is not your current password",
        ));
    }
    let hash = state
        .passwords
        .hash(SecretString::from(body.new_password))
        .await?;
    let now = state.clock.now();
    let tx = store::write_tx(&state.db).await?;
    store::users::update(
        &tx,
        caller.user.id,
        UserChanges {
            password_hash: Some(hash),
            ..Default::default()
        },
        now,
    )
    .await?;
    store::sessions::revoke_all_except(&tx, caller.user.id, caller.session_id, now).await?;
    tx.commit().await.map_err(store::StoreError::from)?;
    Ok(HttpResponse::NoContent().finish())
}
