//! Webhooks against a real HTTP receiver in the test: signatures, retries
//! after a 500, order per ticket, the dead letter, redelivery, the SSRF
//! guard, two instances on one PostgreSQL, and a kill right after commit.

use std::{
    collections::{BTreeMap, VecDeque},
    net::TcpListener,
    process::{Child, Command, Stdio},
    sync::{Arc, Mutex},
    time::Duration,
};

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use base64::{Engine, engine::general_purpose::STANDARD};
use hmac::{Hmac, KeyInit, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

use crate::{
    desk::{desk, filing},
    helpers::{Backend, TestApp, TestDb, test_settings},
    ops::{sample, scrape_until},
};

crate::both_backends!(private_targets_are_refused_and_secrets_shown_once,);

/// One request the receiver saw.
#[derive(Clone, Debug)]
pub struct Received {
    pub id: String,
    pub timestamp: String,
    pub signature: String,
    pub body: String,
}

impl Received {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap()
    }

    /// Checks the signature the way a receiver would.
    pub fn verify(&self, secret: &str) -> bool {
        let key = STANDARD
            .decode(secret.strip_prefix("whsec_").unwrap())
            .unwrap();
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&key).unwrap();
        mac.update(format!("{}.{}.{}", self.id, self.timestamp, self.body).as_bytes());
        let expected = format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()));
        self.signature.split(' ').any(|s| s == expected)
    }
}

#[derive(Default)]
struct ReceiverState {
    seen: Vec<Received>,
    /// Statuses to answer, in order; 200 once they run out.
    script: VecDeque<u16>,
    /// Answer this to everything when set.
    always: Option<u16>,
}

/// A local HTTP server that records every webhook request.
#[derive(Clone)]
pub struct Receiver {
    state: Arc<Mutex<ReceiverState>>,
    pub url: String,
}

