//! Throttling that holds: sign-in attempts counted atomically per login
//! and address, per address and per login, across instances; the client
//! address from `X-Forwarded-For` only behind trusted proxies; the filing
//! limit. And the deployment's edge: security headers, CORS, HSTS.

use std::{
    process::{Child, Command, Stdio},
    time::Duration as StdDuration,
};

use chrono::Duration;
use huying::http::throttle::parse_proxies;
use serde_json::json;

use crate::{
    desk::{desk, filing},
    helpers::{ADMIN_PASSWORD, Backend, Resp, TestApp, TestDb, test_settings},
};

async fn spawn(backend: Backend, tune: impl FnOnce(&mut huying::config::Settings)) -> TestApp {
    let (guard, url) = TestDb::create(backend).await;
    TestApp::spawn_on(guard, url, |u| {
        let mut s = test_settings(u);
        s.throttle.trusted_proxies = parse_proxies("127.0.0.1").unwrap();
        tune(&mut s);
        s
    })
    .await
}

async fn login_from(app: &TestApp, base: &str, address: &str, password: &str) -> Resp {
    let resp = app
        .client
        .post(format!("{base}/api/v1/auth/login"))
        .header("x-forwarded-for", address)
        .json(&json!({"login": "admin", "password": password}))
        .send()
        .await
        .unwrap();
    TestApp::read(resp).await
}

/// Guessing from one address locks that address out of that login, not
/// the owner signing in from elsewhere.
async fn a_guesser_locks_out_only_itself(backend: Backend) {
    let app = spawn(backend, |_| {}).await;
    app.admin().await;
    for _ in 0..5 {
        login_from(&app, &app.base, "203.0.113.1", "guess")
            .await
            .assert_problem(401, "invalid_credentials");
    }
    let refused = login_from(&app, &app.base, "203.0.113.1", ADMIN_PASSWORD).await;
    refused.assert_problem(429, "too_many_requests");
    let retry: u64 = refused.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=900).contains(&retry), "{retry}");
    login_from(&app, &app.base, "198.51.100.7", ADMIN_PASSWORD)
        .await
        .assert_status(200);
}

/// Many addresses guessing one login: past the per-login limit each
/// guess waits its turn (429 with a short `Retry-After`), and the owner
/// still gets in when their turn comes.
async fn distributed_guessing_is_slowed_not_locked(backend: Backend) {
    let app = spawn(backend, |s| {
        s.throttle.per_login = 3;
        s.throttle.login_slow_down = StdDuration::from_secs(10);
    })
    .await;
    app.admin().await;
    for i in 1..=3 {
        login_from(&app, &app.base, &format!("203.0.113.{i}"), "guess")
            .await
            .assert_problem(401, "invalid_credentials");
    }
    let slowed = login_from(&app, &app.base, "203.0.113.4", "guess").await;
    slowed.assert_problem(429, "too_many_requests");
    let retry: u64 = slowed.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=10).contains(&retry), "{retry}");
    app.clock.advance(Duration::seconds(10));
    login_from(&app, &app.base, "198.51.100.7", ADMIN_PASSWORD)
        .await
        .assert_status(200);
}

/// Without trusted proxies, `X-Forwarded-For` changes nothing: a guesser
/// cannot pose as a new address for each guess.
async fn forwarded_for_is_ignored_unless_trusted(backend: Backend) {
    let app = spawn(backend, |s| s.throttle.trusted_proxies.clear()).await;
    app.admin().await;
    for i in 0..5 {
        login_from(&app, &app.base, &format!("203.0.113.{i}"), "guess")
            .await
            .assert_problem(401, "invalid_credentials");
    }
    login_from(&app, &app.base, "198.51.100.7", "guess")
        .await
        .assert_problem(429, "too_many_requests");
}

async fn filings_per_user_are_limited_when_configured(backend: Backend) {
    let app = spawn(backend, |s| s.throttle.filings_per_hour = Some(2)).await;
    let mut d = desk(&app).await;
    app.file(&d, "ent.a", filing("一")).await;
    app.file(&d, "ent.a", filing("二")).await;
    let refused = app
        .post("/api/v1/tickets", d.token("ent.a"), filing("三"))
        .await;
    refused.assert_problem(429, "too_many_requests");
    assert!(refused.header("retry-after").is_some());
    // Another user has an allowance of their own; an hour later so has ent.a.
    app.file(&d, "ent.b", filing("四")).await;
    app.advance(&mut d, Duration::minutes(61)).await;
    app.file(&d, "ent.a", filing("五")).await;
}

