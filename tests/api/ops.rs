//! The operator's endpoints: `/metrics` scraped like Prometheus does, and
//! the API description served from the binary.

use std::time::{Duration, Instant};

use reqwest::Method;
use secrecy::SecretString;

use crate::{
    desk::{desk, filing},
    helpers::{Backend, Resp, TestApp, TestDb, test_settings},
};

crate::both_backends!(
    metrics_count_requests_by_route_pattern_and_show_pool_and_backlog,
    the_spec_is_served_as_is,
    problem_details_follow_accept_language,
);

/// Scrapes until `ok` holds for the text (counters move just after the
/// commit a client can already see), or returns the last text.
pub async fn scrape_until(app: &TestApp, ok: impl Fn(&str) -> bool) -> String {
    let mut text = String::new();
    for _ in 0..50 {
        text = scrape(app, None).await.1;
        if ok(&text) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    text
}

/// One sample's value: `name{labels} value`, labels given in any order.
pub fn sample(text: &str, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter(|l| l.starts_with(name) && l[name.len()..].starts_with(['{', ' ']))
        .find(|l| {
            labels
                .iter()
                .all(|(k, v)| l.contains(&format!("{k}=\"{v}\"")))
        })
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
}

pub async fn scrape(app: &TestApp, token: Option<&str>) -> (u16, String) {
    let mut req = app.client.get(format!("{}/metrics", app.base));
    if let Some(token) = token {
        req = req.bearer_auth(token);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    let content_type = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let text = resp.text().await.unwrap();
    if status == 200 {
        assert!(content_type.starts_with("text/plain"), "{content_type}");
    }
    (status, text)
}

async fn metrics_count_requests_by_route_pattern_and_show_pool_and_backlog(app: TestApp) {
    let w = desk(&app).await;
    let id = app.file(&w, "ent.a", filing("招聘")).await.id();
    waiting_deliveries(&app, &id).await;
    for _ in 0..3 {
        app.get(&format!("/api/v1/tickets/{id}"), w.token("ent.a"))
            .await
            .assert_status(200);
    }
    app.get(
        "/api/v1/tickets/01a1fe8a-4e62-77b9-be83-5ac6d29c0660",
        w.token("ent.a"),
    )
    .await
    .assert_problem(404, "not_found");
    app.request(Method::GET, "/api/v1/no/such/path/at/all", None, None)
        .await
        .assert_problem(404, "not_found");

    app.request(Method::from_bytes(b"BREW").unwrap(), "/healthz", None, None)
        .await
        .assert_problem(405, "method_not_allowed");

    let (status, text) = scrape(&app, None).await;
    assert_eq!(status, 200, "{text}");
    assert!(!text.contains("BREW"), "made-up methods are not labels");
    assert_eq!(
        sample(
            &text,
            "huying_http_requests_total",
            &[
                ("method", "other"),
                ("route", "/healthz"),
                ("status", "405")
            ]
        ),
        Some(1.0)
    );
    let route = [
        ("method", "GET"),
        ("route", "/api/v1/tickets/{id}"),
        ("status", "200"),
    ];
    assert_eq!(
        sample(&text, "huying_http_requests_total", &route),
        Some(3.0)
    );
    assert_eq!(
        sample(&text, "huying_http_request_duration_seconds_count", &route),
        Some(3.0)
    );
    assert!(
        sample(
            &text,
            "huying_http_request_duration_seconds_bucket",
            &[("route", "/api/v1/tickets/{id}"), ("le", "+Inf")]
        )
        .is_some()
    );
    assert_eq!(
        sample(
            &text,
            "huying_http_requests_total",
            &[("route", "/api/v1/tickets/{id}"), ("status", "404")]
        ),
        Some(1.0)
    );
    assert_eq!(
        sample(
            &text,
            "huying_http_requests_total",
            &[("route", "unmatched"), ("status", "404")]
        ),
        Some(1.0)
    );
    assert!(!text.contains("/no/such/path"), "paths are not labels");
    assert_eq!(
        sample(
            &text,
            "huying_http_requests_total",
            &[
                ("route", "/api/v1/tickets"),
                ("method", "POST"),
                ("status", "201")
            ]
        ),
        Some(1.0)
    );

    let in_use = sample(&text, "huying_db_pool_connections", &[("state", "in_use")]).unwrap();
    let idle = sample(&text, "huying_db_pool_connections", &[("state", "idle")]).unwrap();
    let max = sample(&text, "huying_db_pool_max_connections", &[]).unwrap();
    assert!(in_use >= 0.0 && idle >= 0.0 && in_use + idle <= max && max >= 1.0);

    assert_eq!(
        sample(&text, "huying_tickets_open", &[("status", "submitted")]),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        sample(&text, "huying_tickets_open", &[("status", "in_progress")]),
        Some(0.0)
    );
    assert_eq!(sample(&text, "huying_tickets_breached", &[]), Some(0.0));
    assert_eq!(
        sample(&text, "huying_webhook_deliveries", &[("status", "pending")]),
        Some(2.0)
    );
    assert_eq!(
        sample(&text, "huying_webhook_deliveries", &[("status", "dead")]),
        Some(1.0)
    );
    let lag = sample(&text, "huying_webhook_delivery_lag_seconds", &[]).unwrap();
    assert!((590.0..3600.0).contains(&lag), "due ten minutes ago: {lag}");
    assert!(text.contains("# TYPE huying_sla_job_lag_seconds gauge"));

    // A second ticket within the cache's lifetime does not make a scrape
    // count again (on a machine slow enough to outlive it, it may).
    let counted = Instant::now();
    app.file(&w, "ent.a", filing("融资")).await;
    let (_, again) = scrape(&app, None).await;
    if counted.elapsed() < Duration::from_secs(10) {
        assert_eq!(
            sample(&again, "huying_tickets_open", &[("status", "submitted")]),
            Some(1.0),
            "counted at most once per 15 s"
        );
    }
    assert_eq!(
        sample(
            &again,
            "huying_http_requests_total",
            &[("route", "/metrics"), ("status", "200")]
        ),
        Some(1.0)
    );
}

async fn the_spec_is_served_as_is(app: TestApp) {
    let resp = app
        .client
        .get(format!("{}/api/v1/openapi.yaml", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/yaml")
    );
    let served = resp.text().await.unwrap();
    let file =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/openapi.yaml")).unwrap();
    assert_eq!(served, file);
    let spec: serde_json::Value = serde_norway::from_str(&served).unwrap();
    assert!(spec["paths"]["/api/v1/openapi.yaml"]["get"].is_object());
    assert!(spec["paths"]["/metrics"]["get"].is_object());
}

/// With a token configured, a scrape without it (or with another) is a 401;
/// the SLA job's runs show once it has ticked.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_behind_a_token_and_the_sla_job_counted() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let (guard, url) = TestDb::create(backend).await;
        let app = TestApp::spawn_on(guard, url, |url| {
            let mut settings = test_settings(url);
            settings.metrics_token = Some(SecretString::from("scrape-secret".to_string()));
            settings.sla_tick = Some(Duration::from_millis(200));
            settings
        })
        .await;
        let (status, body) = scrape(&app, None).await;
        assert_eq!(status, 401, "{body}");
        assert!(body.contains("unauthenticated"));
        assert_eq!(scrape(&app, Some("not-the-secret")).await.0, 401);
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let (status, text) = scrape(&app, Some("scrape-secret")).await;
            assert_eq!(status, 200);
            let runs = sample(&text, "huying_sla_job_runs_total", &[("outcome", "ok")]);
            if runs.is_some_and(|n| n >= 1.0) {
                assert!(
                    sample(&text, "huying_sla_job_last_run_timestamp_seconds", &[]).unwrap() > 0.0
                );
                assert!(sample(&text, "huying_sla_job_lag_seconds", &[]).unwrap() < 10.0);
                assert!(
                    sample(&text, "huying_sla_job_duration_seconds_count", &[]).unwrap() >= 1.0
                );
                break;
            }
            assert!(Instant::now() < deadline, "the SLA job never ran: {text}");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}

async fn problem_in(
    app: &TestApp,
    method: Method,
    path: &str,
    token: Option<&str>,
    lang: Option<&str>,
) -> Resp {
    let mut req = app.client.request(method, format!("{}{}", app.base, path));
    if let Some(token) = token {
        req = req.bearer_auth(token);
    }
    if let Some(lang) = lang {
        req = req.header("accept-language", lang);
    }
    TestApp::read(req.send().await.unwrap()).await
}

async fn problem_details_follow_accept_language(app: TestApp) {
    let admin = app.admin().await;
    let ticket = "/api/v1/tickets/01a1fe8a-4e62-77b9-be83-5ac6d29c0660";
    let english = problem_in(&app, Method::GET, ticket, Some("not.a.token"), None).await;
    english.assert_problem(401, "invalid_token");
    let detail = english.body["detail"].as_str().unwrap();
    assert!(
        detail.contains(' ') && !detail.contains("Invalid"),
        "{detail}"
    );
    let chinese = problem_in(
        &app,
        Method::GET,
        ticket,
        Some("not.a.token"),
        Some("zh-CN,zh;q=0.9,en;q=0.8"),
    )
    .await;
    chinese.assert_problem(401, "invalid_token");
    assert_eq!(chinese.body["detail"], "访问令牌无效，请重新登录");
    assert_eq!(
        chinese.body["title"], english.body["title"],
        "titles stay stable"
    );
    assert_eq!(chinese.header("content-language"), Some("zh"));
    assert!(chinese.header("www-authenticate").is_some());
    assert!(chinese.header("x-request-id").is_some());

    let missing = problem_in(&app, Method::GET, ticket, Some(&admin), Some("zh")).await;
    missing.assert_problem(404, "not_found");
    assert_eq!(missing.body["detail"], "找不到该工单");
    let missing = problem_in(
        &app,
        Method::GET,
        ticket,
        Some(&admin),
        Some("en-GB, zh;q=0.5"),
    )
    .await;
    assert_eq!(missing.body["detail"], "no such ticket");
    assert_eq!(missing.header("content-language"), Some("en"));

    let mut req = app
        .client
        .post(format!("{}/api/v1/departments", app.base))
        .bearer_auth(&admin)
        .header("accept-language", "zh-CN")
        .json(&serde_json::json!({"code": "", "name": "人社局"}));
    req = req.header("x-request-id", "i18n-validation");
    let invalid = TestApp::read(req.send().await.unwrap()).await;
    invalid.assert_problem(422, "validation_failed");
    assert!(
        invalid.body["detail"]
            .as_str()
            .unwrap()
            .contains("字段无效")
    );
    assert!(
        invalid.body["errors"]["code"].is_string(),
        "{}",
        invalid.text
    );

    let method = problem_in(
        &app,
        Method::DELETE,
        "/api/v1/departments",
        Some(&admin),
        Some("zh"),
    )
    .await;
    method.assert_problem(405, "method_not_allowed");
    assert!(
        method.body["detail"]
            .as_str()
            .unwrap()
            .contains("不允许 DELETE")
    );
    assert!(method.header("allow").is_some());

    // Whatever the language, no detail is a bare identifier.
    for lang in [None, Some("zh")] {
        let r = problem_in(&app, Method::GET, "/api/v1/me", Some("a.b.c"), lang).await;
        let detail = r.body["detail"].as_str().unwrap();
        assert!(
            !detail.chars().all(|c| c.is_ascii_alphanumeric()),
            "{detail}"
        );
    }
}

/// Two pending deliveries (one due ten minutes ago, one due later), one
/// dead and one delivered, written the way the outbox writes them.
async fn waiting_deliveries(app: &TestApp, ticket_id: &str) {
    use entity::{webhook_delivery, webhook_endpoint};
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    let now = chrono::Utc::now();
    let endpoint = uuid::Uuid::now_v7();
    webhook_endpoint::ActiveModel {
        id: Set(endpoint),
        url: Set("https://hooks.example.com/huying".into()),
        description: Set(String::new()),
        secret: Set("whsec_test".into()),
        event_kinds: Set(serde_json::json!([])),
        // Turned off, so the webhook worker leaves its deliveries waiting.
        active: Set(false),
        failure_streak: Set(0),
        disabled_reason: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&app.db)
    .await
    .unwrap();
    let ticket: uuid::Uuid = ticket_id.parse().unwrap();
    for (status, due) in [
        ("pending", now - chrono::Duration::minutes(10)),
        ("pending", now + chrono::Duration::minutes(5)),
        ("dead", now - chrono::Duration::hours(1)),
        ("delivered", now - chrono::Duration::hours(2)),
    ] {
        webhook_delivery::ActiveModel {
            id: Set(uuid::Uuid::now_v7()),
            endpoint_id: Set(endpoint),
            ticket_id: Set(ticket),
            event_id: Set(uuid::Uuid::now_v7()),
            kind: Set("filed".into()),
            payload: Set(serde_json::json!({})),
            status: Set(status.into()),
            attempts: Set(0),
            next_attempt_at: Set(due),
            last_error: Set(None),
            last_status_code: Set(None),
            delivered_at: Set(None),
            created_at: Set(now),
        }
        .insert(&app.db)
        .await
        .unwrap();
    }
}
