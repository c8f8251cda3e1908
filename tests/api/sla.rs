//! The SLA engine through the API: cards shown by the job once per clock,
//! pauses, reopen rounds, extensions, the return window and auto-close —
//! stepped with the injected clock — plus one real-time run and two
//! instances on one database.

use std::{
    process::{Child, Command, Stdio},
    time::{Duration as StdDuration, Instant},
};

use chrono::Duration;
use huying::{
    clock::Clock,
    jobs::sla::{SlaJobConfig, TickReport, tick},
};
use serde_json::{Value, json};

use crate::{
    desk::{Desk, body_for, desk, filing},
    helpers::{Backend, TestApp, TestDb, test_settings},
};

crate::both_backends!(
    cards_are_shown_once_when_due,
    a_paused_clock_shows_no_card_and_a_reopen_starts_a_new_round,
    extensions_are_asked_for_and_decided,
    the_return_window_closes,
    resolved_tickets_close_themselves_after_seven_days,
    a_card_is_recorded_once_whoever_records_it,
    concurrent_ticks_show_each_card_once,
    a_missed_extended_deadline_shows_a_new_red_card,
    an_open_request_lapses_when_the_ticket_is_resolved,
);

async fn step(app: &TestApp) -> TickReport {
    tick(&app.db, &SlaJobConfig::default(), app.clock.now())
        .await
        .unwrap()
}

fn cards(events: &[Value]) -> Vec<String> {
    events
        .iter()
        .filter(|e| e["kind"] == "sla_warning" || e["kind"] == "sla_breached")
        .map(|e| {
            format!(
                "{}:{}",
                e["kind"].as_str().unwrap(),
                e["payload"]["clock"].as_str().unwrap()
            )
        })
        .collect()
}

async fn events(app: &TestApp, d: &Desk, login: &str, id: &str) -> Vec<Value> {
    let r = app
        .get(
            &format!("/api/v1/tickets/{id}/events?limit=200"),
            d.token(login),
        )
        .await;
    r.assert_status(200)["items"].as_array().unwrap().clone()
}

async fn cards_are_shown_once_when_due(app: TestApp) {
    let mut d = desk(&app).await;
    let id = app.file(&d, "ent.a", filing("时限")).await.id();
    // Response: 1 h target, yellow at 80 % (48 min), red after 60 min.
    app.advance(&mut d, Duration::minutes(47)).await;
    assert!(step(&app).await.is_empty());
    app.advance(&mut d, Duration::minutes(1)).await;
    let r = step(&app).await;
    assert_eq!((r.warnings, r.breaches), (1, 0));
    assert!(step(&app).await.is_empty(), "a card is shown once");
    let t = app.ticket(&d, &id).await;
    assert_eq!(t["sla"]["response"]["warning"], true);
    assert_eq!(t["sla"]["response"]["breached"], false);

    app.advance(&mut d, Duration::minutes(13)).await;
    let r = step(&app).await;
    assert_eq!((r.warnings, r.breaches), (0, 1));
    // First response: 2 h target; yellow at 96 min, red after 120.
    app.advance(&mut d, Duration::minutes(60)).await;
    let r = step(&app).await;
    assert_eq!((r.warnings, r.breaches), (1, 1));
    assert!(step(&app).await.is_empty());
    let all = events(&app, &d, "dispatcher", &id).await;
    assert_eq!(
        cards(&all),
        [
            "sla_warning:response",
            "sla_breached:response",
            "sla_warning:first_response",
            "sla_breached:first_response"
        ]
    );
    // The service side sees them; the enterprise does not.
    assert!(cards(&events(&app, &d, "ent.a", &id).await).is_empty());
    // The dispatcher's attention list.
    let breached = app
        .get(
            "/api/v1/tickets?breached=true&sort=deadline",
            d.token("dispatcher"),
        )
        .await;
    assert_eq!(breached.body["items"][0]["id"], id);
    // A claim stops the response clock: no card for it, ever again.
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
    app.advance(&mut d, Duration::hours(20)).await;
    let r = step(&app).await;
    assert_eq!(
        (r.warnings, r.breaches),
        (1, 0),
        "only resolution's yellow card"
    );
    let t = app.ticket(&d, &id).await;
    assert_eq!(t["sla"]["response"]["breached"], true, "claimed late");
}

