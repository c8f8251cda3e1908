//! A ticket's whole life along every path of the workflow diagram, with
//! its timeline, comments and SLA clocks, through the HTTP API.

use chrono::Duration;
use serde_json::json;

use crate::{
    desk::{FIRST_RESPONSE_SECS, RESOLUTION_SECS, RESPONSE_SECS, body_for, desk, filing},
    helpers::TestApp,
};

crate::both_backends!(
    the_main_path_from_call_to_rating,
    a_published_auto_dispatch_item_routes_itself,
    return_escalate_redispatch_and_reject,
    cancel_before_claim_only,
    info_requests_pause_the_resolution_clock,
    reopen_restarts_the_resolution_clock_within_the_window,
    dispatcher_files_for_an_enterprise,
    urging_flags_the_ticket_for_the_service_side_only,
    internal_notes_never_reach_the_enterprise,
    if_match_guards_actions,
    dispatch_to_a_service_item_settles_the_category,
);

async fn the_main_path_from_call_to_rating(app: TestApp) {
    let mut d = desk(&app).await;
    let filed = app.file(&d, "ent.a", filing("招聘一线操作工")).await;
    let t = &filed.body;
    let id = filed.id();
    assert_eq!(t["status"], "submitted");
    assert_eq!(t["enterprise_id"], d.w.ent_a);
    assert_eq!(t["channel"], "app");
    assert_eq!(t["priority"], "normal");
    assert_eq!(t["version"], 1);
    assert!(t["department_id"].is_null() && t["assignee_id"].is_null());
    assert!(
        t["number"].as_str().unwrap().ends_with("-000001"),
        "{}",
        t["number"]
    );
    assert_eq!(filed.header("etag"), Some("\"1\""));
    assert_eq!(
        filed.header("location"),
        Some(format!("/api/v1/tickets/{id}").as_str())
    );
    // Deadlines from the category's default policy on the 24x7 calendar.
    let created = chrono::DateTime::parse_from_rfc3339(t["created_at"].as_str().unwrap()).unwrap();
    let due = |clock: &str| {
        chrono::DateTime::parse_from_rfc3339(t["sla"][clock]["due_at"].as_str().unwrap()).unwrap()
    };
    assert_eq!(due("response") - created, Duration::seconds(RESPONSE_SECS));
    assert_eq!(
        due("first_response") - created,
        Duration::seconds(FIRST_RESPONSE_SECS)
    );
    assert_eq!(
        due("resolution") - created,
        Duration::seconds(RESOLUTION_SECS)
    );
    assert_eq!(t["sla"]["policy_id"], d.policy);
    assert_eq!(t["sla"]["resolution"]["breached"], false);
    assert!(t["sla"]["resolution"]["remaining_secs"].as_i64().unwrap() > RESOLUTION_SECS - 60);

    let r = app
        .act(
            &d,
            "dispatcher",
            &id,
            "dispatch",
            json!({"department_id": d.w.dept_a}),
        )
        .await;
    assert_eq!(r.assert_status(200)["status"], "dispatched");
    assert_eq!(r.body["department_id"], d.w.dept_a);
    assert_eq!(r.header("etag"), Some("\"2\""));

    app.advance(&mut d, Duration::minutes(30)).await;
    let r = app.act(&d, "staff.a", &id, "claim", json!({})).await;
    assert_eq!(r.assert_status(200)["status"], "in_progress");
    assert!(!r.body["assignee_id"].is_null());
    assert_eq!(r.body["sla"]["response"]["breached"], false);
    assert!(r.body["sla"]["response"]["met_at"].is_string());

    let r = app
        .post(
            &format!("/api/v1/tickets/{id}/comments"),
            d.token("staff.a"),
            json!({"body": "已联系企业人事负责人"}),
        )
        .await;
    r.assert_status(201);
    assert_eq!(r.body["internal"], false);
    let after_comment = app.ticket(&d, &id).await;
    assert!(after_comment["sla"]["first_response"]["met_at"].is_string());

    let r = app
        .act(&d, "staff.a", &id, "resolve", body_for("resolve", &d))
        .await;
    assert_eq!(r.assert_status(200)["status"], "resolved");
    assert_eq!(r.body["resolution"], "已对接专场招聘会，五十个岗位已发布");
    assert_eq!(r.body["sla"]["resolution"]["breached"], false);

    let r = app
        .act(
            &d,
            "ent.a",
            &id,
            "confirm",
            json!({"rating": 4, "feedback": "  响应很快 "}),
        )
        .await;
    assert_eq!(r.assert_status(200)["status"], "closed");
    assert_eq!(r.body["rating"], 4);
    assert_eq!(r.body["feedback"], "响应很快");
    assert!(r.body["closed_at"].is_string());

    assert_eq!(
        app.event_kinds(&d, "dispatcher", &id).await,
        [
            "filed", "dispatch", "claim", "comment", "resolve", "confirm"
        ]
    );
    // The timeline records who moved the status where.
    let events = app
        .get(&format!("/api/v1/tickets/{id}/events"), &d.w.admin)
        .await;
    let claim = &events.body["items"][2];
    assert_eq!(claim["from_status"], "dispatched");
    assert_eq!(claim["to_status"], "in_progress");
    assert_eq!(claim["actor_role"], "staff");
}

