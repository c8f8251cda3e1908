//! `POST /api/v1/tickets/{id}/<action>`: one handler per workflow action,
//! each parsing its body into a [`Command`] and answering the updated
//! ticket with its ETag.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use uuid::Uuid;
use validator::Validate;

use super::{if_match, view::respond};
use crate::{
    domain::{
        ids::TicketId,
        ticket::{
            ContactChannel, MergeInto, Rating, UrgeDays,
            texts::{Feedback, Trimmed},
        },
    },
    http::{
        AppState,
        caller::Caller,
        error::ApiError,
        json::{Json, not_blank},
    },
    workflow::{
        Acting,
        actions::{Command, DispatchTo, act},
    },
};

async fn run(
    state: &AppState,
    caller: &Caller,
    req: &HttpRequest,
    id: TicketId,
    command: Command,
) -> Result<HttpResponse, ApiError> {
    let seen = if_match(req);
    let who = Acting::of(&caller.user);
    let t = act(
        &state.db,
        &state.workflow,
        &who,
        id,
        command,
        seen.as_deref(),
        state.clock.now(),
    )
    .await?;
    respond(state, &who, t).await
}

/// `{"department_id"}` or `{"service_item_id"}`: exactly one.
#[derive(Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct DispatchBody {
    department_id: Option<Uuid>,
    service_item_id: Option<Uuid>,
}

impl DispatchBody {
    pub fn new(department_id: Option<Uuid>, service_item_id: Option<Uuid>) -> Self {
        DispatchBody {
            department_id,
            service_item_id,
        }
    }

    pub fn target(&self) -> Result<DispatchTo, ApiError> {
        match (self.department_id, self.service_item_id) {
            (Some(d), None) => Ok(DispatchTo::Department(d)),
            (None, Some(i)) => Ok(DispatchTo::ServiceItem(i)),
            _ => Err(ApiError::field(
                "department_id",
                "give either department_id or service_item_id",
            )),
        }
    }
}

#[derive(Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct ReasonBody {
    #[validate(length(min = 1, max = 2000), custom(function = not_blank))]
    reason: String,
}

#[derive(Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct MessageBody {
    #[validate(length(min = 1, max = 4000), custom(function = not_blank))]
    message: String,
}

/// The enterprise's answer; the service side recording it on the
/// enterprise's behalf says by which `channel` it came.
#[derive(Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct ReplyBody {
    #[validate(length(min = 1, max = 4000), custom(function = not_blank))]
    message: String,
    channel: Option<String>,
}

#[derive(Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct ResolveBody {
    #[validate(length(min = 1, max = 8000), custom(function = not_blank))]
    resolution: String,
}

#[derive(Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct ConfirmBody {
    rating: i64,
    #[validate(length(max = 2000))]
    feedback: Option<String>,
    channel: Option<String>,
}

/// The channel of an answer or rating taken on the enterprise's behalf.
fn contact_channel(text: Option<&str>) -> Result<Option<ContactChannel>, ApiError> {
    text.map(|c| {
        c.parse::<ContactChannel>()
            .map_err(|_| ApiError::field("channel", "must be phone or visit"))
    })
    .transpose()
}

type Id = web::Path<TicketId>;
type State = web::Data<AppState>;

pub async fn dispatch(
    state: State,
    caller: Caller,
    req: HttpRequest,
    id: Id,
    body: Json<DispatchBody>,
) -> Result<HttpResponse, ApiError> {
    let to = body.into_inner().target()?;
    run(&state, &caller, &req, *id, Command::Dispatch(to)).await
}

pub async fn claim(
    state: State,
    caller: Caller,
    req: HttpRequest,
    id: Id,
) -> Result<HttpResponse, ApiError> {
    run(&state, &caller, &req, *id, Command::Claim).await
}

pub async fn cancel(
    state: State,
    caller: Caller,
    req: HttpRequest,
    id: Id,
) -> Result<HttpResponse, ApiError> {
    run(&state, &caller, &req, *id, Command::Cancel { reason: None }).await
}

/// Handlers whose body is one text field that becomes the command's.
macro_rules! text_action {
    ($($name:ident: $body:ident.$field:ident => $variant:ident;)*) => {$(
        pub async fn $name(
            state: State,
            caller: Caller,
            req: HttpRequest,
            id: Id,
            body: Json<$body>,
        ) -> Result<HttpResponse, ApiError> {
            let $field = Trimmed::parse(&body.into_inner().$field)
                .map_err(|e| ApiError::field(stringify!($field), e))?;
            run(&state, &caller, &req, *id, Command::$variant { $field }).await
        }
    )*};
}

