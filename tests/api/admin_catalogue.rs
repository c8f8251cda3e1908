//! The catalogue: SLA policies, categories, service items, calendars.

use serde_json::{Value, json};

use crate::helpers::{TestApp, World};

crate::both_backends!(
    sla_policies_with_business_time_and_working_days,
    sla_policy_validation_table,
    categories_route_to_a_default_department,
    service_items_form_the_service_list,
    calendars_are_readable_by_the_service_side,
);

/// A calendar made by the administrator.
async fn calendar_id(app: &TestApp) -> String {
    let admin = app.admin().await;
    let body = json!({
        "name": "office",
        "time_zone": "Asia/Shanghai",
        "weekly_hours": {"mon": [["09:00", "12:00"], ["13:30", "17:30"]]},
    });
    app.post("/api/v1/calendars", &admin, body).await.id()
}

fn policy(calendar: &str) -> Value {
    json!({
        "name": "标准服务时限",
        "calendar_id": calendar,
        "warn_ratio": 0.8,
        "response_target_secs": 14400,
        "first_response_target_secs": 28800,
        "resolution_target_working_days": 5,
        "urgent": {"response_target_secs": 3600, "resolution_target_working_days": 2}
    })
}

async fn sla_policies_with_business_time_and_working_days(app: TestApp) {
    let w = app.world().await;
    let cal = calendar_id(&app).await;
    let created = app
        .post("/api/v1/sla-policies", &w.admin, policy(&cal))
        .await;
    let body = created.assert_status(201).clone();
    let id = created.id();
    assert_eq!(body["response_target_secs"], 14400);
    assert_eq!(body["response_target_working_days"], Value::Null);
    assert_eq!(body["resolution_target_working_days"], 5);
    assert_eq!(body["urgent"]["response_target_secs"], 3600);
    assert_eq!(body["urgent"]["first_response_target_secs"], Value::Null);
    assert_eq!(body["warn_ratio"], 0.8);
    assert_eq!(body["active"], true);

    let mut changed = policy(&cal);
    changed["resolution_target_working_days"] = Value::Null;
    changed["resolution_target_secs"] = json!(72000);
    changed["warn_lead_secs"] = json!(3600);
    let replaced = app
        .put(&format!("/api/v1/sla-policies/{id}"), &w.admin, changed)
        .await;
    assert_eq!(replaced.assert_status(200)["resolution_target_secs"], 72000);
    assert_eq!(replaced.body["resolution_target_working_days"], Value::Null);
    assert_eq!(replaced.body["warn_lead_secs"], 3600);

    app.post("/api/v1/sla-policies", &w.admin, policy(&cal))
        .await
        .assert_problem(409, "already_exists");
    for login in ["staff.a", "dispatcher", "supervisor"] {
        let shown = app
            .get(&format!("/api/v1/sla-policies/{id}"), w.token(login))
            .await;
        assert_eq!(shown.assert_status(200)["id"], id.as_str());
        app.post("/api/v1/sla-policies", w.token(login), policy(&cal))
            .await
            .assert_problem(403, "forbidden");
    }
    app.get("/api/v1/sla-policies", w.token("ent.a"))
        .await
        .assert_problem(403, "forbidden");
}

