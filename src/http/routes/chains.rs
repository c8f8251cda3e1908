//! Industry chains (产业链): readable by every signed-in role, written by admins.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use entity::industry_chain;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

use crate::{
    domain::role::Role,
    http::{
        AppState,
        caller::Caller,
        error::ApiError,
        json::{Json, double_option, not_blank, present},
        pagination::{List, PageQuery, page_request},
    },
    store::{
        self,
        organisations::{ChainChanges, NewChain},
    },
};

#[derive(Serialize)]
pub struct ChainView {
    id: Uuid,
    name: String,
    description: String,
    lead_enterprise_id: Option<Uuid>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<industry_chain::Model> for ChainView {
    fn from(m: industry_chain::Model) -> Self {
        ChainView {
            id: m.id,
            name: m.name,
            description: m.description,
            lead_enterprise_id: m.lead_enterprise_id,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

pub async fn list(
    state: web::Data<AppState>,
    _caller: Caller,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let request = page_request(query.limit, query.cursor.as_deref())?;
    let page = store::organisations::list_chains(&state.db, request).await?;
    Ok(HttpResponse::Ok().json(List::from_page(page, |m| m.id.to_string(), ChainView::from)))
}

pub async fn show(
    state: web::Data<AppState>,
    _caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let m = store::organisations::get_chain(&state.db, *id)
        .await?
        .ok_or_else(|| ApiError::not_found("industry chain"))?;
    Ok(HttpResponse::Ok().json(ChainView::from(m)))
}

#[derive(Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct CreateChain {
    #[validate(length(min = 1, max = 100), custom(function = not_blank))]
    name: String,
    #[serde(default)]
    #[validate(length(max = 2000))]
    description: String,
}

/// A chain is created without a lead enterprise: the lead must belong to
/// the chain, so it is named (PATCH) once its enterprises are registered.
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<CreateChain>,
) -> Result<HttpResponse, ApiError> {
    caller.require(&[Role::Admin])?;
    let body = body.into_inner();
    let m = store::organisations::insert_chain(
        &state.db,
        NewChain {
            name: body.name.trim().to_string(),
            description: body.description.trim().to_string(),
            lead_enterprise_id: None,
        },
        state.clock.now(),
    )
    .await?;
    Ok(crate::http::created(
        format!("/api/v1/chains/{}", m.id),
        ChainView::from(m),
    ))
}

#[derive(Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct UpdateChain {
    #[validate(length(min = 1, max = 100), custom(function = not_blank))]
    #[serde(default, deserialize_with = "present")]
    name: Option<String>,
    #[validate(length(max = 2000))]
    #[serde(default, deserialize_with = "present")]
    description: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    lead_enterprise_id: Option<Option<Uuid>>,
}

pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: Json<UpdateChain>,
) -> Result<HttpResponse, ApiError> {
    caller.require(&[Role::Admin])?;
    let id = id.into_inner();
    let body = body.into_inner();
    if store::organisations::get_chain(&state.db, id)
        .await?
        .is_none()
    {
        return Err(ApiError::not_found("industry chain"));
    }
    if let Some(Some(lead)) = body.lead_enterprise_id {
        let enterprise = store::organisations::get_enterprise(&state.db, lead).await?;
        match enterprise {
            None => return Err(ApiError::field("lead_enterprise_id", "no such enterprise")),
            Some(e) if e.chain_id != Some(id) => {
                return Err(ApiError::field(
                    "lead_enterprise_id",
                    "the lead enterprise must belong to this chain",
                ));
            }
            Some(_) => {}
        }
    }
    let m = store::organisations::update_chain(
        &state.db,
        id,
        ChainChanges {
            name: body.name.map(|n| n.trim().to_string()),
            description: body.description.map(|d| d.trim().to_string()),
            lead_enterprise_id: body.lead_enterprise_id,
        },
        state.clock.now(),
    )
    .await?
    .ok_or_else(|| ApiError::not_found("industry chain"))?;
    Ok(HttpResponse::Ok().json(ChainView::from(m)))
}
