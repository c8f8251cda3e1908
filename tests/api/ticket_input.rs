//! Bad input changes nothing and says what is wrong; bulk dispatch is all
//! or nothing; search finds Chinese text.

use serde_json::{Value, json};

use crate::{
    desk::{desk, filing},
    helpers::TestApp,
};

crate::both_backends!(
    filing_validation_table,
    action_bodies_are_checked,
    bulk_dispatch_is_all_or_nothing,
    search_and_filters,
);

fn with(extra: Value) -> Value {
    let mut body = filing("标题");
    for (k, v) in extra.as_object().unwrap() {
        if v.is_null() {
            body.as_object_mut().unwrap().remove(k);
        } else {
            body[k] = v.clone();
        }
    }
    body
}

async fn filing_validation_table(app: TestApp) {
    let d = desk(&app).await;
    let cases = [
        (with(json!({"title": null})), "title"),
        (with(json!({"title": "   "})), "title"),
        (with(json!({"title": "长".repeat(201)})), "title"),
        (with(json!({"description": null})), "description"),
        (with(json!({"description": ""})), "description"),
        (with(json!({"category": "nope"})), "category"),
        (with(json!({"category": null})), "category"),
        (with(json!({"priority": "critical"})), "priority"),
        (with(json!({"channel": "fax"})), "channel"),
        (with(json!({"channel": "hotline"})), "channel"),
        (with(json!({"enterprise_id": d.w.ent_b})), "enterprise_id"),
        (
            with(json!({"service_item_id": d.item_manual})),
            "service_item_id",
        ),
        (
            with(json!({"service_item_id": "01a1fe8a-4e62-77b9-be83-5ac6d29c0660"})),
            "service_item_id",
        ),
        (with(json!({"service_item_id": 7})), "service_item_id"),
        (with(json!({"colour": "red"})), "colour"),
    ];
    for (body, field) in cases {
        let r = app
            .post("/api/v1/tickets", d.token("ent.a"), body.clone())
            .await;
        r.assert_problem(422, "validation_failed");
        assert!(r.body["errors"][field].is_string(), "{body} → {}", r.text);
    }
    // Not JSON at all, or not declared as JSON.
    let raw = app
        .client
        .post(format!("{}/api/v1/tickets", app.base))
        .bearer_auth(d.token("ent.a"))
        .header("content-type", "application/json")
        .body("{\"title\": ")
        .send()
        .await
        .unwrap();
    TestApp::read(raw)
        .await
        .assert_problem(400, "malformed_json");
    let text = app
        .client
        .post(format!("{}/api/v1/tickets", app.base))
        .bearer_auth(d.token("ent.a"))
        .header("content-type", "text/plain")
        .body("招聘")
        .send()
        .await
        .unwrap();
    TestApp::read(text)
        .await
        .assert_problem(415, "unsupported_media_type");
    // Nothing was filed, and the numbering did not move.
    let list = app.get("/api/v1/tickets", &d.w.admin).await;
    assert_eq!(list.body["items"], json!([]));
    let t = app.file(&d, "ent.a", filing("第一张")).await;
    assert!(t.body["number"].as_str().unwrap().ends_with("-000001"));
}

