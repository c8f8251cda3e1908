//! `POST /api/v1/tickets`: filing, with `Idempotency-Key` so a client on a
//! shaky mobile connection can retry without filing twice.

use actix_web::{
    HttpRequest, HttpResponse,
    http::{StatusCode, header},
    web,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;
use validator::Validate;

use super::view::{etag, view};
use crate::{
    domain::ticket::{
        Channel, Priority,
        texts::{Description, Title},
    },
    http::{
        AppState,
        caller::Caller,
        error::ApiError,
        json::{Json, not_blank},
    },
    store::{self, throttle::Verdict, tickets::idempotency::StoredAnswer},
    workflow::{
        Acting,
        filing::{self, Filed, NewFiling},
    },
};

#[derive(Deserialize, Serialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct FileBody {
    #[validate(length(min = 1, max = 200), custom(function = not_blank))]
    title: String,
    #[validate(length(min = 1, max = 10000), custom(function = not_blank))]
    description: String,
    #[validate(length(min = 1, max = 32))]
    category: String,
    service_item_id: Option<Uuid>,
    priority: Option<Priority>,
    channel: Option<Channel>,
    enterprise_id: Option<Uuid>,
}

impl TryFrom<FileBody> for NewFiling {
    type Error = ApiError;
    fn try_from(b: FileBody) -> Result<Self, ApiError> {
        Ok(NewFiling {
            title: Title::parse(&b.title).map_err(|e| ApiError::field("title", e))?,
            description: Description::parse(&b.description)
                .map_err(|e| ApiError::field("description", e))?,
            category: b.category,
            service_item_id: b.service_item_id,
            priority: b.priority.unwrap_or_default(),
            channel: b.channel,
            enterprise_id: b.enterprise_id,
        })
    }
}

const KEY_HEADER: &str = "Idempotency-Key";

/// The key, when sent: 1 to 255 visible ASCII characters.
fn idempotency_key(req: &HttpRequest) -> Result<Option<String>, ApiError> {
    let Some(value) = req.headers().get(KEY_HEADER) else {
        return Ok(None);
    };
    let key = value.to_str().unwrap_or("").trim();
    let printable = key.bytes().all(|b| b.is_ascii_graphic());
    if key.is_empty() || key.len() > 255 || !printable {
        return Err(ApiError::BadRequest(format!(
            "{KEY_HEADER} must be 1 to 255 visible ASCII characters"
        )));
    }
    Ok(Some(key.to_string()))
}

/// SHA-256 of the body's canonical JSON: key order and spacing do not
/// make two requests different.
fn request_hash(body: &FileBody) -> Result<String, ApiError> {
    let canonical = serde_json::to_vec(body).map_err(|e| ApiError::Internal(e.into()))?;
    Ok(Sha256::digest(&canonical)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

fn created(body: String, id: Uuid, version: i32, status: StatusCode) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header((header::LOCATION, format!("/api/v1/tickets/{id}")))
        .insert_header((header::ETAG, etag(version)))
        .content_type("application/json")
        .body(body)
}

/// The first answer again.
fn replay(stored: StoredAnswer) -> Result<HttpResponse, ApiError> {
    let first: serde_json::Value =
        serde_json::from_str(&stored.response).map_err(|e| ApiError::Internal(e.into()))?;
    let id = first["id"]
        .as_str()
        .and_then(|s| Uuid::parse_str(s).ok())
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("stored answer has no id")))?;
    let version = first["version"].as_i64().unwrap_or(1) as i32;
    let status = StatusCode::from_u16(stored.status as u16).unwrap_or(StatusCode::CREATED);
    let mut response = created(stored.response, id, version, status);
    response.headers_mut().insert(
        header::HeaderName::from_static("idempotent-replayed"),
        header::HeaderValue::from_static("true"),
    );
    Ok(response)
}

pub async fn file(
    state: web::Data<AppState>,
    caller: Caller,
    req: HttpRequest,
    body: Json<FileBody>,
) -> Result<HttpResponse, ApiError> {
    let key = idempotency_key(&req)?;
    let who = Acting::of(&caller.user);
    let mut body = body.into_inner();
    // A default sent explicitly is the same request as one left out.
    body.priority.get_or_insert_default();
    let now = state.clock.now();
    let hash = request_hash(&body)?;
    let config = &state.workflow;
    let limit = state.throttle.filing(who.user_id);
    let filed = filing::file_once(
        &state.db,
        &who,
        key.as_deref(),
        &hash,
        NewFiling::try_from(body)?,
        now,
        async |tx, ticket| -> Result<String, ApiError> {
            // Counted inside the filing's transaction (a replay never gets
            // here): a filing that fails, or is refused, takes nothing from
            // the user's allowance.
            if let Some(limit) = limit
                && let Verdict::Wait { secs } = store::throttle::take(tx, &[limit], now).await?
            {
                return Err(ApiError::TooManyRequests {
                    retry_after_secs: secs,
                });
            }
            let shown = view(tx, config, &who, ticket, now).await?;
            serde_json::to_string(&shown).map_err(|e| ApiError::Internal(e.into()))
        },
    )
    .await?;
    match filed {
        Filed::New {
            ticket_id,
            version,
            answer,
        } => Ok(created(answer, ticket_id, version, StatusCode::CREATED)),
        Filed::Replayed(stored) => replay(stored),
    }
}
