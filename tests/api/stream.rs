//! The live stream: pushes notifications and queue changes as they
//! commit, resumes with `Last-Event-ID`, opens with a stream ticket, keeps
//! to the caller's scope, hears another instance's changes, and keeps an
//! idle stream alive with heartbeats.

use std::time::Duration;

use serde_json::{Value, json};

use crate::{
    desk::{desk, filing},
    helpers::{Backend, TestApp, TestDb, test_settings},
    ops::{sample, scrape_until},
    webhooks::{free_port, instance, wait_ready},
};

crate::both_backends!(
    the_stream_pushes_resumes_and_keeps_to_scope,
    the_stream_needs_a_caller,
);

pub struct Sse {
    resp: reqwest::Response,
    buf: String,
}

#[derive(Debug, Clone)]
pub struct Message {
    pub id: String,
    pub event: String,
    pub data: Value,
}

impl Sse {
    pub async fn open(app: &TestApp, query: &str, token: Option<&str>, last: Option<&str>) -> Sse {
        let mut req = app.client.get(format!("{}/api/v1/stream{query}", app.base));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(l) = last {
            req = req.header("Last-Event-ID", l);
        }
        let resp = req.send().await.unwrap();
        assert_eq!(resp.status(), 200);
        assert_eq!(
            resp.headers()["content-type"].to_str().unwrap(),
            "text/event-stream"
        );
        Sse {
            resp,
            buf: String::new(),
        }
    }

    /// The next message (comments and `retry:` skipped), or `None` after
    /// `secs` seconds of nothing.
    pub async fn next(&mut self, secs: u64) -> Option<Message> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
        loop {
            while let Some(end) = self.buf.find("\n\n") {
                let block: String = self.buf.drain(..end + 2).collect();
                let mut m = Message {
                    id: String::new(),
                    event: String::new(),
                    data: Value::Null,
                };
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("id: ") {
                        m.id = v.to_string();
                    } else if let Some(v) = line.strip_prefix("event: ") {
                        m.event = v.to_string();
                    } else if let Some(v) = line.strip_prefix("data: ") {
                        m.data = serde_json::from_str(v).unwrap();
                    }
                }
                if !m.event.is_empty() {
                    return Some(m);
                }
            }
            let chunk = tokio::time::timeout_at(deadline, self.resp.chunk()).await;
            match chunk {
                Ok(Ok(Some(bytes))) => self.buf.push_str(&String::from_utf8_lossy(&bytes)),
                _ => return None,
            }
        }
    }

    /// Reads until a message of `event` and `kind` comes; everything read.
    pub async fn until(&mut self, event: &str, kind: &str, secs: u64) -> Vec<Message> {
        let mut all = Vec::new();
        while let Some(m) = self.next(secs).await {
            let done = m.event == event && m.data["kind"] == kind;
            all.push(m);
            if done {
                return all;
            }
        }
        panic!("no {event} {kind} within {secs} s; got {all:?}");
    }
}

async fn the_stream_pushes_resumes_and_keeps_to_scope(app: TestApp) {
    let d = desk(&app).await;
    let mut staff = Sse::open(&app, "", Some(d.token("staff.a")), None).await;
    let mut ent_b = Sse::open(&app, "", Some(d.token("ent.b")), None).await;
    let mut ent_a = Sse::open(&app, "", Some(d.token("ent.a")), None).await;
    let id = app.dispatched(&d, "实时推送").await;
    let mut got = staff.until("notification", "dispatch", 10).await;
    let note = got.last().unwrap().clone();
    assert_eq!(note.data["ticket_id"], id.as_str());
    assert!(
        note.data["text_zh"]
            .as_str()
            .unwrap()
            .contains("请及时签收")
    );
    if !got
        .iter()
        .any(|m| m.event == "ticket" && m.data["kind"] == "dispatch")
    {
        got.extend(staff.until("ticket", "dispatch", 10).await);
    }
    let resume_from = got.last().unwrap().id.clone();
    drop(staff);

    // Missed while away: an urge, then resumed with Last-Event-ID through
    // a stream ticket (as a browser's EventSource would).
    app.act(&d, "supervisor", &id, "urge", json!({"reason": "请加快"}))
        .await
        .assert_status(200);
    let t = app
        .post("/api/v1/stream/tickets", d.token("staff.a"), json!({}))
        .await;
    let ticket = t.assert_status(200)["ticket"].as_str().unwrap().to_string();
    let mut again = Sse::open(&app, &format!("?ticket={ticket}"), None, Some(&resume_from)).await;
    let replay = again.until("notification", "urge", 10).await;
    // At least once: what is repeated around the resume point is only what
    // the first stream already had (a client drops those ids).
    let had: Vec<&Value> = got.iter().map(|m| &m.data["id"]).collect();
    for m in &replay[..replay.len() - 1] {
        assert!(had.contains(&&m.data["id"]), "new before the urge: {m:?}");
    }

    // The enterprise hears of its comment but never of the internal note.
    let path = format!("/api/v1/tickets/{id}/comments");
    app.post(
        &path,
        d.token("staff.a"),
        json!({"body": "内部", "internal": true}),
    )
    .await
    .assert_status(201);
    app.post(&path, d.token("staff.a"), json!({"body": "您好"}))
        .await
        .assert_status(201);
    let seen = ent_a.until("notification", "comment", 10).await;
    assert!(
        seen.iter()
            .all(|m| m.data["kind"] != "internal_note" && m.data["kind"] != "urge"),
        "{seen:?}"
    );
    // Another enterprise hears nothing of it.
    assert!(ent_b.next(1).await.is_none());
}

