//! Races and retries: concurrent claims, idempotent filing, pagination
//! while tickets are being filed.

use std::collections::HashSet;

use futures_util::future::join_all;
use serde_json::{Value, json};

use crate::{
    desk::{desk, filing},
    helpers::{Resp, TestApp},
};

crate::both_backends!(
    thirty_two_concurrent_claims_have_one_winner,
    idempotent_retries_file_once,
    concurrent_retries_with_one_key_file_once,
    pages_never_skip_or_repeat_while_tickets_are_filed,
);

async fn thirty_two_concurrent_claims_have_one_winner(app: TestApp) {
    let d = desk(&app).await;
    let mut tokens = Vec::new();
    for i in 0..8 {
        let login = format!("claimer.{i}");
        app.post(
            "/api/v1/users",
            &d.w.admin,
            json!({"login": login, "password": "password-123", "role": "staff",
                   "department_id": d.w.dept_a}),
        )
        .await
        .assert_status(201);
        tokens.push(app.token(&login, "password-123").await);
    }
    let id = app.dispatched(&d, "抢单").await;
    let claims = (0..32).map(|i| {
        let token = tokens[i % tokens.len()].clone();
        let path = format!("/api/v1/tickets/{id}/claim");
        let app = &app;
        async move { app.post(&path, &token, json!({})).await }
    });
    let answers: Vec<Resp> = join_all(claims).await;
    let winners: Vec<&Resp> = answers.iter().filter(|r| r.status == 200).collect();
    assert_eq!(
        winners.len(),
        1,
        "{:?}",
        answers.iter().map(|r| r.status).collect::<Vec<_>>()
    );
    // The winner's login names them (no display name was given), and
    // every loser is told who won.
    let winner = winners[0].body["assignee_name"].as_str().unwrap();
    assert!(winner.starts_with("claimer."), "{winner}");
    for r in answers.iter().filter(|r| r.status != 200) {
        r.assert_problem(409, "invalid_transition");
        assert_eq!(r.body["current_status"], "in_progress");
        assert_eq!(r.body["assignee_id"], winners[0].body["assignee_id"]);
        assert_eq!(r.body["assignee_name"], winner);
    }
    let kinds = app.event_kinds(&d, "admin", &id).await;
    assert_eq!(
        kinds.iter().filter(|k| *k == "claim").count(),
        1,
        "{kinds:?}"
    );
    let t = app.ticket(&d, &id).await;
    assert_eq!(t["assignee_id"], winners[0].body["assignee_id"]);
    assert_eq!(t["version"], 3);
}

async fn post_with_key(app: &TestApp, token: &str, key: &str, body: &Value) -> Resp {
    let resp = app
        .client
        .post(format!("{}/api/v1/tickets", app.base))
        .bearer_auth(token)
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .unwrap();
    TestApp::read(resp).await
}

async fn count_tickets(app: &TestApp, token: &str) -> usize {
    let r = app.get("/api/v1/tickets?limit=200", token).await;
    r.assert_status(200)["items"].as_array().unwrap().len()
}

