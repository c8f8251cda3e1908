//! A service desk ready for tickets: the small world of `helpers` plus a
//! 24x7 calendar, an SLA policy, two categories and two service items,
//! made through the admin API as an administrator would.

use serde_json::{Value, json};

use crate::helpers::{Resp, TestApp, World};

pub struct Desk {
    pub w: World,
    pub policy: String,
    /// Hiring, served by department A; its item dispatches itself.
    pub item_auto: String,
    /// Schooling, served by department B; waits for a dispatcher.
    pub item_manual: String,
    /// `staff.a2`, a colleague of `staff.a` a lead assigns tickets to,
    /// once [`with_lead`] made them (and `lead.a`).
    pub colleague: Option<String>,
}

/// Targets of the desk's policy, in office seconds of a 24x7 calendar.
pub const RESPONSE_SECS: i64 = 3600;
pub const FIRST_RESPONSE_SECS: i64 = 7200;
pub const RESOLUTION_SECS: i64 = 86_400;

impl Desk {
    pub fn token(&self, login: &str) -> &str {
        self.w.token(login)
    }
}

/// The clock is frozen on a whole second (office time is counted in whole
/// seconds, so deadlines are then exact) and moves only when a test says.
pub async fn desk(app: &TestApp) -> Desk {
    app.clock
        .freeze_at(chrono::SubsecRound::trunc_subsecs(chrono::Utc::now(), 0));
    let w = app.world().await;
    let day = json!([["00:00", "24:00"]]);
    let calendar = app
        .post(
            "/api/v1/calendars",
            &w.admin,
            json!({"name": "24x7", "time_zone": "UTC",
                   "weekly_hours": {"mon": day, "tue": day, "wed": day, "thu": day,
                                    "fri": day, "sat": day, "sun": day}}),
        )
        .await
        .id();
    let policy = app
        .post(
            "/api/v1/sla-policies",
            &w.admin,
            json!({
                "name": "desk policy",
                "calendar_id": calendar,
                "warn_ratio": 0.8,
                "response_target_secs": RESPONSE_SECS,
                "first_response_target_secs": FIRST_RESPONSE_SECS,
                "resolution_target_secs": RESOLUTION_SECS,
                "urgent": {"response_target_secs": 600, "resolution_target_secs": 3600}
            }),
        )
        .await
        .id();
    for (code, name, dept) in [
        ("hiring", "招工用工", &w.dept_a),
        ("schooling", "子女入学", &w.dept_b),
    ] {
        app.post(
            "/api/v1/categories",
            &w.admin,
            json!({"code": code, "name": name, "default_department_id": dept,
                   "default_sla_policy_id": policy}),
        )
        .await
        .assert_status(201);
    }
    let item_auto = app
        .post(
            "/api/v1/service-items",
            &w.admin,
            json!({"department_id": w.dept_a, "category": "hiring", "name": "专场招聘会对接",
                   "auto_dispatch": true}),
        )
        .await
        .id();
    let item_manual = app
        .post(
            "/api/v1/service-items",
            &w.admin,
            json!({"department_id": w.dept_b, "category": "schooling", "name": "人才子女入学协调"}),
        )
        .await
        .id();
    Desk {
        w,
        policy,
        item_auto,
        item_manual,
        colleague: None,
    }
}

/// Adds to department A its lead `lead.a` and a colleague `staff.a2`.
pub async fn with_lead(app: &TestApp, d: &mut Desk) {
    for (login, lead) in [("lead.a", true), ("staff.a2", false)] {
        let r = app
            .post(
                "/api/v1/users",
                &d.w.admin,
                json!({"login": login, "password": "password-123", "role": "staff",
                       "department_id": d.w.dept_a, "is_lead": lead}),
            )
            .await;
        r.assert_status(201);
        assert_eq!(r.body["is_lead"], lead);
        if !lead {
            d.colleague = Some(r.id());
        }
        let token = app.token(login, "password-123").await;
        d.w.tokens.insert(login.to_string(), token);
    }
}