async fn action_bodies_are_checked(app: TestApp) {
    let d = desk(&app).await;
    let id = app.claimed(&d, "校验").await;
    let cases = [
        ("resolve", json!({}), "resolution"),
        ("resolve", json!({"resolution": " \n "}), "resolution"),
        ("escalate", json!({"reason": "长".repeat(2001)}), "reason"),
        ("escalate", json!({"why": "x"}), "why"),
        ("request-info", json!({"message": ""}), "message"),
    ];
    for (action, body, field) in cases {
        let r = app.act(&d, "staff.a", &id, action, body.clone()).await;
        r.assert_problem(422, "validation_failed");
        assert!(
            r.body["errors"][field].is_string(),
            "{action} {body} → {}",
            r.text
        );
    }
    app.act(
        &d,
        "staff.a",
        &id,
        "resolve",
        json!({"resolution": "已办结"}),
    )
    .await
    .assert_status(200);
    for rating in [json!(0), json!(6), json!("5"), json!(4.5), Value::Null] {
        let body = if rating.is_null() {
            json!({"feedback": "x"})
        } else {
            json!({"rating": rating})
        };
        let r = app.act(&d, "ent.a", &id, "confirm", body.clone()).await;
        r.assert_problem(422, "validation_failed");
        assert!(
            r.body["errors"]["rating"].is_string(),
            "{body} → {}",
            r.text
        );
    }
    let t = app.ticket(&d, &id).await;
    assert_eq!(t["status"], "resolved");
    assert!(t["rating"].is_null());
    app.get("/api/v1/tickets/not-a-uuid", &d.w.admin)
        .await
        .assert_problem(404, "not_found");
    app.get(
        "/api/v1/tickets/01a1fe8a-4e62-77b9-be83-5ac6d29c0660",
        &d.w.admin,
    )
    .await
    .assert_problem(404, "not_found");
}

async fn bulk_dispatch_is_all_or_nothing(app: TestApp) {
    let d = desk(&app).await;
    let mut ids = Vec::new();
    for i in 0..3 {
        ids.push(
            app.file(&d, "ent.a", filing(&format!("批量 {i}")))
                .await
                .id(),
        );
    }
    let closed = app.file(&d, "ent.a", filing("已撤回")).await.id();
    app.act(&d, "ent.a", &closed, "cancel", json!({}))
        .await
        .assert_status(200);
    let missing = "01a1fe8a-4e62-77b9-be83-5ac6d29c0660".to_string();

    let mut mixed = ids.clone();
    mixed.push(closed.clone());
    mixed.push(missing.clone());
    let r = app
        .post(
            "/api/v1/tickets/bulk-dispatch",
            d.token("dispatcher"),
            json!({"ticket_ids": mixed, "department_id": d.w.dept_b}),
        )
        .await;
    r.assert_problem(409, "bulk_refused");
    let failures = r.body["failures"].as_array().unwrap();
    assert_eq!(failures.len(), 2, "{}", r.text);
    assert_eq!(failures[0]["id"], closed);
    assert_eq!(failures[0]["status"], 409);
    assert_eq!(failures[0]["code"], "invalid_transition");
    assert_eq!(failures[1]["id"], missing);
    assert_eq!(failures[1]["status"], 404);
    for id in &ids {
        let t = app.ticket(&d, id).await;
        assert_eq!(t["status"], "submitted", "nothing was dispatched");
        assert_eq!(app.event_kinds(&d, "admin", id).await, ["filed"]);
    }

    let r = app
        .post(
            "/api/v1/tickets/bulk-dispatch",
            d.token("dispatcher"),
            json!({"ticket_ids": ids, "service_item_id": d.item_manual}),
        )
        .await;
    let items = r.assert_status(200)["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    for t in items {
        assert_eq!(t["status"], "dispatched");
        assert_eq!(t["department_id"], d.w.dept_b);
    }

    let too_many: Vec<String> = (0..101).map(|_| uuid::Uuid::now_v7().to_string()).collect();
    let bad = [
        json!({"ticket_ids": [], "department_id": d.w.dept_b}),
        json!({"ticket_ids": too_many, "department_id": d.w.dept_b}),
        json!({"ticket_ids": [ids[0], ids[0]], "department_id": d.w.dept_b}),
        json!({"ticket_ids": [ids[0]]}),
        json!({"ticket_ids": [ids[0]], "department_id": missing}),
    ];
    for body in bad {
        app.post(
            "/api/v1/tickets/bulk-dispatch",
            d.token("dispatcher"),
            body.clone(),
        )
        .await
        .assert_problem(422, "validation_failed");
    }
    for login in ["staff.a", "ent.a", "supervisor", "admin"] {
        app.post(
            "/api/v1/tickets/bulk-dispatch",
            d.token(login),
            json!({"ticket_ids": [ids[0]], "department_id": d.w.dept_a}),
        )
        .await
        .assert_problem(403, "forbidden");
    }
}