async fn idempotent_retries_file_once(app: TestApp) {
    let mut d = desk(&app).await;
    let body = filing("弱网重试");
    let first = post_with_key(&app, d.token("ent.a"), "retry-1", &body).await;
    first.assert_status(201);
    assert_eq!(first.header("idempotent-replayed"), None);
    // The same body with its keys in another order is the same request.
    let reordered =
        json!({"category": "hiring", "description": body["description"], "title": body["title"]});
    let again = post_with_key(&app, d.token("ent.a"), "retry-1", &reordered).await;
    again.assert_status(201);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.body, first.body, "the first answer, as it was");
    assert_eq!(again.header("location"), first.header("location"));
    assert_eq!(count_tickets(&app, d.token("ent.a")).await, 1);

    let mut other = body.clone();
    other["title"] = json!("另一件事");
    let r = post_with_key(&app, d.token("ent.a"), "retry-1", &other).await;
    r.assert_problem(422, "validation_failed");
    assert!(r.body["errors"]["Idempotency-Key"].is_string());
    assert_eq!(count_tickets(&app, d.token("ent.a")).await, 1);

    // Keys belong to their user: another contact's key of the same name files.
    app.post(
        "/api/v1/users",
        &d.w.admin,
        json!({"login": "ent.a2", "password": "password-123", "role": "enterprise",
               "enterprise_id": d.w.ent_a}),
    )
    .await
    .assert_status(201);
    let colleague = app.token("ent.a2", "password-123").await;
    let theirs = post_with_key(&app, &colleague, "retry-1", &body).await;
    theirs.assert_status(201);
    assert_ne!(theirs.body["id"], first.body["id"]);

    // A failed request is not remembered: fixed and retried, it files.
    let mut bad = body.clone();
    bad["category"] = json!("nope");
    post_with_key(&app, d.token("ent.a"), "retry-2", &bad)
        .await
        .assert_problem(422, "validation_failed");
    post_with_key(&app, d.token("ent.a"), "retry-2", &body)
        .await
        .assert_status(201);

    for key in ["", "with space", &"k".repeat(256)] {
        post_with_key(&app, d.token("ent.a"), key, &body)
            .await
            .assert_problem(400, "bad_request");
    }

    // After 24 hours a key is forgotten.
    app.advance(&mut d, chrono::Duration::hours(25)).await;
    let later = post_with_key(&app, d.token("ent.a"), "retry-1", &body).await;
    later.assert_status(201);
    assert_eq!(later.header("idempotent-replayed"), None);
    assert_ne!(later.body["id"], first.body["id"]);
}

async fn concurrent_retries_with_one_key_file_once(app: TestApp) {
    let d = desk(&app).await;
    let body = filing("并发重试");
    let token = d.token("ent.a").to_string();
    let tries = (0..16).map(|_| post_with_key(&app, &token, "burst", &body));
    let answers = join_all(tries).await;
    let ids: HashSet<String> = answers
        .iter()
        .map(|r| {
            r.assert_status(201);
            r.body["id"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(ids.len(), 1, "every retry answers the one ticket");
    assert_eq!(count_tickets(&app, &token).await, 1);
}

async fn pages_never_skip_or_repeat_while_tickets_are_filed(app: TestApp) {
    let mut d = desk(&app).await;
    let mut original = HashSet::new();
    for i in 0..23 {
        original.insert(
            app.file(&d, "ent.a", filing(&format!("分页 {i}")))
                .await
                .id(),
        );
        // Half of them share their filing instant with a neighbour.
        if i % 2 == 0 {
            app.clock.advance(chrono::Duration::seconds(1));
        }
    }
    app.advance(&mut d, chrono::Duration::seconds(1)).await;
    for sort in ["created", "deadline"] {
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        let mut extra = 0;
        loop {
            let path = match &cursor {
                Some(c) => format!("/api/v1/tickets?limit=5&sort={sort}&cursor={c}"),
                None => format!("/api/v1/tickets?limit=5&sort={sort}"),
            };
            let page = app.get(&path, d.token("dispatcher")).await;
            page.assert_status(200);
            for t in page.body["items"].as_array().unwrap() {
                seen.push(t["id"].as_str().unwrap().to_string());
            }
            // Someone files between every two pages.
            app.file(&d, "ent.b", filing(&format!("插入 {sort} {extra}")))
                .await;
            extra += 1;
            match page.body["next_cursor"].as_str() {
                Some(c) => cursor = Some(c.to_string()),
                None => break,
            }
        }
        let unique: HashSet<&String> = seen.iter().collect();
        assert_eq!(unique.len(), seen.len(), "{sort}: a ticket came twice");
        for id in &original {
            assert!(seen.contains(id), "{sort}: {id} was skipped");
        }
    }
    app.get("/api/v1/tickets?cursor=bm9wZQ", d.token("dispatcher"))
        .await
        .assert_problem(400, "invalid_query");
}
