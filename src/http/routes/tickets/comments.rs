//! `/api/v1/tickets/{id}/comments`: public comments and internal notes.
//! An enterprise contact never receives an internal note.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

use crate::domain::ids::TicketId;
use crate::{
    domain::ticket::texts::CommentBody as CommentText,
    http::{
        AppState,
        caller::Caller,
        error::ApiError,
        json::{Json, not_blank},
        pagination::{List, PageQuery, page_request},
    },
    store::tickets::comments::{self, Comment},
    workflow::{self, Acting},
};

#[derive(Serialize)]
pub struct CommentView {
    id: Uuid,
    ticket_id: Uuid,
    author_id: Uuid,
    body: String,
    internal: bool,
    created_at: DateTime<Utc>,
}

impl From<Comment> for CommentView {
    fn from(c: Comment) -> Self {
        CommentView {
            id: c.id,
            ticket_id: c.ticket_id,
            author_id: c.author_id,
            body: c.body,
            internal: c.internal,
            created_at: c.created_at,
        }
    }
}

#[derive(Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct CommentBody {
    #[validate(length(min = 1, max = 8000), custom(function = not_blank))]
    body: String,
    #[serde(default)]
    internal: bool,
}

pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<TicketId>,
    body: Json<CommentBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let who = Acting::of(&caller.user);
    let c = workflow::comments::add(
        &state.db,
        &state.workflow,
        &who,
        *id,
        CommentText::parse(&body.body).map_err(|e| ApiError::field("body", e))?,
        body.internal,
        state.clock.now(),
    )
    .await?;
    Ok(HttpResponse::Created().json(CommentView::from(c)))
}

pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<TicketId>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let request = page_request(query.limit, query.cursor.as_deref())?;
    let who = Acting::of(&caller.user);
    let t = workflow::visible(&state.db, &who, *id).await?;
    let page = comments::list(&state.db, t.id, !who.scope.is_enterprise(), request).await?;
    Ok(HttpResponse::Ok().json(List::from_page(
        page,
        |c| c.id.to_string(),
        CommentView::from,
    )))
}