macro_rules! on_both {
    ($($name:ident),*) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name(crate::helpers::Backend::Sqlite).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name(crate::helpers::Backend::Postgres).await;
                }
            )*
        }
    };
}

on_both!(
    a_guesser_locks_out_only_itself,
    distributed_guessing_is_slowed_not_locked,
    forwarded_for_is_ignored_unless_trusted,
    filings_per_user_are_limited_when_configured,
    security_headers_on_every_answer,
    cors_and_hsts_when_configured
);

/// A `huying serve` process on a port of its own, killed when dropped.
struct Instance {
    child: Child,
    base: String,
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn instance(app: &TestApp) -> Instance {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(env!("CARGO_BIN_EXE_huying"))
        .arg("serve")
        .env("DATABASE_URL", &app.database_url)
        .env("HUYING_DEV", "1")
        .env("HUYING_BIND", format!("127.0.0.1:{port}"))
        .env("HUYING_SLA_TICK_SECS", "0")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("huying starts");
    // Killed and waited for on drop, also when it never becomes ready.
    let instance = Instance {
        child,
        base: format!("http://127.0.0.1:{port}"),
    };
    for _ in 0..200 {
        if let Ok(r) = app
            .client
            .get(format!("{}/readyz", instance.base))
            .send()
            .await
            && r.status().is_success()
        {
            return instance;
        }
        tokio::time::sleep(StdDuration::from_millis(50)).await;
    }
    panic!("huying serve did not become ready on {}", instance.base);
}

/// 200 wrong guesses at once, half to each of two instances on one
/// PostgreSQL: at most the limit of passwords is checked (401), every
/// other guess is refused unchecked (429).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parallel_guesses_across_two_instances_check_at_most_the_limit() {
    let app = TestApp::spawn(Backend::Postgres).await;
    app.admin().await;
    let a = instance(&app).await;
    let b = instance(&app).await;
    let mut guesses = Vec::new();
    for i in 0..200 {
        let base = if i % 2 == 0 { &a.base } else { &b.base };
        let request = app
            .client
            .post(format!("{base}/api/v1/auth/login"))
            .json(&json!({"login": "admin", "password": format!("guess-{i}")}));
        guesses.push(tokio::spawn(async move {
            request.send().await.unwrap().status().as_u16()
        }));
    }
    let mut checked = 0;
    let mut refused = 0;
    for guess in guesses {
        match guess.await.unwrap() {
            401 => checked += 1,
            429 => refused += 1,
            other => panic!("unexpected status {other}"),
        }
    }
    assert!(checked <= 5, "{checked} passwords checked");
    assert_eq!(checked + refused, 200);
}

async fn security_headers_on_every_answer(backend: Backend) {
    let app = spawn(backend, |_| {}).await;
    for path in ["/healthz", "/api/v1/me", "/api/v1/nothing"] {
        let resp = app.request(reqwest::Method::GET, path, None, None).await;
        assert_eq!(resp.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(resp.header("referrer-policy"), Some("no-referrer"));
        let csp = resp.header("content-security-policy").unwrap();
        assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"));
        assert!(resp.header("strict-transport-security").is_none());
    }
    // No CORS unless origins are configured.
    let preflight = app
        .client
        .request(reqwest::Method::OPTIONS, format!("{}/api/v1/me", app.base))
        .header("origin", "https://evil.example")
        .header("access-control-request-method", "GET")
        .send()
        .await
        .unwrap();
    assert!(
        preflight
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );
}

async fn cors_and_hsts_when_configured(backend: Backend) {
    let app = spawn(backend, |s| {
        s.edge.cors_origins = vec!["https://app.example.cn".into()];
        s.edge.hsts_max_age_secs = Some(31_536_000);
    })
    .await;
    let preflight = |origin: &'static str| {
        app.client
            .request(reqwest::Method::OPTIONS, format!("{}/api/v1/me", app.base))
            .header("origin", origin)
            .header("access-control-request-method", "GET")
            .header("access-control-request-headers", "authorization")
            .send()
    };
    let ok = preflight("https://app.example.cn").await.unwrap();
    assert!(ok.status().is_success(), "{}", ok.status());
    assert_eq!(
        ok.headers()["access-control-allow-origin"],
        "https://app.example.cn"
    );
    assert!(
        ok.headers()
            .get("access-control-allow-credentials")
            .is_none()
    );
    let other = preflight("https://evil.example").await.unwrap();
    assert!(other.headers().get("access-control-allow-origin").is_none());
    let resp = app
        .request(reqwest::Method::GET, "/healthz", None, None)
        .await;
    assert_eq!(
        resp.header("strict-transport-security"),
        Some("max-age=31536000; includeSubDomains")
    );
}
