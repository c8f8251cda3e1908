//! Desk realities (issue 14, items 1–3): enterprises without an account,
//! information requests that expire, and people who leave.

use huying::clock::Clock;
use serde_json::{Value, json};

use crate::{
    desk::{Desk, body_for, desk, filing, with_lead},
    helpers::TestApp,
};

crate::both_backends!(
    the_service_side_records_a_phone_answer_and_a_follow_up_call,
    on_behalf_needs_a_channel_and_the_enterprise_gives_none,
    an_unanswered_information_request_expires,
    deactivating_staff_releases_their_tickets,
    a_dispatcher_pulls_back_and_a_lead_assigns,
    a_lead_reads_the_figures_of_their_department_per_person,
);

/// An enterprise with no contact account, and a hotline ticket for it
/// that its dispatcher filed and department A claimed; (enterprise, ticket).
async fn hotline_ticket(app: &TestApp, d: &Desk) -> (String, String) {
    let enterprise = app
        .post(
            "/api/v1/enterprises",
            &d.w.admin,
            json!({"name": "老厂五金", "credit_code": "9144030071526726XG"}),
        )
        .await
        .id();
    let mut body = filing("12345 热线：招工");
    body["channel"] = json!("hotline");
    body["enterprise_id"] = json!(enterprise);
    let id = app.file(d, "dispatcher", body).await.id();
    app.act(d, "dispatcher", &id, "dispatch", body_for("dispatch", d))
        .await
        .assert_status(200);
    app.act(d, "staff.a", &id, "claim", json!({}))
        .await
        .assert_status(200);
    (enterprise, id)
}

async fn events(app: &TestApp, token: &str, id: &str) -> Vec<Value> {
    app.get(&format!("/api/v1/tickets/{id}/events?limit=200"), token)
        .await
        .assert_status(200)["items"]
        .as_array()
        .unwrap()
        .clone()
}

fn event<'a>(list: &'a [Value], kind: &str) -> &'a Value {
    list.iter()
        .find(|e| e["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in {list:?}"))
}

async fn the_service_side_records_a_phone_answer_and_a_follow_up_call(app: TestApp) {
    let d = desk(&app).await;
    let (enterprise, id) = hotline_ticket(&app, &d).await;
    app.act(
        &d,
        "staff.a",
        &id,
        "request-info",
        body_for("request-info", &d),
    )
    .await
    .assert_status(200);
    // Nobody of the enterprise can reply; its assignee records the answer
    // given on the phone, and the clock runs again.
    let t = app.ticket(&d, &id).await;
    assert_eq!(t["status"], "awaiting_enterprise");
    let staff = app
        .get(&format!("/api/v1/tickets/{id}"), d.token("staff.a"))
        .await;
    assert!(
        staff.body["allowed_actions"]
            .as_array()
            .unwrap()
            .contains(&json!("reply"))
    );
    let r = app
        .act(
            &d,
            "staff.a",
            &id,
            "reply",
            json!({"message": "营业执照已电话核实", "channel": "phone"}),
        )
        .await;
    assert_eq!(r.assert_status(200)["status"], "in_progress");
    // Asked again, a dispatcher records what the enterprise said on a visit.
    app.act(
        &d,
        "staff.a",
        &id,
        "request-info",
        body_for("request-info", &d),
    )
    .await
    .assert_status(200);
    app.act(
        &d,
        "dispatcher",
        &id,
        "reply",
        json!({"message": "走访时补交了用工计划", "channel": "visit"}),
    )
    .await
    .assert_status(200);
    app.act(&d, "staff.a", &id, "resolve", body_for("resolve", &d))
        .await
        .assert_status(200);
    // The follow-up call (电话回访): the dispatcher records the rating.
    let closed = app
        .act(
            &d,
            "dispatcher",
            &id,
            "confirm",
            json!({"rating": 4, "feedback": "电话回访：满意", "channel": "phone"}),
        )
        .await;
    let closed = closed.assert_status(200);
    assert_eq!(closed["status"], "closed");
    assert_eq!(closed["rating"], 4);

    let all = events(&app, &d.w.admin, &id).await;
    let replies: Vec<&Value> = all.iter().filter(|e| e["kind"] == "reply").collect();
    assert_eq!(replies.len(), 2);
    assert_eq!(replies[0]["payload"]["channel"], "phone");
    assert_eq!(replies[0]["actor_role"], "staff");
    assert_eq!(replies[1]["payload"]["channel"], "visit");
    assert_eq!(replies[1]["actor_role"], "dispatcher");
    let confirm = event(&all, "confirm");
    assert_eq!(confirm["payload"]["channel"], "phone");
    assert_eq!(confirm["payload"]["rating"], 4);
    assert_eq!(confirm["actor_role"], "dispatcher");

    // The enterprise gets an account later and reads its own timeline:
    // its answers and its rating, by the channel they came.
    app.post(
        "/api/v1/users",
        &d.w.admin,
        json!({"login": "ent.c", "password": "password-123", "role": "enterprise",
               "enterprise_id": enterprise}),
    )
    .await
    .assert_status(201);
    let token = app.token("ent.c", "password-123").await;
    let seen = events(&app, &token, &id).await;
    let kinds: Vec<&str> = seen.iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "reply").count(),
        2,
        "{kinds:?}"
    );
    assert_eq!(event(&seen, "confirm")["payload"]["channel"], "phone");
    assert_eq!(
        event(&seen, "reply")["payload"]["message"],
        "营业执照已电话核实"
    );
    let mine = app.get(&format!("/api/v1/tickets/{id}"), &token).await;
    assert_eq!(mine.assert_status(200)["status"], "closed");
    let listed = app.get("/api/v1/tickets", &token).await;
    assert!(listed.text.contains(id.as_str()));
}

