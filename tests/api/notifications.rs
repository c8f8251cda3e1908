//! Who hears of what: every event kind notifies exactly the expected users
//! and nobody else, an enterprise never hears of what it may not read, and
//! a change that rolls back notifies nobody.

use std::collections::{BTreeMap, BTreeSet};

use huying::clock::Clock;
use serde_json::{Value, json};

use crate::{
    desk::{Desk, desk, filing},
    helpers::TestApp,
};

crate::both_backends!(
    every_event_notifies_exactly_the_right_people,
    the_other_kinds_notify_exactly_the_right_people,
    a_rolled_back_change_notifies_nobody,
    notifications_are_listed_counted_and_marked_read,
);

const EVERYONE: [&str; 8] = [
    "ent.a",
    "ent.b",
    "staff.a",
    "staff.a2",
    "staff.b",
    "dispatcher",
    "supervisor",
    "admin",
];

/// The desk plus a second staff member of department A.
async fn matrix_desk(app: &TestApp) -> Desk {
    let mut d = desk(app).await;
    app.post(
        "/api/v1/users",
        &d.w.admin,
        json!({"login": "staff.a2", "password": "password-123", "role": "staff",
               "department_id": d.w.dept_a}),
    )
    .await
    .assert_status(201);
    let token = app.token("staff.a2", "password-123").await;
    d.w.tokens.insert("staff.a2".into(), token);
    d
}

/// Every notification of every user, by id.
async fn all_notifications(app: &TestApp, d: &Desk) -> BTreeMap<String, Vec<Value>> {
    let mut out = BTreeMap::new();
    for login in EVERYONE {
        let r = app
            .get("/api/v1/notifications?limit=200", d.token(login))
            .await;
        let items = r.assert_status(200)["items"].as_array().unwrap().clone();
        out.insert(login.to_string(), items);
    }
    out
}

/// Tracks what each user has been told, and checks what a step added.
struct Seen(BTreeMap<String, BTreeSet<String>>);

impl Seen {
    async fn new(app: &TestApp, d: &Desk) -> Seen {
        let mut s = Seen(BTreeMap::new());
        s.step(app, d).await;
        s
    }

    /// What each user was newly told since the last step: (kind, login).
    async fn step(&mut self, app: &TestApp, d: &Desk) -> BTreeSet<(String, String)> {
        let mut new = BTreeSet::new();
        for (login, items) in all_notifications(app, d).await {
            let seen = self.0.entry(login.clone()).or_default();
            for n in items {
                if seen.insert(n["id"].as_str().unwrap().to_string()) {
                    new.insert((n["kind"].as_str().unwrap().to_string(), login.clone()));
                }
            }
        }
        new
    }
}

fn told(pairs: &[(&str, &[&str])]) -> BTreeSet<(String, String)> {
    pairs
        .iter()
        .flat_map(|(kind, logins)| logins.iter().map(|l| (kind.to_string(), l.to_string())))
        .collect()
}