async fn a_paused_clock_shows_no_card_and_a_reopen_starts_a_new_round(app: TestApp) {
    let mut d = desk(&app).await;
    let id = app.claimed(&d, "暂停").await;
    app.act(
        &d,
        "staff.a",
        &id,
        "request-info",
        body_for("request-info", &d),
    )
    .await
    .assert_status(200);
    // Two days waiting: far past the 24 h resolution target, but paused.
    app.advance(&mut d, Duration::days(2)).await;
    step(&app).await;
    let resolution_cards: Vec<String> = cards(&events(&app, &d, "admin", &id).await)
        .into_iter()
        .filter(|c| c.ends_with(":resolution"))
        .collect();
    assert!(resolution_cards.is_empty(), "{resolution_cards:?}");
    app.act(&d, "ent.a", &id, "reply", body_for("reply", &d))
        .await
        .assert_status(200);
    app.advance(&mut d, Duration::hours(25)).await;
    let r = step(&app).await;
    assert_eq!((r.warnings, r.breaches), (1, 1));
    app.act(&d, "staff.a", &id, "resolve", body_for("resolve", &d))
        .await
        .assert_status(200);
    app.act(&d, "ent.a", &id, "reopen", body_for("reopen", &d))
        .await
        .assert_status(200);
    // 重办: a fresh 24 h, and fresh cards for the new round.
    app.advance(&mut d, Duration::hours(20)).await;
    assert_eq!(step(&app).await.warnings, 1);
    app.advance(&mut d, Duration::hours(5)).await;
    assert_eq!(step(&app).await.breaches, 1);
    let rounds: Vec<i64> = events(&app, &d, "admin", &id)
        .await
        .iter()
        .filter(|e| e["kind"] == "sla_breached" && e["payload"]["clock"] == "resolution")
        .map(|e| e["payload"]["round"].as_i64().unwrap())
        .collect();
    assert_eq!(rounds, [0, 1]);
}

async fn extensions_are_asked_for_and_decided(app: TestApp) {
    let d = desk(&app).await;
    let id = app.claimed(&d, "延期").await;
    let due = |t: &Value| {
        chrono::DateTime::parse_from_rfc3339(t["sla"]["resolution"]["due_at"].as_str().unwrap())
            .unwrap()
    };
    let before = due(&app.ticket(&d, &id).await);
    let path = format!("/api/v1/tickets/{id}/extensions");

    for (body, field) in [
        (json!({"reason": "需要现场勘查"}), "extra_secs"),
        (
            json!({"reason": "x", "extra_secs": 60, "extra_working_days": 1}),
            "extra_secs",
        ),
        (json!({"reason": "x", "extra_secs": 0}), "extra_secs"),
        (
            json!({"reason": "x", "extra_working_days": 61}),
            "extra_working_days",
        ),
        (json!({"reason": " ", "extra_secs": 60}), "reason"),
    ] {
        let r = app.post(&path, d.token("staff.a"), body.clone()).await;
        r.assert_problem(422, "validation_failed");
        assert!(r.body["errors"][field].is_string(), "{body}: {}", r.text);
    }
    app.post(
        &path,
        d.token("dispatcher"),
        json!({"reason": "x", "extra_secs": 60}),
    )
    .await
    .assert_problem(403, "forbidden");

    let first = app
        .post(
            &path,
            d.token("staff.a"),
            json!({"reason": "需要现场勘查", "extra_secs": 7200}),
        )
        .await;
    first.assert_status(201);
    assert_eq!(first.body["status"], "requested");
    app.post(
        &path,
        d.token("staff.a"),
        json!({"reason": "再延", "extra_secs": 60}),
    )
    .await
    .assert_problem(409, "extension_pending");
    let deny = format!("{path}/{}/deny", first.id());
    app.post(&deny, d.token("staff.a"), json!({}))
        .await
        .assert_problem(403, "forbidden");
    app.post(&deny, d.token("dispatcher"), json!({"note": "请加快办理"}))
        .await
        .assert_status(200);
    assert_eq!(
        due(&app.ticket(&d, &id).await),
        before,
        "a denial moves nothing"
    );
    app.post(&deny, d.token("dispatcher"), json!({}))
        .await
        .assert_problem(409, "extension_decided");

    let second = app
        .post(
            &path,
            d.token("staff.a"),
            json!({"reason": "需要专家论证", "extra_secs": 7200}),
        )
        .await;
    second.assert_status(201);
    let granted = app
        .post(
            &format!("{path}/{}/grant", second.id()),
            d.token("dispatcher"),
            json!({"note": "仅此一次"}),
        )
        .await;
    granted.assert_status(200);
    assert_eq!(due(&granted.body) - before, Duration::hours(2));
    assert_eq!(granted.body["extension_count"], 1);
    // One grant per ticket by default.
    app.post(
        &path,
        d.token("staff.a"),
        json!({"reason": "又延", "extra_secs": 60}),
    )
    .await
    .assert_problem(409, "extension_limit");

    let list = app.get(&path, d.token("staff.a")).await;
    let statuses: Vec<&str> = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["denied", "granted"]);
    app.get(&path, d.token("ent.a"))
        .await
        .assert_problem(403, "forbidden");
    app.get(&path, d.token("ent.b"))
        .await
        .assert_problem(404, "not_found");
    // The enterprise learns that the deadline moved, not the haggling.
    let kinds: Vec<String> = events(&app, &d, "ent.a", &id)
        .await
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_string())
        .collect();
    assert!(kinds.contains(&"extension_granted".to_string()));
    assert!(
        !kinds
            .iter()
            .any(|k| k == "extension_requested" || k == "extension_denied")
    );
}