async fn sla_policy_validation_table(app: TestApp) {
    let w = app.world().await;
    let cal = calendar_id(&app).await;
    let with = |patch: Value| {
        let mut body = policy(&cal);
        for (k, v) in patch.as_object().unwrap() {
            body[k] = v.clone();
        }
        body
    };
    let cases = [
        (with(json!({"warn_ratio": 1.0})), "warn_ratio"),
        (with(json!({"warn_ratio": 0})), "warn_ratio"),
        (
            with(json!({"response_target_secs": null})),
            "response_target_secs",
        ),
        (
            with(json!({"response_target_secs": 0})),
            "response_target_secs",
        ),
        (
            with(json!({"response_target_working_days": 2})),
            "response_target_secs",
        ),
        (
            with(json!({"resolution_target_working_days": 0})),
            "resolution_target_working_days",
        ),
        (
            with(json!({"resolution_target_working_days": 400})),
            "resolution_target_working_days",
        ),
        (
            with(json!({"urgent": {"response_target_secs": 3600}})),
            "urgent.resolution_target_secs",
        ),
        (
            with(
                json!({"urgent": {"response_target_secs": 3600, "resolution_target_secs": 7200, "x": 1}}),
            ),
            "urgent.x",
        ),
        (
            with(json!({"calendar_id": "01a1fe8a-4e62-77b9-be83-5ac6d29c0660"})),
            "calendar_id",
        ),
        (with(json!({"name": " "})), "name"),
        (with(json!({"warn_lead_secs": -5})), "warn_lead_secs"),
    ];
    for (body, field) in cases {
        let resp = app
            .post("/api/v1/sla-policies", &w.admin, body.clone())
            .await;
        resp.assert_problem(422, "validation_failed");
        assert!(
            resp.body["errors"][field].is_string(),
            "{body} → {}",
            resp.text
        );
    }
    let list = app.get("/api/v1/sla-policies", &w.admin).await;
    assert_eq!(list.body["items"], json!([]));
}

async fn category(app: &TestApp, w: &World, code: &str, dept: &str) -> crate::helpers::Resp {
    app.post(
        "/api/v1/categories",
        &w.admin,
        json!({"code": code, "name": code, "default_department_id": dept}),
    )
    .await
}

async fn categories_route_to_a_default_department(app: TestApp) {
    let w = app.world().await;
    let hiring = app
        .post(
            "/api/v1/categories",
            &w.admin,
            json!({"code": "hiring", "name": "招工用工", "default_department_id": w.dept_a, "sort_order": 20}),
        )
        .await;
    assert_eq!(
        hiring.assert_status(201)["default_department_id"],
        w.dept_a.as_str()
    );
    assert_eq!(hiring.header("location"), Some("/api/v1/categories/hiring"));
    category(&app, &w, "schooling", &w.dept_b)
        .await
        .assert_status(201);
    let mut first = json!({"code": "financing", "name": "融资", "default_department_id": w.dept_a, "sort_order": 10});
    app.post("/api/v1/categories", &w.admin, first.take())
        .await
        .assert_status(201);
    category(&app, &w, "hiring", &w.dept_b)
        .await
        .assert_problem(409, "already_exists");
    for (code, dept, field) in [
        ("Hiring", w.dept_a.as_str(), "code"),
        ("x", w.dept_a.as_str(), "code"),
        (
            "land",
            "01a1fe8a-4e62-77b9-be83-5ac6d29c0660",
            "default_department_id",
        ),
    ] {
        let resp = category(&app, &w, code, dept).await;
        resp.assert_problem(422, "validation_failed");
        assert!(resp.body["errors"][field].is_string(), "{}", resp.text);
    }
    let list = app.get("/api/v1/categories", w.token("ent.a")).await;
    let codes: Vec<&str> = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        ["schooling", "financing", "hiring"],
        "sort order, then code"
    );
    assert_eq!(list.body["next_cursor"], Value::Null);
    let moved = app
        .patch(
            "/api/v1/categories/hiring",
            &w.admin,
            json!({"default_department_id": w.dept_b, "active": false}),
        )
        .await;
    assert_eq!(
        moved.assert_status(200)["default_department_id"],
        w.dept_b.as_str()
    );
    let visible = app.get("/api/v1/categories", w.token("ent.a")).await;
    assert_eq!(
        visible.body["items"].as_array().unwrap().len(),
        2,
        "enterprises see active ones"
    );
    let all = app.get("/api/v1/categories", w.token("dispatcher")).await;
    assert_eq!(all.body["items"].as_array().unwrap().len(), 3);
    app.patch(
        "/api/v1/categories/hiring",
        w.token("dispatcher"),
        json!({"active": true}),
    )
    .await
    .assert_problem(403, "forbidden");
    app.get("/api/v1/categories/land", &w.admin)
        .await
        .assert_problem(404, "not_found");
}