async fn on_behalf_needs_a_channel_and_the_enterprise_gives_none(app: TestApp) {
    let d = desk(&app).await;
    let (_, id) = hotline_ticket(&app, &d).await;
    app.act(
        &d,
        "staff.a",
        &id,
        "request-info",
        body_for("request-info", &d),
    )
    .await
    .assert_status(200);
    let before = app.ticket(&d, &id).await["version"].clone();
    for (login, body, field) in [
        ("staff.a", json!({"message": "电话答复"}), "channel"),
        ("dispatcher", json!({"message": "电话答复"}), "channel"),
        (
            "staff.a",
            json!({"message": "电话答复", "channel": "fax"}),
            "channel",
        ),
        (
            "staff.a",
            json!({"message": " ", "channel": "phone"}),
            "message",
        ),
    ] {
        let r = app.act(&d, login, &id, "reply", body).await;
        r.assert_problem(422, "validation_failed");
        assert!(r.text.contains(field), "{}", r.text);
    }
    // A colleague of the assignee may not answer for the enterprise, nor a
    // supervisor; the filing enterprise answers without a channel.
    app.post(
        "/api/v1/users",
        &d.w.admin,
        json!({"login": "staff.a2", "password": "password-123", "role": "staff",
               "department_id": d.w.dept_a}),
    )
    .await
    .assert_status(201);
    let colleague = app.token("staff.a2", "password-123").await;
    app.post(
        &format!("/api/v1/tickets/{id}/reply"),
        &colleague,
        json!({"message": "电话答复", "channel": "phone"}),
    )
    .await
    .assert_problem(403, "forbidden");
    app.act(
        &d,
        "supervisor",
        &id,
        "reply",
        json!({"message": "电话答复", "channel": "phone"}),
    )
    .await
    .assert_problem(403, "forbidden");
    assert_eq!(app.ticket(&d, &id).await["version"], before);

    // An enterprise answering in the app gives no channel.
    let own = app.claimed(&d, "企业自己答复").await;
    app.act(
        &d,
        "staff.a",
        &own,
        "request-info",
        body_for("request-info", &d),
    )
    .await
    .assert_status(200);
    app.act(
        &d,
        "ent.a",
        &own,
        "reply",
        json!({"message": "已上传", "channel": "phone"}),
    )
    .await
    .assert_problem(422, "validation_failed");
    app.act(&d, "ent.a", &own, "reply", json!({"message": "已上传"}))
        .await
        .assert_status(200);
    app.act(&d, "staff.a", &own, "resolve", body_for("resolve", &d))
        .await
        .assert_status(200);
    // Staff never rate; a supervisor's follow-up call needs its channel.
    app.act(
        &d,
        "staff.a",
        &own,
        "confirm",
        json!({"rating": 5, "channel": "phone"}),
    )
    .await
    .assert_problem(403, "forbidden");
    app.act(&d, "supervisor", &own, "confirm", json!({"rating": 5}))
        .await
        .assert_problem(422, "validation_failed");
    let r = app
        .act(
            &d,
            "supervisor",
            &own,
            "confirm",
            json!({"rating": 5, "channel": "phone"}),
        )
        .await;
    assert_eq!(r.assert_status(200)["status"], "closed");
}