async fn a_published_auto_dispatch_item_routes_itself(app: TestApp) {
    let d = desk(&app).await;
    let mut body = filing("招聘会对接");
    body["service_item_id"] = json!(d.item_auto);
    let t = app.file(&d, "ent.a", body).await.body;
    assert_eq!(t["status"], "dispatched");
    assert_eq!(t["department_id"], d.w.dept_a);
    assert_eq!(t["service_item_id"], d.item_auto);
    assert!(t["dispatched_at"].is_string());
    let id = t["id"].as_str().unwrap();
    assert_eq!(
        app.event_kinds(&d, "ent.a", id).await,
        ["filed", "dispatch"]
    );
    // Staff of the department see it in their queue at once.
    let queue = app
        .get("/api/v1/tickets?status=dispatched", d.token("staff.a"))
        .await;
    assert_eq!(queue.body["items"][0]["id"], id);

    // An item without auto-dispatch waits on the call list.
    let body = json!({"title": "子女入学", "description": "引进人才子女入学", "category": "schooling",
                      "service_item_id": d.item_manual});
    let t = app.file(&d, "ent.a", body).await.body;
    assert_eq!(t["status"], "submitted");
    assert!(t["department_id"].is_null());
}

async fn return_escalate_redispatch_and_reject(app: TestApp) {
    let d = desk(&app).await;
    let id = app.dispatched(&d, "误派的工单").await;
    // A mis-routed ticket goes back to the call list, reason required.
    app.act(&d, "staff.a", &id, "return", json!({"reason": " "}))
        .await
        .assert_problem(422, "validation_failed");
    let r = app
        .act(
            &d,
            "staff.a",
            &id,
            "return",
            json!({"reason": "不属于本部门职责"}),
        )
        .await;
    assert_eq!(r.assert_status(200)["status"], "submitted");
    assert!(r.body["department_id"].is_null());
    // Department A no longer sees it.
    app.get(&format!("/api/v1/tickets/{id}"), d.token("staff.a"))
        .await
        .assert_problem(404, "not_found");

    app.act(
        &d,
        "dispatcher",
        &id,
        "dispatch",
        json!({"department_id": d.w.dept_b}),
    )
    .await
    .assert_status(200);
    app.act(&d, "staff.b", &id, "claim", json!({}))
        .await
        .assert_status(200);
    let r = app
        .act(
            &d,
            "staff.b",
            &id,
            "escalate",
            json!({"reason": "需要多部门协同"}),
        )
        .await;
    assert_eq!(r.assert_status(200)["status"], "escalated");
    let r = app
        .act(
            &d,
            "dispatcher",
            &id,
            "dispatch",
            json!({"department_id": d.w.dept_a}),
        )
        .await;
    assert_eq!(r.assert_status(200)["status"], "dispatched");
    assert!(r.body["assignee_id"].is_null());
    app.act(&d, "staff.a", &id, "claim", json!({}))
        .await
        .assert_status(200);
    app.act(
        &d,
        "staff.a",
        &id,
        "escalate",
        json!({"reason": "超出职权"}),
    )
    .await
    .assert_status(200);
    let r = app
        .act(
            &d,
            "dispatcher",
            &id,
            "reject",
            json!({"reason": "不属于政府服务事项"}),
        )
        .await;
    assert_eq!(r.assert_status(200)["status"], "rejected");
    // Final: nothing moves it again.
    let r = app
        .act(
            &d,
            "dispatcher",
            &id,
            "dispatch",
            json!({"department_id": d.w.dept_a}),
        )
        .await;
    r.assert_problem(409, "invalid_transition");
    assert_eq!(r.body["current_status"], "rejected");
    assert_eq!(
        app.event_kinds(&d, "dispatcher", &id).await,
        [
            "filed", "dispatch", "return", "dispatch", "claim", "escalate", "dispatch", "claim",
            "escalate", "reject"
        ]
    );
    // The enterprise sees that it was returned and escalated, not why.
    let events = app
        .get(&format!("/api/v1/tickets/{id}/events"), d.token("ent.a"))
        .await;
    let items = events.body["items"].as_array().unwrap();
    let returned = items.iter().find(|e| e["kind"] == "return").unwrap();
    assert_eq!(returned["payload"], json!({}));
    assert_eq!(returned["to_status"], "submitted");
    assert!(!events.text.contains("不属于本部门职责"));
    assert!(!events.text.contains("需要多部门协同"));
    // A rejection's reason is for the enterprise to read.
    assert!(events.text.contains("不属于政府服务事项"));
}

