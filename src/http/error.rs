//! The one place where errors become HTTP answers: RFC 9457
//! `application/problem+json` with a stable snake_case `code`.

use std::collections::BTreeMap;

use actix_web::{
    HttpResponse, ResponseError,
    http::{StatusCode, header},
};
use serde::Serialize;

use crate::{
    auth::{password::PasswordError, tokens::TokenError},
    domain::ticket::TicketStatus,
    store::StoreError,
    workflow::{
        WorkflowError,
        bulk::{BulkError, Refusals},
    },
};

mod i18n;

pub use i18n::Lang;

/// Field name → what is wrong with it.
pub type FieldErrors = BTreeMap<String, String>;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    MalformedJson(String),
    #[error("{0}")]
    InvalidQuery(String),
    #[error("{0}")]
    BadRequest(String),
    #[error("this request needs an access token: Authorization: Bearer <token>")]
    Unauthenticated,
    #[error("{0}")]
    InvalidToken(String),
    #[error("the access token has expired; use the refresh token for a new one")]
    TokenExpired,
    #[error("wrong login or password")]
    InvalidCredentials,
    #[error("the refresh token is not valid; sign in again")]
    InvalidRefreshToken,
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{method} is not allowed here; allowed: {allow}")]
    MethodNotAllowed { method: String, allow: String },
    #[error("{detail}")]
    Conflict { code: &'static str, detail: String },
    /// The action is not legal from the ticket's status (or a concurrent
    /// change got there first); the body names the current status.
    #[error("{detail}")]
    WrongStatus {
        detail: String,
        current: TicketStatus,
    },
    /// A claim lost to a colleague's: [`ApiError::WrongStatus`] naming who
    /// holds the ticket now.
    #[error("cannot claim a ticket that is {current}: {assignee_name} claimed it")]
    ClaimedBy {
        current: TicketStatus,
        assignee_id: uuid::Uuid,
        assignee_name: String,
    },
    /// Some tickets of a bulk request were refused, so none was changed.
    #[error("{} of the tickets were refused; nothing was changed", .0.len())]
    BulkRefused(Vec<Failure>),
    #[error("{0}")]
    PreconditionFailed(String),
    #[error("the body is larger than the limit of {0} bytes")]
    PayloadTooLarge(usize),
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("the request target is longer than the limit of {0} bytes")]
    UriTooLong(usize),
    #[error("{}", describe_fields(.0))]
    Validation(FieldErrors),
    #[error("too many attempts; try again in {retry_after_secs} s")]
    TooManyRequests { retry_after_secs: u64 },
    #[error("{0}")]
    Unavailable(String),
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

fn describe_fields(errors: &FieldErrors) -> String {
    match errors.len() {
        1 => "1 field is invalid".to_string(),
        n => format!("{n} fields are invalid"),
    }
}

impl ApiError {
    pub fn field(name: impl Into<String>, message: impl ToString) -> Self {
        ApiError::Validation(BTreeMap::from([(name.into(), message.to_string())]))
    }

    /// Every refused access token answers this same problem, whatever was
    /// wrong with it (an expired one excepted: the client then refreshes).
    pub fn invalid_token() -> Self {
        ApiError::InvalidToken("the access token is not valid; sign in again".to_string())
    }

    pub fn not_found(what: &str) -> Self {
        ApiError::NotFound(format!("no such {what}"))
    }

    pub fn forbidden() -> Self {
        ApiError::Forbidden("your role may not do this".to_string())
    }

    pub fn conflict(code: &'static str, detail: impl Into<String>) -> Self {
        ApiError::Conflict {
            code,
            detail: detail.into(),
        }
    }

