//! Hostile input at the edge: control characters and bidirectional
//! overrides, lenient JSON, over-long URIs — each a 4xx problem that
//! names what is wrong and changes nothing, alike on both back ends.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
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
    every_token_failure_is_the_same_401,
    the_refresh_endpoint_takes_only_live_refresh_tokens,
    csv_cells_never_start_a_formula,
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
    // Nor does an array fill a nested object.
    let calendar = app
        .post(
            "/api/v1/calendars",
            &admin,
            json!({"name": "c", "time_zone": "UTC", "weekly_hours": {"mon": [["09:00", "17:00"]]}}),
        )
        .await
        .id();
    let policy = |urgent: Value, secs: Value| {
        json!({"name": "p", "calendar_id": calendar, "warn_ratio": 0.8, "response_target_secs": secs,
               "resolution_target_secs": 7200, "urgent": urgent})
    };
    let resp = app
        .post(
            "/api/v1/sla-policies",
            &admin,
            policy(json!([600, null, 3600]), json!(3600)),
        )
        .await;
    resp.assert_problem(422, "validation_failed");
    assert!(resp.body["errors"]["urgent"].is_string(), "{}", resp.text);
    // `null` is not a string: the holiday list's `source` is one or absent.
    let import = format!("/api/v1/calendars/{calendar}/holiday-lists");
    let list = |source: Value| json!({"year": 2026, "time_zone": "UTC", "source": source});
    let resp = app.post(&import, &admin, list(Value::Null)).await;
    resp.assert_problem(422, "validation_failed");
    assert!(resp.body["errors"]["source"].is_string(), "{}", resp.text);
    app.post(&import, &admin, list(json!("国务院办公厅")))
        .await
        .assert_status(200);
    // A whole number written as 3600.0 is an integer (JSON Schema says so);
    // 3600.5 is not.
    let urgent = json!({"response_target_secs": 600, "resolution_target_secs": 3600});
    let resp = app
        .post(
            "/api/v1/sla-policies",
            &admin,
            policy(urgent.clone(), json!(3600.5)),
        )
        .await;
    resp.assert_problem(422, "validation_failed");
    assert!(
        resp.body["errors"]["response_target_secs"].is_string(),
        "{}",
        resp.text
    );
    app.post(
        "/api/v1/sla-policies",
        &admin,
        policy(urgent, json!(3600.0)),
    )
    .await
    .assert_status(201);
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
    // Up to the HTTP parser's own limit (64 KiB), still problem+json.
    let longer = "y".repeat(60 * 1024);
    let resp = app
        .get(&format!("/api/v1/tickets?q={longer}"), &admin)
        .await;
    resp.assert_problem(414, "uri_too_long");
    // Bad query strings keep answering problem+json.
    app.get("/api/v1/enterprises?limit=%FF%FE", &admin)
        .await
        .assert_problem(400, "invalid_query");
}

async fn every_token_failure_is_the_same_401(app: TestApp) {
    let admin = app.admin().await;
    let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
    let claims = URL_SAFE_NO_PAD.encode(r#"{"sub":"x","exp":9999999999}"#);
    let mut details = std::collections::BTreeSet::new();
    for token in [
        format!("{header}.{claims}."),
        "garbage".to_string(),
        "a.b.c".to_string(),
        format!("{}x", &admin[..admin.len() - 1]),
    ] {
        let resp = app.get("/api/v1/me", &token).await;
        resp.assert_problem(401, "invalid_token");
        details.insert(resp.body["detail"].as_str().unwrap().to_string());
    }
    let resp = app
        .client
        .get(format!("{}/api/v1/me", app.base))
        .header("authorization", "Basic YWRtaW46eA==")
        .send()
        .await
        .unwrap();
    let resp = TestApp::read(resp).await;
    resp.assert_problem(401, "invalid_token");
    details.insert(resp.body["detail"].as_str().unwrap().to_string());
    assert_eq!(details.len(), 1, "{details:?}");
    let detail = details.into_iter().next().unwrap();
    for leak in ["variant", "HS256", "Base64", "JSON", "expected"] {
        assert!(!detail.contains(leak), "{detail}");
    }
}

async fn the_refresh_endpoint_takes_only_live_refresh_tokens(app: TestApp) {
    let access = app.admin().await;
    for candidate in [access.as_str(), "x", &"y".repeat(5000), ""] {
        app.post_anon("/api/v1/auth/refresh", json!({"refresh_token": candidate}))
            .await
            .assert_problem(401, "invalid_refresh_token");
    }
    app.post_anon("/api/v1/auth/refresh", json!({}))
        .await
        .assert_problem(422, "validation_failed");
}

impl TestApp {
    async fn post_anon(&self, path: &str, body: Value) -> crate::helpers::Resp {
        self.request(Method::POST, path, None, Some(&body)).await
    }
}

/// Titles an enterprise typed and a department's name, each beginning
/// with a formula character, come out of the CSV as text.
async fn csv_cells_never_start_a_formula(app: TestApp) {
    let mut d = crate::report_fixture::desk_at(&app, crate::report_fixture::T0).await;
    app.patch(
        &format!("/api/v1/departments/{}", d.w.dept_a),
        &d.w.admin,
        json!({"name": "@SUM(A1:A9)"}),
    )
    .await
    .assert_status(200);
    let leads = ["=", "+", "-", "@"];
    for lead in leads {
        let body =
            crate::report_fixture::auto_hiring(&d, &format!("{lead}HYPERLINK(\"http://x\")"));
        app.file(&d, "ent.a", body).await;
    }
    app.advance(&mut d, chrono::Duration::days(3)).await;
    let token = d.token("supervisor").to_string();
    let resp = app
        .client
        .get(format!("{}/api/v1/reports/overdue", app.base))
        .header("accept", "text/csv")
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    let resp = TestApp::read(resp).await;
    assert_eq!(resp.status, 200, "{}", resp.text);
    let text = resp.text.trim_start_matches('\u{feff}');
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let title = header.iter().position(|h| h == "title").unwrap();
    let department = header.iter().position(|h| h == "department").unwrap();
    let mut seen = Vec::new();
    for record in reader.records() {
        let record = record.unwrap();
        assert!(record[title].starts_with('\''), "{:?}", &record[title]);
        assert_eq!(&record[department], "'@SUM(A1:A9)");
        seen.push(record[title][1..2].to_string());
    }
    seen.sort();
    let mut expected: Vec<String> = leads.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(seen, expected);
    // An empty cursor is the first page, as on every list.
    let first = app
        .get("/api/v1/reports/overdue?cursor=&limit=2", &token)
        .await;
    let plain = app.get("/api/v1/reports/overdue?limit=2", &token).await;
    assert_eq!(
        first.assert_status(200)["items"],
        plain.assert_status(200)["items"]
    );
}
