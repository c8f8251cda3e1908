//! Every unique key a client can run into answers 409 `already_exists`
//! with the detail of the one constraint -> field table
//! (`store::error::UNIQUE_KEYS`), on both back ends.

use serde_json::{Value, json};

use crate::{desk::desk, helpers::TestApp};

crate::both_backends!(each_duplicate_names_what_already_exists);

async fn each_duplicate_names_what_already_exists(app: TestApp) {
    let d = desk(&app).await;
    let admin = &d.w.admin;
    let policy = app
        .get(&format!("/api/v1/sla-policies/{}", d.policy), admin)
        .await;
    let calendar_id = policy.assert_status(200)["calendar_id"].clone();
    let day = json!([["00:00", "24:00"]]);
    let cases: Vec<(&str, Value, &str)> = vec![
        (
            "/api/v1/departments",
            json!({"code": "DUP", "name": "重复"}),
            "a department with this code already exists",
        ),
        (
            "/api/v1/chains",
            json!({"name": "重复产业链"}),
            "an industry chain with this name already exists",
        ),
        (
            "/api/v1/enterprises",
            json!({"name": "重复", "credit_code": "9144030071526726XG"}),
            "an enterprise with this unified social credit code is already registered",
        ),
        (
            "/api/v1/users",
            json!({"login": "dup.user", "password": "password-123", "role": "admin"}),
            "this login is taken",
        ),
        (
            "/api/v1/calendars",
            json!({"name": "重复日历", "time_zone": "UTC", "weekly_hours": {"mon": day}}),
            "a calendar with this name already exists",
        ),
        (
            "/api/v1/sla-policies",
            json!({"name": "重复策略", "calendar_id": calendar_id, "warn_ratio": 0.8,
                   "response_target_secs": 3600, "resolution_target_secs": 86400,
                   "urgent": {"response_target_secs": 600, "resolution_target_secs": 3600}}),
            "an SLA policy with this name already exists",
        ),
        (
            "/api/v1/service-items",
            json!({"department_id": d.w.dept_a, "category": "hiring", "name": "专场招聘会对接"}),
            "this department already has a service item with this name",
        ),
        (
            "/api/v1/categories",
            json!({"code": "hiring", "name": "招工", "default_department_id": d.w.dept_a}),
            "a category with this code already exists",
        ),
    ];
    for (path, body, detail) in cases {
        let first = app.post(path, admin, body.clone()).await;
        if first.status != 409 {
            first.assert_status(201);
            let again = app.post(path, admin, body.clone()).await;
            again.assert_problem(409, "already_exists");
            assert_eq!(again.body["detail"], detail, "{path}");
        } else {
            // The desk made it already.
            first.assert_problem(409, "already_exists");
            assert_eq!(first.body["detail"], detail, "{path}");
        }
    }
}