async fn step(app: &TestApp) -> huying::jobs::sla::TickReport {
    huying::jobs::sla::tick(
        &app.db,
        &huying::jobs::sla::SlaJobConfig::default(),
        app.clock.now(),
    )
    .await
    .unwrap()
}

fn instant(v: &Value) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(v.as_str().unwrap_or_else(|| panic!("no instant: {v}")))
        .unwrap()
        .to_utc()
}

async fn an_unanswered_information_request_expires(app: TestApp) {
    let mut d = desk(&app).await;
    let id = app.claimed(&d, "企业迟迟不补材料").await;
    let asked = app
        .act(
            &d,
            "staff.a",
            &id,
            "request-info",
            body_for("request-info", &d),
        )
        .await;
    let asked = asked.assert_status(200).clone();
    let due = instant(&asked["info_due_at"]);
    let resolution_due = instant(&asked["sla"]["resolution"]["due_at"]);
    let now = app.clock.now();
    // Five working days of the desk's 24x7 calendar: to the end of the
    // fifth day after today.
    let waited = due - now;
    assert!(
        waited > chrono::Duration::days(5) && waited <= chrono::Duration::days(6),
        "{waited}"
    );
    let waited = waited.num_seconds();
    assert_eq!(asked["paused_secs"], 0);

    // A moment before the limit nothing happens.
    app.advance(&mut d, due - now - chrono::Duration::seconds(1))
        .await;
    assert_eq!(step(&app).await.info_requests_expired, 0);
    assert_eq!(app.ticket(&d, &id).await["status"], "awaiting_enterprise");

    app.advance(&mut d, chrono::Duration::seconds(1)).await;
    let report = step(&app).await;
    assert_eq!(report.info_requests_expired, 1, "{report:?}");
    assert_eq!(step(&app).await.info_requests_expired, 0, "only once");
    let t = app.ticket(&d, &id).await;
    assert_eq!(t["status"], "in_progress");
    assert_eq!(t["assignee_id"], asked["assignee_id"]);
    assert!(t["info_due_at"].is_null());
    // The time paused is kept, and the deadline moved out by it.
    assert_eq!(t["paused_secs"], waited);
    assert_eq!(
        instant(&t["sla"]["resolution"]["due_at"]) - resolution_due,
        chrono::Duration::seconds(waited)
    );
    let all = events(&app, &d.w.admin, &id).await;
    let expired = event(&all, "info_request_expired");
    assert!(expired["actor_id"].is_null());
    assert_eq!(expired["from_status"], "awaiting_enterprise");
    assert_eq!(expired["to_status"], "in_progress");
    assert_eq!(event(&all, "sla_resumed")["payload"]["paused_secs"], waited);
    // The enterprise sees it on its timeline; it and the assignee are told.
    let seen = app.event_kinds(&d, "ent.a", &id).await;
    assert!(seen.contains(&"info_request_expired".to_string()));
    for login in ["ent.a", "staff.a"] {
        let r = app
            .get("/api/v1/notifications?limit=200", d.token(login))
            .await;
        assert!(
            r.assert_status(200)["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|n| n["kind"] == "info_request_expired"),
            "{login}: {}",
            r.text
        );
    }
    // The enterprise can no longer answer it; the assignee asks again.
    app.act(&d, "ent.a", &id, "reply", body_for("reply", &d))
        .await
        .assert_problem(409, "invalid_transition");
    app.act(
        &d,
        "staff.a",
        &id,
        "request-info",
        body_for("request-info", &d),
    )
    .await
    .assert_status(200);
    app.advance(&mut d, chrono::Duration::hours(2)).await;
    app.act(&d, "ent.a", &id, "reply", body_for("reply", &d))
        .await
        .assert_status(200);
    assert_eq!(app.ticket(&d, &id).await["paused_secs"], waited + 7200);

    // The summary shows the paused time per department.
    let other = app.claimed(&d, "从未暂停").await;
    assert!(!other.is_empty());
    // The period ends now, exclusive: look a moment later.
    app.advance(&mut d, chrono::Duration::seconds(1)).await;
    let r = app
        .get(
            "/api/v1/reports/summary?group_by=department&from=2000-01-01T00:00:00Z",
            d.token("supervisor"),
        )
        .await;
    let rows = r.assert_status(200)["rows"].as_array().unwrap().clone();
    let row = rows
        .iter()
        .find(|row| row["key"] == d.w.dept_a.as_str())
        .unwrap_or_else(|| panic!("no department A in {rows:?}"));
    assert_eq!(row["filed"], 2);
    assert_eq!(row["paused"], 1);
    assert_eq!(row["paused_secs"], waited + 7200);
    assert_eq!(row["mean_paused_secs"], json!((waited + 7200) as f64));
}

async fn deactivating_staff_releases_their_tickets(app: TestApp) {
    let mut d = desk(&app).await;
    with_lead(&app, &mut d).await;
    let working = app.claimed(&d, "在办").await;
    let waiting = app.claimed(&d, "等企业补材料").await;
    app.act(
        &d,
        "staff.a",
        &waiting,
        "request-info",
        body_for("request-info", &d),
    )
    .await
    .assert_status(200);
    let extended = app.claimed(&d, "申请了延期").await;
    let extension = app
        .post(
            &format!("/api/v1/tickets/{extended}/extensions"),
            d.token("staff.a"),
            json!({"reason": "需要现场勘查", "extra_secs": 3600}),
        )
        .await
        .id();
    let resolved = app.claimed(&d, "已办结").await;
    app.act(&d, "staff.a", &resolved, "resolve", body_for("resolve", &d))
        .await
        .assert_status(200);
    let theirs = app.claimed(&d, "同事的").await;
    app.act(
        &d,
        "dispatcher",
        &theirs,
        "pull-back",
        body_for("pull-back", &d),
    )
    .await
    .assert_status(200);
    app.act(&d, "staff.a2", &theirs, "claim", json!({}))
        .await
        .assert_status(200);
    let staff_a = app.ticket(&d, &working).await["assignee_id"].clone();
    let before = app.ticket(&d, &working).await;
    app.advance(&mut d, chrono::Duration::hours(1)).await;

    let r = app
        .patch(
            &format!("/api/v1/users/{}", staff_a.as_str().unwrap()),
            &d.w.admin,
            json!({"active": false}),
        )
        .await;
    assert_eq!(r.assert_status(200)["active"], false);

    for id in [&working, &waiting, &extended] {
        let t = app.ticket(&d, id).await;
        assert_eq!(t["status"], "dispatched", "{id}");
        assert!(t["assignee_id"].is_null());
        assert_eq!(t["department_id"], d.w.dept_a.as_str());
        assert!(t["info_due_at"].is_null());
        let all = events(&app, &d.w.admin, id).await;
        let released = event(&all, "released");
        assert_eq!(released["payload"]["reason"], "assignee_deactivated");
        assert_eq!(released["payload"]["assignee_id"], staff_a);
        assert_eq!(released["actor_role"], "admin");
        assert!(!released["from_status"].is_null());
        assert_eq!(released["to_status"], "dispatched");
    }
    // The response clock is untouched: it was met at the claim.
    let after = app.ticket(&d, &working).await;
    assert_eq!(after["claimed_at"], before["claimed_at"]);
    assert_eq!(after["sla"]["response"], before["sla"]["response"]);
    // The paused clock runs again.
    let kinds = app.event_kinds(&d, "admin", &waiting).await;
    assert_eq!(kinds.last().map(String::as_str), Some("sla_resumed"));
    assert_eq!(app.ticket(&d, &waiting).await["paused_secs"], 3600);
    // The pending request for more time lapsed.
    let list = app
        .get(
            &format!("/api/v1/tickets/{extended}/extensions"),
            d.token("dispatcher"),
        )
        .await;
    let item = list.assert_status(200)["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == extension.as_str())
        .cloned()
        .unwrap();
    assert_eq!(item["status"], "lapsed");
    // Resolved tickets and a colleague's stay as they are.
    assert_eq!(app.ticket(&d, &resolved).await["status"], "resolved");
    assert_eq!(app.ticket(&d, &theirs).await["status"], "in_progress");
    // The enterprise sees that it happened, not why.
    let seen = events(&app, d.token("ent.a"), &working).await;
    let released = event(&seen, "released");
    assert_eq!(released["to_status"], "dispatched");
    assert!(released["payload"].get("reason").is_none(), "{released}");
    // The department hears of it, and a colleague takes it.
    let told = app
        .get("/api/v1/notifications?limit=200", d.token("staff.a2"))
        .await;
    let released_told = told.assert_status(200)["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "released")
        .count();
    assert_eq!(released_told, 3);
    app.act(&d, "staff.a2", &working, "claim", json!({}))
        .await
        .assert_status(200);
}

async fn a_dispatcher_pulls_back_and_a_lead_assigns(app: TestApp) {
    let mut d = desk(&app).await;
    with_lead(&app, &mut d).await;
    let colleague = d.colleague.clone().unwrap();
    let id = app.claimed(&d, "撤回后改派").await;
    app.act(
        &d,
        "staff.a",
        &id,
        "request-info",
        body_for("request-info", &d),
    )
    .await
    .assert_status(200);
    // 撤回: back to the department's queue, the pause over.
    let r = app
        .act(
            &d,
            "dispatcher",
            &id,
            "pull-back",
            json!({"reason": "承办人出差"}),
        )
        .await;
    let t = r.assert_status(200);
    assert_eq!(t["status"], "dispatched");
    assert!(t["assignee_id"].is_null());
    let all = events(&app, &d.w.admin, &id).await;
    assert_eq!(event(&all, "pull_back")["payload"]["reason"], "承办人出差");
    assert!(all.iter().any(|e| e["kind"] == "sla_resumed"));
    // Re-dispatched elsewhere if it was the wrong department.
    app.act(
        &d,
        "dispatcher",
        &id,
        "dispatch",
        json!({"department_id": d.w.dept_b}),
    )
    .await
    .assert_status(200);
    app.act(
        &d,
        "dispatcher",
        &id,
        "dispatch",
        json!({"department_id": d.w.dept_a}),
    )
    .await
    .assert_status(200);

    // The lead assigns it from the queue to a named colleague.
    let lead = d.token("lead.a");
    let offered = app.get(&format!("/api/v1/tickets/{id}"), lead).await;
    assert!(
        offered.assert_status(200)["allowed_actions"]
            .as_array()
            .unwrap()
            .contains(&json!("assign"))
    );
    let r = app
        .act(
            &d,
            "lead.a",
            &id,
            "assign",
            json!({"assignee_id": colleague}),
        )
        .await;
    let t = r.assert_status(200);
    assert_eq!(t["status"], "in_progress");
    assert_eq!(t["assignee_id"], colleague.as_str());
    let told = app
        .get("/api/v1/notifications?limit=200", d.token("staff.a2"))
        .await;
    assert!(
        told.assert_status(200)["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["kind"] == "assign" && n["ticket_id"] == id.as_str())
    );
    // The colleague works it now, not its first assignee; the lead
    // reassigns it later.
    app.act(&d, "staff.a", &id, "resolve", body_for("resolve", &d))
        .await
        .assert_problem(403, "forbidden");
    let staff_a = app
        .get("/api/v1/users?role=staff", &d.w.admin)
        .await
        .assert_status(200)["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["login"] == "staff.a")
        .unwrap()["id"]
        .clone();
    let r = app
        .act(&d, "lead.a", &id, "assign", json!({"assignee_id": staff_a}))
        .await;
    assert_eq!(r.assert_status(200)["assignee_id"], staff_a);
    let assigns: Vec<Value> = events(&app, &d.w.admin, &id)
        .await
        .into_iter()
        .filter(|e| e["kind"] == "assign")
        .collect();
    assert_eq!(assigns.len(), 2);
    assert_eq!(
        assigns[1]["payload"]["from_assignee_id"],
        colleague.as_str()
    );

    // Only active staff of the ticket's department, and not the one who
    // has it; only a lead assigns.
    for (who, problem) in [
        (json!(staff_a), "the ticket is assigned to them already"),
        (json!(d.w.dept_a), "no such active staff"),
        (json!(uuid::Uuid::nil()), "no such active staff"),
    ] {
        let r = app
            .act(&d, "lead.a", &id, "assign", json!({"assignee_id": who}))
            .await;
        r.assert_problem(422, "validation_failed");
        assert!(r.text.contains(problem), "{}", r.text);
    }
    let staff_b = app
        .get("/api/v1/users?role=staff", &d.w.admin)
        .await
        .assert_status(200)["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["login"] == "staff.b")
        .unwrap()["id"]
        .clone();
    app.act(&d, "lead.a", &id, "assign", json!({"assignee_id": staff_b}))
        .await
        .assert_problem(422, "validation_failed");
    let r = app
        .act(
            &d,
            "staff.a2",
            &id,
            "assign",
            json!({"assignee_id": colleague}),
        )
        .await;
    r.assert_problem(403, "forbidden");
    assert!(r.text.contains("lead"), "{}", r.text);

    // Admins set the flag, on staff only.
    let lead_id = app
        .get("/api/v1/users?role=staff", &d.w.admin)
        .await
        .assert_status(200)["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["login"] == "lead.a")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    app.patch(
        &format!("/api/v1/users/{lead_id}"),
        &d.w.admin,
        json!({"is_lead": false}),
    )
    .await
    .assert_status(200);
    app.advance(&mut d, chrono::Duration::zero()).await;
    app.act(
        &d,
        "lead.a",
        &id,
        "assign",
        json!({"assignee_id": colleague}),
    )
    .await
    .assert_problem(403, "forbidden");
    let r = app
        .post(
            "/api/v1/users",
            &d.w.admin,
            json!({"login": "disp.lead", "password": "password-123", "role": "dispatcher",
                   "is_lead": true}),
        )
        .await;
    r.assert_problem(422, "validation_failed");
    assert!(r.text.contains("is_lead"));
}

async fn a_lead_reads_the_figures_of_their_department_per_person(app: TestApp) {
    let mut d = desk(&app).await;
    with_lead(&app, &mut d).await;
    app.claimed(&d, "甲部门").await;
    let other = app.file(&d, "ent.a", filing("乙部门")).await.id();
    app.act(
        &d,
        "dispatcher",
        &other,
        "dispatch",
        json!({"department_id": d.w.dept_b}),
    )
    .await
    .assert_status(200);
    app.act(&d, "staff.b", &other, "claim", json!({}))
        .await
        .assert_status(200);
    app.advance(&mut d, chrono::Duration::seconds(1)).await;
    let query = "/api/v1/reports/summary?group_by=assignee&from=2000-01-01T00:00:00Z";
    let r = app.get(query, d.token("lead.a")).await;
    let rows = r.assert_status(200)["rows"].as_array().unwrap().clone();
    let labels: Vec<&str> = rows.iter().filter_map(|r| r["label"].as_str()).collect();
    assert_eq!(labels, ["staff.a"], "{rows:?}");
    for login in ["staff.a", "staff.a2"] {
        app.get(query, d.token(login))
            .await
            .assert_problem(403, "forbidden");
    }
    let all = app.get(query, d.token("supervisor")).await;
    assert_eq!(all.assert_status(200)["rows"].as_array().unwrap().len(), 2);
}