    /// The stable snake_case code of this kind, as in the problem body.
    pub fn code(&self) -> &'static str {
        self.parts().1
    }

    /// Status, stable code and short human title of each kind.
    fn parts(&self) -> (StatusCode, &'static str, &'static str) {
        use ApiError::*;
        match self {
            MalformedJson(_) => (StatusCode::BAD_REQUEST, "malformed_json", "Malformed JSON"),
            InvalidQuery(_) => (
                StatusCode::BAD_REQUEST,
                "invalid_query",
                "Invalid query string",
            ),
            BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request", "Bad request"),
            Unauthenticated => (
                StatusCode::UNAUTHORIZED,
                "unauthenticated",
                "Authentication required",
            ),
            InvalidToken(_) => (
                StatusCode::UNAUTHORIZED,
                "invalid_token",
                "Invalid access token",
            ),
            TokenExpired => (
                StatusCode::UNAUTHORIZED,
                "token_expired",
                "Access token expired",
            ),
            InvalidCredentials => (
                StatusCode::UNAUTHORIZED,
                "invalid_credentials",
                "Sign-in failed",
            ),
            InvalidRefreshToken => (
                StatusCode::UNAUTHORIZED,
                "invalid_refresh_token",
                "Invalid refresh token",
            ),
            Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden", "Forbidden"),
            NotFound(_) => (StatusCode::NOT_FOUND, "not_found", "Not found"),
            MethodNotAllowed { .. } => (
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "Method not allowed",
            ),
            Conflict { code, .. } => (StatusCode::CONFLICT, code, "Conflict"),
            WrongStatus { .. } | ClaimedBy { .. } => (
                StatusCode::CONFLICT,
                "invalid_transition",
                "Not allowed in this status",
            ),
            BulkRefused(_) => (StatusCode::CONFLICT, "bulk_refused", "Bulk request refused"),
            PreconditionFailed(_) => (
                StatusCode::PRECONDITION_FAILED,
                "precondition_failed",
                "Precondition failed",
            ),
            PayloadTooLarge(_) => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                "Payload too large",
            ),
            UnsupportedMediaType(_) => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "Unsupported media type",
            ),
            UriTooLong(_) => (StatusCode::URI_TOO_LONG, "uri_too_long", "URI too long"),
            Validation(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation_failed",
                "Invalid fields",
            ),
            TooManyRequests { .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_requests",
                "Too many requests",
            ),
            Unavailable(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "Service unavailable",
            ),
            Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "Internal error",
            ),
        }
    }
}

/// The problem document. `type` is a URN built from the stable `code`.
#[derive(Serialize)]
struct Problem<'a> {
    #[serde(rename = "type")]
    kind: String,
    title: &'a str,
    status: u16,
    detail: String,
    code: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    errors: Option<&'a FieldErrors>,
    #[serde(skip_serializing_if = "Option::is_none")]
    current_status: Option<TicketStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    failures: Option<&'a [Failure]>,
    /// Who holds a ticket a claim lost to.
    #[serde(skip_serializing_if = "Option::is_none")]
    assignee_id: Option<uuid::Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    assignee_name: Option<&'a str>,
}

/// One refused item of a bulk request.
#[derive(Debug, Serialize)]
pub struct Failure {
    pub id: crate::domain::ids::TicketId,
    pub status: u16,
    pub code: &'static str,
    pub detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_status: Option<TicketStatus>,
}

pub const PROBLEM_JSON: &str = "application/problem+json";

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.parts().0
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        if status.is_server_error() {
            // The client sees only the status; the cause chain goes to the log.
            tracing::error!(error = ?anyhow_chain(self), "request failed");
        }
        let mut response = HttpResponse::build(status);
        response.insert_header((header::CONTENT_TYPE, PROBLEM_JSON));
        match self {
            ApiError::Unauthenticated => {
                response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
            }
            ApiError::InvalidToken(_) | ApiError::TokenExpired => {
                response
                    .insert_header((header::WWW_AUTHENTICATE, r#"Bearer error="invalid_token""#));
            }
            ApiError::MethodNotAllowed { allow, .. } => {
                response.insert_header((header::ALLOW, allow.as_str()));
            }
            ApiError::TooManyRequests { retry_after_secs } => {
                response.insert_header((header::RETRY_AFTER, retry_after_secs.to_string()));
            }
            ApiError::Unavailable(_) => {
                response.insert_header((
                    header::RETRY_AFTER,
                    UNAVAILABLE_RETRY_AFTER_SECS.to_string(),
                ));
            }
            _ => {}
        }
        response.insert_header((header::CONTENT_LANGUAGE, Lang::En.tag()));
        response.insert_header((header::VARY, "Accept-Language"));
        response.body(self.problem_body(Lang::En))
    }
}