async fn the_stream_needs_a_caller(app: TestApp) {
    let r = app
        .client
        .get(format!("{}/api/v1/stream", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = app
        .client
        .get(format!("{}/api/v1/stream?ticket=forged.ticket", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);

    // A good ticket does not excuse a bad Authorization header sent with it.
    let d = desk(&app).await;
    let t = app
        .post("/api/v1/stream/tickets", d.token("staff.a"), json!({}))
        .await;
    let ticket = t.assert_status(200)["ticket"].as_str().unwrap().to_string();
    let r = app
        .client
        .get(format!("{}/api/v1/stream?ticket={ticket}", app.base))
        .bearer_auth("not-a-token")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stream_on_one_instance_hears_a_change_made_through_another() {
    let app = TestApp::spawn(Backend::Postgres).await;
    let d = desk(&app).await;
    let port = free_port();
    let _b = instance(&app.database_url, port, 0);
    wait_ready(&app, port).await;
    let mut stream = Sse::open(&app, "", Some(d.token("dispatcher")), None).await;
    let r = app
        .client
        .post(format!("http://127.0.0.1:{port}/api/v1/tickets"))
        .bearer_auth(d.token("ent.a"))
        .json(&filing("跨实例"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let started = std::time::Instant::now();
    let got = stream.until("notification", "filed", 10).await;
    // Woken by NOTIFY, not by the five-second safety poll.
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert!(!got.is_empty());
}

/// An idle stream sends a heartbeat comment after the configured silence,
/// and `/metrics` counts open streams and the messages sent on them.
async fn idle_streams_get_heartbeats(backend: Backend) {
    let (guard, url) = TestDb::create(backend).await;
    let app = TestApp::spawn_on(guard, url, |u| {
        let mut s = test_settings(u);
        s.stream_heartbeat = Duration::from_secs(1);
        s
    })
    .await;
    let d = desk(&app).await;
    let mut resp = app
        .client
        .get(format!("{}/api/v1/stream", app.base))
        .bearer_auth(d.token("dispatcher"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let mut text = String::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while text.matches(": heartbeat").count() < 2 {
        match tokio::time::timeout_at(deadline, resp.chunk()).await {
            Ok(Ok(Some(bytes))) => text.push_str(&String::from_utf8_lossy(&bytes)),
            other => panic!("no two heartbeats within 10 s: {other:?}, read {text:?}"),
        }
    }
    let open = scrape_until(&app, |t| {
        sample(t, "huying_stream_connections", &[]) == Some(1.0)
    })
    .await;
    assert_eq!(
        sample(&open, "huying_stream_connections", &[]),
        Some(1.0),
        "{open}"
    );

    // A filing reaches the dispatcher's stream and is counted.
    app.file(&d, "ent.a", filing("心跳")).await;
    while !text.contains("event: notification") {
        match tokio::time::timeout_at(deadline, resp.chunk()).await {
            Ok(Ok(Some(bytes))) => text.push_str(&String::from_utf8_lossy(&bytes)),
            other => panic!("no notification: {other:?}, read {text:?}"),
        }
    }
    let counted = scrape_until(&app, |t| {
        sample(
            t,
            "huying_stream_messages_total",
            &[("event", "notification")],
        ) >= Some(1.0)
    })
    .await;
    assert!(
        sample(
            &counted,
            "huying_stream_messages_total",
            &[("event", "notification")]
        ) >= Some(1.0),
        "{counted}"
    );

    // Closing it counts it off.
    drop(resp);
    let closed = scrape_until(&app, |t| {
        sample(t, "huying_stream_connections", &[]) == Some(0.0)
    })
    .await;
    assert_eq!(
        sample(&closed, "huying_stream_connections", &[]),
        Some(0.0),
        "{closed}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_streams_get_heartbeats_on_sqlite() {
    idle_streams_get_heartbeats(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_streams_get_heartbeats_on_postgres() {
    idle_streams_get_heartbeats(Backend::Postgres).await;
}