async fn service_items_form_the_service_list(app: TestApp) {
    let w = app.world().await;
    category(&app, &w, "hiring", &w.dept_a)
        .await
        .assert_status(201);
    category(&app, &w, "schooling", &w.dept_b)
        .await
        .assert_status(201);
    let item = app
        .post(
            "/api/v1/service-items",
            &w.admin,
            json!({"department_id": w.dept_a, "category": "hiring", "name": "专场招聘会对接",
                   "description": "匹配一线工人", "auto_dispatch": true}),
        )
        .await;
    let id = item.id();
    assert_eq!(item.assert_status(201)["auto_dispatch"], true);
    app.post(
        "/api/v1/service-items",
        &w.admin,
        json!({"department_id": w.dept_b, "category": "schooling", "name": "子女入学协调"}),
    )
    .await
    .assert_status(201);
    app.post(
        "/api/v1/service-items",
        &w.admin,
        json!({"department_id": w.dept_a, "category": "hiring", "name": "专场招聘会对接"}),
    )
    .await
    .assert_problem(409, "already_exists");
    for (body, field) in [
        (
            json!({"department_id": w.dept_a, "category": "land", "name": "x"}),
            "category",
        ),
        (
            json!({"department_id": w.ent_a, "category": "hiring", "name": "x"}),
            "department_id",
        ),
        (
            json!({"department_id": w.dept_a, "category": "hiring", "name": ""}),
            "name",
        ),
        (
            json!({"department_id": w.dept_a, "category": "hiring", "name": "x", "sla_policy_id": w.dept_a}),
            "sla_policy_id",
        ),
        (
            json!({"department_id": w.dept_a, "category": "hiring"}),
            "name",
        ),
    ] {
        let resp = app.post("/api/v1/service-items", &w.admin, body).await;
        resp.assert_problem(422, "validation_failed");
        assert!(resp.body["errors"][field].is_string(), "{}", resp.text);
    }
    // Every role reads the list; filters narrow it.
    for login in ["ent.a", "staff.b", "dispatcher", "supervisor"] {
        let list = app.get("/api/v1/service-items", w.token(login)).await;
        assert_eq!(
            list.assert_status(200)["items"].as_array().unwrap().len(),
            2
        );
    }
    let hiring = app
        .get("/api/v1/service-items?category=hiring", w.token("ent.a"))
        .await;
    assert_eq!(hiring.body["items"][0]["name"], "专场招聘会对接");
    let by_dept = app
        .get(
            &format!("/api/v1/service-items?department_id={}", w.dept_b),
            w.token("ent.a"),
        )
        .await;
    assert_eq!(by_dept.body["items"].as_array().unwrap().len(), 1);
    // A retired item disappears from the enterprises' list only.
    app.patch(
        &format!("/api/v1/service-items/{id}"),
        &w.admin,
        json!({"active": false}),
    )
    .await
    .assert_status(200);
    let list = app.get("/api/v1/service-items", w.token("ent.a")).await;
    assert_eq!(list.body["items"].as_array().unwrap().len(), 1);
    app.get(&format!("/api/v1/service-items/{id}"), w.token("ent.a"))
        .await
        .assert_problem(404, "not_found");
    app.get(
        &format!("/api/v1/service-items/{id}"),
        w.token("dispatcher"),
    )
    .await
    .assert_status(200);
    app.post(
        "/api/v1/service-items",
        w.token("staff.a"),
        json!({"department_id": w.dept_a, "category": "hiring", "name": "y"}),
    )
    .await
    .assert_problem(403, "forbidden");
}

async fn calendars_are_readable_by_the_service_side(app: TestApp) {
    let w = app.world().await;
    let id = calendar_id(&app).await;
    let list = app.get("/api/v1/calendars", w.token("dispatcher")).await;
    assert_eq!(
        list.assert_status(200)["items"][0]["time_zone"],
        "Asia/Shanghai"
    );
    let shown = app
        .get(&format!("/api/v1/calendars/{id}"), w.token("staff.a"))
        .await;
    assert_eq!(
        shown.assert_status(200)["weekly_hours"]["mon"][0],
        json!(["09:00", "12:00"])
    );
    app.get("/api/v1/calendars", w.token("ent.a"))
        .await
        .assert_problem(403, "forbidden");
}