async fn ids_of(app: &TestApp, path: &str, token: &str) -> Vec<String> {
    let r = app.get(path, token).await;
    r.assert_status(200)["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["title"].as_str().unwrap().to_string())
        .collect()
}

async fn search_and_filters(app: TestApp) {
    let mut d = desk(&app).await;
    let files = [
        ("招聘一线操作工", "产线扩产需要五十人"),
        ("人才公寓申请", "新引进博士需要住房"),
        ("Loan for ABC line", "需要技改贷款 100% 贴息"),
    ];
    for (title, description) in files {
        app.file(
            &d,
            "ent.a",
            json!({"title": title, "description": description, "category": "hiring"}),
        )
        .await;
        app.clock.advance(chrono::Duration::seconds(10));
    }
    let admin = d.w.admin.clone();
    let q = |s: &str| format!("/api/v1/tickets?q={s}");
    assert_eq!(ids_of(&app, &q("操作"), &admin).await, ["招聘一线操作工"]);
    assert_eq!(ids_of(&app, &q("博士"), &admin).await, ["人才公寓申请"]);
    assert_eq!(ids_of(&app, &q("abc"), &admin).await, ["Loan for ABC line"]);
    assert_eq!(
        ids_of(&app, &q("100%25"), &admin).await,
        ["Loan for ABC line"]
    );
    assert!(ids_of(&app, &q("%25%25"), &admin).await.is_empty());
    assert_eq!(ids_of(&app, &q("需要"), &admin).await.len(), 3);

    let first = app.get("/api/v1/tickets?limit=1", &admin).await;
    let newest = first.body["items"][0]["created_at"]
        .as_str()
        .unwrap()
        .to_string();
    let from = format!(
        "/api/v1/tickets?created_from={}",
        newest.replace('+', "%2B")
    );
    assert_eq!(ids_of(&app, &from, &admin).await, ["Loan for ABC line"]);
    let to = format!("/api/v1/tickets?created_to={}", newest.replace('+', "%2B"));
    assert_eq!(ids_of(&app, &to, &admin).await.len(), 2);

    let statuses = "/api/v1/tickets?status=submitted,dispatched";
    assert_eq!(ids_of(&app, statuses, &admin).await.len(), 3);
    assert!(
        ids_of(&app, "/api/v1/tickets?status=closed", &admin)
            .await
            .is_empty()
    );
    assert_eq!(
        ids_of(&app, "/api/v1/tickets?category=hiring", &admin)
            .await
            .len(),
        3
    );
    let by_ent = format!("/api/v1/tickets?enterprise_id={}", d.w.ent_b);
    assert!(ids_of(&app, &by_ent, &admin).await.is_empty());

    // Unclaimed past the one-hour sign-for deadline: breached, read from
    // timestamps though no job has run.
    app.advance(&mut d, chrono::Duration::minutes(61)).await;
    let admin = d.w.admin.clone();
    assert_eq!(
        ids_of(&app, "/api/v1/tickets?breached=true", &admin)
            .await
            .len(),
        3
    );
    let late = app.get("/api/v1/tickets?limit=1", &admin).await;
    assert_eq!(late.body["items"][0]["sla"]["response"]["breached"], true);
    assert!(
        late.body["items"][0]["sla"]["response"]["remaining_secs"]
            .as_i64()
            .unwrap()
            < 0
    );

    for bad in [
        "status=open",
        "sort=priority",
        "limit=0",
        "limit=201",
        "created_from=yesterday",
        "assignee=you",
        "department_id=x",
        "colour=red",
    ] {
        app.get(&format!("/api/v1/tickets?{bad}"), &admin)
            .await
            .assert_problem(400, "invalid_query");
    }
}
