//! The users resource: admin only, memberships checked, no self-lockout.

use serde_json::json;

use crate::helpers::TestApp;

crate::both_backends!(
    admins_create_read_list_and_update_users,
    user_validation_table,
    only_admins_manage_users,
    admins_cannot_lock_themselves_out,
);

async fn admins_create_read_list_and_update_users(app: TestApp) {
    let w = app.world().await;
    let created = app
        .post(
            "/api/v1/users",
            &w.admin,
            json!({"login": "li.si", "display_name": " 李四 ", "password": "password-123",
                   "role": "staff", "department_id": w.dept_a}),
        )
        .await;
    let body = created.assert_status(201).clone();
    let id = created.id();
    assert_eq!(
        created.header("location"),
        Some(format!("/api/v1/users/{id}").as_str())
    );
    assert_eq!(body["display_name"], "李四");
    assert_eq!(body["department_id"], w.dept_a.as_str());
    assert_eq!(body["enterprise_id"], serde_json::Value::Null);
    assert!(body.get("password").is_none() && body.get("password_hash").is_none());

    let shown = app.get(&format!("/api/v1/users/{id}"), &w.admin).await;
    assert_eq!(shown.assert_status(200), &body);

    let staff = app.get("/api/v1/users?role=staff", &w.admin).await;
    let logins: Vec<&str> = staff.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["login"].as_str().unwrap())
        .collect();
    assert_eq!(logins, ["staff.a", "staff.b", "li.si"]);
    let in_b = app
        .get(
            &format!("/api/v1/users?department_id={}", w.dept_b),
            &w.admin,
        )
        .await;
    assert_eq!(in_b.body["items"].as_array().unwrap().len(), 1);

    // Pages: 8 users in all, 4 per page, no repeats, no gaps.
    let mut seen = Vec::new();
    let mut path = "/api/v1/users?limit=4".to_string();
    loop {
        let page = app.get(&path, &w.admin).await;
        for u in page.body["items"].as_array().unwrap() {
            seen.push(u["id"].as_str().unwrap().to_string());
        }
        match page.body["next_cursor"].as_str() {
            Some(c) => path = format!("/api/v1/users?limit=4&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(seen.len(), 8);
    let mut unique = seen.clone();
    unique.dedup();
    assert_eq!(unique, seen);

    // Moving the user to another unit and role.
    let moved = app
        .patch(
            &format!("/api/v1/users/{id}"),
            &w.admin,
            json!({"role": "dispatcher", "department_id": null}),
        )
        .await;
    assert_eq!(moved.assert_status(200)["role"], "dispatcher");
    assert_eq!(moved.body["department_id"], serde_json::Value::Null);
    app.login("li.si", "password-123").await.assert_status(200);
    app.patch(
        &format!("/api/v1/users/{id}"),
        &w.admin,
        json!({"password": "another-pass-1"}),
    )
    .await
    .assert_status(200);
    app.login("li.si", "password-123")
        .await
        .assert_problem(401, "invalid_credentials");
    app.login("li.si", "another-pass-1")
        .await
        .assert_status(200);
}

async fn user_validation_table(app: TestApp) {
    let w = app.world().await;
    let base = json!({"login": "new.user", "password": "password-123", "role": "dispatcher"});
    let with = |patch: serde_json::Value| {
        let mut body = base.clone();
        for (k, v) in patch.as_object().unwrap() {
            body[k] = v.clone();
        }
        body
    };
    let cases = [
        (with(json!({"login": "ab"})), "login"),
        (with(json!({"login": "has space"})), "login"),
        (with(json!({"login": "张三"})), "login"),
        (with(json!({"password": "short"})), "password"),
        (with(json!({"role": "root"})), "role"),
        (with(json!({"role": "staff"})), "department_id"),
        (with(json!({"role": "enterprise"})), "enterprise_id"),
        (
            with(json!({"role": "staff", "department_id": w.dept_a, "enterprise_id": w.ent_a})),
            "enterprise_id",
        ),
        (with(json!({"department_id": w.dept_a})), "department_id"),
        (
            with(json!({"role": "staff", "department_id": "01a1fe8a-4e62-77b9-be83-5ac6d29c0660"})),
            "department_id",
        ),
        (
            with(
                json!({"role": "enterprise", "enterprise_id": "01a1fe8a-4e62-77b9-be83-5ac6d29c0660"}),
            ),
            "enterprise_id",
        ),
        (
            with(json!({"display_name": "x".repeat(101)})),
            "display_name",
        ),
        (with(json!({"is_admin": true})), "is_admin"),
    ];
    for (body, field) in cases {
        let resp = app.post("/api/v1/users", &w.admin, body.clone()).await;
        resp.assert_problem(422, "validation_failed");
        assert!(
            resp.body["errors"][field].is_string(),
            "{body} → {}",
            resp.text
        );
    }
    let dup = app
        .post("/api/v1/users", &w.admin, with(json!({"login": "staff.a"})))
        .await;
    dup.assert_problem(409, "already_exists");
    let users = app.get("/api/v1/users?limit=200", &w.admin).await;
    assert_eq!(
        users.body["items"].as_array().unwrap().len(),
        7,
        "nothing was created"
    );
}

async fn only_admins_manage_users(app: TestApp) {
    let w = app.world().await;
    for login in ["dispatcher", "supervisor", "staff.a", "ent.a"] {
        let token = w.token(login);
        app.get("/api/v1/users", token)
            .await
            .assert_problem(403, "forbidden");
        app.post(
            "/api/v1/users",
            token,
            json!({"login": "x.y.z", "password": "password-123", "role": "admin"}),
        )
        .await
        .assert_problem(403, "forbidden");
    }
}

async fn admins_cannot_lock_themselves_out(app: TestApp) {
    let w = app.world().await;
    let me = app.get("/api/v1/me", &w.admin).await.id();
    app.patch(
        &format!("/api/v1/users/{me}"),
        &w.admin,
        json!({"active": false}),
    )
    .await
    .assert_problem(409, "self_lockout");
    app.patch(
        &format!("/api/v1/users/{me}"),
        &w.admin,
        json!({"role": "supervisor"}),
    )
    .await
    .assert_problem(409, "self_lockout");
    app.get("/api/v1/me", &w.admin).await.assert_status(200);
}
