//! Enterprises: admins write; the service side reads all; an enterprise
//! contact sees only their own enterprise.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use entity::enterprise;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

use crate::{
    domain::{credit_code::CreditCode, role::Role},
    http::{
        AppState,
        caller::Caller,
        error::ApiError,
        json::{Json, double_option, not_blank, present},
        pagination::{List, page_request},
    },
    store::{
        self, StoreError,
        organisations::{EnterpriseChanges, EnterpriseFilter, NewEnterprise},
    },
};

#[derive(Serialize)]
pub struct EnterpriseView {
    id: Uuid,
    name: String,
    credit_code: String,
    chain_id: Option<Uuid>,
    address: String,
    contact_name: String,
    contact_phone: String,
    active: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<enterprise::Model> for EnterpriseView {
    fn from(m: enterprise::Model) -> Self {
        EnterpriseView {
            id: m.id,
            name: m.name,
            credit_code: m.credit_code,
            chain_id: m.chain_id,
            address: m.address,
            contact_name: m.contact_name,
            contact_phone: m.contact_phone,
            active: m.active,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    chain_id: Option<Uuid>,
    q: Option<String>,
    limit: Option<u64>,
    cursor: Option<String>,
}

pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let request = page_request(q.limit, q.cursor.as_deref())?;
    let filter = EnterpriseFilter {
        chain_id: q.chain_id,
        only: caller.membership().enterprise_id(),
        q: q.q.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()),
    };
    let page = store::organisations::list_enterprises(&state.db, filter, request).await?;
    Ok(HttpResponse::Ok().json(List::from_page(
        page,
        |m| m.id.to_string(),
        EnterpriseView::from,
    )))
}

pub async fn show(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    if caller
        .membership()
        .enterprise_id()
        .is_some_and(|own| own != id)
    {
        return Err(ApiError::not_found("enterprise"));
    }
    let m = store::organisations::get_enterprise(&state.db, id)
        .await?
        .ok_or_else(|| ApiError::not_found("enterprise"))?;
    Ok(HttpResponse::Ok().json(EnterpriseView::from(m)))
}

#[derive(Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct CreateEnterprise {
    #[validate(length(min = 1, max = 200), custom(function = not_blank))]
    name: String,
    credit_code: String,
    chain_id: Option<Uuid>,
    #[serde(default)]
    #[validate(length(max = 300))]
    address: String,
    #[serde(default)]
    #[validate(length(max = 100))]
    contact_name: String,
    #[serde(default)]
    #[validate(length(max = 40))]
    contact_phone: String,
}

async fn check_chain(state: &AppState, chain_id: Option<Uuid>) -> Result<(), ApiError> {
    if let Some(id) = chain_id
        && store::organisations::get_chain(&state.db, id)
            .await?
            .is_none()
    {
        return Err(ApiError::field("chain_id", "no such industry chain"));
    }
    Ok(())
}

pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<CreateEnterprise>,
) -> Result<HttpResponse, ApiError> {
    caller.require(&[Role::Admin])?;
    let body = body.into_inner();
    let credit_code =
        CreditCode::parse(&body.credit_code).map_err(|e| ApiError::field("credit_code", e))?;
    check_chain(&state, body.chain_id).await?;
    let m = store::organisations::insert_enterprise(
        &state.db,
        NewEnterprise {
            name: body.name.trim().to_string(),
            credit_code,
            chain_id: body.chain_id,
            address: body.address.trim().to_string(),
            contact_name: body.contact_name.trim().to_string(),
            contact_phone: body.contact_phone.trim().to_string(),
        },
        state.clock.now(),
    )
    .await?;
    Ok(crate::http::created(
        format!("/api/v1/enterprises/{}", m.id),
        EnterpriseView::from(m),
    ))
}

#[derive(Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct UpdateEnterprise {
    #[validate(length(min = 1, max = 200), custom(function = not_blank))]
    #[serde(default, deserialize_with = "present")]
    name: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    chain_id: Option<Option<Uuid>>,
    #[validate(length(max = 300))]
    #[serde(default, deserialize_with = "present")]
    address: Option<String>,
    #[validate(length(max = 100))]
    #[serde(default, deserialize_with = "present")]
    contact_name: Option<String>,
    #[validate(length(max = 40))]
    #[serde(default, deserialize_with = "present")]
    contact_phone: Option<String>,
    #[serde(default, deserialize_with = "present")]
    active: Option<bool>,
}

/// The credit code is the enterprise's legal identity and is not changed.
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: Json<UpdateEnterprise>,
) -> Result<HttpResponse, ApiError> {
    caller.require(&[Role::Admin])?;
    let body = body.into_inner();
    check_chain(&state, body.chain_id.flatten()).await?;
    let trim = |s: Option<String>| s.map(|v| v.trim().to_string());
    let tx = store::write_tx(&state.db).await?;
    let m = store::organisations::update_enterprise(
        &tx,
        *id,
        EnterpriseChanges {
            name: trim(body.name),
            chain_id: body.chain_id,
            address: trim(body.address),
            contact_name: trim(body.contact_name),
            contact_phone: trim(body.contact_phone),
            active: body.active,
        },
        state.clock.now(),
    )
    .await?
    .ok_or_else(|| ApiError::not_found("enterprise"))?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(HttpResponse::Ok().json(EnterpriseView::from(m)))
}