impl ApiError {
    /// The problem document with its `detail` in `lang`.
    pub fn problem_body(&self, lang: Lang) -> Vec<u8> {
        let (status, code, title) = self.parts();
        let problem = Problem {
            kind: format!("urn:huying:problem:{code}"),
            title,
            status: status.as_u16(),
            detail: i18n::detail(self, lang),
            code,
            errors: match self {
                ApiError::Validation(errors) => Some(errors),
                _ => None,
            },
            current_status: match self {
                ApiError::WrongStatus { current, .. } | ApiError::ClaimedBy { current, .. } => {
                    Some(*current)
                }
                _ => None,
            },
            failures: match self {
                ApiError::BulkRefused(failures) => Some(failures),
                _ => None,
            },
            assignee_id: match self {
                ApiError::ClaimedBy { assignee_id, .. } => Some(*assignee_id),
                _ => None,
            },
            assignee_name: match self {
                ApiError::ClaimedBy { assignee_name, .. } => Some(assignee_name),
                _ => None,
            },
        };
        serde_json::to_vec(&problem).unwrap_or_default()
    }
}

fn anyhow_chain(err: &ApiError) -> String {
    match err {
        ApiError::Internal(inner) => format!("{inner:#}"),
        other => other.to_string(),
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        if let Some(key) = err.unique_key() {
            return ApiError::conflict("already_exists", key.detail);
        }
        match err {
            StoreError::Duplicate(_) => ApiError::conflict(
                "already_exists",
                "a record with this unique value already exists",
            ),
            StoreError::Reference(_) => ApiError::conflict(
                "reference_conflict",
                "a referenced record does not exist, or this record is still referenced",
            ),
            // A client retries a 503 (with `Retry-After`); a 500 it cannot
            // tell from a bug.
            other if other.is_unavailable() => {
                tracing::warn!(error = %other, "database unavailable");
                ApiError::Unavailable("the database is not reachable; retry shortly".to_string())
            }
            other => ApiError::Internal(other.into()),
        }
    }
}

/// Seconds a client waits before retrying a 503.
pub const UNAVAILABLE_RETRY_AFTER_SECS: u64 = 2;

impl From<PasswordError> for ApiError {
    fn from(err: PasswordError) -> Self {
        ApiError::Internal(err.into())
    }
}

impl From<TokenError> for ApiError {
    fn from(err: TokenError) -> Self {
        match err {
            TokenError::Expired => ApiError::TokenExpired,
            // The library's words (algorithms, claims) stay in the debug log.
            TokenError::Invalid(detail) => {
                tracing::debug!(%detail, "access token refused");
                ApiError::invalid_token()
            }
            other => ApiError::Internal(other.into()),
        }
    }
}

impl From<WorkflowError> for ApiError {
    fn from(err: WorkflowError) -> Self {
        match err {
            WorkflowError::NotFound => ApiError::not_found("ticket"),
            WorkflowError::Forbidden(detail) => ApiError::Forbidden(detail),
            e @ WorkflowError::WrongStatus { current, .. } => ApiError::WrongStatus {
                detail: e.to_string(),
                current,
            },
            WorkflowError::ClaimedBy {
                current,
                assignee_id,
                assignee_name,
            } => ApiError::ClaimedBy {
                current,
                assignee_id,
                assignee_name,
            },
            e @ WorkflowError::Stale { .. } => ApiError::PreconditionFailed(e.to_string()),
            WorkflowError::Invalid { field, message } => ApiError::field(field, message),
            WorkflowError::Refused { code, detail } => ApiError::Conflict { code, detail },
            WorkflowError::Store(e) => e.into(),
        }
    }
}

impl From<BulkError> for ApiError {
    fn from(err: BulkError) -> Self {
        match err {
            BulkError::Workflow(e) => e.into(),
            BulkError::Refused(refusals) => ApiError::BulkRefused(failures(refusals)),
        }
    }
}

fn failures(refusals: Refusals) -> Vec<Failure> {
    refusals
        .into_iter()
        .map(|(id, e)| {
            let api = ApiError::from(e);
            let (status, code, _) = api.parts();
            Failure {
                id,
                status: status.as_u16(),
                code,
                detail: api.to_string(),
                current_status: match api {
                    ApiError::WrongStatus { current, .. } | ApiError::ClaimedBy { current, .. } => {
                        Some(current)
                    }
                    _ => None,
                },
            }
        })
        .collect()
}