async fn every_event_notifies_exactly_the_right_people(app: TestApp) {
    let mut d = matrix_desk(&app).await;
    let mut seen = Seen::new(&app, &d).await;
    let id = app.file(&d, "ent.a", filing("通知矩阵")).await.id();
    assert_eq!(
        seen.step(&app, &d).await,
        told(&[("filed", &["dispatcher"])])
    );

    type Step<'a> = (&'a str, &'a str, Value, &'a [(&'a str, &'a [&'a str])]);
    let steps: Vec<Step> = vec![
        (
            "dispatcher",
            "dispatch",
            json!({"department_id": d.w.dept_a}),
            &[("dispatch", &["staff.a", "staff.a2", "ent.a"])],
        ),
        ("staff.a", "claim", json!({}), &[("claim", &["ent.a"])]),
        (
            "staff.a",
            "comments",
            json!({"body": "内部：需协调人社", "internal": true}),
            &[("internal_note", &["staff.a2"])],
        ),
        (
            "staff.a",
            "comments",
            json!({"body": "您好，已收到"}),
            &[("comment", &["ent.a"])],
        ),
        (
            "ent.a",
            "comments",
            json!({"body": "谢谢"}),
            &[("comment", &["staff.a"])],
        ),
        (
            "supervisor",
            "urge",
            json!({"reason": "请加快"}),
            &[("urge", &["staff.a", "staff.a2"])],
        ),
        (
            "staff.a",
            "request-info",
            json!({"message": "请补充营业执照"}),
            &[("request_info", &["ent.a"])],
        ),
        (
            "ent.a",
            "reply",
            json!({"message": "已补充"}),
            &[("reply", &["staff.a"])],
        ),
        (
            "staff.a",
            "escalate",
            json!({"reason": "跨部门"}),
            &[("escalate", &["dispatcher", "ent.a"])],
        ),
        (
            "dispatcher",
            "dispatch",
            json!({"department_id": d.w.dept_a}),
            &[("dispatch", &["staff.a", "staff.a2", "ent.a"])],
        ),
        ("staff.a2", "claim", json!({}), &[("claim", &["ent.a"])]),
        (
            "staff.a2",
            "resolve",
            json!({"resolution": "已办结"}),
            &[("resolve", &["ent.a"])],
        ),
        (
            "ent.a",
            "reopen",
            json!({"reason": "未解决"}),
            &[("reopen", &["staff.a2"])],
        ),
        (
            "staff.a2",
            "resolve",
            json!({"resolution": "已办结"}),
            &[("resolve", &["ent.a"])],
        ),
        (
            "ent.a",
            "confirm",
            json!({"rating": 5}),
            &[("confirm", &["staff.a2"])],
        ),
    ];
    for (login, action, body, expected) in steps {
        let r = app
            .post(
                &format!("/api/v1/tickets/{id}/{action}"),
                d.token(login),
                body,
            )
            .await;
        assert!(r.status == 200 || r.status == 201, "{action}: {}", r.text);
        assert_eq!(seen.step(&app, &d).await, told(expected), "{action}");
    }

    // Cards: a ticket routed to department A, never claimed.
    let late = app.dispatched(&d, "超时").await;
    seen.step(&app, &d).await;
    app.advance(
        &mut d,
        chrono::Duration::seconds(crate::desk::RESPONSE_SECS * 9 / 10),
    )
    .await;
    huying::jobs::sla::tick(&app.db, &Default::default(), app.clock.now())
        .await
        .unwrap();
    let yellow = seen.step(&app, &d).await;
    assert_eq!(
        yellow,
        told(&[("sla_warning", &["staff.a", "staff.a2"])]),
        "{late}"
    );
    app.advance(
        &mut d,
        chrono::Duration::seconds(crate::desk::RESPONSE_SECS),
    )
    .await;
    huying::jobs::sla::tick(&app.db, &Default::default(), app.clock.now())
        .await
        .unwrap();
    let red = seen.step(&app, &d).await;
    assert!(
        red.is_superset(&told(&[(
            "sla_breached",
            &["dispatcher", "staff.a", "staff.a2"]
        )])),
        "{red:?}"
    );
    assert!(
        red.iter().all(|(k, l)| k.starts_with("sla_")
            && ["dispatcher", "staff.a", "staff.a2"].contains(&l.as_str())),
        "{red:?}"
    );

    // Nobody outside the ticket ever heard of it, and enterprise A never
    // of anything its timeline hides.
    let all = all_notifications(&app, &d).await;
    for login in ["ent.b", "staff.b", "supervisor", "admin"] {
        assert!(all[login].is_empty(), "{login}: {:?}", all[login]);
    }
    for n in &all["ent.a"] {
        let kind = n["kind"].as_str().unwrap();
        assert!(
            !matches!(
                kind,
                "internal_note"
                    | "urge"
                    | "sla_warning"
                    | "sla_breached"
                    | "extension_requested"
                    | "extension_denied"
            ),
            "{kind}"
        );
        assert!(
            n["text_zh"].as_str().unwrap().starts_with("您的诉求"),
            "{n}"
        );
    }
}

async fn a_rolled_back_change_notifies_nobody(app: TestApp) {
    let d = matrix_desk(&app).await;
    let good = app.file(&d, "ent.a", filing("可派")).await.id();
    let cancelled = app.file(&d, "ent.a", filing("已撤")).await.id();
    app.act(&d, "ent.a", &cancelled, "cancel", json!({}))
        .await
        .assert_status(200);
    let before = all_notifications(&app, &d).await;
    // The first dispatch is written, then the second is refused: the whole
    // request rolls back, its notifications with it.
    let r = app
        .post(
            "/api/v1/tickets/bulk-dispatch",
            d.token("dispatcher"),
            json!({"ticket_ids": [good, cancelled], "department_id": d.w.dept_a}),
        )
        .await;
    assert!(r.status >= 400, "{}", r.text);
    assert_eq!(all_notifications(&app, &d).await, before);
}

async fn notifications_are_listed_counted_and_marked_read(app: TestApp) {
    let d = matrix_desk(&app).await;
    let mut ids = Vec::new();
    for i in 0..3 {
        ids.push(app.dispatched(&d, &format!("已读 {i}")).await);
    }
    let token = d.token("staff.a");
    let count = app.get("/api/v1/notifications/unread-count", token).await;
    assert_eq!(count.assert_status(200)["unread"], 3);
    let first = app.get("/api/v1/notifications?limit=2", token).await;
    let body = first.assert_status(200).clone();
    let items = body["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    // Newest first, with the text and a link to the ticket.
    assert_eq!(items[0]["ticket_id"], ids[2].as_str());
    assert_eq!(items[0]["link"], format!("/api/v1/tickets/{}", ids[2]));
    let number = items[0]["ticket_number"].as_str().unwrap();
    assert_eq!(
        items[0]["text_zh"],
        format!("诉求{number}已派至贵部门，请及时签收。")
    );
    assert_eq!(items[0]["read"], false);
    let cursor = body["next_cursor"].as_str().unwrap();
    let rest = app
        .get(
            &format!("/api/v1/notifications?limit=2&cursor={cursor}"),
            token,
        )
        .await;
    let rest = rest.assert_status(200)["items"].as_array().unwrap().clone();
    assert_eq!(rest.len(), 1);
    assert_eq!(rest[0]["ticket_id"], ids[0].as_str());

    let newest = items[0]["id"].as_str().unwrap();
    let r = app
        .post(
            "/api/v1/notifications/read",
            token,
            json!({"ids": [newest]}),
        )
        .await;
    assert_eq!(r.assert_status(200)["marked"], 1);
    assert_eq!(r.body["unread"], 2);
    let unread = app.get("/api/v1/notifications?unread=true", token).await;
    assert_eq!(
        unread.assert_status(200)["items"].as_array().unwrap().len(),
        2
    );
    // Someone else's notification cannot be marked.
    let other = app
        .post(
            "/api/v1/notifications/read",
            d.token("staff.a2"),
            json!({"ids": [rest[0]["id"]]}),
        )
        .await;
    assert_eq!(other.assert_status(200)["marked"], 0);
    let r = app
        .post(
            "/api/v1/notifications/read",
            token,
            json!({"up_to": items[1]["id"]}),
        )
        .await;
    assert_eq!(r.assert_status(200)["marked"], 2);
    assert_eq!(r.body["unread"], 0);

    for bad in [
        json!({}),
        json!({"ids": [], "up_to": newest}),
        json!({"ids": "x"}),
        // `null` is neither list nor id: the schema's "exactly one of".
        json!({"ids": [newest], "up_to": null}),
        json!({"ids": null, "up_to": newest}),
        json!({"ids": null}),
    ] {
        let r = app.post("/api/v1/notifications/read", token, bad).await;
        assert!(r.status == 422 || r.status == 400, "{}", r.text);
    }
    app.get("/api/v1/notifications?unread=maybe", token)
        .await
        .assert_problem(400, "invalid_query");
}

/// The kinds the first matrix does not reach: return, reject, both
/// cancels, the extension decisions and the auto-close.
async fn the_other_kinds_notify_exactly_the_right_people(app: TestApp) {
    let mut d = matrix_desk(&app).await;
    let mut seen = Seen::new(&app, &d).await;

    let returned = app.dispatched(&d, "退回").await;
    seen.step(&app, &d).await;
    app.act(
        &d,
        "staff.a",
        &returned,
        "return",
        json!({"reason": "非本部门"}),
    )
    .await
    .assert_status(200);
    assert_eq!(
        seen.step(&app, &d).await,
        told(&[("return", &["dispatcher"])])
    );
    app.act(
        &d,
        "dispatcher",
        &returned,
        "reject",
        json!({"reason": "不属受理范围"}),
    )
    .await
    .assert_status(200);
    assert_eq!(seen.step(&app, &d).await, told(&[("reject", &["ent.a"])]));

    let submitted = app.file(&d, "ent.a", filing("撤回一")).await.id();
    seen.step(&app, &d).await;
    app.act(&d, "ent.a", &submitted, "cancel", json!({}))
        .await
        .assert_status(200);
    assert_eq!(
        seen.step(&app, &d).await,
        told(&[("cancel", &["dispatcher"])])
    );
    let dispatched = app.dispatched(&d, "撤回二").await;
    seen.step(&app, &d).await;
    app.act(&d, "ent.a", &dispatched, "cancel", json!({}))
        .await
        .assert_status(200);
    assert_eq!(
        seen.step(&app, &d).await,
        told(&[("cancel", &["staff.a", "staff.a2"])])
    );

    let id = app.dispatched(&d, "延期").await;
    app.act(&d, "staff.a", &id, "claim", json!({}))
        .await
        .assert_status(200);
    seen.step(&app, &d).await;
    let path = format!("/api/v1/tickets/{id}/extensions");
    let first = app
        .post(
            &path,
            d.token("staff.a"),
            json!({"reason": "需要现场勘查", "extra_secs": 7200}),
        )
        .await;
    first.assert_status(201);
    assert_eq!(
        seen.step(&app, &d).await,
        told(&[("extension_requested", &["dispatcher"])])
    );
    app.post(
        &format!("{path}/{}/grant", first.id()),
        d.token("dispatcher"),
        json!({}),
    )
    .await
    .assert_status(200);
    assert_eq!(
        seen.step(&app, &d).await,
        told(&[("extension_granted", &["staff.a", "ent.a"])])
    );
    let other = app.dispatched(&d, "延期被拒").await;
    app.act(&d, "staff.a", &other, "claim", json!({}))
        .await
        .assert_status(200);
    let other_path = format!("/api/v1/tickets/{other}/extensions");
    let asked = app
        .post(
            &other_path,
            d.token("staff.a"),
            json!({"reason": "再延", "extra_secs": 60}),
        )
        .await;
    asked.assert_status(201);
    seen.step(&app, &d).await;
    app.post(
        &format!("{other_path}/{}/deny", asked.id()),
        d.token("dispatcher"),
        json!({}),
    )
    .await
    .assert_status(200);
    assert_eq!(
        seen.step(&app, &d).await,
        told(&[("extension_denied", &["staff.a"])])
    );

    app.act(
        &d,
        "staff.a",
        &id,
        "resolve",
        json!({"resolution": "已办结"}),
    )
    .await
    .assert_status(200);
    seen.step(&app, &d).await;
    app.advance(&mut d, chrono::Duration::days(7)).await;
    huying::jobs::sla::tick(&app.db, &Default::default(), app.clock.now())
        .await
        .unwrap();
    let closed: BTreeSet<_> = seen
        .step(&app, &d)
        .await
        .into_iter()
        .filter(|(k, _)| k == "auto_close")
        .collect();
    assert_eq!(closed, told(&[("auto_close", &["ent.a", "staff.a"])]));
}