text_action! {
    return_: ReasonBody.reason => Return;
    reject: ReasonBody.reason => Reject;
    escalate: ReasonBody.reason => Escalate;
    reopen: ReasonBody.reason => Reopen;
    pull_back: ReasonBody.reason => PullBack;
    request_info: MessageBody.message => RequestInfo;
    resolve: ResolveBody.resolution => Resolve;
    close: NoteBody.note => Close;
}

#[derive(Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct NoteBody {
    #[validate(length(min = 1, max = 2000), custom(function = not_blank))]
    note: String,
}

/// `{"reason", "reply_within_days"?}`: the department answers within that
/// many working days (default 1).
#[derive(Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct UrgeBody {
    #[validate(length(min = 1, max = 2000), custom(function = not_blank))]
    reason: String,
    reply_within_days: Option<i64>,
}

pub async fn urge(
    state: State,
    caller: Caller,
    req: HttpRequest,
    id: Id,
    body: Json<UrgeBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let reason = Trimmed::parse(&body.reason).map_err(|e| ApiError::field("reason", e))?;
    let reply_within = match body.reply_within_days {
        Some(days) => UrgeDays::new(days).map_err(|e| ApiError::field("reply_within_days", e))?,
        None => UrgeDays::DEFAULT,
    };
    let command = Command::Urge {
        reason,
        reply_within,
    };
    run(&state, &caller, &req, *id, command).await
}

/// `{"reason", "department_id"?}`: redone by the ticket's department
/// unless another is named.
#[derive(Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct RedoBody {
    #[validate(length(min = 1, max = 2000), custom(function = not_blank))]
    reason: String,
    department_id: Option<Uuid>,
}

pub async fn redo(
    state: State,
    caller: Caller,
    req: HttpRequest,
    id: Id,
    body: Json<RedoBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let reason = Trimmed::parse(&body.reason).map_err(|e| ApiError::field("reason", e))?;
    let command = Command::Redo {
        department_id: body.department_id,
        reason,
    };
    run(&state, &caller, &req, *id, command).await
}

/// `{"into_ticket_id", "reason"?}`.
#[derive(Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct MergeBody {
    into_ticket_id: Uuid,
    #[validate(length(max = 2000))]
    reason: Option<String>,
}

pub async fn merge(
    state: State,
    caller: Caller,
    req: HttpRequest,
    id: Id,
    body: Json<MergeBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let reason = match body.reason.as_deref() {
        Some(r) => Some(Trimmed::parse(r).map_err(|e| ApiError::field("reason", e))?),
        None => None,
    };
    let command = Command::Merge {
        into: MergeInto::Named(body.into_ticket_id),
        reason,
    };
    run(&state, &caller, &req, *id, command).await
}

/// `{"message", "internal"?}`: the answer to the pending urge, a public
/// comment unless `internal` is true.
#[derive(Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct UrgeReplyBody {
    #[validate(length(min = 1, max = 4000), custom(function = not_blank))]
    message: String,
    #[serde(default)]
    internal: bool,
}

pub async fn urge_reply(
    state: State,
    caller: Caller,
    req: HttpRequest,
    id: Id,
    body: Json<UrgeReplyBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let message = Trimmed::parse(&body.message).map_err(|e| ApiError::field("message", e))?;
    let command = Command::UrgeReply {
        message,
        internal: body.internal,
    };
    run(&state, &caller, &req, *id, command).await
}

/// `{"assignee_id"}`: the colleague a lead hands the ticket to.
#[derive(Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct AssignBody {
    assignee_id: Uuid,
}

pub async fn assign(
    state: State,
    caller: Caller,
    req: HttpRequest,
    id: Id,
    body: Json<AssignBody>,
) -> Result<HttpResponse, ApiError> {
    let assignee_id = body.into_inner().assignee_id;
    run(&state, &caller, &req, *id, Command::Assign { assignee_id }).await
}

pub async fn reply(
    state: State,
    caller: Caller,
    req: HttpRequest,
    id: Id,
    body: Json<ReplyBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let message = Trimmed::parse(&body.message).map_err(|e| ApiError::field("message", e))?;
    let channel = contact_channel(body.channel.as_deref())?;
    run(
        &state,
        &caller,
        &req,
        *id,
        Command::Reply { message, channel },
    )
    .await
}

pub async fn confirm(
    state: State,
    caller: Caller,
    req: HttpRequest,
    id: Id,
    body: Json<ConfirmBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let rating = Rating::new(body.rating).map_err(|e| ApiError::field("rating", e))?;
    let feedback =
        Feedback::optional(body.feedback.as_deref()).map_err(|e| ApiError::field("feedback", e))?;
    let channel = contact_channel(body.channel.as_deref())?;
    run(
        &state,
        &caller,
        &req,
        *id,
        Command::Confirm {
            rating,
            feedback,
            channel,
        },
    )
    .await
}
