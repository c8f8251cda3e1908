//! Tickets with known fates for the report tests, made through the API on
//! the desk's 24x7 calendar (so office time is wall time) with the clock
//! frozen and moved by known amounts.
//!
//! The mixed set: ten tickets filed at T0 = Tuesday 2026-06-30 15:00 UTC
//! (23:00 in Beijing); the report is read at T0 + 26 h. Targets: response
//! 1 h, first response 2 h, resolution 24 h.
//!
//! | # | category, enterprise | what happens | status at T0+26h |
//! |---|---|---|---|
//! | 1 | hiring (A), ent.a | claimed +30m, resolved +2h, rated 5 | closed |
//! | 2 | hiring (A), ent.a | claimed +2h (late), resolved +26h (late), rated 3 | closed |
//! | 3 | hiring (A), ent.b | claimed +30m, resolved +2h, reopened +3h, resolved +26h (due +27h) | resolved |
//! | 4 | hiring (A), ent.b | cancelled at once | cancelled |
//! | 5 | schooling, ent.a | rejected at once (never routed) | rejected |
//! | 6 | schooling (B), ent.b | dispatched to B, claimed +30m, nothing more | in_progress |
//! | 7 | schooling, ent.a | never dispatched | submitted |
//! | 8 | hiring (A), ent.a | claimed +30m, info requested +2h (clock paused) | awaiting_enterprise |
//! | 9 | hiring (A), ent.b | claimed +30m, resolved +2h, rated 4 | closed |
//! | 10 | hiring (A), ent.a | returned at once, dispatched to A again, claimed +30m, resolved +2h, rated 2 (under review), closed by the dispatcher | closed |

use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};

use crate::{
    desk::{Desk, desk, filing},
    helpers::TestApp,
};

pub fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

pub const T0: &str = "2026-06-30T15:00:00Z";
/// A period holding every ticket of the fixtures.
pub const PERIOD: &str = "from=2026-06-01T00:00:00Z&to=2026-08-01T00:00:00Z";
pub const CHAIN_NAME: &str = "新型显示产业链";

/// A desk whose clock stands at `t0`, everyone signed in at that instant.
pub async fn desk_at(app: &TestApp, t0: &str) -> Desk {
    let mut d = desk(app).await;
    app.clock.freeze_at(at(t0));
    app.advance(&mut d, Duration::zero()).await;
    d
}

pub fn auto_hiring(d: &Desk, title: &str) -> Value {
    let mut body = filing(title);
    body["service_item_id"] = json!(d.item_auto);
    body
}

pub fn schooling(title: &str) -> Value {
    json!({"title": title, "description": "引进人才子女入学", "category": "schooling"})
}

pub struct Mixed {
    pub d: Desk,
    /// Ticket ids; `t[0]` is ticket 1 of the table above.
    pub t: Vec<String>,
    pub chain: String,
}

impl Mixed {
    pub fn id(&self, n: usize) -> &str {
        &self.t[n - 1]
    }
}

async fn act_ok(app: &TestApp, d: &Desk, login: &str, id: &str, action: &str, body: Value) {
    app.act(d, login, id, action, body).await.assert_status(200);
}

/// ent.a belongs to an industry chain, ent.b to none.
async fn chain_for_ent_a(app: &TestApp, d: &Desk) -> String {
    let chain = app
        .post("/api/v1/chains", &d.w.admin, json!({"name": CHAIN_NAME}))
        .await
        .id();
    app.patch(
        &format!("/api/v1/enterprises/{}", d.w.ent_a),
        &d.w.admin,
        json!({"chain_id": chain}),
    )
    .await
    .assert_status(200);
    chain
}

