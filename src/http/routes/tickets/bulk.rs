//! `POST /api/v1/tickets/bulk-dispatch`: up to 100 tickets to one target,
//! all or none; a refusal names each refused ticket and why.

use std::collections::HashSet;

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use uuid::Uuid;
use validator::Validate;

use super::{actions::DispatchBody, view::views};
use crate::domain::ids::TicketId;
use crate::{
    domain::ticket::{Operation, permissions::role_may},
    http::{AppState, caller::Caller, error::ApiError, json::Json, pagination::List},
    workflow::{Acting, bulk},
};

#[derive(Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct BulkDispatchBody {
    #[validate(length(min = 1, max = 100))]
    ticket_ids: Vec<TicketId>,
    department_id: Option<Uuid>,
    service_item_id: Option<Uuid>,
}

pub async fn dispatch(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<BulkDispatchBody>,
) -> Result<HttpResponse, ApiError> {
    let who = Acting::of(&caller.user);
    if !role_may(who.role, Operation::BulkDispatch) {
        return Err(ApiError::forbidden());
    }
    let body = body.into_inner();
    let mut seen = HashSet::new();
    if let Some(dup) = body.ticket_ids.iter().find(|id| !seen.insert(**id)) {
        return Err(ApiError::field(
            "ticket_ids",
            format!("{dup} is listed more than once"),
        ));
    }
    let to = DispatchBody::new(body.department_id, body.service_item_id).target()?;
    let done = bulk::dispatch(
        &state.db,
        &state.workflow,
        &who,
        &body.ticket_ids,
        to,
        state.clock.now(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(List {
        items: views(&state, &who, done).await?,
        next_cursor: None,
    }))
}