async fn cancel_before_claim_only(app: TestApp) {
    let d = desk(&app).await;
    let a = app.file(&d, "ent.a", filing("撤回的诉求")).await.id();
    let r = app.act(&d, "ent.a", &a, "cancel", json!({})).await;
    assert_eq!(r.assert_status(200)["status"], "cancelled");

    let b = app.file(&d, "ent.a", filing("已派发后撤回")).await.id();
    app.act(
        &d,
        "dispatcher",
        &b,
        "dispatch",
        json!({"department_id": d.w.dept_a}),
    )
    .await
    .assert_status(200);
    app.act(&d, "ent.a", &b, "cancel", json!({}))
        .await
        .assert_status(200);

    let c = app.file(&d, "ent.a", filing("已接单不可撤回")).await.id();
    app.act(
        &d,
        "dispatcher",
        &c,
        "dispatch",
        json!({"department_id": d.w.dept_a}),
    )
    .await
    .assert_status(200);
    app.act(&d, "staff.a", &c, "claim", json!({}))
        .await
        .assert_status(200);
    let r = app.act(&d, "ent.a", &c, "cancel", json!({})).await;
    r.assert_problem(409, "invalid_transition");
    assert_eq!(r.body["current_status"], "in_progress");
}

async fn info_requests_pause_the_resolution_clock(app: TestApp) {
    let mut d = desk(&app).await;
    let id = app.claimed(&d, "需补充材料").await;
    let before = app.ticket(&d, &id).await;
    let due_before = before["sla"]["resolution"]["due_at"]
        .as_str()
        .unwrap()
        .to_string();

    let r = app
        .act(
            &d,
            "staff.a",
            &id,
            "request-info",
            body_for("request-info", &d),
        )
        .await;
    assert_eq!(r.assert_status(200)["status"], "awaiting_enterprise");
    assert_eq!(r.body["sla"]["resolution"]["paused"], true);
    let frozen = r.body["sla"]["resolution"]["remaining_secs"]
        .as_i64()
        .unwrap();
    // The request reached the enterprise: that was the first response.
    assert!(r.body["sla"]["first_response"]["met_at"].is_string());

    // Two hours pass while the enterprise gathers documents.
    app.advance(&mut d, Duration::hours(2)).await;
    let waiting = app.ticket(&d, &id).await;
    assert_eq!(waiting["sla"]["resolution"]["remaining_secs"], frozen);
    assert_eq!(waiting["sla"]["resolution"]["breached"], false);

    // The enterprise answers; its assignee may record an answer only on
    // its behalf, saying by which channel it came (422 without).
    app.act(&d, "staff.a", &id, "reply", body_for("reply", &d))
        .await
        .assert_problem(422, "validation_failed");
    let r = app
        .act(&d, "ent.a", &id, "reply", json!({"message": "材料已上传"}))
        .await;
    assert_eq!(r.assert_status(200)["status"], "in_progress");
    assert_eq!(r.body["sla"]["resolution"]["paused"], false);
    let due_after = r.body["sla"]["resolution"]["due_at"].as_str().unwrap();
    let moved = chrono::DateTime::parse_from_rfc3339(due_after).unwrap()
        - chrono::DateTime::parse_from_rfc3339(&due_before).unwrap();
    assert_eq!(moved, Duration::hours(2), "the deadline moves by the pause");
    let kinds = app.event_kinds(&d, "staff.a", &id).await;
    assert_eq!(
        kinds[3..],
        ["request_info", "sla_paused", "reply", "sla_resumed"]
    );
}