pub async fn mixed(app: &TestApp) -> Mixed {
    let mut d = desk_at(app, T0).await;
    let chain = chain_for_ent_a(app, &d).await;
    let plan: [(&str, Value); 10] = [
        ("ent.a", auto_hiring(&d, "工单一")),
        ("ent.a", auto_hiring(&d, "工单二")),
        ("ent.b", auto_hiring(&d, "工单三")),
        ("ent.b", auto_hiring(&d, "工单四")),
        ("ent.a", schooling("工单五")),
        ("ent.b", schooling("工单六")),
        ("ent.a", schooling("工单七")),
        ("ent.a", auto_hiring(&d, "工单八")),
        ("ent.b", auto_hiring(&d, "工单九")),
        ("ent.a", auto_hiring(&d, "工单十")),
    ];
    let mut t = Vec::new();
    for (login, body) in plan {
        t.push(app.file(&d, login, body).await.id());
    }
    let reason = || json!({"reason": "原因说明"});
    let resolve = || json!({"resolution": "已办结"});
    let rate = |n: u8| json!({"rating": n});

    // T0: the quick decisions.
    act_ok(app, &d, "ent.b", &t[3], "cancel", json!({})).await;
    act_ok(app, &d, "dispatcher", &t[4], "reject", reason()).await;
    act_ok(
        app,
        &d,
        "dispatcher",
        &t[5],
        "dispatch",
        json!({"department_id": d.w.dept_b}),
    )
    .await;
    act_ok(app, &d, "staff.a", &t[9], "return", reason()).await;
    act_ok(
        app,
        &d,
        "dispatcher",
        &t[9],
        "dispatch",
        json!({"department_id": d.w.dept_a}),
    )
    .await;

    // T0 + 30 min: claims within the hour.
    app.advance(&mut d, Duration::minutes(30)).await;
    for n in [0, 2, 7, 8, 9] {
        act_ok(app, &d, "staff.a", &t[n], "claim", json!({})).await;
    }
    act_ok(app, &d, "staff.b", &t[5], "claim", json!({})).await;

    // T0 + 2 h: a late claim, answers, an information request, ratings.
    app.advance(&mut d, Duration::minutes(90)).await;
    act_ok(app, &d, "staff.a", &t[1], "claim", json!({})).await;
    for n in [0, 2, 8, 9] {
        act_ok(app, &d, "staff.a", &t[n], "resolve", resolve()).await;
    }
    act_ok(
        app,
        &d,
        "staff.a",
        &t[7],
        "request-info",
        json!({"message": "请补充材料"}),
    )
    .await;
    act_ok(app, &d, "ent.a", &t[0], "confirm", rate(5)).await;
    act_ok(app, &d, "ent.b", &t[8], "confirm", rate(4)).await;
    act_ok(app, &d, "ent.a", &t[9], "confirm", rate(2)).await;
    let note = json!({"note": "电话回访，企业接受"});
    act_ok(app, &d, "dispatcher", &t[9], "close", note).await;

    // T0 + 3 h: ticket 3 is reopened; its resolution clock restarts (24 h).
    app.advance(&mut d, Duration::hours(1)).await;
    act_ok(app, &d, "ent.b", &t[2], "reopen", reason()).await;

    // T0 + 26 h: two more answers, one late.
    app.advance(&mut d, Duration::hours(23)).await;
    act_ok(app, &d, "staff.a", &t[1], "resolve", resolve()).await;
    act_ok(app, &d, "staff.a", &t[2], "resolve", resolve()).await;
    act_ok(app, &d, "ent.a", &t[1], "confirm", rate(3)).await;
    Mixed { d, t, chain }
}

/// `GET /api/v1/reports/{report}?{query}` as `login`, expecting 200 JSON.
pub async fn report(app: &TestApp, d: &Desk, login: &str, report: &str, query: &str) -> Value {
    let resp = app
        .get(&format!("/api/v1/reports/{report}?{query}"), d.token(login))
        .await;
    resp.assert_status(200).clone()
}

/// The rows of a summary.
pub async fn summary_rows(app: &TestApp, d: &Desk, login: &str, query: &str) -> Vec<Value> {
    let body = report(app, d, login, "summary", &format!("{PERIOD}&{query}")).await;
    body["rows"].as_array().unwrap().clone()
}

/// Asserts each named field of `row`, naming the field when one differs.
#[track_caller]
pub fn assert_fields(row: &Value, expected: &[(&str, Value)]) {
    for (field, value) in expected {
        assert_eq!(
            &row[*field],
            value,
            "field {field} of {}",
            serde_json::to_string_pretty(row).unwrap()
        );
    }
}