async fn the_return_window_closes(app: TestApp) {
    let mut d = desk(&app).await;
    let id = app.dispatched(&d, "退回时限").await;
    // Two working days after the dispatch date, on the 24x7 calendar.
    app.advance(&mut d, Duration::days(3)).await;
    let r = app
        .act(&d, "staff.a", &id, "return", body_for("return", &d))
        .await;
    r.assert_problem(409, "return_window_closed");
    assert_eq!(app.ticket(&d, &id).await["status"], "dispatched");
    // The way out is to claim and escalate.
    app.act(&d, "staff.a", &id, "claim", json!({}))
        .await
        .assert_status(200);
    app.act(&d, "staff.a", &id, "escalate", body_for("escalate", &d))
        .await
        .assert_status(200);
}

async fn resolved_tickets_close_themselves_after_seven_days(app: TestApp) {
    let mut d = desk(&app).await;
    let id = app.claimed(&d, "自动办结").await;
    app.act(&d, "staff.a", &id, "resolve", body_for("resolve", &d))
        .await
        .assert_status(200);
    app.advance(&mut d, Duration::days(7) - Duration::seconds(1))
        .await;
    assert_eq!(step(&app).await.auto_closed, 0);
    app.advance(&mut d, Duration::seconds(1)).await;
    assert_eq!(step(&app).await.auto_closed, 1);
    assert_eq!(step(&app).await.auto_closed, 0);
    let t = app.ticket(&d, &id).await;
    assert_eq!(t["status"], "closed");
    assert!(t["rating"].is_null());
    let last = events(&app, &d, "ent.a", &id).await.pop().unwrap();
    assert_eq!(last["kind"], "auto_close");
    assert_eq!(last["from_status"], "resolved");
    assert!(last["actor_id"].is_null());
}