async fn reopen_restarts_the_resolution_clock_within_the_window(app: TestApp) {
    let mut d = desk(&app).await;
    let id = app.claimed(&d, "重办").await;
    app.act(&d, "staff.a", &id, "resolve", body_for("resolve", &d))
        .await
        .assert_status(200);
    app.advance(&mut d, Duration::days(3)).await;
    let r = app
        .act(
            &d,
            "ent.a",
            &id,
            "reopen",
            json!({"reason": "岗位信息未发布"}),
        )
        .await;
    assert_eq!(r.assert_status(200)["status"], "in_progress");
    assert_eq!(r.body["reopen_count"], 1);
    assert!(r.body["resolution"].is_null() && r.body["resolved_at"].is_null());
    let now = chrono::DateTime::parse_from_rfc3339(r.body["updated_at"].as_str().unwrap()).unwrap();
    let due = chrono::DateTime::parse_from_rfc3339(
        r.body["sla"]["resolution"]["due_at"].as_str().unwrap(),
    )
    .unwrap();
    assert_eq!(due - now, Duration::seconds(RESOLUTION_SECS));
    // Resolved again, then the 7-day window passes.
    app.act(&d, "staff.a", &id, "resolve", body_for("resolve", &d))
        .await
        .assert_status(200);
    app.advance(&mut d, Duration::days(7) + Duration::minutes(1))
        .await;
    let r = app
        .act(&d, "ent.a", &id, "reopen", body_for("reopen", &d))
        .await;
    r.assert_problem(409, "reopen_window_closed");
    // Confirming is still possible.
    app.act(&d, "ent.a", &id, "confirm", json!({"rating": 3}))
        .await
        .assert_status(200);
}

async fn dispatcher_files_for_an_enterprise(app: TestApp) {
    let d = desk(&app).await;
    let mut body = filing("12345 热线来电");
    body["channel"] = json!("hotline");
    body["enterprise_id"] = json!(d.w.ent_b);
    body["priority"] = json!("urgent");
    let t = app.file(&d, "dispatcher", body).await.body;
    assert_eq!(t["channel"], "hotline");
    assert_eq!(t["enterprise_id"], d.w.ent_b);
    // Urgent tickets take the policy's urgent targets.
    let created = chrono::DateTime::parse_from_rfc3339(t["created_at"].as_str().unwrap()).unwrap();
    let due =
        chrono::DateTime::parse_from_rfc3339(t["sla"]["response"]["due_at"].as_str().unwrap())
            .unwrap();
    assert_eq!(due - created, Duration::seconds(600));
    assert!(t["sla"]["first_response"].is_null());
    // The enterprise it was filed for sees it; the other does not.
    let id = t["id"].as_str().unwrap();
    app.get(&format!("/api/v1/tickets/{id}"), d.token("ent.b"))
        .await
        .assert_status(200);
    app.get(&format!("/api/v1/tickets/{id}"), d.token("ent.a"))
        .await
        .assert_problem(404, "not_found");

    let cases = [
        (json!({"channel": "visit"}), "enterprise_id"),
        (
            json!({"channel": "app", "enterprise_id": d.w.ent_a}),
            "channel",
        ),
    ];
    for (extra, field) in cases {
        let mut body = filing("x");
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        let r = app
            .post("/api/v1/tickets", d.token("dispatcher"), body)
            .await;
        r.assert_problem(422, "validation_failed");
        assert!(r.body["errors"][field].is_string(), "{}", r.text);
    }
    for login in ["staff.a", "supervisor", "admin"] {
        app.post("/api/v1/tickets", d.token(login), filing("x"))
            .await
            .assert_problem(403, "forbidden");
    }
}

async fn urging_flags_the_ticket_for_the_service_side_only(app: TestApp) {
    let d = desk(&app).await;
    let id = app.claimed(&d, "督办事项").await;
    let r = app
        .act(
            &d,
            "supervisor",
            &id,
            "urge",
            json!({"reason": "超过三天未办结"}),
        )
        .await;
    assert_eq!(r.assert_status(200)["status"], "in_progress");
    assert_eq!(r.body["urged"], true);
    assert_eq!(r.body["urge_count"], 1);
    let urged = app.get("/api/v1/tickets?urged=true", &d.w.admin).await;
    assert_eq!(urged.body["items"].as_array().unwrap().len(), 1);
    let not = app.get("/api/v1/tickets?urged=false", &d.w.admin).await;
    assert_eq!(not.body["items"].as_array().unwrap().len(), 0);
    assert!(
        app.event_kinds(&d, "staff.a", &id)
            .await
            .contains(&"urge".to_string())
    );
    assert!(
        !app.event_kinds(&d, "ent.a", &id)
            .await
            .contains(&"urge".to_string())
    );
}

