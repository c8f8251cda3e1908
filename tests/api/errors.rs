//! Bad requests of every kind answer problem+json with the right status
//! and change nothing; probes and request ids.

use reqwest::Method;
use serde_json::json;

use crate::helpers::TestApp;

crate::both_backends!(
    malformed_json_is_400,
    wrong_content_type_is_415,
    oversized_bodies_are_413,
    bad_query_strings_are_400,
    bad_path_ids_and_unknown_routes_are_404,
    wrong_method_is_405_with_allow,
    rejected_writes_change_nothing,
    health_and_readiness,
    request_ids_are_echoed_or_made,
    null_is_not_a_value_for_required_fields_of_a_patch,
);

async fn raw(
    app: &TestApp,
    method: Method,
    path: &str,
    token: &str,
    ct: &str,
    body: Vec<u8>,
) -> crate::helpers::Resp {
    let resp = app
        .client
        .request(method, format!("{}{}", app.base, path))
        .bearer_auth(token)
        .header("content-type", ct)
        .body(body)
        .send()
        .await
        .unwrap();
    TestApp::read(resp).await
}

async fn malformed_json_is_400(app: TestApp) {
    let admin = app.admin().await;
    for body in [
        "{",
        "{\"code\": }",
        "[1,2",
        "nul",
        "{\"code\":\"A\"} trailing",
        "",
    ] {
        let resp = raw(
            &app,
            Method::POST,
            "/api/v1/departments",
            &admin,
            "application/json",
            body.into(),
        )
        .await;
        resp.assert_problem(400, "malformed_json");
    }
    // Well-formed JSON of the wrong shape is 422, naming the field.
    let resp = raw(
        &app,
        Method::POST,
        "/api/v1/departments",
        &admin,
        "application/json",
        b"[]".to_vec(),
    )
    .await;
    resp.assert_problem(422, "validation_failed");
    let resp = app
        .post(
            "/api/v1/departments",
            &admin,
            json!({"code": 5, "name": "x"}),
        )
        .await;
    resp.assert_problem(422, "validation_failed");
    assert!(resp.body["errors"]["code"].is_string(), "{}", resp.text);
}

async fn wrong_content_type_is_415(app: TestApp) {
    let admin = app.admin().await;
    let body = br#"{"code":"HR","name":"x"}"#.to_vec();
    for ct in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/xml",
    ] {
        let resp = raw(
            &app,
            Method::POST,
            "/api/v1/departments",
            &admin,
            ct,
            body.clone(),
        )
        .await;
        resp.assert_problem(415, "unsupported_media_type");
    }
    let ok = raw(
        &app,
        Method::POST,
        "/api/v1/departments",
        &admin,
        "application/json; charset=utf-8",
        body,
    )
    .await;
    ok.assert_status(201);
}

async fn oversized_bodies_are_413(app: TestApp) {
    let admin = app.admin().await;
    let name = "x".repeat(300 * 1024);
    let body = serde_json::to_vec(&json!({"code": "BIG", "name": name})).unwrap();
    let resp = raw(
        &app,
        Method::POST,
        "/api/v1/departments",
        &admin,
        "application/json",
        body,
    )
    .await;
    resp.assert_problem(413, "payload_too_large");
}

async fn bad_query_strings_are_400(app: TestApp) {
    let admin = app.admin().await;
    for q in [
        "limit=abc",
        "limit=0",
        "limit=201",
        "limit=-1",
        "cursor=not-a-cursor",
        "active=maybe",
        "role=root",
        "department_id=xyz",
        "unknown=1",
    ] {
        let path = if q.starts_with("role") || q.starts_with("department_id") {
            format!("/api/v1/users?{q}")
        } else {
            format!("/api/v1/departments?{q}")
        };
        let resp = app.get(&path, &admin).await;
        resp.assert_problem(400, "invalid_query");
    }
}

