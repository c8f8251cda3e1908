//! Strict validators (RFC 9110): `If-Match` compares strongly, so a weak
//! tag refuses a write with 412; `If-None-Match` on a read answers 304
//! while the version is the same.

use serde_json::json;

use crate::{
    desk::{desk, filing},
    helpers::{Resp, TestApp},
};

crate::both_backends!(
    a_weak_tag_never_passes_if_match,
    if_none_match_answers_304_while_the_version_stands,
);

async fn with_header(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: &str,
    header: (&str, &str),
    body: Option<serde_json::Value>,
) -> Resp {
    let mut req = app
        .client
        .request(method, format!("{}{path}", app.base))
        .bearer_auth(token)
        .header(header.0, header.1);
    if let Some(body) = body {
        req = req.json(&body);
    }
    TestApp::read(req.send().await.unwrap()).await
}

async fn a_weak_tag_never_passes_if_match(app: TestApp) {
    let d = desk(&app).await;
    let id = app.file(&d, "ent.a", filing("弱校验")).await.id();
    let path = format!("/api/v1/tickets/{id}/dispatch");
    let body = json!({"department_id": d.w.dept_a});
    let dispatch = |tag: &'static str| {
        with_header(
            &app,
            reqwest::Method::POST,
            &path,
            d.token("dispatcher"),
            ("If-Match", tag),
            Some(body.clone()),
        )
    };
    // The current version, but weak: refused, nothing changed.
    for tag in ["W/\"1\"", "W/\"1\", W/\"2\"", "\"01\"", "w/\"1\""] {
        dispatch(tag)
            .await
            .assert_problem(412, "precondition_failed");
    }
    let t = app.ticket(&d, &id).await;
    assert_eq!(t["version"], 1);
    assert_eq!(t["status"], "submitted");
    let kinds = app.event_kinds(&d, "admin", &id).await;
    assert!(!kinds.iter().any(|k| k == "dispatch"), "{kinds:?}");
    // A list with the strong tag among weak ones passes.
    let ok = dispatch("W/\"1\", \"1\"").await;
    ok.assert_status(200);
    assert_eq!(ok.header("etag"), Some("\"2\""));
}

async fn if_none_match_answers_304_while_the_version_stands(app: TestApp) {
    let d = desk(&app).await;
    let filed = app.file(&d, "ent.a", filing("条件读取")).await;
    let id = filed.id();
    let path = format!("/api/v1/tickets/{id}");
    let get = |login: &'static str, tag: &'static str| {
        with_header(
            &app,
            reqwest::Method::GET,
            &path,
            d.token(login),
            ("If-None-Match", tag),
            None,
        )
    };
    for tag in ["\"1\"", "W/\"1\"", "\"7\", \"1\"", "*"] {
        let r = get("ent.a", tag).await;
        assert_eq!(r.status, 304, "{tag}: {}", r.text);
        assert_eq!(r.header("etag"), Some("\"1\""), "{tag}");
        assert!(r.text.is_empty(), "{tag}: {}", r.text);
    }
    // Another version, or a tag never issued: the ticket itself.
    for tag in ["\"2\"", "seven", ""] {
        let r = get("ent.a", tag).await;
        r.assert_status(200);
        assert_eq!(r.body["id"], id.as_str(), "{tag}");
        assert_eq!(r.header("etag"), Some("\"1\""));
    }
    // A change moves the version: the old tag gets the new ticket.
    app.act(
        &d,
        "dispatcher",
        &id,
        "dispatch",
        json!({"department_id": d.w.dept_a}),
    )
    .await
    .assert_status(200);
    let r = get("dispatcher", "\"1\"").await;
    r.assert_status(200);
    assert_eq!(r.body["status"], "dispatched");
    assert_eq!(r.header("etag"), Some("\"2\""));
    assert_eq!(get("dispatcher", "\"2\"").await.status, 304);
    // The scope comes first: out of scope, a matching tag is still a 404.
    get("staff.b", "*").await.assert_problem(404, "not_found");
}
