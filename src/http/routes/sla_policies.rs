//! SLA policies: for each priority, a target per clock (business seconds
//! or working days) on a calendar. Read by the service side, written by admins.
//!
//! Changing a policy affects deadlines computed afterwards only; deadlines
//! already stored on tickets are kept.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use entity::sla_policy;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

use super::refs;
use crate::{
    domain::{
        role::Role,
        sla_policy::{
            ClockTargets, Target, TargetError, WarnRatio, required_target, target_from_pair,
        },
    },
    http::{
        AppState,
        caller::Caller,
        error::{ApiError, FieldErrors},
        json::{Json, not_blank},
        pagination::{List, PageQuery, page_request},
    },
    store::{self, catalogue::PolicySpec},
};

/// One priority's targets, as on the wire: each clock a pair of which
/// exactly one is set (the first-response clock may have neither).
#[derive(Serialize, Deserialize, Validate, Default, Clone, Copy)]
#[serde(deny_unknown_fields)]
pub struct TargetsBody {
    #[serde(default)]
    response_target_secs: Option<i64>,
    #[serde(default)]
    response_target_working_days: Option<i64>,
    #[serde(default)]
    first_response_target_secs: Option<i64>,
    #[serde(default)]
    first_response_target_working_days: Option<i64>,
    #[serde(default)]
    resolution_target_secs: Option<i64>,
    #[serde(default)]
    resolution_target_working_days: Option<i64>,
}

impl TargetsBody {
    fn parse(&self, prefix: &str, errors: &mut FieldErrors) -> Option<ClockTargets> {
        let mut check = |name: &str, result: Result<Option<Target>, TargetError>| match result {
            Ok(t) => Some(t),
            Err(e) => {
                let unit = match e {
                    TargetError::DaysRange => "working_days",
                    _ => "secs",
                };
                errors.insert(format!("{prefix}{name}_target_{unit}"), e.to_string());
                None
            }
        };
        let response = check(
            "response",
            required_target(self.response_target_secs, self.response_target_working_days).map(Some),
        );
        let first = check(
            "first_response",
            target_from_pair(
                self.first_response_target_secs,
                self.first_response_target_working_days,
            ),
        );
        let resolution = check(
            "resolution",
            required_target(
                self.resolution_target_secs,
                self.resolution_target_working_days,
            )
            .map(Some),
        );
        Some(ClockTargets {
            response: response??,
            first_response: first?,
            resolution: resolution??,
        })
    }

    fn from_columns(pairs: [(Option<i64>, Option<i64>); 3]) -> Self {
        let [r, f, s] = pairs;
        TargetsBody {
            response_target_secs: r.0,
            response_target_working_days: r.1,
            first_response_target_secs: f.0,
            first_response_target_working_days: f.1,
            resolution_target_secs: s.0,
            resolution_target_working_days: s.1,
        }
    }
}

#[derive(Serialize)]
pub struct PolicyView {
    id: Uuid,
    name: String,
    calendar_id: Uuid,
    warn_ratio: f64,
    warn_lead_secs: Option<i64>,
    #[serde(flatten)]
    normal: TargetsBody,
    urgent: TargetsBody,
    active: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<sla_policy::Model> for PolicyView {
    fn from(m: sla_policy::Model) -> Self {
        PolicyView {
            id: m.id,
            name: m.name,
            calendar_id: m.calendar_id,
            warn_ratio: m.warn_ratio,
            warn_lead_secs: m.warn_lead_secs,
            normal: TargetsBody::from_columns([
                (m.response_secs, m.response_days),
                (m.first_response_secs, m.first_response_days),
                (m.resolution_secs, m.resolution_days),
            ]),
            urgent: TargetsBody::from_columns([
                (m.urgent_response_secs, m.urgent_response_days),
                (m.urgent_first_response_secs, m.urgent_first_response_days),
                (m.urgent_resolution_secs, m.urgent_resolution_days),
            ]),
            active: m.active,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

const READERS: &[Role] = &[Role::Staff, Role::Dispatcher, Role::Supervisor, Role::Admin];

pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require(READERS)?;
    let request = page_request(query.limit, query.cursor.as_deref())?;
    let page = store::catalogue::list_policies(&state.db, request).await?;
    Ok(HttpResponse::Ok().json(List::from_page(
        page,
        |m| m.id.to_string(),
        PolicyView::from,
    )))
}

pub async fn show(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require(READERS)?;
    let m = store::catalogue::get_policy(&state.db, *id)
        .await?
        .ok_or_else(|| ApiError::not_found("SLA policy"))?;
    Ok(HttpResponse::Ok().json(PolicyView::from(m)))
}

/// The whole definition of a policy (POST creates, PUT replaces).
#[derive(Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct PolicyBody {
    #[validate(length(min = 1, max = 100), custom(function = not_blank))]
    name: String,
    calendar_id: Uuid,
    warn_ratio: f64,
    #[validate(range(min = 0, max = 31_622_400))]
    warn_lead_secs: Option<i64>,
    // The normal-priority targets sit at the top level (no `flatten`:
    // serde cannot combine it with `deny_unknown_fields`).
    response_target_secs: Option<i64>,
    response_target_working_days: Option<i64>,
    first_response_target_secs: Option<i64>,
    first_response_target_working_days: Option<i64>,
    resolution_target_secs: Option<i64>,
    resolution_target_working_days: Option<i64>,
    urgent: TargetsBody,
    #[serde(default = "yes")]
    active: bool,
}

fn yes() -> bool {
    true
}

async fn parse_spec(state: &AppState, body: PolicyBody) -> Result<PolicySpec, ApiError> {
    let mut errors = FieldErrors::new();
    let warn_ratio = WarnRatio::new(body.warn_ratio)
        .map_err(|e| errors.insert("warn_ratio".into(), e.to_string()))
        .ok();
    let normal = TargetsBody {
        response_target_secs: body.response_target_secs,
        response_target_working_days: body.response_target_working_days,
        first_response_target_secs: body.first_response_target_secs,
        first_response_target_working_days: body.first_response_target_working_days,
        resolution_target_secs: body.resolution_target_secs,
        resolution_target_working_days: body.resolution_target_working_days,
    }
    .parse("", &mut errors);
    let urgent = body.urgent.parse("urgent.", &mut errors);
    let (Some(warn_ratio), Some(normal), Some(urgent)) = (warn_ratio, normal, urgent) else {
        return Err(ApiError::Validation(errors));
    };
    refs::calendar(state, "calendar_id", body.calendar_id).await?;
    Ok(PolicySpec {
        name: body.name.trim().to_string(),
        calendar_id: body.calendar_id,
        warn_ratio,
        warn_lead_secs: body.warn_lead_secs,
        normal,
        urgent,
        active: body.active,
    })
}

pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<PolicyBody>,
) -> Result<HttpResponse, ApiError> {
    caller.require(&[Role::Admin])?;
    let spec = parse_spec(&state, body.into_inner()).await?;
    let m = store::catalogue::insert_policy(&state.db, spec, state.clock.now()).await?;
    Ok(crate::http::created(
        format!("/api/v1/sla-policies/{}", m.id),
        PolicyView::from(m),
    ))
}

pub async fn replace(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: Json<PolicyBody>,
) -> Result<HttpResponse, ApiError> {
    caller.require(&[Role::Admin])?;
    let spec = parse_spec(&state, body.into_inner()).await?;
    let m = store::catalogue::replace_policy(&state.db, *id, spec, state.clock.now())
        .await?
        .ok_or_else(|| ApiError::not_found("SLA policy"))?;
    Ok(HttpResponse::Ok().json(PolicyView::from(m)))
}
