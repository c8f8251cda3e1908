//! Who holds a ticket, by name: every ticket representation carries
//! `assignee_name`, and a claim that lost names the colleague who won.

use serde_json::{Value, json};

use crate::{
    desk::{Desk, desk, filing},
    helpers::TestApp,
};

crate::both_backends!(
    every_ticket_representation_names_its_assignee,
    a_lost_claim_names_who_won,
);

async fn add_staff(app: &TestApp, d: &mut Desk, login: &str, name: &str) -> String {
    let id = app
        .post(
            "/api/v1/users",
            &d.w.admin,
            json!({"login": login, "display_name": name, "password": "password-123",
                   "role": "staff", "department_id": d.w.dept_a}),
        )
        .await
        .id();
    let token = app.token(login, "password-123").await;
    d.w.tokens.insert(login.to_string(), token);
    id
}

/// The ticket `id` of a list page, if it is there.
fn in_list(page: &Value, id: &str) -> Value {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .cloned()
        .unwrap_or(Value::Null)
}

async fn every_ticket_representation_names_its_assignee(app: TestApp) {
    let mut d = desk(&app).await;
    let li = add_staff(&app, &mut d, "li.na", "李娜").await;
    let filed = app.file(&d, "ent.a", filing("谁在办")).await;
    assert_eq!(filed.body["assignee_name"], Value::Null);
    let id = filed.id();
    app.act(
        &d,
        "dispatcher",
        &id,
        "dispatch",
        json!({"department_id": d.w.dept_a}),
    )
    .await
    .assert_status(200);

    let claimed = app.act(&d, "li.na", &id, "claim", json!({})).await;
    claimed.assert_status(200);
    assert_eq!(claimed.body["assignee_id"], li.as_str());
    assert_eq!(claimed.body["assignee_name"], "李娜");
    // One ticket, the list, as the enterprise and the service side see them.
    for login in ["ent.a", "staff.a", "dispatcher", "admin"] {
        let one = app
            .get(&format!("/api/v1/tickets/{id}"), d.token(login))
            .await;
        assert_eq!(one.assert_status(200)["assignee_name"], "李娜", "{login}");
        let page = app.get("/api/v1/tickets", d.token(login)).await;
        let listed = in_list(page.assert_status(200), &id);
        assert_eq!(listed["assignee_name"], "李娜", "{login}");
    }
    // A new display name shows at once.
    app.patch(
        &format!("/api/v1/users/{li}"),
        &d.w.admin,
        json!({"display_name": "李娜（窗口3）"}),
    )
    .await
    .assert_status(200);
    assert_eq!(app.ticket(&d, &id).await["assignee_name"], "李娜（窗口3）");
    // Someone created without a display name is named by their login.
    let other = app.claimed(&d, "无名").await;
    assert_eq!(app.ticket(&d, &other).await["assignee_name"], "staff.a");

    // Escalated: the assignee is kept until a dispatch clears it.
    app.act(
        &d,
        "li.na",
        &id,
        "escalate",
        json!({"reason": "不属本部门"}),
    )
    .await
    .assert_status(200);
    let redispatched = app
        .act(
            &d,
            "dispatcher",
            &id,
            "dispatch",
            json!({"department_id": d.w.dept_b}),
        )
        .await;
    redispatched.assert_status(200);
    assert_eq!(redispatched.body["assignee_id"], Value::Null);
    assert_eq!(redispatched.body["assignee_name"], Value::Null);
}

async fn a_lost_claim_names_who_won(app: TestApp) {
    let mut d = desk(&app).await;
    let wang = add_staff(&app, &mut d, "wang.fang", "王芳").await;
    let id = app.dispatched(&d, "抢单").await;
    app.act(&d, "wang.fang", &id, "claim", json!({}))
        .await
        .assert_status(200);

    let lost = app.act(&d, "staff.a", &id, "claim", json!({})).await;
    lost.assert_problem(409, "invalid_transition");
    assert_eq!(lost.body["current_status"], "in_progress");
    assert_eq!(lost.body["assignee_id"], wang.as_str());
    assert_eq!(lost.body["assignee_name"], "王芳");
    assert!(
        lost.body["detail"].as_str().unwrap().contains("王芳"),
        "{}",
        lost.text
    );
    // In Chinese too.
    let zh = app
        .client
        .post(format!("{}/api/v1/tickets/{id}/claim", app.base))
        .bearer_auth(d.token("staff.a"))
        .header("Accept-Language", "zh-CN")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    let zh = TestApp::read(zh).await;
    zh.assert_problem(409, "invalid_transition");
    assert!(
        zh.body["detail"].as_str().unwrap().contains("王芳"),
        "{}",
        zh.text
    );

    // Another refusal names nobody.
    let other = app
        .act(&d, "dispatcher", &id, "reject", json!({"reason": "重复"}))
        .await;
    other.assert_problem(409, "invalid_transition");
    assert_eq!(other.body["current_status"], "in_progress");
    assert!(other.body.get("assignee_name").is_none(), "{}", other.text);
    assert!(other.body.get("assignee_id").is_none(), "{}", other.text);
}
