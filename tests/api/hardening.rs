//! Hostile input at the edge: control characters and bidirectional
//! overrides, lenient JSON, over-long URIs — each a 4xx problem that
//! names what is wrong and changes nothing, alike on both back ends.

use reqwest::Method;
use serde_json::{Value, json};

use crate::{
    desk::{desk, filing},
    helpers::TestApp,
};

crate::both_backends!(
    control_and_bidi_characters_are_refused_in_every_text,
    the_login_body_is_checked_before_the_database,
    bodies_are_objects_without_duplicate_keys,
    over_long_uris_are_414,
);

/// Each character the edge refuses, as it would be typed into a field.
const HOSTILE: &[&str] = &[
    "\u{0}",
    "\u{7}",
    "\u{1b}[31m",
    "\r",
    "\u{7f}",
    "\u{9b}",
    "\u{202a}",
    "\u{202b}",
    "\u{202c}",
    "\u{202d}",
    "\u{202e}",
    "\u{2066}",
    "\u{2067}",
    "\u{2068}",
    "\u{2069}",
];

async fn count(app: &TestApp, path: &str, token: &str) -> usize {
    app.get(path, token).await.assert_status(200)["items"]
        .as_array()
        .unwrap()
        .len()
}

async fn control_and_bidi_characters_are_refused_in_every_text(app: TestApp) {
    let d = desk(&app).await;
    let ent = d.token("ent.a");
    let before = count(&app, "/api/v1/tickets", &d.w.admin).await;
    for bad in HOSTILE {
        for (field, body) in [
            (
                "title",
                json!({"title": format!("标题{bad}"), "description": "x", "category": "hiring"}),
            ),
            (
                "description",
                json!({"title": "t", "description": format!("x{bad}y"), "category": "hiring"}),
            ),
            (
                "category",
                json!({"title": "t", "description": "x", "category": format!("hiring{bad}")}),
            ),
        ] {
            let resp = app.post("/api/v1/tickets", ent, body).await;
            resp.assert_problem(422, "validation_failed");
            assert!(
                resp.body["errors"][field].is_string(),
                "{bad:?}: {}",
                resp.text
            );
        }
        let resp = app
            .post(
                "/api/v1/departments",
                &d.w.admin,
                json!({"code": "X1", "name": format!("a{bad}")}),
            )
            .await;
        resp.assert_problem(422, "validation_failed");
        assert!(resp.body["errors"]["name"].is_string(), "{}", resp.text);
        // Query filters too, by the parameter's name.
        let encoded: String = bad.bytes().map(|b| format!("%{b:02X}")).collect();
        let resp = app
            .get(&format!("/api/v1/enterprises?q=a{encoded}"), &d.w.admin)
            .await;
        resp.assert_problem(422, "validation_failed");
        assert!(resp.body["errors"]["q"].is_string(), "{}", resp.text);
        // And path segments name nothing.
        app.get(&format!("/api/v1/categories/hiring{encoded}"), &d.w.admin)
            .await
            .assert_problem(404, "not_found");
    }
    // Line feed and tab: fine in prose, refused in a one-line field.
    let resp = app
        .post(
            "/api/v1/tickets",
            ent,
            json!({"title": "a\nb", "description": "x", "category": "hiring"}),
        )
        .await;
    resp.assert_problem(422, "validation_failed");
    assert!(resp.body["errors"]["title"].is_string());
    app.file(
        &d,
        "ent.a",
        json!({"title": "招工", "description": "第一行\n\t第二行", "category": "hiring"}),
    )
    .await;
    app.file(&d, "ent.a", filing("plain")).await;
    assert_eq!(count(&app, "/api/v1/tickets", &d.w.admin).await, before + 2);
}

async fn the_login_body_is_checked_before_the_database(app: TestApp) {
    app.admin().await;
    for bad in HOSTILE {
        let resp = app.login(&format!("a{bad}"), "x").await;
        resp.assert_problem(422, "validation_failed");
        assert!(resp.body["errors"]["login"].is_string(), "{}", resp.text);
        let resp = app.login("admin", &format!("pw{bad}")).await;
        resp.assert_problem(422, "validation_failed");
    }
    // None of that counted as a failed sign-in.
    app.token("admin", crate::helpers::ADMIN_PASSWORD).await;
}

async fn raw(app: &TestApp, path: &str, token: Option<&str>, body: &str) -> crate::helpers::Resp {
    let mut req = app
        .client
        .request(Method::POST, format!("{}{}", app.base, path))
        .header("content-type", "application/json")
        .body(body.to_string());
    if let Some(token) = token {
        req = req.bearer_auth(token);
    }
    TestApp::read(req.send().await.unwrap()).await
}

async fn bodies_are_objects_without_duplicate_keys(app: TestApp) {
    let admin = app.admin().await;
    let password = crate::helpers::ADMIN_PASSWORD;
    // An array would fill the struct by position.
    let resp = raw(
        &app,
        "/api/v1/auth/login",
        None,
        &format!(r#"["admin","{password}"]"#),
    )
    .await;
    resp.assert_problem(422, "validation_failed");
    assert!(resp.body["errors"]["body"].is_string());
    for body in ["\"admin\"", "1", "null", "true"] {
        raw(&app, "/api/v1/auth/login", None, body)
            .await
            .assert_problem(422, "validation_failed");
    }
    // A key given twice is refused, wherever it is.
    let resp = raw(
        &app,
        "/api/v1/auth/login",
        None,
        &format!(r#"{{"login":"nobody","login":"admin","password":"{password}"}}"#),
    )
    .await;
    resp.assert_problem(400, "malformed_json");
    let resp = raw(
        &app,
        "/api/v1/departments",
        Some(&admin),
        r#"{"code":"D1","name":"a","name":"b"}"#,
    )
    .await;
    resp.assert_problem(400, "malformed_json");
    let list = app.get("/api/v1/departments", &admin).await;
    assert_eq!(list.assert_status(200)["items"], Value::Array(vec![]));
    // Unknown fields as before.
    let resp = raw(
        &app,
        "/api/v1/departments",
        Some(&admin),
        r#"{"code":"D1","name":"a","extra":1}"#,
    )
    .await;
    resp.assert_problem(422, "validation_failed");
}

async fn over_long_uris_are_414(app: TestApp) {
    let admin = app.admin().await;
    let long = "x".repeat(10_000);
    let resp = app
        .get(&format!("/api/v1/enterprises?q={long}"), &admin)
        .await;
    resp.assert_problem(414, "uri_too_long");
    let resp = app.get(&format!("/api/v1/{long}"), &admin).await;
    resp.assert_problem(414, "uri_too_long");
    // Bad query strings keep answering problem+json.
    app.get("/api/v1/enterprises?limit=%FF%FE", &admin)
        .await
        .assert_problem(400, "invalid_query");
}