async fn receive(req: HttpRequest, body: web::Bytes, state: web::Data<Receiver>) -> HttpResponse {
    let h = |n: &str| {
        req.headers()
            .get(n)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let mut s = state.state.lock().unwrap();
    s.seen.push(Received {
        id: h("webhook-id"),
        timestamp: h("webhook-timestamp"),
        signature: h("webhook-signature"),
        body: String::from_utf8_lossy(&body).to_string(),
    });
    let code = s.always.or_else(|| s.script.pop_front()).unwrap_or(200);
    HttpResponse::build(actix_web::http::StatusCode::from_u16(code).unwrap()).finish()
}

impl Receiver {
    pub fn start(script: &[u16]) -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let r = Receiver {
            state: Arc::new(Mutex::new(ReceiverState {
                script: script.iter().copied().collect(),
                ..Default::default()
            })),
            url: format!("http://127.0.0.1:{port}/hook"),
        };
        let data = web::Data::new(r.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .default_service(web::to(receive))
        })
        .workers(1)
        .listen(listener)
        .unwrap()
        .run();
        tokio::spawn(server);
        r
    }

    pub fn seen(&self) -> Vec<Received> {
        self.state.lock().unwrap().seen.clone()
    }

    pub fn answer_always(&self, code: Option<u16>) {
        self.state.lock().unwrap().always = code;
    }

    /// Waits until `enough` holds for what was seen, up to `secs` seconds.
    pub async fn wait_for(&self, secs: u64, enough: impl Fn(&[Received]) -> bool) -> Vec<Received> {
        for _ in 0..secs * 20 {
            let seen = self.seen();
            if enough(&seen) {
                return seen;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        self.seen()
    }
}

/// A test app whose worker may reach local receivers, retries fast and
/// gives up after `max_attempts`.
async fn spawn(backend: Backend, max_attempts: i32, poll: Option<Duration>) -> TestApp {
    let (guard, url) = TestDb::create(backend).await;
    TestApp::spawn_on(guard, url, |u| {
        let mut s = test_settings(u);
        s.webhooks.allow_private = true;
        s.webhooks.backoff_base = Duration::from_millis(100);
        s.webhooks.max_attempts = max_attempts;
        s.webhooks.poll = poll;
        s
    })
    .await
}

async fn register(app: &TestApp, admin: &str, url: &str, kinds: Value) -> (String, String) {
    let r = app
        .post(
            "/api/v1/webhooks",
            admin,
            json!({"url": url, "description": "短信网关", "event_kinds": kinds}),
        )
        .await;
    let body = r.assert_status(201);
    (
        body["id"].as_str().unwrap().to_string(),
        body["secret"].as_str().unwrap().to_string(),
    )
}

async fn deliveries(app: &TestApp, admin: &str, endpoint: &str) -> Vec<Value> {
    app.get(
        &format!("/api/v1/webhooks/{endpoint}/deliveries?limit=200"),
        admin,
    )
    .await
    .assert_status(200)["items"]
        .as_array()
        .unwrap()
        .clone()
}

async fn private_targets_are_refused_and_secrets_shown_once(app: TestApp) {
    let w = app.world().await;
    for url in [
        "http://127.0.0.1:9/x",
        "http://localhost/x",
        "http://10.0.0.8/",
        "http://[::1]/",
        "http://169.254.169.254/latest/meta-data",
        "ftp://example.com/",
        "not a url",
    ] {
        app.post("/api/v1/webhooks", &w.admin, json!({"url": url}))
            .await
            .assert_problem(422, "validation_failed");
    }
    app.post(
        "/api/v1/webhooks",
        &w.admin,
        json!({"url": "https://relay.example.com/h", "event_kinds": ["no_such_kind"]}),
    )
    .await
    .assert_problem(422, "validation_failed");
    app.post(
        "/api/v1/webhooks",
        w.token("dispatcher"),
        json!({"url": "https://relay.example.com/h"}),
    )
    .await
    .assert_problem(403, "forbidden");
    let (id, secret) = register(&app, &w.admin, "https://relay.example.com/h", json!([])).await;
    assert!(secret.starts_with("whsec_"));
    let shown = app.get(&format!("/api/v1/webhooks/{id}"), &w.admin).await;
    assert!(shown.assert_status(200).get("secret").is_none());
    let listed = app.get("/api/v1/webhooks", &w.admin).await;
    assert!(!listed.text.contains(&secret));
    let r = app
        .patch(
            &format!("/api/v1/webhooks/{id}"),
            &w.admin,
            json!({"active": false, "event_kinds": ["resolve"]}),
        )
        .await;
    assert_eq!(r.assert_status(200)["active"], false);
    assert_eq!(r.body["event_kinds"], json!(["resolve"]));
    app.request(
        reqwest::Method::DELETE,
        &format!("/api/v1/webhooks/{id}"),
        Some(&w.admin),
        None,
    )
    .await
    .assert_status(204);
    app.get(&format!("/api/v1/webhooks/{id}"), &w.admin)
        .await
        .assert_problem(404, "not_found");
}

async fn signed_retried_in_order(backend: Backend) {
    let app = spawn(backend, 5, Some(Duration::from_millis(50))).await;
    let d = desk(&app).await;
    let receiver = Receiver::start(&[500]);
    let (endpoint, secret) = register(
        &app,
        &d.w.admin,
        &receiver.url,
        json!(["filed", "dispatch", "claim"]),
    )
    .await;
    let id = app.file(&d, "ent.a", filing("网关")).await.id();
    app.act(
        &d,
        "dispatcher",
        &id,
        "dispatch",
        json!({"department_id": d.w.dept_a}),
    )
    .await
    .assert_status(200);
    app.act(&d, "staff.a", &id, "claim", json!({}))
        .await
        .assert_status(200);
    // Filtered out: not sent.
    app.act(&d, "staff.a", &id, "resolve", json!({"resolution": "已办"}))
        .await
        .assert_status(200);
    let seen = receiver.wait_for(20, |s| s.len() >= 4).await;
    let kinds: Vec<String> = seen
        .iter()
        .map(|r| r.json()["data"]["kind"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(kinds, ["filed", "filed", "dispatch", "claim"]);
    assert_eq!(seen[0].id, seen[1].id, "a retry keeps its webhook-id");
    for r in &seen {
        assert!(r.verify(&secret), "signature of {r:?}");
        assert!(!r.verify("whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
    }
    let body = seen[3].json();
    assert_eq!(body["type"], "ticket.claim");
    assert_eq!(body["data"]["ticket_id"], id.as_str());
    let number = body["data"]["ticket_number"].as_str().unwrap();
    assert_eq!(
        body["data"]["enterprise"]["sms"],
        format!("【呼应】您的诉求{number}已有专人承办。")
    );
    let log = deliveries(&app, &d.w.admin, &endpoint).await;
    assert_eq!(log.len(), 3);
    let filed = log.iter().find(|x| x["kind"] == "filed").unwrap();
    assert_eq!(filed["status"], "delivered");
    assert_eq!(filed["attempts"], 2);
    assert_eq!(filed["last_status_code"], 200);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(receiver.seen().len(), 4, "nothing sent twice");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deliveries_are_signed_retried_and_in_order_on_sqlite() {
    signed_retried_in_order(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deliveries_are_signed_retried_and_in_order_on_postgres() {
    signed_retried_in_order(Backend::Postgres).await;
}

async fn dead_letter_then_redelivery(backend: Backend) {
    let app = spawn(backend, 3, Some(Duration::from_millis(50))).await;
    let d = desk(&app).await;
    let receiver = Receiver::start(&[]);
    receiver.answer_always(Some(500));
    let (endpoint, _) = register(&app, &d.w.admin, &receiver.url, json!(["filed"])).await;
    app.file(&d, "ent.a", filing("死信")).await;
    receiver.wait_for(20, |s| s.len() >= 3).await;
    let mut log = Vec::new();
    for _ in 0..100 {
        log = deliveries(&app, &d.w.admin, &endpoint).await;
        if log[0]["status"] == "dead" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(log[0]["status"], "dead", "{log:?}");
    assert_eq!(log[0]["attempts"], 3);
    assert_eq!(log[0]["last_status_code"], 500);
    assert!(log[0]["last_error"].as_str().unwrap().contains("500"));
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(receiver.seen().len(), 3, "no attempt after the dead letter");
    // Each attempt is counted by what it left the delivery as.
    let attempts = |text: &str, outcome: &str| {
        sample(
            text,
            "huying_webhook_attempts_total",
            &[("outcome", outcome)],
        )
    };
    let text = scrape_until(&app, |t| attempts(t, "dead") == Some(1.0)).await;
    assert_eq!(attempts(&text, "retrying"), Some(2.0), "{text}");
    assert_eq!(attempts(&text, "dead"), Some(1.0), "{text}");
    assert_eq!(
        sample(&text, "huying_webhook_attempt_duration_seconds_count", &[]),
        Some(3.0),
        "{text}"
    );

    receiver.answer_always(None);
    let delivery = log[0]["id"].as_str().unwrap();
    app.post(
        &format!("/api/v1/webhooks/{endpoint}/deliveries/{delivery}/redeliver"),
        &d.w.admin,
        json!({}),
    )
    .await
    .assert_status(202);
    let seen = receiver.wait_for(20, |s| s.len() >= 4).await;
    assert_eq!(seen.len(), 4);
    let again = app
        .get(
            &format!("/api/v1/webhooks/{endpoint}/deliveries/{delivery}"),
            &d.w.admin,
        )
        .await;
    for _ in 0..40 {
        let now = app
            .get(
                &format!("/api/v1/webhooks/{endpoint}/deliveries/{delivery}"),
                &d.w.admin,
            )
            .await;
        if now.body["status"] == "delivered" {
            let text = scrape_until(&app, |t| attempts(t, "delivered") == Some(1.0)).await;
            assert_eq!(attempts(&text, "delivered"), Some(1.0), "{text}");
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("not delivered after redelivery: {}", again.text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dead_letter_after_n_attempts_and_redelivery_on_sqlite() {
    dead_letter_then_redelivery(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dead_letter_after_n_attempts_and_redelivery_on_postgres() {
    dead_letter_then_redelivery(Backend::Postgres).await;
}

async fn turned_off_after_a_run_of_failures(backend: Backend) {
    let (guard, url) = TestDb::create(backend).await;
    let app = TestApp::spawn_on(guard, url, |u| {
        let mut s = test_settings(u);
        s.webhooks.allow_private = true;
        s.webhooks.max_attempts = 1;
        s.webhooks.disable_after = 3;
        s.webhooks.poll = Some(Duration::from_millis(50));
        s
    })
    .await;
    let d = desk(&app).await;
    let receiver = Receiver::start(&[]);
    receiver.answer_always(Some(503));
    let (endpoint, _) = register(&app, &d.w.admin, &receiver.url, json!(["filed"])).await;
    for i in 0..4 {
        app.file(&d, "ent.a", filing(&format!("熔断 {i}"))).await;
    }
    let path = format!("/api/v1/webhooks/{endpoint}");
    let mut ep = Value::Null;
    for _ in 0..200 {
        ep = app.get(&path, &d.w.admin).await.body;
        if ep["active"] == false {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(ep["active"], false, "{ep}");
    assert!(ep["disabled_reason"].as_str().unwrap().contains('3'));
    // A batch already in flight may finish; nothing starts afterwards.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let when_off = receiver.seen().len();
    assert!((3..=4).contains(&when_off), "{when_off}");
    app.file(&d, "ent.a", filing("熔断后")).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        receiver.seen().len(),
        when_off,
        "nothing sent once turned off"
    );
    // Turned back on, it forgets its failures and sends again.
    receiver.answer_always(None);
    let r = app.patch(&path, &d.w.admin, json!({"active": true})).await;
    assert_eq!(r.assert_status(200)["failure_streak"], 0);
    app.file(&d, "ent.a", filing("恢复")).await;
    let seen = receiver.wait_for(20, |s| s.len() > when_off).await;
    assert!(seen.len() > when_off);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_endpoint_is_turned_off_after_a_run_of_failures_on_sqlite() {
    turned_off_after_a_run_of_failures(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_endpoint_is_turned_off_after_a_run_of_failures_on_postgres() {
    turned_off_after_a_run_of_failures(Backend::Postgres).await;
}

/// A `huying serve` process on `port`, killed (SIGKILL) when dropped.
pub struct Instance(Child);

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub fn instance(database_url: &str, port: u16, poll_ms: u32) -> Instance {
    Instance(
        Command::new(env!("CARGO_BIN_EXE_huying"))
            .arg("serve")
            .env("DATABASE_URL", database_url)
            .env(
                "HUYING_JWT_SECRET",
                "test secret, at least thirty-two bytes long",
            )
            .env("HUYING_BIND", format!("127.0.0.1:{port}"))
            .env("HUYING_SLA_TICK_SECS", "0")
            .env("HUYING_WEBHOOK_ALLOW_PRIVATE", "1")
            .env("HUYING_WEBHOOK_POLL_MS", poll_ms.to_string())
            .env("HUYING_WEBHOOK_BACKOFF_MS", "100")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("huying starts"),
    )
}

pub async fn wait_ready(app: &TestApp, port: u16) {
    for _ in 0..200 {
        if let Ok(r) = app
            .client
            .get(format!("http://127.0.0.1:{port}/healthz"))
            .send()
            .await
            && r.status().is_success()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("instance on {port} did not start");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_one_postgres_send_each_delivery_once() {
    let app = spawn(Backend::Postgres, 5, Some(Duration::from_millis(20))).await;
    let d = desk(&app).await;
    let receiver = Receiver::start(&[]);
    let (endpoint, _) = register(&app, &d.w.admin, &receiver.url, json!([])).await;
    let (pa, pb) = (free_port(), free_port());
    let _a = instance(&app.database_url, pa, 20);
    let _b = instance(&app.database_url, pb, 20);
    wait_ready(&app, pa).await;
    wait_ready(&app, pb).await;
    let mut ids = Vec::new();
    for i in 0..15 {
        ids.push(app.dispatched(&d, &format!("双实例 {i}")).await);
    }
    // Filed + dispatch per ticket.
    let expected = ids.len() * 2;
    let seen = receiver.wait_for(30, |s| s.len() >= expected).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let seen_after = receiver.seen();
    assert_eq!(seen.len(), expected);
    assert_eq!(seen_after.len(), expected, "a delivery was sent twice");
    let mut per_ticket: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in &seen_after {
        let body = r.json();
        per_ticket
            .entry(body["data"]["ticket_id"].as_str().unwrap().to_string())
            .or_default()
            .push(body["data"]["kind"].as_str().unwrap().to_string());
    }
    for id in &ids {
        assert_eq!(per_ticket[id], ["filed", "dispatch"], "ticket {id}");
    }
    let log = deliveries(&app, &d.w.admin, &endpoint).await;
    assert!(
        log.iter()
            .all(|x| x["status"] == "delivered" && x["attempts"] == 1)
    );
}

async fn killed_after_commit(backend: Backend) {
    // The test's own server sends nothing: only the restarted instance does.
    let app = spawn(backend, 5, None).await;
    let d = desk(&app).await;
    let receiver = Receiver::start(&[]);
    register(&app, &d.w.admin, &receiver.url, json!(["filed"])).await;
    let port = free_port();
    let first = instance(&app.database_url, port, 0);
    wait_ready(&app, port).await;
    let r = app
        .client
        .post(format!("http://127.0.0.1:{port}/api/v1/tickets"))
        .bearer_auth(d.token("ent.a"))
        .json(&filing("断电"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    // SIGKILL right after the commit was acknowledged.
    drop(first);
    assert!(receiver.seen().is_empty());
    let port = free_port();
    let _second = instance(&app.database_url, port, 50);
    let seen = receiver.wait_for(20, |s| !s.is_empty()).await;
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].json()["data"]["kind"], "filed");
    let dispatcher = app
        .get("/api/v1/notifications", d.token("dispatcher"))
        .await;
    assert_eq!(dispatcher.assert_status(200)["items"][0]["kind"], "filed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_right_after_commit_the_delivery_still_goes_out_on_sqlite() {
    killed_after_commit(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_right_after_commit_the_delivery_still_goes_out_on_postgres() {
    killed_after_commit(Backend::Postgres).await;
}