async fn bad_path_ids_and_unknown_routes_are_404(app: TestApp) {
    let admin = app.admin().await;
    for path in [
        "/api/v1/departments/not-a-uuid",
        "/api/v1/departments/01a1fe8a-4e62-77b9-be83-5ac6d29c0660",
        "/api/v1/users/123",
        "/api/v1/categories/nope",
        "/api/v1/nothing-here",
        "/api/v2/departments",
    ] {
        app.get(path, &admin).await.assert_problem(404, "not_found");
    }
}

async fn wrong_method_is_405_with_allow(app: TestApp) {
    let admin = app.admin().await;
    let resp = app
        .request(Method::DELETE, "/api/v1/departments", Some(&admin), None)
        .await;
    resp.assert_problem(405, "method_not_allowed");
    assert_eq!(resp.header("allow"), Some("GET, POST"));
}

async fn rejected_writes_change_nothing(app: TestApp) {
    let admin = app.admin().await;
    let before = app.get("/api/v1/departments", &admin).await.body;
    app.post(
        "/api/v1/departments",
        &admin,
        json!({"code": "?", "name": "x"}),
    )
    .await
    .assert_problem(422, "validation_failed");
    app.post(
        "/api/v1/departments",
        &admin,
        json!({"code": "OK1", "name": "  "}),
    )
    .await
    .assert_problem(422, "validation_failed");
    raw(
        &app,
        Method::POST,
        "/api/v1/departments",
        &admin,
        "application/json",
        b"{".to_vec(),
    )
    .await
    .assert_problem(400, "malformed_json");
    assert_eq!(app.get("/api/v1/departments", &admin).await.body, before);
}

async fn health_and_readiness(app: TestApp) {
    let health = app.request(Method::GET, "/healthz", None, None).await;
    assert_eq!(health.assert_status(200)["status"], "ok");
    let ready = app.request(Method::GET, "/readyz", None, None).await;
    assert_eq!(ready.assert_status(200)["database"], "ok");
}

async fn request_ids_are_echoed_or_made(app: TestApp) {
    let mine = app
        .client
        .get(format!("{}/healthz", app.base))
        .header("x-request-id", "client-trace.42")
        .send()
        .await
        .unwrap();
    assert_eq!(mine.headers()["x-request-id"], "client-trace.42");
    // An id that could forge log lines is replaced by a fresh one.
    let hostile = app
        .client
        .get(format!("{}/healthz", app.base))
        .header("x-request-id", "evil id\" injected=1")
        .send()
        .await
        .unwrap();
    let made = hostile.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_string();
    assert_ne!(made, "evil id\" injected=1");
    assert_eq!(made.len(), 36);
    // Errors carry one too.
    let missing = app
        .client
        .get(format!("{}/nope", app.base))
        .send()
        .await
        .unwrap();
    assert!(missing.headers().contains_key("x-request-id"));
}

/// In a PATCH, leaving a field out keeps it; `null` for a field that cannot
/// be empty is a mistake, answered 422, never a silent no-op.
async fn null_is_not_a_value_for_required_fields_of_a_patch(app: TestApp) {
    let w = app.world().await;
    let dept = format!("/api/v1/departments/{}", w.dept_a);
    for (body, field) in [
        (json!({"active": null}), "active"),
        (json!({"name": null}), "name"),
    ] {
        let r = app.patch(&dept, &w.admin, body).await;
        r.assert_problem(422, "validation_failed");
        assert!(r.body["errors"][field].is_string(), "{}", r.text);
    }
    let ent = format!("/api/v1/enterprises/{}", w.ent_a);
    app.patch(&ent, &w.admin, json!({"contact_phone": null}))
        .await
        .assert_problem(422, "validation_failed");
    // Nullable references still clear with null.
    app.patch(&ent, &w.admin, json!({"chain_id": null}))
        .await
        .assert_status(200);
    let kept = app.get(&dept, &w.admin).await;
    assert_eq!(kept.body["active"], true);
}