/// A desk whose policy counts seconds: the job runs every second for real.
async fn live_policy(app: &TestApp, w: &crate::helpers::World, name: &str) {
    let day = json!([["00:00", "24:00"]]);
    let calendar = app
        .post(
            "/api/v1/calendars",
            &w.admin,
            json!({"name": name, "time_zone": "UTC",
                   "weekly_hours": {"mon": day, "tue": day, "wed": day, "thu": day,
                                    "fri": day, "sat": day, "sun": day}}),
        )
        .await
        .id();
    let policy = app
        .post(
            "/api/v1/sla-policies",
            &w.admin,
            json!({"name": name, "calendar_id": calendar, "warn_ratio": 0.5,
                   "response_target_secs": 2, "resolution_target_secs": 3,
                   "urgent": {"response_target_secs": 1, "resolution_target_secs": 2}}),
        )
        .await
        .id();
    app.post(
        "/api/v1/categories",
        &w.admin,
        json!({"code": "hiring", "name": "招工用工", "default_department_id": w.dept_a,
               "default_sla_policy_id": policy}),
    )
    .await
    .assert_status(201);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cards_appear_in_real_time_on_sqlite() {
    cards_appear_in_real_time(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cards_appear_in_real_time_on_postgres() {
    cards_appear_in_real_time(Backend::Postgres).await;
}

/// Two-second targets on a 24x7 calendar; the server runs the job every
/// second on the real clock, and the cards show through the API.
async fn cards_appear_in_real_time(backend: Backend) {
    let (guard, url) = TestDb::create(backend).await;
    let app = TestApp::spawn_on(guard, url, |u| {
        let mut s = test_settings(u);
        s.sla_tick = Some(StdDuration::from_secs(1));
        s
    })
    .await;
    let w = app.world().await;
    live_policy(&app, &w, "live").await;
    let filed = app
        .post("/api/v1/tickets", w.token("ent.a"), filing("实时"))
        .await;
    let id = filed.id();
    let started = Instant::now();
    let wanted = [
        "sla_warning:response",
        "sla_breached:response",
        "sla_warning:resolution",
        "sla_breached:resolution",
    ];
    loop {
        let r = app
            .get(
                &format!("/api/v1/tickets/{id}/events"),
                w.token("dispatcher"),
            )
            .await;
        let seen = cards(r.body["items"].as_array().unwrap());
        if wanted.iter().all(|c| seen.iter().any(|s| s == c)) {
            assert_eq!(seen.len(), 4, "each card once: {seen:?}");
            break;
        }
        assert!(
            started.elapsed() < StdDuration::from_secs(20),
            "cards seen so far: {seen:?}"
        );
        tokio::time::sleep(StdDuration::from_millis(250)).await;
    }
    let t = app
        .get(&format!("/api/v1/tickets/{id}"), w.token("dispatcher"))
        .await;
    assert_eq!(t.body["sla"]["response"]["breached"], true);
    assert_eq!(t.body["sla"]["resolution"]["breached"], true);
}

/// A `huying serve` process, killed when dropped.
struct Instance(Child);

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn instance(database_url: &str) -> Instance {
    Instance(
        Command::new(env!("CARGO_BIN_EXE_huying"))
            .arg("serve")
            .env("DATABASE_URL", database_url)
            .env("HUYING_DEV", "1")
            .env("HUYING_BIND", "127.0.0.1:0")
            .env("HUYING_SLA_TICK_SECS", "1")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("huying starts"),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_one_postgres_show_each_card_once() {
    let app = TestApp::spawn(Backend::Postgres).await;
    let w = app.world().await;
    live_policy(&app, &w, "two instances").await;
    let _a = instance(&app.database_url);
    let _b = instance(&app.database_url);
    let mut ids = Vec::new();
    for i in 0..12 {
        let r = app
            .post(
                "/api/v1/tickets",
                w.token("ent.a"),
                filing(&format!("双实例 {i}")),
            )
            .await;
        ids.push(r.id());
        tokio::time::sleep(StdDuration::from_millis(100)).await;
    }
    // Long enough for every card of every ticket, at a tick a second.
    tokio::time::sleep(StdDuration::from_secs(7)).await;
    for id in ids {
        let r = app
            .get(
                &format!("/api/v1/tickets/{id}/events?limit=200"),
                w.token("dispatcher"),
            )
            .await;
        let mut seen = cards(r.body["items"].as_array().unwrap());
        seen.sort();
        assert_eq!(
            seen,
            [
                "sla_breached:resolution",
                "sla_breached:response",
                "sla_warning:resolution",
                "sla_warning:response"
            ],
            "ticket {id}"
        );
    }
}

/// The guarantee under the job: the database accepts a card's key once,
/// however many instances try (without the advisory lock's help).
async fn a_card_is_recorded_once_whoever_records_it(app: TestApp) {
    use huying::{
        domain::ticket::sla::{Card, SlaClock},
        store::tickets::sla_job::record_card,
    };
    let d = desk(&app).await;
    let id: uuid::Uuid = app
        .file(&d, "ent.a", filing("一次"))
        .await
        .id()
        .parse()
        .unwrap();
    let now = app.clock.now();
    let once = |round| record_card(&app.db, id, SlaClock::Response, Card::Warning, round, now);
    assert!(once(0).await.unwrap());
    assert!(!once(0).await.unwrap());
    assert!(once(1).await.unwrap(), "a new round is a new card");
    assert!(
        record_card(&app.db, id, SlaClock::Response, Card::Breached, 0, now)
            .await
            .unwrap()
    );
}

async fn concurrent_ticks_show_each_card_once(app: TestApp) {
    let mut d = desk(&app).await;
    for i in 0..5 {
        app.file(&d, "ent.a", filing(&format!("并发 {i}"))).await;
    }
    app.advance(&mut d, Duration::hours(3)).await;
    let now = app.clock.now();
    let config = SlaJobConfig::default();
    let ticks = (0..4).map(|_| tick(&app.db, &config, now));
    let reports = futures_util::future::join_all(ticks).await;
    let total: u64 = reports
        .into_iter()
        .map(|r| {
            let r = r.unwrap();
            r.warnings + r.breaches
        })
        .sum();
    // Five tickets, two clocks past both instants (response, first response).
    assert_eq!(total, 5 * 4);
    assert!(step(&app).await.is_empty());
}

async fn a_missed_extended_deadline_shows_a_new_red_card(app: TestApp) {
    let mut d = desk(&app).await;
    let id = app.claimed(&d, "延期后再超时").await;
    app.advance(&mut d, Duration::hours(25)).await;
    step(&app).await;
    let path = format!("/api/v1/tickets/{id}/extensions");
    let asked = app
        .post(
            &path,
            d.token("staff.a"),
            json!({"reason": "等待检测报告", "extra_secs": 7200}),
        )
        .await;
    asked.assert_status(201);
    app.post(
        &format!("{path}/{}/grant", asked.id()),
        d.token("dispatcher"),
        json!({}),
    )
    .await
    .assert_status(200);
    // The new deadline is 26 h after filing; it passes too.
    app.advance(&mut d, Duration::hours(2)).await;
    step(&app).await;
    let rounds: Vec<i64> = events(&app, &d, "admin", &id)
        .await
        .iter()
        .filter(|e| e["kind"] == "sla_breached" && e["payload"]["clock"] == "resolution")
        .map(|e| e["payload"]["round"].as_i64().unwrap())
        .collect();
    assert_eq!(rounds, [0, 1]);
}

async fn an_open_request_lapses_when_the_ticket_is_resolved(app: TestApp) {
    let d = desk(&app).await;
    let id = app.claimed(&d, "未决延期").await;
    let path = format!("/api/v1/tickets/{id}/extensions");
    let asked = app
        .post(
            &path,
            d.token("staff.a"),
            json!({"reason": "可能需要", "extra_working_days": 2}),
        )
        .await;
    asked.assert_status(201);
    app.act(&d, "staff.a", &id, "resolve", body_for("resolve", &d))
        .await
        .assert_status(200);
    let list = app.get(&path, d.token("dispatcher")).await;
    assert_eq!(list.body["items"][0]["status"], "lapsed");
    app.post(
        &format!("{path}/{}/grant", asked.id()),
        d.token("dispatcher"),
        json!({}),
    )
    .await
    .assert_problem(409, "extension_decided");
    // Reopened, the assignee may ask again.
    app.act(&d, "ent.a", &id, "reopen", body_for("reopen", &d))
        .await
        .assert_status(200);
    app.post(
        &path,
        d.token("staff.a"),
        json!({"reason": "重办需要", "extra_secs": 3600}),
    )
    .await
    .assert_status(201);
}
