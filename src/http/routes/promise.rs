//! What the service list promises: for each category and service item, the
//! SLA policy filing would apply, with its calendar and targets, so a client
//! can say "10 个工作日办结" and ask `GET /calendars/{id}/deadline` for the
//! exact instant before it files.

use std::collections::HashMap;

use entity::{category, service_item, sla_policy};
use sea_orm::ConnectionTrait;
use serde::Serialize;
use uuid::Uuid;

use crate::store::{self, StoreError};

/// One priority's targets, in the names the SLA policy routes use; each
/// clock has exactly one of the pair (the first response may have neither).
#[derive(Serialize, Clone, Copy)]
pub struct PromisedTargets {
    response_target_secs: Option<i64>,
    response_target_working_days: Option<i64>,
    first_response_target_secs: Option<i64>,
    first_response_target_working_days: Option<i64>,
    resolution_target_secs: Option<i64>,
    resolution_target_working_days: Option<i64>,
}

#[derive(Serialize, Clone)]
pub struct Promise {
    sla_policy_id: Uuid,
    calendar_id: Uuid,
    normal: PromisedTargets,
    urgent: PromisedTargets,
}

impl From<&sla_policy::Model> for Promise {
    fn from(p: &sla_policy::Model) -> Self {
        Promise {
            sla_policy_id: p.id,
            calendar_id: p.calendar_id,
            normal: PromisedTargets {
                response_target_secs: p.response_secs,
                response_target_working_days: p.response_days,
                first_response_target_secs: p.first_response_secs,
                first_response_target_working_days: p.first_response_days,
                resolution_target_secs: p.resolution_secs,
                resolution_target_working_days: p.resolution_days,
            },
            urgent: PromisedTargets {
                response_target_secs: p.urgent_response_secs,
                response_target_working_days: p.urgent_response_days,
                first_response_target_secs: p.urgent_first_response_secs,
                first_response_target_working_days: p.urgent_first_response_days,
                resolution_target_secs: p.urgent_resolution_secs,
                resolution_target_working_days: p.urgent_resolution_days,
            },
        }
    }
}

/// A view with the promise beside it.
#[derive(Serialize)]
pub struct WithPromise<T> {
    #[serde(flatten)]
    pub view: T,
    pub sla: Option<Promise>,
}

/// Looks policies (and category defaults) up once per request: a list page
/// names only a handful of distinct policies.
#[derive(Default)]
pub struct Promises {
    policies: HashMap<Uuid, Option<Promise>>,
    category_defaults: Option<HashMap<String, Option<Uuid>>>,
}

impl Promises {
    async fn active_policy(
        &mut self,
        db: &impl ConnectionTrait,
        id: Uuid,
    ) -> Result<Option<Promise>, StoreError> {
        if let Some(known) = self.policies.get(&id) {
            return Ok(known.clone());
        }
        let found = store::tickets::sla::policy(db, id)
            .await?
            .filter(|p| p.active)
            .map(|p| Promise::from(&p));
        self.policies.insert(id, found.clone());
        Ok(found)
    }

    /// The category's default policy, as filing applies it when no service
    /// item (or one without its own policy) is chosen.
    pub async fn for_category(
        &mut self,
        db: &impl ConnectionTrait,
        c: &category::Model,
    ) -> Result<Option<Promise>, StoreError> {
        match c.default_sla_policy_id {
            Some(id) => self.active_policy(db, id).await,
            None => Ok(None),
        }
    }

    /// The item's own active policy, else its category's: the order filing
    /// follows.
    pub async fn for_item(
        &mut self,
        db: &impl ConnectionTrait,
        item: &service_item::Model,
    ) -> Result<Option<Promise>, StoreError> {
        if let Some(id) = item.sla_policy_id
            && let Some(p) = self.active_policy(db, id).await?
        {
            return Ok(Some(p));
        }
        if self.category_defaults.is_none() {
            let all = store::catalogue::list_categories(db, None).await?;
            self.category_defaults = Some(
                all.into_iter()
                    .map(|c| (c.code, c.default_sla_policy_id))
                    .collect(),
            );
        }
        let default = self
            .category_defaults
            .as_ref()
            .and_then(|d| d.get(&item.category).copied().flatten());
        match default {
            Some(id) => self.active_policy(db, id).await,
            None => Ok(None),
        }
    }
}