async fn internal_notes_never_reach_the_enterprise(app: TestApp) {
    let d = desk(&app).await;
    let id = app.claimed(&d, "内部沟通").await;
    let secret = "内部备注：企业信用存疑";
    app.post(
        &format!("/api/v1/tickets/{id}/comments"),
        d.token("staff.a"),
        json!({"body": secret, "internal": true}),
    )
    .await
    .assert_status(201);
    app.post(
        &format!("/api/v1/tickets/{id}/comments"),
        d.token("ent.a"),
        json!({"body": "企业补充说明"}),
    )
    .await
    .assert_status(201);
    // An enterprise cannot write one.
    app.post(
        &format!("/api/v1/tickets/{id}/comments"),
        d.token("ent.a"),
        json!({"body": "x", "internal": true}),
    )
    .await
    .assert_problem(403, "forbidden");
    // Staff see both; the enterprise sees only its own, anywhere it looks.
    let staff = app
        .get(
            &format!("/api/v1/tickets/{id}/comments"),
            d.token("staff.a"),
        )
        .await;
    assert_eq!(staff.body["items"].as_array().unwrap().len(), 2);
    for path in [
        format!("/api/v1/tickets/{id}/comments"),
        format!("/api/v1/tickets/{id}/events"),
        format!("/api/v1/tickets/{id}"),
        "/api/v1/tickets".to_string(),
        format!("/api/v1/tickets?q={}", "内部备注"),
    ] {
        let r = app.get(&path, d.token("ent.a")).await;
        r.assert_status(200);
        assert!(!r.text.contains(secret), "{path}: {}", r.text);
        assert!(!r.text.contains("internal_note"), "{path}: {}", r.text);
    }
    let comments = app
        .get(&format!("/api/v1/tickets/{id}/comments"), d.token("ent.a"))
        .await;
    assert_eq!(comments.body["items"].as_array().unwrap().len(), 1);
    // An internal note is not a response to the enterprise.
    let t = app.ticket(&d, &id).await;
    assert!(t["sla"]["first_response"]["met_at"].is_null());
}

async fn if_match_guards_actions(app: TestApp) {
    let d = desk(&app).await;
    let id = app.file(&d, "ent.a", filing("并发修改")).await.id();
    let dispatch = |tag: &'static str| {
        let client = app.client.clone();
        let url = format!("{}/api/v1/tickets/{id}/dispatch", app.base);
        let token = d.token("dispatcher").to_string();
        let body = json!({"department_id": d.w.dept_a});
        async move {
            let resp = client
                .post(url)
                .bearer_auth(token)
                .header("If-Match", tag)
                .json(&body)
                .send()
                .await
                .unwrap();
            TestApp::read(resp).await
        }
    };
    dispatch("\"7\"")
        .await
        .assert_problem(412, "precondition_failed");
    dispatch("seven")
        .await
        .assert_problem(412, "precondition_failed");
    assert_eq!(app.ticket(&d, &id).await["version"], 1);
    let ok = dispatch("\"1\"").await;
    ok.assert_status(200);
    assert_eq!(ok.header("etag"), Some("\"2\""));
    dispatch("\"1\"")
        .await
        .assert_problem(412, "precondition_failed");
    dispatch("W/\"5\", \"2\"").await.assert_status(200);
    dispatch("*").await.assert_status(200);
}

async fn dispatch_to_a_service_item_settles_the_category(app: TestApp) {
    let d = desk(&app).await;
    let id = app.file(&d, "ent.a", filing("其实是入学问题")).await.id();
    let r = app
        .act(
            &d,
            "dispatcher",
            &id,
            "dispatch",
            json!({"service_item_id": d.item_manual}),
        )
        .await;
    r.assert_status(200);
    assert_eq!(r.body["department_id"], d.w.dept_b);
    assert_eq!(r.body["category"], "schooling");
    assert_eq!(r.body["service_item_id"], d.item_manual);
    for body in [
        json!({}),
        json!({"department_id": d.w.dept_a, "service_item_id": d.item_manual}),
        json!({"department_id": "01a1fe8a-4e62-77b9-be83-5ac6d29c0660"}),
        json!({"service_item_id": "01a1fe8a-4e62-77b9-be83-5ac6d29c0660"}),
        json!({"department_id": "not-a-uuid"}),
    ] {
        app.act(&d, "dispatcher", &id, "dispatch", body)
            .await
            .assert_problem(422, "validation_failed");
    }
}