/// A filing body for the hiring category with no service item.
pub fn filing(title: &str) -> Value {
    json!({"title": title, "description": "需要招聘五十名一线操作工", "category": "hiring"})
}

impl TestApp {
    /// Files `body` as `login` and returns the 201 answer.
    pub async fn file(&self, d: &Desk, login: &str, body: Value) -> Resp {
        let resp = self.post("/api/v1/tickets", d.token(login), body).await;
        resp.assert_status(201);
        resp
    }

    /// `POST /api/v1/tickets/{id}/{action}` as `login`.
    pub async fn act(&self, d: &Desk, login: &str, id: &str, action: &str, body: Value) -> Resp {
        self.post(
            &format!("/api/v1/tickets/{id}/{action}"),
            d.token(login),
            body,
        )
        .await
    }

    pub async fn ticket(&self, d: &Desk, id: &str) -> Value {
        let resp = self.get(&format!("/api/v1/tickets/{id}"), &d.w.admin).await;
        resp.assert_status(200).clone()
    }

    /// The event kinds of a ticket's timeline as `login` sees them.
    pub async fn event_kinds(&self, d: &Desk, login: &str, id: &str) -> Vec<String> {
        let resp = self
            .get(
                &format!("/api/v1/tickets/{id}/events?limit=200"),
                d.token(login),
            )
            .await;
        resp.assert_status(200)["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap().to_string())
            .collect()
    }
}

/// The body each action needs (the contract's shapes).
pub fn body_for(action: &str, d: &Desk) -> Value {
    match action {
        "dispatch" => json!({"department_id": d.w.dept_a}),
        "return" | "reject" | "escalate" | "reopen" | "urge" => json!({"reason": "原因说明"}),
        "request-info" | "reply" => json!({"message": "请补充营业执照复印件"}),
        "resolve" => json!({"resolution": "已对接专场招聘会，五十个岗位已发布"}),
        "confirm" => json!({"rating": 5, "feedback": "很满意"}),
        "pull-back" => json!({"reason": "承办人请假，撤回重新安排"}),
        "assign" => json!({"assignee_id": d.colleague.clone()
            .unwrap_or_else(|| uuid::Uuid::nil().to_string())}),
        _ => json!({}),
    }
}

/// The body an action needs when `role` takes it: the service side
/// answering or rating on the enterprise's behalf says by which channel.
pub fn body_as(action: &str, role: &str, d: &Desk) -> Value {
    let mut body = body_for(action, d);
    if matches!(action, "reply" | "confirm") && role != "enterprise" {
        body["channel"] = "phone".into();
    }
    body
}

pub const ACTIONS: [&str; 14] = [
    "dispatch",
    "claim",
    "return",
    "reject",
    "cancel",
    "request-info",
    "reply",
    "escalate",
    "resolve",
    "confirm",
    "reopen",
    "urge",
    "pull-back",
    "assign",
];

impl TestApp {
    /// Moves the clock on and signs everyone in again (access tokens live
    /// 15 minutes).
    pub async fn advance(&self, d: &mut Desk, by: chrono::Duration) {
        self.clock.advance(by);
        d.w.admin = self.token("admin", crate::helpers::ADMIN_PASSWORD).await;
        let logins: Vec<String> = d.w.tokens.keys().cloned().collect();
        for login in logins {
            let token = self.token(&login, "password-123").await;
            d.w.tokens.insert(login, token);
        }
    }
}

impl TestApp {
    /// Filed by enterprise A and dispatched to department A; its id.
    pub async fn dispatched(&self, d: &Desk, title: &str) -> String {
        let id = self.file(d, "ent.a", filing(title)).await.id();
        self.act(
            d,
            "dispatcher",
            &id,
            "dispatch",
            json!({"department_id": d.w.dept_a}),
        )
        .await
        .assert_status(200);
        id
    }

    /// Dispatched to department A and claimed by `staff.a`; its id.
    pub async fn claimed(&self, d: &Desk, title: &str) -> String {
        let id = self.dispatched(d, title).await;
        self.act(d, "staff.a", &id, "claim", json!({}))
            .await
            .assert_status(200);
        id
    }
}
